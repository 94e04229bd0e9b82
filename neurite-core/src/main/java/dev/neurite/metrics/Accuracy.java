package dev.neurite.metrics;

import dev.neurite.nn.ClassDecision;
import dev.neurite.tensor.Matrix;

/**
 * The fraction of rows whose predicted class equals the target class. With several output
 * columns the prediction is the argmax; with one, it is {@code output ≥ threshold} (0.5 for
 * probabilities, 0 for logits). Targets are class indices or one-hot rows.
 */
public final class Accuracy implements Metric {
    private final float threshold;
    private long correct;
    private long total;

    /** Accuracy of probability outputs (a single output counts as class 1 from 0.5). */
    public Accuracy() {
        this(0.5f);
    }

    /** Accuracy with a single output counting as class 1 from {@code threshold}. */
    public Accuracy(float threshold) {
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return "accuracy";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public void reset() {
        correct = 0;
        total = 0;
    }

    @Override
    public void update(Matrix output, Matrix target) {
        if (output.rows() != target.rows()) {
            throw new IllegalArgumentException("accuracy: output has " + output.rows()
                    + " rows but target has " + target.rows());
        }
        for (int r = 0, n = output.rows(); r < n; r++) {
            if (ClassDecision.classOf(output, r, threshold) == ClassDecision.targetClassOf(target, r)) {
                correct++;
            }
        }
        total += output.rows();
    }

    @Override
    public double result() {
        return total == 0 ? Double.NaN : (double) correct / total;
    }
}

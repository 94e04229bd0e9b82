package dev.neurite.metrics;

import dev.neurite.nn.ClassDecision;
import dev.neurite.tensor.Matrix;
import java.util.Arrays;

/**
 * Counts of (actual class, predicted class) pairs, and the measures read from them: accuracy,
 * per-class precision, recall and F1, and their macro averages (the unweighted mean over
 * classes). A class with no predicted (or no actual) rows has precision (recall) 0, as
 * scikit-learn reports with {@code zero_division=0}.
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    /** An empty matrix for {@code classes} classes. */
    public ConfusionMatrix(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("a confusion matrix needs at least 1 class, got " + classes);
        }
        counts = new long[classes][classes];
    }

    /** The matrix of {@code actual[i]} against {@code predicted[i]}. */
    public static ConfusionMatrix of(int[] actual, int[] predicted, int classes) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("actual has " + actual.length
                    + " labels but predicted has " + predicted.length);
        }
        ConfusionMatrix m = new ConfusionMatrix(classes);
        for (int i = 0; i < actual.length; i++) {
            m.add(actual[i], predicted[i]);
        }
        return m;
    }

    /**
     * The matrix of network outputs (argmax, or {@code ≥ threshold} for one column) against
     * targets (class indices or one-hot rows).
     */
    public static ConfusionMatrix of(Matrix output, Matrix target, int classes, float threshold) {
        ConfusionMatrix m = new ConfusionMatrix(classes);
        m.update(output, target, threshold);
        return m;
    }

    /** Counts one more row of outputs against targets. */
    public void update(Matrix output, Matrix target, float threshold) {
        for (int r = 0, n = output.rows(); r < n; r++) {
            add(ClassDecision.targetClassOf(target, r), ClassDecision.classOf(output, r, threshold));
        }
    }

    /** Counts one example. */
    public void add(int actual, int predicted) {
        int k = counts.length;
        if (actual < 0 || actual >= k || predicted < 0 || predicted >= k) {
            throw new IllegalArgumentException("class pair (" + actual + ", " + predicted
                    + ") outside 0…" + (k - 1));
        }
        counts[actual][predicted]++;
    }

    public void clear() {
        for (long[] row : counts) {
            Arrays.fill(row, 0);
        }
    }

    public int classes() {
        return counts.length;
    }

    /** Rows whose actual class is {@code actual} and predicted class is {@code predicted}. */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    public long total() {
        long t = 0;
        for (long[] row : counts) {
            for (long c : row) {
                t += c;
            }
        }
        return t;
    }

    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        long total = total();
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    /** TP / (TP + FP) for class {@code c}. */
    public double precision(int c) {
        long predicted = 0;
        for (long[] row : counts) {
            predicted += row[c];
        }
        return predicted == 0 ? 0 : (double) counts[c][c] / predicted;
    }

    /** TP / (TP + FN) for class {@code c}. */
    public double recall(int c) {
        long actual = 0;
        for (long v : counts[c]) {
            actual += v;
        }
        return actual == 0 ? 0 : (double) counts[c][c] / actual;
    }

    /** 2PR / (P + R) for class {@code c}, 0 when both are 0. */
    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double macroPrecision() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            s += precision(c);
        }
        return s / counts.length;
    }

    public double macroRecall() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            s += recall(c);
        }
        return s / counts.length;
    }

    public double macroF1() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            s += f1(c);
        }
        return s / counts.length;
    }

    /** The counts as rows of actual classes, columns of predicted classes. */
    public long[][] toArray() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("actual \\ predicted\n");
        for (long[] row : counts) {
            for (long v : row) {
                s.append(String.format("%8d", v));
            }
            s.append('\n');
        }
        return s.toString();
    }
}

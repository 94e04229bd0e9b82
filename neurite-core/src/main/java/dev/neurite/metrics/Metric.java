package dev.neurite.metrics;

import dev.neurite.tensor.Matrix;

/**
 * A quality measure accumulated over batches, as Keras's stateful metrics: {@link #reset},
 * {@link #update} with each batch of network outputs and targets, then {@link #result}. The
 * result equals the measure over all rows seen together (not an average of batch values), and
 * an update allocates nothing, so metrics can follow a training epoch at no cost.
 */
public interface Metric {

    /** The key in a {@code History}, e.g. {@code "accuracy"}; validation values get {@code "val_"} before it. */
    String name();

    /** True when larger is better (accuracy), false when smaller is (mse). */
    boolean higherIsBetter();

    void reset();

    void update(Matrix output, Matrix target);

    /** The measure over every row seen since {@link #reset}; NaN when none. */
    double result();
}

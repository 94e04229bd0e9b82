package dev.neurite.loss;

import dev.neurite.tensor.Matrix;

/**
 * A loss function: the mean loss of a batch of network outputs against their targets, and its
 * gradient with respect to the outputs, in one call. Averaged the way PyTorch averages: over
 * every element for element-wise losses, over the rows for cross-entropy over classes.
 *
 * <p>With per-example weights w (one per row) every loss is L = (1/N) Σ w_r · ℓ_e over the same
 * N elements (or rows) as unweighted, so weights of 1 give the unweighted loss bit for bit, and
 * ∂L/∂o_e = w_r · ∂ℓ_e/∂o_e / N. This is PyTorch's {@code (loss(reduction='none') * w).mean()},
 * and for cross-entropy with class weights c it is {@code CrossEntropyLoss(weight=c,
 * reduction='sum') / N}, not PyTorch's default that divides by Σ w.
 */
public interface Loss {

    /** The name used in files and on the command line, e.g. {@code "softmax_cross_entropy"}. */
    String name();

    /**
     * Returns the mean loss of {@code output} against {@code target} and, when
     * {@code gradOutput} is not null, writes ∂loss/∂output into it (same shape as {@code output}).
     */
    default float compute(Matrix output, Matrix target, Matrix gradOutput) {
        return compute(output, target, null, gradOutput);
    }

    /**
     * The weighted mean loss: as {@link #compute(Matrix, Matrix, Matrix)} with row r's terms
     * multiplied by {@code weights[r]} ({@code rows × 1}, finite and ≥ 0; null for all 1).
     */
    float compute(Matrix output, Matrix target, Matrix weights, Matrix gradOutput);

    /**
     * True for a loss over classes (cross-entropy), whose targets are class indices or one-hot
     * rows: a validation split then keeps each class's share.
     */
    default boolean classification() {
        return false;
    }

    /**
     * The label smoothing ε of a classification loss (0 for none; see
     * {@link Losses#softmaxCrossEntropy(float)} and {@link Losses#bceWithLogits(float)}).
     */
    default float labelSmoothing() {
        return 0f;
    }

    /**
     * The name with the parameters that change the loss, e.g.
     * {@code "softmax_cross_entropy(label_smoothing=0.1)"}; {@link #name()} when there are none.
     */
    default String describe() {
        return name();
    }

    /**
     * This loss weighing each class inside the loss by {@code classWeights} (one per class), for a
     * loss where that differs from weighing each row by its class's weight; null when it does not,
     * so that class weights are applied as row weights (what {@code Trainer} does). Softmax
     * cross-entropy with label smoothing is the one such loss: PyTorch weighs its smoothing term
     * class by class.
     */
    default Loss withClassWeights(float[] classWeights) {
        return null;
    }

    /** The loss value alone. */
    default float value(Matrix output, Matrix target) {
        return compute(output, target, null);
    }

    /** Throws unless {@code output} and {@code target} have one shape, naming the loss and both shapes. */
    static void requireSameShape(String loss, Matrix output, Matrix target) {
        if (output.rows() != target.rows() || output.columns() != target.columns()) {
            throw new IllegalArgumentException(loss + ": output is " + output.shape()
                    + " but target is " + target.shape());
        }
    }

    /** Throws unless {@code weights} is null or one column with one weight per row of {@code output}. */
    static void requireWeightShape(String loss, Matrix output, Matrix weights) {
        if (weights != null && (weights.rows() != output.rows() || weights.columns() != 1)) {
            throw new IllegalArgumentException(loss + ": weights are " + weights.shape()
                    + " but output is " + output.shape() + "; expected " + output.rows() + "×1");
        }
    }

    /** Throws unless {@code gradOutput} is null or has {@code output}'s shape. */
    static void requireGradientShape(String loss, Matrix output, Matrix gradOutput) {
        if (gradOutput != null && (gradOutput.rows() != output.rows() || gradOutput.columns() != output.columns())) {
            throw new IllegalArgumentException(loss + ": gradient buffer is " + gradOutput.shape()
                    + " but output is " + output.shape());
        }
    }
}

package dev.neurite.loss;

import dev.neurite.tensor.Matrix;

/**
 * A loss function: the mean loss of a batch of network outputs against their targets, and its
 * gradient with respect to the outputs, in one call. Averaged the way PyTorch averages: over
 * every element for element-wise losses, over the rows for cross-entropy over classes.
 */
public interface Loss {

    /** The name used in files and on the command line, e.g. {@code "softmax_cross_entropy"}. */
    String name();

    /**
     * Returns the mean loss of {@code output} against {@code target} and, when
     * {@code gradOutput} is not null, writes ∂loss/∂output into it (same shape as {@code output}).
     */
    float compute(Matrix output, Matrix target, Matrix gradOutput);

    /**
     * True for a loss over classes (cross-entropy), whose targets are class indices or one-hot
     * rows: a validation split then keeps each class's share.
     */
    default boolean classification() {
        return false;
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

    /** Throws unless {@code gradOutput} is null or has {@code output}'s shape. */
    static void requireGradientShape(String loss, Matrix output, Matrix gradOutput) {
        if (gradOutput != null && (gradOutput.rows() != output.rows() || gradOutput.columns() != output.columns())) {
            throw new IllegalArgumentException(loss + ": gradient buffer is " + gradOutput.shape()
                    + " but output is " + output.shape());
        }
    }
}

package dev.neurite.train;

/**
 * Training stopped because it diverged: the loss became NaN or infinite, grew by orders of
 * magnitude over its first value, or a weight grew beyond any sane size.
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int epoch;
    private final int batch;
    private final float loss;

    public TrainingDivergedException(int epoch, int batch, float loss) {
        this(epoch, batch, loss, "the loss is " + loss);
    }

    /** Diverged for {@code reason} ("the loss grew from 2.3 to 4.1e17"), at the batch given. */
    public TrainingDivergedException(int epoch, int batch, float loss, String reason) {
        super("training diverged: " + reason
                + (epoch >= 0 ? " at epoch " + (epoch + 1) + (batch >= 0 ? ", batch " + (batch + 1) : "") : "")
                + "; try a smaller learning rate, gradient clipping, or standardised inputs");
        this.epoch = epoch;
        this.batch = batch;
        this.loss = loss;
    }

    /** The epoch, counted from 0; −1 outside {@code fit}. */
    public int epoch() {
        return epoch;
    }

    /** The batch within the epoch, counted from 0; −1 outside {@code fit}, or when found at the epoch's end. */
    public int batch() {
        return batch;
    }

    public float loss() {
        return loss;
    }
}

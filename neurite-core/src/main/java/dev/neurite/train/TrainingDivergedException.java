package dev.neurite.train;

/** Training stopped because the loss became NaN or infinite. */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int epoch;
    private final int batch;
    private final float loss;

    public TrainingDivergedException(int epoch, int batch, float loss) {
        super("training diverged: the loss is " + loss
                + (epoch >= 0 ? " at epoch " + (epoch + 1) + ", batch " + (batch + 1) : "")
                + "; try a smaller learning rate, gradient clipping, or standardised inputs");
        this.epoch = epoch;
        this.batch = batch;
        this.loss = loss;
    }

    /** The epoch, counted from 0; −1 outside {@code fit}. */
    public int epoch() {
        return epoch;
    }

    /** The batch within the epoch, counted from 0; −1 outside {@code fit}. */
    public int batch() {
        return batch;
    }

    public float loss() {
        return loss;
    }
}

package dev.neurite.train;

/** Lets a {@link Callback} end training after the current epoch. */
public final class TrainingControl {
    private String stopReason;

    /** Ends training after this epoch; {@code reason} is kept in {@link History#stopReason()}. */
    public void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    public boolean stopRequested() {
        return stopReason != null;
    }

    String reason() {
        return stopReason;
    }
}

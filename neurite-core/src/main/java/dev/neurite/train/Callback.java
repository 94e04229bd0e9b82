package dev.neurite.train;

import dev.neurite.nn.Network;
import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}: its start, each batch, each epoch and its end. Every method
 * has an empty default; implement the ones you need.
 */
public interface Callback {

    /** Before the first epoch. */
    default void onTrainBegin(Network network, int epochs, int batchesPerEpoch) {
    }

    /** After each optimizer step; {@code batch} counts from 0 within the epoch. Keep it cheap. */
    default void onBatchEnd(int epoch, int batch, int batchesPerEpoch, float loss) {
    }

    /**
     * After each epoch, with its recorded values ({@code "loss"}, {@code "val_loss"}, metrics);
     * {@code control.stop(reason)} ends training after this epoch.
     */
    default void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
    }

    /** After the last epoch, or after an early stop. */
    default void onTrainEnd(Network network, History history) {
    }

    /**
     * What this callback carries from one epoch to the next, for a checkpoint: named numbers and
     * named arrays; null (the default) when it carries nothing. {@link #restore} gets it back
     * when training resumes.
     */
    default Saved save() {
        return null;
    }

    /** Takes back what {@link #save} returned, after {@link #onTrainBegin}, when training resumes from a checkpoint. */
    default void restore(Saved saved) {
    }

    /** A callback's state in a checkpoint: numbers (null for none) and float arrays, by name. */
    record Saved(Map<String, Double> values, Map<String, float[]> arrays) {
    }
}

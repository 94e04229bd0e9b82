package dev.neurite.spark;

import dev.neurite.nn.Network;

/**
 * Called on the driver after every epoch of a fit, with the epoch's mean training loss, the
 * validation loss (NaN without a validation indicator column) and the network as it stands
 * (valid during the call only). With {@code weightCol} or {@code classWeight} both losses are
 * weighted, (1/N) Σ w ℓ with the weights scaled to a mean of 1 over the training rows, as
 * {@code Trainer.fit} records them. For progress and benchmarks; not a Spark param, not saved.
 */
@FunctionalInterface
public interface EpochListener {
    void onEpoch(int epoch, double trainingLoss, double validationLoss, Network network);
}

package dev.neurite.spark;

import dev.neurite.nn.Network;

/**
 * Called on the driver after every epoch of a fit, with the epoch's mean training loss, the
 * validation loss (NaN without a validation indicator column) and the network as it stands
 * (valid during the call only). For progress and benchmarks; not a Spark param, not saved.
 */
@FunctionalInterface
public interface EpochListener {
    void onEpoch(int epoch, double trainingLoss, double validationLoss, Network network);
}

package dev.neurite.io;

import dev.neurite.data.Preprocessor;
import dev.neurite.nn.Network;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A trained network with what it needs to be used again: the name of the loss it was trained
 * on, the preprocessing of its inputs and targets (null for a network used on raw matrices),
 * and a summary of its training (epochs, final metrics, settings) for people to read.
 */
public record Model(Network network, String loss, Preprocessor preprocessor, Map<String, Object> training) {
    public Model {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(loss, "loss");
        training = training == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(training));
        if (preprocessor != null && preprocessor.inputWidth() != network.inputSize()) {
            throw new IllegalArgumentException("the preprocessing gives " + preprocessor.inputWidth()
                    + " inputs but the network expects " + network.inputSize());
        }
        if (preprocessor != null && preprocessor.outputWidth() != network.outputSize()) {
            throw new IllegalArgumentException("the preprocessing expects " + preprocessor.outputWidth()
                    + " outputs but the network gives " + network.outputSize());
        }
    }
}

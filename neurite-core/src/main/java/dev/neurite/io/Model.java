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
 * a summary of its training (epochs, final metrics, settings) for people to read, and for a
 * binary classifier the decision threshold on the positive (second) class's probability that
 * {@link Predictor} uses (NaN: none, the most probable class wins).
 */
public record Model(Network network, String loss, Preprocessor preprocessor, Map<String, Object> training,
                    double decisionThreshold) {
    /** A model with no decision threshold. */
    public Model(Network network, String loss, Preprocessor preprocessor, Map<String, Object> training) {
        this(network, loss, preprocessor, training, Double.NaN);
    }

    public Model {
        if (!Double.isNaN(decisionThreshold)) {
            if (!(decisionThreshold >= 0 && decisionThreshold <= 1)) {
                throw new IllegalArgumentException("the decision threshold must be in [0, 1], got " + decisionThreshold);
            }
            if (preprocessor == null || preprocessor.classLabels().size() != 2) {
                throw new IllegalArgumentException("a decision threshold needs a binary classifier (two class labels)");
            }
        }
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

    /** This model with {@code threshold} as its decision threshold (NaN for none). */
    public Model withDecisionThreshold(double threshold) {
        return new Model(network, loss, preprocessor, training, threshold);
    }

    /** This model with {@code summary} as its training summary. */
    public Model withTraining(Map<String, Object> summary) {
        return new Model(network, loss, preprocessor, summary, decisionThreshold);
    }
}

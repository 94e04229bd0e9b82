package dev.neurite.io;

import dev.neurite.data.Preprocessor;
import dev.neurite.nn.Network;
import dev.neurite.tensor.Matrix;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained network, or an ensemble of networks, with what it needs to be used again: the name
 * of the loss it was trained on, the preprocessing of its inputs and targets (null for a network
 * used on raw matrices), a summary of its training (epochs, final metrics, settings) for people
 * to read, and for a binary classifier the decision threshold on the positive (second) class's
 * probability that {@link Predictor} uses (NaN: none, the most probable class wins).
 *
 * <p>An ensemble ({@link #members()} of two or more networks of one architecture) predicts the
 * mean of its members: {@code p = (1/K) Σ_i p_i} over the members' class probabilities, or over
 * their outputs for regression. {@link #network()} is the first member; code that runs the model
 * calls {@link #predict} or {@link #predictProbabilities}, which average them all.
 */
public record Model(Network network, String loss, Preprocessor preprocessor, Map<String, Object> training,
                    double decisionThreshold, List<Network> members) {
    /** The most members an ensemble may have (a model file with more is refused). */
    public static final int MAX_MEMBERS = 64;

    /** A model with no decision threshold. */
    public Model(Network network, String loss, Preprocessor preprocessor, Map<String, Object> training) {
        this(network, loss, preprocessor, training, Double.NaN);
    }

    /** A single-network model. */
    public Model(Network network, String loss, Preprocessor preprocessor, Map<String, Object> training, double decisionThreshold) {
        this(network, loss, preprocessor, training, decisionThreshold, null);
    }

    /** An ensemble of {@code members} (one member: a single-network model), each predicting the same outputs. */
    public static Model ensemble(List<Network> members, String loss, Preprocessor preprocessor, Map<String, Object> training,
                                 double decisionThreshold) {
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member network, got none");
        }
        return new Model(members.get(0), loss, preprocessor, training, decisionThreshold, members);
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
        members = members == null ? List.of(network) : List.copyOf(members);
        if (members.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("an ensemble has at most " + MAX_MEMBERS + " members, got " + members.size());
        }
        if (members.get(0) != network) {
            throw new IllegalArgumentException("the model's network must be its first member");
        }
        Object architecture = ModelFile.architecture(network);
        for (int i = 1; i < members.size(); i++) {
            if (!ModelFile.architecture(members.get(i)).equals(architecture)) {
                throw new IllegalArgumentException("ensemble member " + i + " is " + members.get(i) + "; every member must have the"
                        + " architecture of member 0, " + network);
            }
        }
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

    /** True when the model averages two or more networks. */
    public boolean isEnsemble() {
        return members.size() > 1;
    }

    /**
     * The outputs for {@code features}: the network's, or the members' mean {@code (1/K) Σ_i y_i}
     * (summed in member order, then scaled, so the same bits on any thread count).
     */
    public Matrix predict(Matrix features) {
        Matrix sum = network.predict(features);
        return members.size() == 1 ? sum : average(sum, m -> m.predict(features));
    }

    /** Class probabilities for {@code features}: the network's, or the mean of the members' probabilities. */
    public Matrix predictProbabilities(Matrix features) {
        Matrix sum = network.predictProbabilities(features);
        return members.size() == 1 ? sum : average(sum, m -> m.predictProbabilities(features));
    }

    private Matrix average(Matrix first, java.util.function.Function<Network, Matrix> output) {
        float[] s = first.data();
        int n = first.size();
        for (int i = 1; i < members.size(); i++) {
            float[] m = output.apply(members.get(i)).data();
            for (int j = 0; j < n; j++) {
                s[j] += m[j];
            }
        }
        float scale = 1f / members.size();
        for (int j = 0; j < n; j++) {
            s[j] *= scale;
        }
        return first;
    }

    /** This model with {@code threshold} as its decision threshold (NaN for none). */
    public Model withDecisionThreshold(double threshold) {
        return new Model(network, loss, preprocessor, training, threshold, members);
    }

    /** This model with {@code summary} as its training summary. */
    public Model withTraining(Map<String, Object> summary) {
        return new Model(network, loss, preprocessor, summary, decisionThreshold, members);
    }
}

package dev.neurite.io;

import java.util.Map;

/**
 * The prediction for one row. For a classifier: {@code label} is the chosen class, {@code value}
 * is NaN and {@code probabilities} maps every class label to its probability, in the model's
 * class order. For a regressor: {@code value} is the prediction in the target's units,
 * {@code label} the same number written plainly, and {@code probabilities} is empty.
 */
public record Prediction(String label, double value, Map<String, Double> probabilities) {
    public Prediction {
        probabilities = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(probabilities));
    }
}

package dev.neurite.io;

import dev.neurite.tensor.Matrix;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The predictions for a batch of rows: for a classifier the class probabilities (one row per
 * example, one column per class label) and the chosen classes; for a regressor the values in
 * the target's units. {@link #warnings} counts values the model had not seen in training.
 */
public final class Predictions {
    private final List<String> classLabels;
    private final Matrix outputs;
    private final int[] classes;
    private final List<String> warnings;

    Predictions(List<String> classLabels, Matrix outputs, int[] classes, List<String> warnings) {
        this.classLabels = List.copyOf(classLabels);
        this.outputs = outputs;
        this.classes = classes;
        this.warnings = List.copyOf(warnings);
    }

    /** Number of rows predicted. */
    public int size() {
        return outputs.rows();
    }

    public boolean isClassification() {
        return classes != null;
    }

    /** The class labels, in the order of the probability columns; empty for a regressor. */
    public List<String> classLabels() {
        return classLabels;
    }

    /** Class probabilities (rows × classes) or values (rows × 1), a copy. */
    public Matrix outputs() {
        return outputs.copy();
    }

    /** The chosen class of row {@code i}, or its value written plainly for a regressor. */
    public String label(int i) {
        return isClassification() ? classLabels.get(classes[i]) : plain(outputs.get(i, 0));
    }

    /** The index of the chosen class of row {@code i}. */
    public int classIndex(int i) {
        if (!isClassification()) {
            throw new IllegalStateException("a regressor's predictions have no classes");
        }
        return classes[i];
    }

    /** The value predicted for row {@code i} (regression), or NaN for a classifier. */
    public double value(int i) {
        return isClassification() ? Double.NaN : outputs.get(i, 0);
    }

    /** The probability of class {@code k} for row {@code i}. */
    public float probability(int i, int k) {
        if (!isClassification()) {
            throw new IllegalStateException("a regressor's predictions have no probabilities");
        }
        return outputs.get(i, k);
    }

    /** Row {@code i} as a {@link Prediction}. */
    public Prediction get(int i) {
        Map<String, Double> p = new LinkedHashMap<>();
        if (isClassification()) {
            for (int k = 0; k < classLabels.size(); k++) {
                p.put(classLabels.get(k), (double) outputs.get(i, k));
            }
        }
        return new Prediction(label(i), value(i), p);
    }

    /** Lines about the input worth telling the user (values not seen in training). */
    public List<String> warnings() {
        return warnings;
    }

    /** {@code v} in plain decimal notation, as short as round-trips the float: 0.000177, not 1.77E-4. */
    public static String plain(float v) {
        if (!Float.isFinite(v)) {
            return Float.toString(v);
        }
        String s = new BigDecimal(Float.toString(v)).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}

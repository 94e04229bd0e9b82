package dev.neurite.nn;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The activation functions, by factory method or by name ({@code "relu"}, {@code "tanh"}, …). */
public final class Activations {
    /** Every name {@link #named} accepts. */
    public static final List<String> NAMES = List.of(
            "identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "silu", "softplus", "softmax");

    private Activations() {
    }

    /** y = x. */
    public static Activation identity() {
        return Identity.INSTANCE;
    }

    /** y = 1 / (1 + e^−x). */
    public static Activation sigmoid() {
        return Sigmoid.INSTANCE;
    }

    /** y = tanh(x). */
    public static Activation tanh() {
        return Tanh.INSTANCE;
    }

    /** y = max(0, x). */
    public static Activation relu() {
        return Relu.INSTANCE;
    }

    /** y = x for x &gt; 0, else 0.01·x. */
    public static Activation leakyRelu() {
        return leakyRelu(0.01f);
    }

    /** y = x for x &gt; 0, else slope·x. */
    public static Activation leakyRelu(float slope) {
        return new LeakyRelu(slope);
    }

    /** y = x for x &gt; 0, else eˣ − 1. */
    public static Activation elu() {
        return elu(1f);
    }

    /** y = x for x &gt; 0, else α(eˣ − 1). */
    public static Activation elu(float alpha) {
        return new Elu(alpha);
    }

    /** y = x·Φ(x), the exact (erf) form. */
    public static Activation gelu() {
        return Gelu.INSTANCE;
    }

    /** y = x·σ(x). */
    public static Activation silu() {
        return Silu.INSTANCE;
    }

    /** y = log(1 + eˣ). */
    public static Activation softplus() {
        return Softplus.INSTANCE;
    }

    /** The error function erf(x) = 1 − erfc(x), with GELU's erfc (relative error below 1.2e-7). */
    public static double erf(double x) {
        return 1.0 - Gelu.erfc(x);
    }

    /** Row-wise y_j = e^x_j / Σ_k e^x_k. */
    public static Activation softmax() {
        return Softmax.INSTANCE;
    }

    /**
     * The activation called {@code name} (see {@link #NAMES}), with its default parameters, or
     * with the one given in brackets: {@code "leaky_relu(0.2)"}, {@code "elu(0.5)"}.
     */
    public static Activation named(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        Matcher m = Pattern.compile("(leaky_relu|elu)\\(([^)]*)\\)").matcher(key);
        if (m.matches()) {
            float value;
            try {
                value = Float.parseFloat(m.group(2).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("activation '" + name + "': '" + m.group(2) + "' is not a number");
            }
            return m.group(1).equals("elu") ? elu(value) : leakyRelu(value);
        }
        return switch (key) {
            case "identity", "linear", "none" -> identity();
            case "sigmoid" -> sigmoid();
            case "tanh" -> tanh();
            case "relu" -> relu();
            case "leaky_relu" -> leakyRelu();
            case "elu" -> elu();
            case "gelu" -> gelu();
            case "silu", "swish" -> silu();
            case "softplus" -> softplus();
            case "softmax" -> softmax();
            default -> throw new IllegalArgumentException(
                    "unknown activation '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }
}

package dev.neurite.metrics;

import java.util.Locale;

/** The metrics, by factory method or by name. Each call returns a fresh accumulator. */
public final class Metrics {
    private Metrics() {
    }

    /** Accuracy of probabilities (a single output is class 1 from 0.5). */
    public static Metric accuracy() {
        return new Accuracy(0.5f);
    }

    /** Accuracy of logits (a single output is class 1 from 0). */
    public static Metric accuracyFromLogits() {
        return new Accuracy(0f);
    }

    public static Metric mse() {
        return new ErrorMetric(true);
    }

    public static Metric mae() {
        return new ErrorMetric(false);
    }

    public static Metric r2() {
        return new RSquared();
    }

    /** Macro-averaged F1 over {@code classes} classes, a single output being class 1 from {@code threshold}. */
    public static Metric f1Macro(int classes, float threshold) {
        return new MacroF1(classes, threshold);
    }

    /** The metric called {@code name}: accuracy, mse, mae or r2. */
    public static Metric named(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "accuracy" -> accuracy();
            case "mse" -> mse();
            case "mae" -> mae();
            case "r2" -> r2();
            default -> throw new IllegalArgumentException(
                    "unknown metric '" + name + "'; known: accuracy, mse, mae, r2");
        };
    }
}

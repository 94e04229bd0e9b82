package dev.neurite.loss;

import java.util.List;
import java.util.Locale;

/** The loss functions, by factory method or by name. */
public final class Losses {
    /** Every name {@link #named} accepts. */
    public static final List<String> NAMES = List.of(
            "mse", "mae", "huber", "bce", "bce_with_logits", "softmax_cross_entropy");

    private Losses() {
    }

    /** Mean squared error. */
    public static Loss mse() {
        return MeanSquaredError.INSTANCE;
    }

    /** Mean absolute error. */
    public static Loss mae() {
        return MeanAbsoluteError.INSTANCE;
    }

    /** Huber loss with δ = 1. */
    public static Loss huber() {
        return new Huber(1f);
    }

    /** Huber loss with threshold {@code delta}. */
    public static Loss huber(float delta) {
        return new Huber(delta);
    }

    /** Binary cross-entropy on probabilities (after a sigmoid output). */
    public static Loss bce() {
        return BinaryCrossEntropy.INSTANCE;
    }

    /** Binary cross-entropy on logits, the sigmoid fused in its log-sigmoid form. */
    public static Loss bceWithLogits() {
        return BinaryCrossEntropyWithLogits.INSTANCE;
    }

    /** Cross-entropy over classes on logits, the softmax fused in its log-sum-exp form. */
    public static Loss softmaxCrossEntropy() {
        return SoftmaxCrossEntropy.INSTANCE;
    }

    /** The loss called {@code name}; see {@link #NAMES}. */
    public static Loss named(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "mse", "mean_squared_error" -> mse();
            case "mae", "mean_absolute_error", "l1" -> mae();
            case "huber" -> huber();
            case "bce", "binary_cross_entropy" -> bce();
            case "bce_with_logits" -> bceWithLogits();
            case "softmax_cross_entropy", "cross_entropy" -> softmaxCrossEntropy();
            default -> throw new IllegalArgumentException(
                    "unknown loss '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }
}

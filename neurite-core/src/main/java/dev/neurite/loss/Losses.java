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

    /**
     * Softmax cross-entropy with label smoothing ε in [0, 1): PyTorch's
     * {@code CrossEntropyLoss(label_smoothing=ε)}, each target becoming (1 − ε)·one-hot + ε/C.
     */
    public static Loss softmaxCrossEntropy(float labelSmoothing) {
        return labelSmoothing == 0 ? SoftmaxCrossEntropy.INSTANCE : new SoftmaxCrossEntropy(labelSmoothing, null);
    }

    /**
     * Binary cross-entropy on logits with label smoothing ε in [0, 1): each target t becomes
     * t(1 − ε) + ε/2, the common convention (PyTorch's {@code BCEWithLogitsLoss} has no such option).
     */
    public static Loss bceWithLogits(float labelSmoothing) {
        return labelSmoothing == 0 ? BinaryCrossEntropyWithLogits.INSTANCE : new BinaryCrossEntropyWithLogits(labelSmoothing);
    }

    /**
     * The loss called {@code name} with label smoothing ε (0 for none); only softmax_cross_entropy
     * and bce_with_logits take one, any other loss with ε ≠ 0 is refused, naming it.
     */
    public static Loss named(String name, float labelSmoothing) {
        Loss loss = named(name);
        if (labelSmoothing == 0) {
            return loss;
        }
        return switch (loss.name()) {
            case "softmax_cross_entropy" -> softmaxCrossEntropy(labelSmoothing);
            case "bce_with_logits" -> bceWithLogits(labelSmoothing);
            default -> throw new IllegalArgumentException("label smoothing " + labelSmoothing + " applies to softmax_cross_entropy"
                    + " and bce_with_logits, not to " + loss.name());
        };
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

package dev.neurite.optim;

import java.util.List;
import java.util.Locale;

/** The optimizers, by factory method or by name, with PyTorch's default hyper-parameters. */
public final class Optimizers {
    /** Every name {@link #named} accepts. */
    public static final List<String> NAMES = List.of(
            "sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop", "adagrad");

    private Optimizers() {
    }

    public static Sgd sgd(float learningRate) {
        return new Sgd(SgdConfig.DEFAULTS.withLearningRate(learningRate));
    }

    /** SGD with heavy-ball momentum. */
    public static Sgd momentum(float learningRate, float momentum) {
        return new Sgd(SgdConfig.DEFAULTS.withLearningRate(learningRate).withMomentum(momentum, false));
    }

    /** SGD with Nesterov momentum. */
    public static Sgd nesterov(float learningRate, float momentum) {
        return new Sgd(SgdConfig.DEFAULTS.withLearningRate(learningRate).withMomentum(momentum, true));
    }

    public static Adam adam(float learningRate) {
        return new Adam(AdamConfig.DEFAULTS.withLearningRate(learningRate));
    }

    public static AdamW adamw(float learningRate, float weightDecay) {
        return new AdamW(AdamConfig.DEFAULTS.withLearningRate(learningRate).withWeightDecay(weightDecay));
    }

    public static RmsProp rmsprop(float learningRate) {
        return new RmsProp(RmsPropConfig.DEFAULTS.withLearningRate(learningRate));
    }

    public static Adagrad adagrad(float learningRate) {
        return new Adagrad(AdagradConfig.DEFAULTS.withLearningRate(learningRate));
    }

    /**
     * The optimizer called {@code name} with this learning rate and L2 weight decay (decoupled
     * for AdamW), other settings at PyTorch's defaults (momentum 0.9 for the momentum forms).
     */
    public static Optimizer named(String name, float learningRate, float weightDecay) {
        return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "sgd" -> new Sgd(new SgdConfig(learningRate, 0f, false, weightDecay));
            case "momentum" -> new Sgd(new SgdConfig(learningRate, 0.9f, false, weightDecay));
            case "nesterov" -> new Sgd(new SgdConfig(learningRate, 0.9f, true, weightDecay));
            case "adam" -> new Adam(AdamConfig.DEFAULTS.withLearningRate(learningRate).withWeightDecay(weightDecay));
            case "adamw" -> new AdamW(AdamConfig.DEFAULTS.withLearningRate(learningRate).withWeightDecay(weightDecay));
            case "rmsprop" -> new RmsProp(RmsPropConfig.DEFAULTS.withLearningRate(learningRate).withWeightDecay(weightDecay));
            case "adagrad" -> new Adagrad(AdagradConfig.DEFAULTS.withLearningRate(learningRate).withWeightDecay(weightDecay));
            default -> throw new IllegalArgumentException(
                    "unknown optimizer '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }
}

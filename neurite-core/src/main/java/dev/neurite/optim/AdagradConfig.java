package dev.neurite.optim;

import dev.neurite.tensor.Checks;

/** Hyper-parameters of Adagrad: learning rate η, ε, L2 weight decay λ. */
public record AdagradConfig(float learningRate, float epsilon, float weightDecay) {
    /** PyTorch's defaults. */
    public static final AdagradConfig DEFAULTS = new AdagradConfig(0.01f, 1e-10f, 0f);

    public AdagradConfig {
        Checks.requirePositive(learningRate, "learning rate");
        Checks.requirePositive(epsilon, "epsilon");
        Checks.requireNonNegative(weightDecay, "weight decay");
    }

    public AdagradConfig withLearningRate(float value) {
        return new AdagradConfig(value, epsilon, weightDecay);
    }

    public AdagradConfig withWeightDecay(float value) {
        return new AdagradConfig(learningRate, epsilon, value);
    }
}

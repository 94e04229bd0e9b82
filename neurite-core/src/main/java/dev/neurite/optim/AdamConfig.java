package dev.neurite.optim;

import dev.neurite.tensor.Checks;

/**
 * Hyper-parameters of Adam and AdamW: learning rate η, moment decays β₁ and β₂, ε, and weight
 * decay λ (an L2 term on the gradient for Adam, decoupled for AdamW).
 */
public record AdamConfig(float learningRate, float beta1, float beta2, float epsilon, float weightDecay) {
    /** PyTorch's defaults for Adam. */
    public static final AdamConfig DEFAULTS = new AdamConfig(1e-3f, 0.9f, 0.999f, 1e-8f, 0f);
    /** PyTorch's defaults for AdamW (λ = 0.01). */
    public static final AdamConfig ADAMW_DEFAULTS = DEFAULTS.withWeightDecay(0.01f);

    public AdamConfig {
        Checks.requirePositive(learningRate, "learning rate");
        Checks.require(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), got %s", beta1);
        Checks.require(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), got %s", beta2);
        Checks.requirePositive(epsilon, "epsilon");
        Checks.requireNonNegative(weightDecay, "weight decay");
    }

    public AdamConfig withLearningRate(float value) {
        return new AdamConfig(value, beta1, beta2, epsilon, weightDecay);
    }

    public AdamConfig withWeightDecay(float value) {
        return new AdamConfig(learningRate, beta1, beta2, epsilon, value);
    }
}

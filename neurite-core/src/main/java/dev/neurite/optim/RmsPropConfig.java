package dev.neurite.optim;

import dev.neurite.tensor.Checks;

/** Hyper-parameters of RMSProp: learning rate η, decay ρ (PyTorch's {@code alpha}), ε, L2 weight decay λ. */
public record RmsPropConfig(float learningRate, float rho, float epsilon, float weightDecay) {
    /** PyTorch's defaults. */
    public static final RmsPropConfig DEFAULTS = new RmsPropConfig(0.01f, 0.99f, 1e-8f, 0f);

    public RmsPropConfig {
        Checks.requirePositive(learningRate, "learning rate");
        Checks.require(rho >= 0 && rho < 1, "rho must be in [0, 1), got %s", rho);
        Checks.requirePositive(epsilon, "epsilon");
        Checks.requireNonNegative(weightDecay, "weight decay");
    }

    public RmsPropConfig withLearningRate(float value) {
        return new RmsPropConfig(value, rho, epsilon, weightDecay);
    }

    public RmsPropConfig withWeightDecay(float value) {
        return new RmsPropConfig(learningRate, rho, epsilon, value);
    }
}

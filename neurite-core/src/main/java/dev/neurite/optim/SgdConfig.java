package dev.neurite.optim;

import dev.neurite.tensor.Checks;

/**
 * Stochastic gradient descent: plain ({@code momentum = 0}), with heavy-ball momentum, or with
 * Nesterov momentum; {@code weightDecay} adds the L2 term λ·w to the gradient.
 */
public record SgdConfig(float learningRate, float momentum, boolean nesterov, float weightDecay) {
    public static final SgdConfig DEFAULTS = new SgdConfig(0.01f, 0f, false, 0f);

    public SgdConfig {
        Checks.requirePositive(learningRate, "learning rate");
        Checks.require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got %s", momentum);
        Checks.require(!nesterov || momentum > 0, "Nesterov momentum needs momentum > 0, got %s", momentum);
        Checks.requireNonNegative(weightDecay, "weight decay");
    }

    public SgdConfig withLearningRate(float value) {
        return new SgdConfig(value, momentum, nesterov, weightDecay);
    }

    public SgdConfig withMomentum(float value, boolean useNesterov) {
        return new SgdConfig(learningRate, value, useNesterov, weightDecay);
    }

    public SgdConfig withWeightDecay(float value) {
        return new SgdConfig(learningRate, momentum, nesterov, value);
    }
}

package dev.neurite.optim;

import dev.neurite.tensor.Checks;
import java.util.Objects;

/**
 * The learning rate for each epoch, from the base rate η₀: {@code learningRate(η₀, epoch)},
 * with epochs counted from 0. The trainer sets it on the optimizer before each epoch.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    float learningRate(float base, int epoch);

    /** η = η₀. */
    static LearningRateSchedule constant() {
        return (base, epoch) -> base;
    }

    /** η = η₀ · γ^⌊epoch / stepSize⌋, as PyTorch's {@code StepLR}. */
    static LearningRateSchedule step(int stepSize, float gamma) {
        Checks.requirePositive(stepSize, "step size");
        Checks.requirePositive(gamma, "gamma");
        return (base, epoch) -> (float) (base * Math.pow(gamma, epoch / stepSize));
    }

    /** η = η₀ · γ^epoch, as PyTorch's {@code ExponentialLR}. */
    static LearningRateSchedule exponential(float gamma) {
        Checks.requirePositive(gamma, "gamma");
        return (base, epoch) -> (float) (base * Math.pow(gamma, epoch));
    }

    /**
     * η = η_min + ½ (η₀ − η_min)(1 + cos(π · epoch / epochs)), then η_min from {@code epochs}
     * on (Loshchilov and Hutter 2017, without restarts; PyTorch's {@code CosineAnnealingLR}).
     */
    static LearningRateSchedule cosine(int epochs, float minimum) {
        Checks.requirePositive(epochs, "cosine schedule length");
        Checks.requireNonNegative(minimum, "minimum learning rate");
        return (base, epoch) -> epoch >= epochs ? minimum
                : (float) (minimum + 0.5 * (base - minimum) * (1 + Math.cos(Math.PI * epoch / epochs)));
    }

    /**
     * A linear warm-up over the first {@code warmupEpochs}, η = η₀ (epoch + 1) / (warmupEpochs + 1),
     * then {@code after} counted from the end of the warm-up.
     */
    static LearningRateSchedule linearWarmup(int warmupEpochs, LearningRateSchedule after) {
        Checks.requirePositive(warmupEpochs, "warm-up epochs");
        Objects.requireNonNull(after, "after");
        return (base, epoch) -> epoch < warmupEpochs
                ? base * (epoch + 1) / (warmupEpochs + 1)
                : after.learningRate(base, epoch - warmupEpochs);
    }
}

package dev.neurite.train;

import dev.neurite.data.ClassWeights;
import dev.neurite.optim.LearningRateSchedule;
import dev.neurite.tensor.Checks;
import java.util.Objects;

/**
 * How {@link Trainer#fit} runs: epochs, batch size, the seed of every random choice made in
 * training (shuffling, dropout, the validation split), per-epoch reshuffling, the fraction of
 * the training data held out for validation when no validation set is given, clipping of the
 * gradients' global norm (0: off), the learning-rate schedule, and how much each class counts
 * in a classification loss ({@link ClassWeights}; the training examples' class counts decide
 * balanced weights, and the validation examples get the same per-class weights).
 */
public record TrainingConfig(
        int epochs,
        int batchSize,
        long seed,
        boolean shuffle,
        float validationSplit,
        float gradientClipNorm,
        LearningRateSchedule schedule,
        ClassWeights classWeights) {

    public static final TrainingConfig DEFAULTS =
            new TrainingConfig(10, 32, 0L, true, 0f, 0f, LearningRateSchedule.constant(), ClassWeights.NONE);

    /** A configuration with no class weights. */
    public TrainingConfig(int epochs, int batchSize, long seed, boolean shuffle, float validationSplit,
                          float gradientClipNorm, LearningRateSchedule schedule) {
        this(epochs, batchSize, seed, shuffle, validationSplit, gradientClipNorm, schedule, ClassWeights.NONE);
    }

    public TrainingConfig {
        Checks.requirePositive(epochs, "epochs");
        Checks.requirePositive(batchSize, "batch size");
        Checks.require(validationSplit >= 0 && validationSplit < 1,
                "validation split must be in [0, 1), got %s", validationSplit);
        Checks.requireNonNegative(gradientClipNorm, "gradient clip norm");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(classWeights, "classWeights");
    }

    public TrainingConfig withEpochs(int value) {
        return new TrainingConfig(value, batchSize, seed, shuffle, validationSplit, gradientClipNorm, schedule, classWeights);
    }

    public TrainingConfig withBatchSize(int value) {
        return new TrainingConfig(epochs, value, seed, shuffle, validationSplit, gradientClipNorm, schedule, classWeights);
    }

    public TrainingConfig withSeed(long value) {
        return new TrainingConfig(epochs, batchSize, value, shuffle, validationSplit, gradientClipNorm, schedule, classWeights);
    }

    public TrainingConfig withShuffle(boolean value) {
        return new TrainingConfig(epochs, batchSize, seed, value, validationSplit, gradientClipNorm, schedule, classWeights);
    }

    public TrainingConfig withValidationSplit(float value) {
        return new TrainingConfig(epochs, batchSize, seed, shuffle, value, gradientClipNorm, schedule, classWeights);
    }

    public TrainingConfig withGradientClipNorm(float value) {
        return new TrainingConfig(epochs, batchSize, seed, shuffle, validationSplit, value, schedule, classWeights);
    }

    public TrainingConfig withSchedule(LearningRateSchedule value) {
        return new TrainingConfig(epochs, batchSize, seed, shuffle, validationSplit, gradientClipNorm, value, classWeights);
    }

    public TrainingConfig withClassWeights(ClassWeights value) {
        return new TrainingConfig(epochs, batchSize, seed, shuffle, validationSplit, gradientClipNorm, schedule, value);
    }
}

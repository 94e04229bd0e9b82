package dev.neurite.spark;

import java.io.Serializable;

/**
 * What the driver broadcasts for one round: global steps [{@code step}, {@code step + steps}) of
 * {@code epoch}, the weights, the learning rate, and, for local steps, the optimizer's state
 * (each parameter's step count and slot arrays).
 */
record Round(int epoch, int step, int steps, float learningRate, float[][] weights, long[] optimizerSteps,
        float[][][] optimizerSlots) implements Serializable {
}

package dev.neurite.nn;

/**
 * Factory methods for a readable network definition:
 * <pre>{@code
 * import static dev.neurite.nn.Layers.*;
 * import static dev.neurite.nn.Activations.*;
 *
 * Network net = Network.of(dense(784, 256, relu()), dropout(0.1f), dense(256, 10));
 * }</pre>
 */
public final class Layers {
    private Layers() {
    }

    /** A linear layer, y = x·W + b. */
    public static Dense dense(int inputSize, int outputSize) {
        return new Dense(inputSize, outputSize, Activations.identity());
    }

    /** y = f(x·W + b). */
    public static Dense dense(int inputSize, int outputSize, Activation activation) {
        return new Dense(inputSize, outputSize, activation);
    }

    /** y = f(x·W + b) with W drawn from {@code init}. */
    public static Dense dense(int inputSize, int outputSize, Activation activation, Init init) {
        return new Dense(inputSize, outputSize, activation, init);
    }

    /** Inverted dropout with drop probability {@code rate}. */
    public static Dropout dropout(float rate) {
        return new Dropout(rate);
    }

    /** An activation as a layer of its own. */
    public static ActivationLayer activation(Activation activation) {
        return new ActivationLayer(activation);
    }
}

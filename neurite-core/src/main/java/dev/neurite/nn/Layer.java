package dev.neurite.nn;

import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import java.util.List;

/**
 * One step of a feedforward network. {@link #forward} maps a batch (one row per example) to
 * the layer's output and keeps what the backward pass needs; {@link #backward} takes the
 * gradient of the loss with respect to that output, writes the gradients of the layer's
 * parameters and returns the gradient with respect to its input.
 *
 * <p>Returned matrices are buffers the layer owns and reuses: they stay valid until its next
 * call, and are not to be modified by the caller.
 */
public interface Layer {

    /** The layer's output for {@code input}; {@code training} turns on training-only behaviour (dropout). */
    Matrix forward(Matrix input, boolean training);

    /**
     * Back-propagates {@code gradOutput} (∂loss/∂output of the last forward call): writes the
     * parameters' gradients, and returns ∂loss/∂input, or {@code null} when
     * {@code needInputGradient} is false (the first layer of a network skips that product).
     */
    Matrix backward(Matrix gradOutput, boolean needInputGradient);

    /** Trainable parameters, with names local to the layer ({@code "weight"}, {@code "bias"}). */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** Number of input columns expected, or −1 when the layer accepts any width. */
    default int inputSize() {
        return -1;
    }

    /** Number of output columns for {@code inputSize} input columns. */
    default int outputSize(int inputSize) {
        return inputSize;
    }

    /** Draws the initial parameters from {@code rng}. */
    default void initialize(Rng rng) {
    }

    /** Gives a layer with random behaviour during training (dropout) the generator to draw from. */
    default void setRandom(Rng rng) {
    }

    /**
     * A layer computing the same function with the same parameter matrices (not copies) but
     * buffers of its own, so that another thread can run it: how {@link Network#predict} serves
     * many threads at once. Layers without state may return themselves.
     */
    Layer withSharedParameters();

    /** The generator a layer with random behaviour draws from (dropout), or null; for checkpoints. */
    default Rng random() {
        return null;
    }

    /**
     * The activation this layer applies to its output, or null when it applies none of its own
     * (dropout passes its input through). {@link Network#outputActivation} asks the layers for it.
     */
    default Activation activation() {
        return null;
    }

    /** A short description, e.g. {@code Dense(784→256, relu)}. */
    String describe();
}

package dev.neurite.nn;

import dev.neurite.tensor.Matrix;

/**
 * A function applied to a layer's pre-activation {@code x}, giving {@code y}, with the chain rule
 * for its backward pass. Element-wise except {@link Activations#softmax() softmax}, which acts
 * on each row. Instances are stateless and may be shared.
 *
 * <p>Obtain one from {@link Activations}: {@code Activations.relu()} or {@code Activations.named("relu")}.
 */
public interface Activation {

    /** The name used in files and on the command line, e.g. {@code "leaky_relu"}. */
    String name();

    /**
     * The name with any non-default parameter, e.g. {@code "leaky_relu(0.2)"}, such that
     * {@code Activations.named(spec())} gives back an equal activation.
     */
    default String spec() {
        return name();
    }

    /** {@code y = f(x)}; {@code y} has {@code x}'s shape and may be {@code x} itself. */
    void forward(Matrix x, Matrix y);

    /**
     * {@code gradX = gradY ⊙ f′(x)} (for softmax, the row-wise Jacobian product), given the
     * {@code x} and {@code y} of the forward pass. {@code gradX} may be {@code gradY}.
     */
    void backward(Matrix x, Matrix y, Matrix gradY, Matrix gradX);
}

package dev.neurite.nn;

import dev.neurite.tensor.Matrix;

/**
 * A trainable tensor: its value, the gradient of the loss with respect to it (written by the
 * owning layer's backward pass), and its name, {@code "k.weight"} or {@code "k.bias"} for layer
 * {@code k} of a network, as in PyTorch's {@code state_dict}.
 */
public record Parameter(String name, Matrix value, Matrix gradient) {
    public Parameter {
        value.requireSameShape(gradient, "parameter '" + name + "'");
    }

    /** The same value and gradient under another name. */
    public Parameter renamed(String newName) {
        return new Parameter(newName, value, gradient);
    }
}

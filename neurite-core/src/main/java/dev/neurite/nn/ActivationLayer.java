package dev.neurite.nn;

import dev.neurite.tensor.Matrix;
import java.util.Objects;

/** An activation on its own, {@code y = f(x)}, for networks written as Keras's {@code Activation} layers. */
public final class ActivationLayer implements Layer {
    private final Activation activation;
    private Matrix input;
    private Matrix y;
    private Matrix gradInput;

    public ActivationLayer(Activation activation) {
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    @Override
    public Activation activation() {
        return activation;
    }

    @Override
    public Matrix forward(Matrix x, boolean training) {
        input = x;
        y = Matrix.reuseOrAllocate(y, x.rows(), x.columns());
        activation.forward(x, y);
        return y;
    }

    @Override
    public Matrix backward(Matrix gradY, boolean needInputGradient) {
        if (input == null) {
            throw new IllegalStateException(describe() + ": backward called before forward");
        }
        if (!needInputGradient) {
            return null;
        }
        if (!y.sameShape(gradY)) {
            y.requireSameShape(gradY, describe() + " backward"); // builds the message only on failure
        }
        gradInput = Matrix.reuseOrAllocate(gradInput, gradY.rows(), gradY.columns());
        activation.backward(input, y, gradY, gradInput);
        return gradInput;
    }

    @Override
    public Layer withSharedParameters() {
        return new ActivationLayer(activation);
    }

    @Override
    public String describe() {
        return "Activation(" + activation.spec() + ")";
    }
}

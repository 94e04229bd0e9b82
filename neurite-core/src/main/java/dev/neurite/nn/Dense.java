package dev.neurite.nn;

import dev.neurite.tensor.Checks;
import dev.neurite.tensor.Kernels;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import java.util.List;
import java.util.Objects;

/**
 * A fully connected layer, {@code y = f(x·W + b)}, with {@code W} stored {@code [in][out]} (row
 * {@code i} holds the weights leaving input {@code i}) and an activation {@code f} fused in.
 *
 * <p>Backward, with {@code z = x·W + b} and {@code dZ = ∂L/∂z = f′ ⊙ ∂L/∂y}:
 * <pre>
 *   ∂L/∂W = xᵀ·dZ      ∂L/∂b = Σ_rows dZ      ∂L/∂x = dZ·Wᵀ
 * </pre>
 */
public final class Dense implements Layer {
    private final int inputSize;
    private final int outputSize;
    private final Activation activation;
    private final Init init;
    private final Parameter weight;
    private final Parameter bias;

    private Matrix input;
    private Matrix z;
    private Matrix y;
    private Matrix gradZ;
    private Matrix gradInput;

    /** A dense layer with the default initializer for its activation, {@link Init#defaultFor}. */
    public Dense(int inputSize, int outputSize, Activation activation) {
        this(inputSize, outputSize, activation, Init.defaultFor(activation));
    }

    private Dense(Dense shared) {
        this.inputSize = shared.inputSize;
        this.outputSize = shared.outputSize;
        this.activation = shared.activation;
        this.init = shared.init;
        this.weight = shared.weight;
        this.bias = shared.bias;
    }

    @Override
    public Layer withSharedParameters() {
        return new Dense(this);
    }

    public Dense(int inputSize, int outputSize, Activation activation, Init init) {
        Checks.require(inputSize > 0 && outputSize > 0,
                "Dense layer sizes must be > 0, got %s→%s", inputSize, outputSize);
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.activation = Objects.requireNonNull(activation, "activation");
        this.init = Objects.requireNonNull(init, "init");
        this.weight = new Parameter("weight", new Matrix(inputSize, outputSize), new Matrix(inputSize, outputSize));
        this.bias = new Parameter("bias", new Matrix(1, outputSize), new Matrix(1, outputSize));
    }

    @Override
    public Activation activation() {
        return activation;
    }

    /** The weights W, {@code inputSize × outputSize}. */
    public Matrix weight() {
        return weight.value();
    }

    /** The bias b, {@code 1 × outputSize}. */
    public Matrix bias() {
        return bias.value();
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    public int outputSize() {
        return outputSize;
    }

    @Override
    public int outputSize(int inputSize) {
        return outputSize;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    /** W from {@link Init}, b = 0. */
    @Override
    public void initialize(Rng rng) {
        init.fill(weight.value(), inputSize, outputSize, rng);
        bias.value().fill(0f);
    }

    @Override
    public Matrix forward(Matrix x, boolean training) {
        if (x.columns() != inputSize) {
            throw new IllegalArgumentException(
                    describe() + ": input has " + x.columns() + " columns, expected " + inputSize);
        }
        int batch = x.rows();
        input = x;
        if (activation == Relu.INSTANCE) {
            // ReLU is applied as the product's tiles are finished. Its backward pass needs only
            // where z > 0, which is where y > 0, so y stands in for z.
            y = Matrix.reuseOrAllocate(y, batch, outputSize);
            Kernels.get().gemmBiasRelu(x, weight.value(), bias.value(), y);
            z = y;
            return y;
        }
        z = Matrix.reuseOrAllocate(z, batch, outputSize);
        Kernels.get().gemmBias(x, weight.value(), bias.value(), z);
        if (activation == Identity.INSTANCE) {
            y = z;
        } else {
            y = Matrix.reuseOrAllocate(y, batch, outputSize);
            activation.forward(z, y);
        }
        return y;
    }

    @Override
    public Matrix backward(Matrix gradY, boolean needInputGradient) {
        if (input == null) {
            throw new IllegalStateException(describe() + ": backward called before forward");
        }
        if (!y.sameShape(gradY)) {
            y.requireSameShape(gradY, describe() + " backward"); // builds the message only on failure
        }
        Matrix dZ = gradY;
        if (activation != Identity.INSTANCE) {
            gradZ = Matrix.reuseOrAllocate(gradZ, gradY.rows(), outputSize);
            activation.backward(z, y, gradY, gradZ);
            dZ = gradZ;
        }
        if (needInputGradient) {
            gradInput = Matrix.reuseOrAllocate(gradInput, gradY.rows(), inputSize);
        }
        Matrix gx = needInputGradient ? gradInput : null;
        Kernels.get().denseBackward(input, dZ, weight.value(), weight.gradient(), bias.gradient(), gx);
        return gx;
    }

    @Override
    public String describe() {
        return "Dense(" + inputSize + "→" + outputSize
                + (activation == Identity.INSTANCE ? "" : ", " + activation.spec()) + ")";
    }
}

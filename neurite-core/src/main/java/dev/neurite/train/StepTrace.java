package dev.neurite.train;

import dev.neurite.loss.Loss;
import dev.neurite.tensor.Matrix;
import java.util.List;

/**
 * One training step as the network computed it, for reading: on the way down, each layer's
 * input {@code x}, pre-activation {@code z = x·W + b} and activation {@code y = f(z)}; the loss
 * and its gradient; on the way back, each layer's {@code ∂L/∂y}, {@code ∂L/∂z = ∂L/∂y ⊙ f′(z)},
 * {@code ∂L/∂W = xᵀ·∂L/∂z}, {@code ∂L/∂b = Σ_rows ∂L/∂z} and {@code ∂L/∂x = ∂L/∂z·Wᵀ}; then every
 * parameter before and after the optimizer's step.
 *
 * <p>Recorded by {@link Trainer#traceOnBatch} and {@link Trainer#traceSteps} from the trainer's
 * own step (the layers, the loss and the optimizer doing their real work, watched through a
 * {@link dev.neurite.nn.LayerObserver}), never computed a second time. The matrices are copies.
 * {@link #toString()} prints it rounded and aligned, with the shapes; {@code
 * GradientCheck.trace} checks its gradients against finite differences.
 *
 * @param step        the traced step's number among the trainer's steps, from 1
 * @param epoch       the epoch, from 0, or −1 for {@link Trainer#traceOnBatch}
 * @param batch       the batch within the epoch, from 0, or −1 for {@link Trainer#traceOnBatch}
 * @param network     the network's description
 * @param loss        the loss function
 * @param lossValue   the batch's loss
 * @param target      the batch's targets
 * @param optimizer   the optimizer's name
 * @param learningRate the learning rate of the step
 * @param clipped     true when gradient clipping changed the gradients the optimizer used
 * @param layers      what each layer computed, from the first
 * @param parameters  each parameter before and after the step, in the network's order
 */
public record StepTrace(int step, int epoch, int batch, String network, Loss loss, float lossValue, Matrix target,
        String optimizer, float learningRate, boolean clipped, List<LayerStep> layers, List<ParameterStep> parameters) {

    /** Rows shown by {@link #toString()}: a whole XOR batch. */
    public static final int SHOWN_ROWS = 4;
    /** Columns shown by {@link #toString()}. */
    public static final int SHOWN_COLUMNS = 4;

    public StepTrace {
        layers = List.copyOf(layers);
        parameters = List.copyOf(parameters);
    }

    /**
     * What layer {@code index} computed. Matrices a layer has no use for are null: a layer
     * without an activation's split ({@code Dropout}) has no {@code preActivation}; a layer
     * without parameters has no weight or bias gradient; the first layer has no
     * {@code inputGradient}, since a training step does not differentiate the data.
     *
     * @param index                 the layer's place in the network, from 0
     * @param description           the layer, e.g. {@code Dense(2→4, sigmoid)}
     * @param activation            the activation's name, or null
     * @param input                 x
     * @param preActivation         z = x·W + b
     * @param output                y = f(z)
     * @param outputGradient        ∂L/∂y
     * @param preActivationGradient ∂L/∂z = ∂L/∂y ⊙ f′(z)
     * @param inputGradient         ∂L/∂x = ∂L/∂z·Wᵀ
     * @param weightGradient        ∂L/∂W = xᵀ·∂L/∂z
     * @param biasGradient          ∂L/∂b = Σ_rows ∂L/∂z
     */
    public record LayerStep(int index, String description, String activation, Matrix input, Matrix preActivation,
            Matrix output, Matrix outputGradient, Matrix preActivationGradient, Matrix inputGradient,
            Matrix weightGradient, Matrix biasGradient) {
    }

    /**
     * One parameter's update: its value before the step, the gradient the optimizer was given
     * and its value after.
     *
     * @param name     the parameter's name in the network, {@code "0.weight"}
     * @param before   its value before the step
     * @param gradient the gradient the optimizer used (after any clipping)
     * @param after    its value after the step
     */
    public record ParameterStep(String name, Matrix before, Matrix gradient, Matrix after) {
    }

    /** What layer {@code index} computed. */
    public LayerStep layer(int index) {
        return layers.get(index);
    }

    /** The update of the parameter called {@code name} ({@code "0.weight"}). */
    public ParameterStep parameter(String name) {
        for (ParameterStep p : parameters) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no parameter '" + name + "' in the trace; it has "
                + parameters.stream().map(ParameterStep::name).toList());
    }

    /** The batch's features, the first layer's x. */
    public Matrix input() {
        return layers.get(0).input();
    }

    /** The network's output, the last layer's y. */
    public Matrix output() {
        return layers.get(layers.size() - 1).output();
    }

    /** ∂L/∂output, as the loss computed it. */
    public Matrix lossGradient() {
        return layers.get(layers.size() - 1).outputGradient();
    }

    /**
     * The readable form, with the first {@code maxRows} rows and {@code maxColumns} columns of
     * each matrix (and a note of how many more there are), numbers rounded to 4 decimals, or to
     * 4 significant digits where they are all tiny.
     */
    public String render(int maxRows, int maxColumns) {
        if (maxRows < 1 || maxColumns < 1) {
            throw new IllegalArgumentException("a trace shows at least 1 row and 1 column, got "
                    + maxRows + " rows and " + maxColumns + " columns");
        }
        return new StepTraceText(this, maxRows, maxColumns).render();
    }

    /** {@link #render} with {@value #SHOWN_ROWS} rows and {@value #SHOWN_COLUMNS} columns. */
    @Override
    public String toString() {
        return render(SHOWN_ROWS, SHOWN_COLUMNS);
    }
}

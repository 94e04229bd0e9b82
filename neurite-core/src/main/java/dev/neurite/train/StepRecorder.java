package dev.neurite.train;

import dev.neurite.loss.Loss;
import dev.neurite.nn.ActivationLayer;
import dev.neurite.nn.Dense;
import dev.neurite.nn.Layer;
import dev.neurite.nn.LayerObserver;
import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.optim.Optimizer;
import dev.neurite.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies what a training step computes as it computes it, into a {@link StepTrace}: the layers'
 * matrices as the network's {@link LayerObserver}, the loss and the parameters from the trainer.
 */
final class StepRecorder implements LayerObserver {
    private final Network network;
    private final int step;
    private final int epoch;
    private final int batch;
    private final int layerCount;
    private final Matrix[] input;
    private final Matrix[] preActivation;
    private final Matrix[] output;
    private final Matrix[] outputGradient;
    private final Matrix[] preActivationGradient;
    private final Matrix[] inputGradient;
    private final Matrix[] weightGradient;
    private final Matrix[] biasGradient;
    private final List<Matrix> before = new ArrayList<>();
    private final List<Matrix> used = new ArrayList<>();
    private boolean clipped;
    private Loss loss;
    private float lossValue;
    private Matrix target;
    private String optimizer;
    private float learningRate;
    private StepTrace trace;

    StepRecorder(Network network, int step, int epoch, int batch) {
        this.network = network;
        this.step = step;
        this.epoch = epoch;
        this.batch = batch;
        this.layerCount = network.layers().size();
        input = new Matrix[layerCount];
        preActivation = new Matrix[layerCount];
        output = new Matrix[layerCount];
        outputGradient = new Matrix[layerCount];
        preActivationGradient = new Matrix[layerCount];
        inputGradient = new Matrix[layerCount];
        weightGradient = new Matrix[layerCount];
        biasGradient = new Matrix[layerCount];
    }

    @Override
    public void afterForward(int index, Layer layer, Matrix in, Matrix out) {
        input[index] = in.copy();
        output[index] = out.copy();
        if (layer instanceof Dense) {
            preActivation[index] = ((Dense) layer).preActivation();
        }
    }

    @Override
    public void afterBackward(int index, Layer layer, Matrix gradOutput, Matrix gradInput) {
        outputGradient[index] = gradOutput.copy();
        inputGradient[index] = gradInput == null ? null : gradInput.copy();
        if (layer instanceof Dense) {
            Dense dense = (Dense) layer;
            preActivationGradient[index] = dense.preActivationGradient().copy();
            weightGradient[index] = dense.parameters().get(0).gradient().copy();
            biasGradient[index] = dense.parameters().get(1).gradient().copy();
        }
    }

    /**
     * The loss of the step, once computed; with example {@code weights} (null: none) the trace's
     * loss is that loss with those weights fixed, so that recomputing it from the trace gives
     * the step's value and gradient.
     */
    void loss(Loss lossFunction, float value, Matrix targets, Matrix weights) {
        this.loss = weights == null ? lossFunction : new FixedWeights(lossFunction, weights.copy());
        this.lossValue = value;
        this.target = targets.copy();
    }

    /** A loss with its example weights bound, named as the loss it weighs. */
    private record FixedWeights(Loss loss, Matrix weights) implements Loss {
        @Override
        public String name() {
            return loss.name();
        }

        @Override
        public boolean classification() {
            return loss.classification();
        }

        @Override
        public float compute(Matrix output, Matrix target, Matrix ignored, Matrix gradOutput) {
            return loss.compute(output, target, weights, gradOutput);
        }
    }


    /** The parameters and the gradients the optimizer is about to use (after any clipping). */
    void beforeUpdate(List<Parameter> parameters, Optimizer opt) {
        optimizer = opt.name();
        learningRate = opt.learningRate();
        for (Parameter p : parameters) {
            before.add(p.value().copy());
            used.add(p.gradient().copy());
        }
        for (int i = 0; i < layerCount; i++) {
            if (weightGradient[i] != null) {
                clipped |= !weightGradient[i].contentEquals(network.parameter(i + ".weight").gradient())
                        || !biasGradient[i].contentEquals(network.parameter(i + ".bias").gradient());
            }
        }
    }

    /** Completes the trace with the parameters' values after the step. */
    void finish(List<Parameter> parameters) {
        List<StepTrace.LayerStep> layers = new ArrayList<>();
        for (int i = 0; i < layerCount; i++) {
            Layer layer = network.layers().get(i);
            String activation = layer instanceof Dense ? ((Dense) layer).activation().name()
                    : layer instanceof ActivationLayer ? ((ActivationLayer) layer).activation().name() : null;
            layers.add(new StepTrace.LayerStep(i, layer.describe(), activation, input[i], preActivation[i], output[i],
                    outputGradient[i], preActivationGradient[i], inputGradient[i], weightGradient[i], biasGradient[i]));
        }
        List<StepTrace.ParameterStep> steps = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            steps.add(new StepTrace.ParameterStep(p.name(), before.get(i), used.get(i), p.value().copy()));
        }
        trace = new StepTrace(step, epoch, batch, network.toString(), loss, lossValue, target, optimizer, learningRate,
                clipped, layers, steps);
    }

    /** The finished trace. */
    StepTrace trace() {
        if (trace == null) {
            throw new IllegalStateException("the traced step did not finish");
        }
        return trace;
    }
}

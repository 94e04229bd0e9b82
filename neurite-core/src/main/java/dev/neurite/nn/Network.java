package dev.neurite.nn;

import dev.neurite.nn.ClassDecision;
import dev.neurite.tensor.Checks;
import dev.neurite.tensor.Kernels;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A feedforward network: a sequence of layers, each feeding the next. Forward walks down the
 * list, backward walks back up it by the chain rule.
 *
 * <pre>{@code
 * Network net = Network.of(42, dense(2, 8, tanh()), dense(8, 1, sigmoid()));
 * Matrix probabilities = net.predict(x);
 * }</pre>
 *
 * <p>{@link #forward} and {@link #backward} reuse the layers' buffers and belong to one thread
 * (the trainer's); {@link #predict} and the methods built on it may be called from many.
 */
public final class Network {
    /** Seed used by {@link #of(Layer...)}. */
    public static final long DEFAULT_SEED = 0L;
    /**
     * Rows predicted at a time, by one thread: 256 gives the threads enough blocks to even out at
     * 10,000 rows while the packing of the weights, once per block, stays a small share of the
     * work. (Measured: docs/performance-log.md, "Network.PREDICT_CHUNK".)
     */
    private static final int PREDICT_CHUNK = 256;

    private final List<Layer> layers;
    private final List<Parameter> parameters;
    private final int inputSize;
    private final int outputSize;
    /** Per-thread networks sharing these parameters, for {@link #predict} from many threads. */
    private final ThreadLocal<Network> predictors;
    /**
     * About the multiply-adds of one row's prediction: the number of parameters (exact for dense
     * layers, a weight each and a bias add; more than an embedding's lookup), which decides
     * whether {@link #predict} is worth more than one thread.
     */
    private final long workPerRow;
    /** A block of rows being predicted, in a per-thread network. */
    private Matrix predictInput;
    /** Sees every layer's forward and backward pass when set (a traced training step), else null. */
    private LayerObserver observer;

    private Network(List<Layer> layers) {
        Checks.require(!layers.isEmpty(), "a network needs at least one layer");
        this.layers = List.copyOf(layers);
        int width = -1;
        for (int k = 0; k < this.layers.size(); k++) {
            Layer layer = this.layers.get(k);
            int expected = layer.inputSize();
            if (width < 0) {
                width = expected;
            } else if (expected >= 0 && expected != width) {
                throw new IllegalArgumentException("layer " + k + " " + layer.describe() + " expects "
                        + expected + " inputs, but the layer before it gives " + width);
            }
            width = width < 0 ? -1 : layer.outputSize(width);
        }
        Checks.require(this.layers.get(0).inputSize() > 0,
                "the first layer must fix the input width (a Dense layer), got %s", this.layers.get(0).describe());
        this.inputSize = this.layers.get(0).inputSize();
        this.outputSize = width;
        List<Parameter> named = new ArrayList<>();
        for (int k = 0; k < this.layers.size(); k++) {
            for (Parameter p : this.layers.get(k).parameters()) {
                named.add(p.renamed(k + "." + p.name()));
            }
        }
        this.parameters = Collections.unmodifiableList(named);
        long work = 0;
        for (Parameter p : named) {
            work += p.value().size();
        }
        this.workPerRow = work;
        this.predictors = ThreadLocal.withInitial(this::sharingParameters);
    }

    /** A network of the same layers sharing this one's parameter matrices, with buffers of its own. */
    private Network sharingParameters() {
        List<Layer> copies = new ArrayList<>();
        for (Layer layer : layers) {
            copies.add(layer.withSharedParameters());
        }
        return new Network(copies);
    }

    /** A network of {@code layers}, initialized from {@link #DEFAULT_SEED}. */
    public static Network of(Layer... layers) {
        return of(DEFAULT_SEED, layers);
    }

    /** A network of {@code layers}, its initial weights drawn from a generator seeded with {@code seed}. */
    public static Network of(long seed, Layer... layers) {
        Network network = new Network(List.of(layers));
        network.initialize(seed);
        return network;
    }

    /** Draws fresh initial parameters from a generator seeded with {@code seed}. */
    public void initialize(long seed) {
        Rng rng = new Rng(seed);
        for (Layer layer : layers) {
            layer.initialize(rng);
        }
    }

    /** Gives each layer with random training behaviour (dropout) its own generator split from {@code rng}. */
    public void setRandom(Rng rng) {
        for (Layer layer : layers) {
            layer.setRandom(rng.split());
        }
    }

    public List<Layer> layers() {
        return layers;
    }

    /** The trainable parameters, named {@code "k.weight"} and {@code "k.bias"} for layer {@code k}. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The parameter called {@code name}. */
    public Parameter parameter(String name) {
        for (Parameter p : parameters) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no parameter '" + name + "'; the network has "
                + parameters.stream().map(Parameter::name).toList());
    }

    /** Total number of trainable values. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters) {
            n += p.value().size();
        }
        return n;
    }

    public int inputSize() {
        return inputSize;
    }

    public int outputSize() {
        return outputSize;
    }

    /**
     * The output for a batch; the returned matrix is the last layer's buffer, valid until the
     * next call. {@link #predict} returns a copy instead.
     */
    public Matrix forward(Matrix input, boolean training) {
        if (input.columns() != inputSize) {
            throw new IllegalArgumentException("the network expects " + inputSize
                    + " input columns, got " + input.columns() + " (input " + input.shape() + ")");
        }
        Matrix x = input;
        for (int k = 0, n = layers.size(); k < n; k++) {
            Matrix in = x;
            x = layers.get(k).forward(in, training);
            if (observer != null) {
                observer.afterForward(k, layers.get(k), in, x);
            }
        }
        return x;
    }

    /**
     * Back-propagates ∂loss/∂output through every layer, writing every parameter's gradient;
     * returns ∂loss/∂input when {@code needInputGradient}, otherwise null (skipping a product).
     */
    public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
        Matrix g = gradOutput;
        for (int k = layers.size() - 1; k >= 0; k--) {
            Matrix gradY = g;
            g = layers.get(k).backward(gradY, k > 0 || needInputGradient);
            if (observer != null) {
                observer.afterBackward(k, layers.get(k), gradY, g);
            }
        }
        return g;
    }

    /**
     * Shows every layer's {@link #forward} and {@link #backward} pass to {@code observer}, or
     * to no one when it is null. Not seen by {@link #predict}, which runs copies of the layers.
     */
    public void setObserver(LayerObserver observer) {
        this.observer = observer;
    }

    /**
     * The network's outputs for every row of {@code x}, computed in inference mode. Blocks of
     * {@value #PREDICT_CHUNK} rows are handed to the kernels' threads, each running them through
     * its own buffers over the shared weights (no hand-off inside a block), so the results are
     * the same for any thread count; a prediction too small to pay for waking another thread
     * runs on the calling one ({@link Kernels#forChunks(int, int, long, Kernels.RangeTask)}). Safe to call from many threads at once, with the same
     * results as one thread; not while the network trains.
     */
    public Matrix predict(Matrix x) {
        if (x.columns() != inputSize) {
            throw new IllegalArgumentException("the network expects " + inputSize
                    + " input columns, got " + x.columns() + " (input " + x.shape() + ")");
        }
        Matrix out = new Matrix(x.rows(), outputSize);
        Kernels.get().forChunks(x.rows(), PREDICT_CHUNK, workPerRow, (from, to) -> predictors.get().predictRows(x, from, to, out));
        return out;
    }

    /** Rows [from, to) of x through this network's layers, into the same rows of out. */
    private void predictRows(Matrix x, int from, int to, Matrix out) {
        int rows = to - from;
        predictInput = Matrix.reuseOrAllocate(predictInput, rows, inputSize);
        System.arraycopy(x.data(), from * inputSize, predictInput.data(), 0, rows * inputSize);
        Matrix y = forward(predictInput, false);
        System.arraycopy(y.data(), 0, out.data(), from * outputSize, rows * outputSize);
    }

    /**
     * Class probabilities for every row of {@code x}. When the network ends in a softmax or
     * sigmoid, its outputs are returned as they are; otherwise they are read as logits and
     * turned into probabilities: a softmax over the columns, or a sigmoid for one output column.
     */
    public Matrix predictProbabilities(Matrix x) {
        Matrix out = predict(x);
        if (!outputsAreLogits()) {
            return out;
        }
        (outputSize == 1 ? Activations.sigmoid() : Activations.softmax()).forward(out, out);
        return out;
    }

    /**
     * The predicted class of every row: the column of the highest output, or for a single output
     * column, 1 when its probability is at least ½ and 0 otherwise.
     */
    public int[] predictClasses(Matrix x) {
        return ClassDecision.classes(predictProbabilities(x), 0.5f);
    }

    /**
     * The activation that shapes the network's output: that of the last layer which applies one
     * (a dropout after it changes nothing at inference), or null when no layer does.
     */
    public Activation outputActivation() {
        for (int k = layers.size() - 1; k >= 0; k--) {
            Activation a = layers.get(k).activation();
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    /** True unless the network's output activation is a softmax or a sigmoid. */
    public boolean outputsAreLogits() {
        Activation last = outputActivation();
        return !(last == Activations.softmax() || last == Activations.sigmoid());
    }

    /** One line per layer, with shapes and parameter counts. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        int width = inputSize;
        for (int k = 0; k < layers.size(); k++) {
            Layer layer = layers.get(k);
            int out = layer.outputSize(width);
            long count = layer.parameters().stream().mapToLong(p -> p.value().size()).sum();
            s.append(String.format("%3d  %-28s %6d → %-6d %,10d params%n", k, layer.describe(), width, out, count));
            width = out;
        }
        s.append(String.format("     total %,d trainable parameters%n", parameterCount()));
        return s.toString();
    }

    @Override
    public String toString() {
        return "Network" + layers.stream().map(Layer::describe).toList();
    }
}

package dev.neurite.io.onnx;

import dev.neurite.InvalidInputException;
import dev.neurite.data.MissingValues;
import dev.neurite.data.OneHotEncoder;
import dev.neurite.data.Preprocessor;
import dev.neurite.data.Standardizer;
import dev.neurite.data.Task;
import dev.neurite.io.Model;
import dev.neurite.io.onnx.OnnxGraph.Node;
import dev.neurite.io.onnx.OnnxGraph.ValueInfo;
import dev.neurite.nn.Activation;
import dev.neurite.nn.ActivationLayer;
import dev.neurite.nn.Activations;
import dev.neurite.nn.Dense;
import dev.neurite.nn.Embedding;
import dev.neurite.nn.Layer;
import dev.neurite.nn.Network;
import dev.neurite.nn.PeriodicEmbedding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recognises in an ONNX graph a Neurite {@link Model}: optional preprocessing (an ml
 * {@code Scaler}, or Neurite's own per-column inputs with one-hot encoders and a Sub/Div
 * standardisation), a chain of dense layers (Gemm, or MatMul and Add, with BatchNormalization
 * folded into the product before it, activations fused), and optional post-processing (softmax,
 * an arg-max label lookup, ZipMap, or a regression target's Mul/Add back to its units). A graph of
 * any other shape is not a {@code Model}; {@link #toModel} then says why, and the graph still runs
 * in {@link OnnxProgram}.
 */
final class OnnxImport {
    /** Metadata keys Neurite writes and reads: the target column's name, and the features' names for a tensor input. */
    static final String TARGET_KEY = "neurite.target";
    static final String FEATURES_KEY = "neurite.features";
    static final String LOSS_KEY = "neurite.loss";
    /** The standard deviation a periodic embedding's frequencies were drawn with (informational: the graph needs only the frequencies). */
    static final String PERIODIC_SIGMA_KEY = "neurite.periodic_sigma";
    /** Metadata key of an exported ensemble: its number of networks (absent for one network). */
    static final String MEMBERS_KEY = "neurite.members";

    private final OnnxGraph graph;
    private final String source;
    private final Map<String, Tensor> constants = new HashMap<>();
    private final Map<String, List<Node>> consumers = new HashMap<>();
    private final Map<String, Node> producer = new HashMap<>();
    private final Set<Node> used = new HashSet<>();
    private final Set<String> outputs = new HashSet<>();

    private OnnxImport(OnnxGraph graph, String source) {
        this.graph = graph;
        this.source = source;
        constants.putAll(graph.initializers());
        for (Node n : graph.nodes()) {
            if (n.opType().equals("Constant") && n.domain().isEmpty() && n.outputs().size() == 1 && n.attributes().containsKey("value")) {
                constants.put(n.outputs().get(0), n.attributes().get("value").t());
                used.add(n);
            }
            for (String in : n.inputs()) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
            for (String out : n.outputs()) {
                producer.put(out, n);
            }
        }
        for (ValueInfo v : graph.outputs()) {
            outputs.add(v.name());
        }
    }

    /** The Neurite model the graph computes; an {@link InvalidInputException} saying why when it is not one. */
    static Model toModel(OnnxGraph graph, String source) {
        return new OnnxImport(graph, source).model();
    }

    private InvalidInputException notAModel(String why) {
        return new InvalidInputException(source + ": not a chain of dense layers that Neurite can run as a network: " + why);
    }

    /**
     * The inputs' encoding: the features, their encoders, the value the network reads and its
     * width (embeddings expanded); for the column form also the fill values (null without
     * Imputers), the was-missing inputs, how numbers are read, the missing-value tokens and the
     * embedding tables by feature index.
     */
    private record Encoding(List<String> features, List<OneHotEncoder> encoders, String value, int width, float[] fill,
                            boolean[] indicator, Preprocessor.NumericKind[] kinds, MissingValues missing, Map<Integer, Tensor> tables) {
    }

    /** The inputs as one member reads them: their encoding, the standardisation after it, and the value its layers read. */
    private record Front(Encoding encoding, float[] mean, float[] scale, String start) {
    }

    /** One member's branch: its front, its layers and their parameters, the value it ends at and its width. */
    private record Branch(Front front, List<Layer> layers, List<float[][]> weights, String end, int outWidth) {
    }

    /** Nodes of the other members' branches while one member's is read: skipped as if used. */
    private final Set<Node> excluded = new HashSet<>();

    /** The output of the members' mean ({@link #meanOf}). */
    private String meanValue;

    private boolean live(Node n) {
        return !used.contains(n) && !excluded.contains(n);
    }

    private Model model() {
        int count = memberCount();
        List<ValueInfo> inputs = graph.inputs().stream().filter(v -> !constants.containsKey(v.name())).toList();
        if (inputs.isEmpty()) {
            throw notAModel("the graph has no inputs");
        }
        boolean tensor = inputs.size() == 1 && inputs.get(0).elementType() == OnnxFormat.FLOAT
                && inputs.get(0).shape() != null && inputs.get(0).shape().length == 2 && inputs.get(0).shape()[1] > 0;
        // An ensemble: K branches, summed by Add … Add and scaled by 1/K. Each member's branch is read as one network,
        // the nodes only the other members' branches compute set aside meanwhile; what they share (the inputs, and their
        // encoding unless a member embeds columns with its own tables) is read once.
        List<String> ends = List.of();
        List<Set<Node>> own = List.of();
        if (count > 1) {
            ends = meanOf(count);
            own = ownNodes(ends);
        }
        List<Branch> branches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            excluded.clear();
            for (int j = 0; j < own.size(); j++) {
                if (j != i) {
                    excluded.addAll(own.get(j));
                }
            }
            Front front;
            if (i > 0 && consumers.getOrDefault(branches.get(0).front().start(), List.of()).stream().anyMatch(this::live)) {
                front = branches.get(0).front();
            } else {
                front = standardisation(tensor ? tensorInput(inputs.get(0)) : columnInputs(inputs));
                if (i > 0) {
                    sameFront(branches.get(0).front(), front, i);
                }
            }
            Branch branch = chain(front);
            if (count > 1 && !branch.end().equals(ends.get(i))) {
                Node stop = soleConsumer(branch.end());
                throw notAModel("member " + i + "'s branch ends at '" + branch.end() + "'"
                        + (stop == null ? "" : " before " + stop.qualifiedType() + " '" + stop.name() + "'")
                        + ", not at the value '" + ends.get(i) + "' the members' mean adds");
            }
            if (i > 0 && branch.outWidth() != branches.get(0).outWidth()) {
                throw notAModel("member " + i + " has " + branch.outWidth() + " outputs, member 0 " + branches.get(0).outWidth());
            }
            branches.add(branch);
        }
        excluded.clear();
        String cur = count > 1 ? meanValue : branches.get(0).end();
        int outWidth = branches.get(0).outWidth();
        // Post-processing: labels, ZipMap, or the target's units.
        List<String> labels = null;
        double threshold = Double.NaN;
        float[] targetScale = null;
        float[] targetMean = null;
        for (Node n : consumers.getOrDefault(cur, List.of())) {
            if (used.contains(n)) {
                continue;
            }
            if (n.qualifiedType().equals("ai.onnx.ml.ZipMap")) {
                take(n);
            } else if (is(n, "ArgMax")) {
                labels = labelLookup(n, outWidth);
            } else if (is(n, "Slice") && outWidth == 2) {
                threshold = decisionThreshold(n);
                labels = labelsAfter(take(soleConsumer(n.outputs().get(0))), outWidth);
            } else if (is(n, "Mul") && outWidth == 1 && otherConstant(n, cur) != null) {
                Node add = soleConsumer(n.outputs().get(0));
                if (add == null || !is(add, "Add") || otherConstant(add, n.outputs().get(0)) == null) {
                    throw notAModel("Mul '" + n.name() + "' after the network is not followed by an Add of a constant");
                }
                targetScale = broadcastVector(floatsOf(otherConstant(n, cur)), 1, "target scale");
                targetMean = broadcastVector(floatsOf(otherConstant(add, n.outputs().get(0))), 1, "target mean");
                take(n);
                take(add);
            } else {
                throw notAModel(n.qualifiedType() + " '" + n.name() + "' follows the network");
            }
        }
        for (Node n : graph.nodes()) {
            if (!used.contains(n)) {
                throw notAModel(n.qualifiedType() + " '" + n.name() + "' is outside the chain of layers");
            }
        }
        String loss = graph.metadata().get(LOSS_KEY);
        List<Integer> numeric = new ArrayList<>();
        List<Network> networks = new ArrayList<>();
        for (Branch branch : branches) {
            numeric.clear();
            networks.add(network(branch, loss, numeric));
        }
        Encoding encoding = branches.get(0).front().encoding();
        float[] mean = branches.get(0).front().mean();
        float[] scale = branches.get(0).front().scale();
        float[] numericMean = new float[numeric.size()];
        float[] numericScale = new float[numeric.size()];
        for (int k = 0; k < numeric.size(); k++) {
            numericMean[k] = mean[numeric.get(k)];
            numericScale[k] = scale[numeric.get(k)];
        }
        String target = graph.metadata().getOrDefault(TARGET_KEY, "target");
        Task task;
        if (labels != null) {
            task = Task.CLASSIFICATION;
        } else if (targetScale != null || outWidth == 1) {
            task = Task.REGRESSION;
        } else {
            task = Task.CLASSIFICATION;
            labels = new ArrayList<>();
            for (int k = 0; k < outWidth; k++) {
                labels.add(Integer.toString(k));
            }
        }
        if (task == Task.REGRESSION && outWidth != 1) {
            throw notAModel("a regression output has " + outWidth + " columns");
        }
        try {
            Standardizer targetScaler = task == Task.REGRESSION ? new Standardizer(targetMean == null ? new float[] {0f} : targetMean,
                    targetScale == null ? new float[] {1f} : targetScale) : null;
            List<String> classes = labels == null ? List.of() : labels;
            Standardizer numericScaler = new Standardizer(numericMean, numericScale);
            Preprocessor pre = encoding.fill() == null && encoding.missing() == MissingValues.EMPTY_ONLY
                    ? new Preprocessor(encoding.features(), encoding.encoders(), numericScaler, target, task, classes, targetScaler)
                    : new Preprocessor(encoding.features(), encoding.encoders(), numericScaler,
                            encoding.fill() == null ? numericMean : encoding.fill(), encoding.indicator(), encoding.kinds(), encoding.missing(),
                            target, task, classes, targetScaler, null);
            if (loss == null) {
                loss = task == Task.REGRESSION ? "mse" : "softmax_cross_entropy";
            }
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("imported_from", "onnx");
            if (!graph.producer().isEmpty()) {
                training.put("producer", graph.producer());
            }
            training.put("opset", graph.opset());
            return Model.ensemble(networks, loss, pre, training, task == Task.CLASSIFICATION && classes.size() == 2 ? threshold : Double.NaN);
        } catch (IllegalArgumentException e) {
            throw notAModel(e.getMessage());
        }
    }

    /** The number of networks the metadata {@link #MEMBERS_KEY} announces: 1 without it, else 2 … {@link Model#MAX_MEMBERS}. */
    private int memberCount() {
        String members = graph.metadata().get(MEMBERS_KEY);
        if (members == null) {
            return 1;
        }
        int count;
        try {
            count = Integer.parseInt(members.trim());
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 2 || count > Model.MAX_MEMBERS) {
            throw notAModel("metadata '" + MEMBERS_KEY + "' is '" + (members.length() > 20 ? members.substring(0, 20) + "…" : members)
                    + "', not a number of ensemble members from 2 to " + Model.MAX_MEMBERS);
        }
        return count;
    }

    private boolean isSum(Node n) {
        return n != null && is(n, "Add") && n.inputs().size() == 2 && !constants.containsKey(n.input(0)) && !constants.containsKey(n.input(1));
    }

    /**
     * The members' mean as the export writes it, {@code Mul(Add(…Add(x0, x1)…, x(K−1)), 1/K)}:
     * marks its nodes used, sets {@link #meanValue} and returns x0 … x(K−1), the branches' ends.
     */
    private List<String> meanOf(int count) {
        Node mean = null;
        for (Node n : graph.nodes()) {
            if (is(n, "Mul") && n.inputs().size() == 2 && constants.containsKey(n.input(1)) && isSum(producer.get(n.input(0)))) {
                if (mean != null) {
                    throw notAModel("an ensemble of " + count + " networks (metadata '" + MEMBERS_KEY + "') with two candidates for the mean"
                            + " of its branches, Mul '" + mean.name() + "' and Mul '" + n.name() + "'");
                }
                mean = n;
            }
        }
        if (mean == null) {
            throw notAModel("an ensemble of " + count + " networks (metadata '" + MEMBERS_KEY + "') without the mean of its branches:"
                    + " no Mul of a sum of branches by a constant 1/" + count);
        }
        take(mean);
        List<String> ends = new ArrayList<>();
        String sum = mean.input(0);
        Node add = producer.get(sum);
        while (isSum(add) && !used.contains(add) && ends.size() < Model.MAX_MEMBERS) {
            take(add);
            ends.add(0, add.input(1));
            sum = add.input(0);
            add = producer.get(sum);
        }
        ends.add(0, sum);
        if (ends.size() != count) {
            throw notAModel("the mean Mul '" + mean.name() + "' averages " + (ends.size() >= Model.MAX_MEMBERS ? "at least " : "") + ends.size()
                    + " branches, but metadata '" + MEMBERS_KEY + "' says " + count + " members");
        }
        Tensor factor = constants.get(mean.input(1));
        float wanted = 1f / count;
        if (factor.kind() != Tensor.Kind.FLOAT || factor.size() != 1 || Float.floatToIntBits(factor.floatData()[0]) != Float.floatToIntBits(wanted)) {
            throw notAModel("the mean of the " + count + " members' branches, Mul '" + mean.name() + "', multiplies by "
                    + (factor.kind() == Tensor.Kind.FLOAT && factor.size() == 1 ? Float.toString(factor.floatData()[0]) : factor.toString())
                    + ", not by 1/" + count + " = " + wanted);
        }
        if (new HashSet<>(ends).size() != count) {
            throw notAModel("the mean Mul '" + mean.name() + "' adds one branch more than once");
        }
        meanValue = mean.outputs().get(0);
        return ends;
    }

    /** For each branch end, the nodes that compute it and no other branch's end. */
    private List<Set<Node>> ownNodes(List<String> ends) {
        List<Set<Node>> above = new ArrayList<>();
        Map<Node, Integer> reach = new HashMap<>();
        for (String end : ends) {
            Set<Node> seen = new HashSet<>();
            List<String> todo = new ArrayList<>(List.of(end));
            while (!todo.isEmpty()) {
                Node n = producer.get(todo.remove(todo.size() - 1));
                if (n != null && !used.contains(n) && seen.add(n)) {
                    todo.addAll(n.inputs());
                }
            }
            for (Node n : seen) {
                reach.merge(n, 1, Integer::sum);
            }
            above.add(seen);
        }
        for (Set<Node> s : above) {
            s.removeIf(n -> reach.get(n) > 1);
        }
        return above;
    }

    /** Checks that member {@code i}'s own column encoding and standardisation are member 0's (its embedding tables aside). */
    private void sameFront(Front first, Front other, int i) {
        Encoding a = first.encoding();
        Encoding b = other.encoding();
        String what = null;
        if (!a.features().equals(b.features())) {
            what = "it reads columns " + b.features() + ", member 0 " + a.features();
        } else {
            for (int j = 0; j < a.features().size() && what == null; j++) {
                OneHotEncoder x = a.encoders().get(j);
                OneHotEncoder y = b.encoders().get(j);
                boolean same = x == null ? y == null
                        : y != null && x.categories().equals(y.categories()) && x.hasOther() == y.hasOther() && x.embedded() == y.embedded();
                Tensor s = a.tables().get(j);
                Tensor t = b.tables().get(j);
                if (!same || (s == null) != (t == null) || s != null && !Arrays.equals(s.shape(), t.shape())) {
                    what = "column '" + a.features().get(j) + "' is encoded differently";
                }
            }
        }
        if (what == null && (!Arrays.equals(a.fill(), b.fill()) || !Arrays.equals(a.indicator(), b.indicator())
                || !Arrays.equals(a.kinds(), b.kinds()) || !a.missing().tokens().equals(b.missing().tokens()))) {
            what = "its fill values, was-missing inputs, numeric kinds or missing-value tokens differ";
        }
        if (what == null && (!Arrays.equals(first.mean(), other.mean()) || !Arrays.equals(first.scale(), other.scale()))) {
            what = "its standardisation differs";
        }
        if (what != null) {
            throw notAModel("member " + i + "'s column encoding is not member 0's: " + what);
        }
    }

    /** The standardisation after the encoded inputs: an ml Scaler, or Sub then Div by constant vectors (none: 0 and 1). */
    private Front standardisation(Encoding encoding) {
        String cur = encoding.value();
        int width = encoding.width();
        // Standardisation: an ml Scaler, or Sub then Div by constant vectors.
        float[] mean = new float[width];
        float[] scale = new float[width];
        Arrays.fill(scale, 1f);
        Node next = soleConsumer(cur);
        if (next != null && next.qualifiedType().equals("ai.onnx.ml.Scaler")) {
            float[] offset = broadcastVector(Ops.floats(next.attributes(), "offset", new float[] {0f}), width, "Scaler offset");
            float[] factor = broadcastVector(Ops.floats(next.attributes(), "scale", new float[] {1f}), width, "Scaler scale");
            for (int j = 0; j < width; j++) {
                mean[j] = offset[j];
                scale[j] = 1f / factor[j];
            }
            cur = take(next);
        } else if (next != null && is(next, "Sub") && next.input(0).equals(cur) && constants.containsKey(next.input(1))) {
            Node div = soleConsumer(next.outputs().get(0));
            if (div != null && is(div, "Div") && constants.containsKey(div.input(1))) {
                mean = broadcastVector(floatsOf(next.input(1)), width, "Sub");
                scale = broadcastVector(floatsOf(div.input(1)), width, "Div");
                take(next);
                cur = take(div);
            }
        }
        return new Front(encoding, mean, scale, cur);
    }

    /** The layers of one network from the front's value on, as far as they go. */
    private Branch chain(Front front) {
        String cur = front.start();
        int width = front.encoding().width();
        // The dense chain.
        List<Layer> layers = new ArrayList<>();
        List<float[][]> weights = new ArrayList<>();
        int in = width;
        float[] w = null;
        float[] b = null;
        int out = -1;
        Activation activation = null;
        while (true) {
            Node n = soleConsumer(cur);
            if (n == null || is(n, "Transpose")) {
                float[][] values = new float[3][];
                PeriodicEmbedding periodic = periodicAt(cur, w != null ? out : in, values);
                if (periodic != null) {
                    if (w != null) {
                        flush(layers, weights, in, out, w, b, activation);
                        w = null;
                    }
                    layers.add(periodic);
                    weights.add(values);
                    in = periodic.outputSize(in);
                    cur = lastOfPeriodic;
                    continue;
                }
            }
            if ((n == null || is(n, "Slice")) && w == null) {
                float[][] values = new float[1][];
                Embedding embedding = embeddingAt(cur, in, values);
                if (embedding != null) {
                    layers.add(embedding);
                    weights.add(values);
                    in += embedding.dimension() - 1;
                    cur = lastOfEmbedding;
                    continue;
                }
            }
            if (n == null) {
                n = twoReaderActivation(cur);
            }
            if (n == null) {
                break;
            }
            if (is(n, "Gemm") || is(n, "MatMul")) {
                if (w != null) {
                    flush(layers, weights, in, out, w, b, activation);
                    in = out;
                }
                if (!n.input(0).equals(cur) || !constants.containsKey(n.input(1))) {
                    throw notAModel(n.opType() + " '" + n.name() + "' multiplies by a value computed in the graph");
                }
                Tensor weight = constants.get(n.input(1));
                boolean transB = is(n, "Gemm") && Ops.i(n.attributes(), "transB", 0) != 0;
                if (is(n, "Gemm") && Ops.i(n.attributes(), "transA", 0) != 0) {
                    throw notAModel("Gemm '" + n.name() + "' transposes its input");
                }
                if (weight.kind() != Tensor.Kind.FLOAT || weight.rank() != 2 || (transB ? weight.dim(1) : weight.dim(0)) != in) {
                    throw notAModel(n.opType() + " '" + n.name() + "' has weights " + weight + " for " + in + " inputs");
                }
                out = transB ? weight.dim(0) : weight.dim(1);
                if (out == 0) {
                    throw notAModel(n.opType() + " '" + n.name() + "' has no outputs");
                }
                float alpha = is(n, "Gemm") ? Ops.f(n.attributes(), "alpha", 1f) : 1f;
                w = new float[in * out];
                float[] src = weight.floatData();
                for (int i = 0; i < in; i++) {
                    for (int j = 0; j < out; j++) {
                        w[i * out + j] = alpha * (transB ? src[j * in + i] : src[i * out + j]);
                    }
                }
                b = new float[out];
                if (is(n, "Gemm") && !n.input(2).isEmpty()) {
                    float beta = Ops.f(n.attributes(), "beta", 1f);
                    float[] c = broadcastVector(floatsOf(n.input(2)), out, "Gemm bias");
                    for (int j = 0; j < out; j++) {
                        b[j] = beta * c[j];
                    }
                }
                activation = null;
                cur = take(n);
            } else if (is(n, "Add") && w != null && activation == null && otherConstant(n, cur) != null) {
                float[] c = broadcastVector(floatsOf(otherConstant(n, cur)), out, "Add");
                for (int j = 0; j < out; j++) {
                    b[j] += c[j];
                }
                cur = take(n);
            } else if (is(n, "BatchNormalization") && w != null && activation == null) {
                float eps = Ops.f(n.attributes(), "epsilon", 1e-5f);
                float[] gamma = broadcastVector(floatsOf(n.input(1)), out, "BatchNormalization scale");
                float[] beta = broadcastVector(floatsOf(n.input(2)), out, "BatchNormalization bias");
                float[] mu = broadcastVector(floatsOf(n.input(3)), out, "BatchNormalization mean");
                float[] var = broadcastVector(floatsOf(n.input(4)), out, "BatchNormalization variance");
                for (int j = 0; j < out; j++) {
                    float s = (float) (gamma[j] / Math.sqrt(var[j] + eps));
                    for (int i = 0; i < in; i++) {
                        w[i * out + j] *= s;
                    }
                    b[j] = (b[j] - mu[j]) * s + beta[j];
                }
                cur = take(n);
            } else if (is(n, "Identity") || is(n, "Dropout") || (is(n, "Flatten") && Ops.i(n.attributes(), "axis", 1) == 1)) {
                for (int k = 1; k < n.outputs().size(); k++) {
                    if (consumers.containsKey(n.outputs().get(k)) || outputs.contains(n.outputs().get(k))) {
                        throw notAModel("Dropout '" + n.name() + "''s mask is used");
                    }
                }
                cur = take(n);
            } else {
                Activation f = activationOf(n, cur);
                if (f == null) {
                    break;
                }
                if (w != null && activation == null) {
                    activation = f;
                } else {
                    if (w != null) {
                        flush(layers, weights, in, out, w, b, activation);
                        in = out;
                        w = null;
                    }
                    layers.add(new ActivationLayer(f));
                    weights.add(null);
                }
                cur = lastOfActivation;
            }
        }
        if (w != null) {
            flush(layers, weights, in, out, w, b, activation);
            in = out;
        }
        if (layers.stream().noneMatch(l -> l instanceof Dense) || layers.get(0) instanceof ActivationLayer) {
            throw notAModel("no dense layer follows the inputs");
        }
        return new Branch(front, layers, weights, cur, in);
    }

    /**
     * The network of one branch: its layers after the embeddings of its column encoding, checking
     * that the standardisation leaves the encoded (non-numeric) inputs alone; the positions of the
     * numbers among the encoded inputs go into {@code numeric}.
     */
    private Network network(Branch branch, String loss, List<Integer> numeric) {
        Encoding encoding = branch.front().encoding();
        float[] mean = branch.front().mean();
        float[] scale = branch.front().scale();
        List<Layer> layers = new ArrayList<>(branch.layers());
        List<float[][]> weights = new ArrayList<>(branch.weights());
        int last = layers.size() - 1;
        if (layers.get(last) instanceof Dense d && (("softmax_cross_entropy".equals(loss) && d.activation() == Activations.softmax())
                || ("bce_with_logits".equals(loss) && d.activation() == Activations.sigmoid()))) {
            // The export appended the probabilities to a network trained on logits, whose loss applies
            // them itself: give back that network, so training it further stays right.
            layers.set(last, new Dense(d.inputSize(), d.outputSize(), Activations.identity()));
        }
        // The preprocessing, read over the expanded layout: a number (and its was-missing input), a
        // one-hot column, or an embedding's rows, which are the network's first layers.
        int position = 0;
        int encodedWidth = 0;
        for (int j = 0, k = 0; j < encoding.features().size(); j++) {
            OneHotEncoder e = encoding.encoders().get(j);
            int plain;
            if (e == null) {
                numeric.add(position++);
                encodedWidth++;
                plain = encoding.indicator()[k++] ? 1 : 0;
                encodedWidth += plain;
            } else if (e.embedded()) {
                plain = encoding.tables().get(j).dim(1);
                encodedWidth++;
            } else {
                plain = e.size();
                encodedWidth += plain;
            }
            for (int c = 0; c < plain; c++, position++) {
                if (mean[position] != 0f || scale[position] != 1f) {
                    throw notAModel("the standardisation scales an encoded input of '" + encoding.features().get(j) + "'");
                }
            }
        }
        if (!encoding.tables().isEmpty()) {
            // Each Embedding replaces its index column in place: the last first, so the earlier ones keep their positions.
            List<Layer> first = new ArrayList<>();
            int widthNow = encodedWidth;
            List<int[]> at = new ArrayList<>(); // encoded position, feature index
            for (int j = 0, p = 0, k = 0; j < encoding.features().size(); j++) {
                OneHotEncoder e = encoding.encoders().get(j);
                if (e == null) {
                    p += encoding.indicator()[k++] ? 2 : 1;
                } else {
                    if (e.embedded()) {
                        at.add(new int[] {p, j});
                    }
                    p += e.width();
                }
            }
            for (int i = at.size() - 1; i >= 0; i--) {
                Tensor table = encoding.tables().get(at.get(i)[1]);
                if (table.dim(0) < 2 || table.dim(1) < 1) {
                    throw notAModel("the embedding table of '" + encoding.features().get(at.get(i)[1]) + "' is " + table);
                }
                Embedding layer = new Embedding(widthNow, at.get(i)[0], table.dim(0), table.dim(1));
                float[] values = table.floatData();
                for (float v : values) {
                    if (!Float.isFinite(v)) {
                        throw notAModel("an embedding value is " + v);
                    }
                }
                first.add(layer);
                weights.add(0, new float[][] {values}); // copied once the network is made, which initialises every layer
                widthNow += table.dim(1) - 1;
            }
            layers.addAll(0, first);
        }
        Network network;
        try {
            network = Network.of(layers.toArray(Layer[]::new));
        } catch (IllegalArgumentException e) {
            throw notAModel(e.getMessage());
        }
        for (int k = 0; k < layers.size(); k++) {
            if (layers.get(k) instanceof Dense d) {
                System.arraycopy(weights.get(k)[0], 0, d.weight().data(), 0, d.weight().size());
                System.arraycopy(weights.get(k)[1], 0, d.bias().data(), 0, d.bias().size());
            } else if (layers.get(k) instanceof Embedding e) {
                System.arraycopy(weights.get(k)[0], 0, e.weight().value().data(), 0, weights.get(k)[0].length);
            } else if (layers.get(k) instanceof PeriodicEmbedding p) {
                System.arraycopy(weights.get(k)[0], 0, p.frequency().value().data(), 0, weights.get(k)[0].length);
                System.arraycopy(weights.get(k)[1], 0, p.weight().value().data(), 0, weights.get(k)[1].length);
                System.arraycopy(weights.get(k)[2], 0, p.bias().value().data(), 0, weights.get(k)[2].length);
            }
        }
        return network;
    }

    private Encoding tensorInput(ValueInfo input) {
        int d = input.shape()[1];
        List<String> names = new ArrayList<>();
        String given = graph.metadata().get(FEATURES_KEY);
        if (given != null) {
            names.addAll(Arrays.asList(given.split("\n", -1)));
            if (names.size() != d || new HashSet<>(names).size() != d) {
                throw notAModel("metadata '" + FEATURES_KEY + "' names " + names.size() + " distinct features for " + d + " inputs");
            }
        } else {
            for (int j = 0; j < d; j++) {
                names.add("x" + j);
            }
        }
        boolean[] none = new boolean[d];
        Preprocessor.NumericKind[] numbers = new Preprocessor.NumericKind[d];
        Arrays.fill(numbers, Preprocessor.NumericKind.NUMBER);
        return new Encoding(names, Collections.nCopies(d, null), input.name(), d, null, none, numbers, MissingValues.EMPTY_ONLY, Map.of());
    }

    /**
     * Neurite's raw-input form (see {@link ColumnInputs}): one [N, 1] input per column, each
     * encoded by its own nodes (an Imputer and an IsNaN indicator for numbers and dates, a
     * LabelEncoder for booleans, a OneHotEncoder, possibly after a LabelEncoder to indices, or a
     * Gather from an embedding table for text), all concatenated in column order.
     */
    private Encoding columnInputs(List<ValueInfo> inputs) {
        Map<String, ValueInfo> byName = new HashMap<>();
        for (ValueInfo v : inputs) {
            byName.put(v.name(), v);
        }
        Node concat = null;
        for (ValueInfo v : inputs) {
            for (Node n : consumers.getOrDefault(v.name(), List.of())) {
                if (!live(n)) {
                    continue;
                }
                Node end = n;
                for (int steps = 0; end != null && !is(end, "Concat") && steps <= graph.nodes().size(); steps++) {
                    end = soleConsumer(end.outputs().get(0));
                }
                if (end == null || !is(end, "Concat")) {
                    throw notAModel("input '" + v.name() + "' does not go (through its encoding) into one Concat");
                }
                if (concat != null && concat != end) {
                    throw notAModel("the inputs go into different nodes");
                }
                concat = end;
            }
            if (!consumers.containsKey(v.name())) {
                throw notAModel("input '" + v.name() + "' is not used");
            }
        }
        if (concat == null) {
            throw notAModel("the inputs go into no Concat");
        }
        MissingValues missing = graph.metadata().containsKey(ColumnInputs.NA_VALUES_KEY)
                ? new MissingValues(Arrays.asList(graph.metadata().get(ColumnInputs.NA_VALUES_KEY).split("\n", -1))) : MissingValues.EMPTY_ONLY;
        Set<String> dates = new HashSet<>(Arrays.asList(graph.metadata().getOrDefault(ColumnInputs.DATES_KEY, "").split("\n", -1)));
        List<String> features = new ArrayList<>();
        List<OneHotEncoder> encoders = new ArrayList<>();
        List<Float> fills = new ArrayList<>();
        List<Boolean> indicators = new ArrayList<>();
        List<Preprocessor.NumericKind> kinds = new ArrayList<>();
        Map<Integer, Tensor> tables = new HashMap<>();
        boolean imputed = false;
        int width = 0;
        List<String> parts = concat.inputs();
        for (int p = 0; p < parts.size(); p++) {
            String part = parts.get(p);
            ValueInfo v = byName.get(part);
            Node n = producer.get(part);
            if (v != null || (n != null && n.qualifiedType().equals("ai.onnx.ml.Imputer") && byName.containsKey(n.input(0)))) {
                String name = v != null ? v.name() : n.input(0);
                if (byName.get(name).elementType() != OnnxFormat.FLOAT) {
                    throw notAModel("input '" + name + "' goes into the Concat as a number but is not float");
                }
                float fill = Float.NaN;
                if (n != null && v == null) {
                    float[] values = Ops.floats(n.attributes(), "imputed_value_floats", null);
                    if (values == null || values.length != 1 || !Float.isNaN(Ops.f(n.attributes(), "replaced_value_float", 0f))) {
                        throw notAModel("Imputer '" + n.name() + "' does not replace NaN by one value");
                    }
                    fill = values[0];
                    imputed = true;
                    take(n);
                }
                boolean indicator = false;
                if (p + 1 < parts.size() && producer.get(parts.get(p + 1)) != null && is(producer.get(parts.get(p + 1)), "Cast")) {
                    Node cast = producer.get(parts.get(p + 1));
                    Node isNaN = producer.get(cast.input(0));
                    if (isNaN != null && is(isNaN, "IsNaN") && isNaN.input(0).equals(name)
                            && Ops.i(cast.attributes(), "to", 0) == OnnxFormat.FLOAT) {
                        indicator = true;
                        take(isNaN);
                        take(cast);
                        p++;
                    }
                }
                features.add(name);
                encoders.add(null);
                fills.add(fill);
                indicators.add(indicator);
                kinds.add(dates.contains(name) ? Preprocessor.NumericKind.DATE : Preprocessor.NumericKind.NUMBER);
                width += indicator ? 2 : 1;
                continue;
            }
            if (n != null && n.qualifiedType().equals("ai.onnx.ml.LabelEncoder") && byName.containsKey(n.input(0))
                    && Ops.floats(n.attributes(), "values_floats", null) != null) {
                // a boolean column: true…→1, false…→0, missing→the fill value, and optionally its was-missing input
                String name = n.input(0);
                float fill = booleanFill(n, missing);
                take(n);
                boolean indicator = false;
                Node next = p + 1 < parts.size() ? producer.get(parts.get(p + 1)) : null;
                if (next != null && next.qualifiedType().equals("ai.onnx.ml.LabelEncoder") && next.input(0).equals(name)) {
                    take(next);
                    indicator = true;
                    p++;
                }
                features.add(name);
                encoders.add(null);
                fills.add(fill);
                indicators.add(indicator);
                kinds.add(Preprocessor.NumericKind.BOOLEAN);
                imputed = true;
                width += indicator ? 2 : 1;
                continue;
            }
            Node flat = n;
            Node encoder = flat == null ? null : producer.get(flat.input(0));
            if (encoder == null || !(is(flat, "Flatten") || is(flat, "Reshape"))) {
                throw notAModel("Concat part '" + part + "' is neither an input nor an encoded input");
            }
            take(flat);
            OneHotEncoder e;
            if (encoder.qualifiedType().equals("ai.onnx.ml.OneHotEncoder") && byName.containsKey(encoder.input(0))) {
                List<String> categories = Ops.strings(encoder.attributes(), "cats_strings");
                if (categories == null || categories.isEmpty()) {
                    throw notAModel("OneHotEncoder '" + encoder.name() + "' has no string categories");
                }
                e = encoderOf(encoder.input(0), categories, false, false);
                take(encoder);
                width += e.size();
            } else if (encoder.qualifiedType().equals("ai.onnx.ml.OneHotEncoder") || is(encoder, "Gather")) {
                boolean embedded = is(encoder, "Gather");
                Node labels = producer.get(encoder.input(embedded ? 1 : 0));
                if (labels == null || !labels.qualifiedType().equals("ai.onnx.ml.LabelEncoder") || !byName.containsKey(labels.input(0))) {
                    throw notAModel(encoder.qualifiedType() + " '" + encoder.name() + "' does not read an input's categories");
                }
                int size;
                if (embedded) {
                    Tensor table = constants.get(encoder.input(0));
                    if (table == null || table.kind() != Tensor.Kind.FLOAT || table.rank() != 2 || Ops.i(encoder.attributes(), "axis", 0) != 0) {
                        throw notAModel("Gather '" + encoder.name() + "' does not look up rows of a constant table");
                    }
                    size = table.dim(0);
                    tables.put(features.size(), table);
                    width += table.dim(1);
                } else {
                    long[] cats = Ops.ints(encoder.attributes(), "cats_int64s");
                    if (cats == null || cats.length == 0) {
                        throw notAModel("OneHotEncoder '" + encoder.name() + "' has no integer categories");
                    }
                    for (int c = 0; c < cats.length; c++) {
                        if (cats[c] != c) {
                            throw notAModel("OneHotEncoder '" + encoder.name() + "' has categories " + Arrays.toString(cats) + ", not 0 … k−1");
                        }
                    }
                    size = cats.length;
                    width += size;
                }
                e = indexedEncoder(labels, size, embedded);
                take(labels);
                take(encoder);
            } else {
                throw notAModel("Concat part '" + part + "' is neither an input nor an encoded input");
            }
            features.add(e.column());
            encoders.add(e);
        }
        if (features.size() != inputs.size() || new HashSet<>(features).size() != features.size()
                || Ops.i(concat.attributes(), "axis", 0) != 1 && Ops.i(concat.attributes(), "axis", 0) != -1) {
            throw notAModel("the Concat of the inputs is not one of every input along axis 1");
        }
        float[] fill = null;
        if (imputed) {
            fill = new float[fills.size()];
            for (int k = 0; k < fill.length; k++) {
                fill[k] = fills.get(k);
                if (Float.isNaN(fill[k])) {
                    throw notAModel("numeric input " + k + " has no Imputer where others do");
                }
            }
        }
        boolean[] indicator = new boolean[indicators.size()];
        for (int k = 0; k < indicator.length; k++) {
            indicator[k] = indicators.get(k);
        }
        return new Encoding(features, encoders, take(concat), width, fill, indicator, kinds.toArray(Preprocessor.NumericKind[]::new),
                missing, tables);
    }

    private OneHotEncoder encoderOf(String column, List<String> categories, boolean other, boolean embedded) {
        try {
            return new OneHotEncoder(column, categories, other, embedded);
        } catch (IllegalArgumentException e) {
            throw notAModel(e.getMessage());
        }
    }

    /**
     * The encoder a LabelEncoder from strings to indices 0 … size−1 stands for: index i's
     * category is the empty string (missing) when that maps to i, else the one key that does;
     * 'other' is the last index when the default maps to it.
     */
    private OneHotEncoder indexedEncoder(Node labels, int size, boolean embedded) {
        List<String> keys = Ops.strings(labels.attributes(), "keys_strings");
        long[] values = Ops.ints(labels.attributes(), "values_int64s");
        if (keys == null || values == null || keys.size() != values.length) {
            throw notAModel("LabelEncoder '" + labels.name() + "' does not map strings to category indices");
        }
        long fallback = Ops.i(labels.attributes(), "default_int64", -1);
        boolean other = fallback == size - 1 && size > 1;
        if (!other && fallback != -1) {
            throw notAModel("LabelEncoder '" + labels.name() + "' maps unknown values to " + fallback + " of " + size + " categories");
        }
        int count = other ? size - 1 : size;
        String[] names = new String[count];
        int missingIndex = -2;
        for (int k = 0; k < keys.size(); k++) {
            if (keys.get(k).equals(OneHotEncoder.MISSING)) {
                missingIndex = (int) values[k];
            }
        }
        if (missingIndex >= 0 && missingIndex < count) {
            names[missingIndex] = OneHotEncoder.MISSING;
        }
        for (int k = 0; k < keys.size(); k++) {
            long i = values[k];
            if (i < -1 || i >= size) {
                throw notAModel("LabelEncoder '" + labels.name() + "' maps '" + keys.get(k) + "' to " + i + ", outside 0 … " + (size - 1));
            }
            if (i == missingIndex || i == -1 || i >= count) {
                continue; // a spelling of a missing-value token, or one mapped to other
            }
            if (names[(int) i] != null) {
                throw notAModel("LabelEncoder '" + labels.name() + "' maps both '" + names[(int) i] + "' and '" + keys.get(k) + "' to " + i);
            }
            names[(int) i] = keys.get(k);
        }
        for (int i = 0; i < count; i++) {
            if (names[i] == null) {
                throw notAModel("LabelEncoder '" + labels.name() + "' maps no value to category " + i);
            }
        }
        if (embedded && !other) {
            throw notAModel("the embedding of '" + labels.input(0) + "' has no 'other' row for unknown values");
        }
        return encoderOf(labels.input(0), List.of(names), other, embedded);
    }

    /** The value a boolean LabelEncoder gives a missing (empty) cell, after checking it maps true/false spellings to 1/0. */
    private float booleanFill(Node n, MissingValues missing) {
        List<String> keys = Ops.strings(n.attributes(), "keys_strings");
        float[] values = Ops.floats(n.attributes(), "values_floats", null);
        if (keys == null || values == null || keys.size() != values.length || !Float.isNaN(Ops.f(n.attributes(), "default_float", 0f))) {
            throw notAModel("LabelEncoder '" + n.name() + "' is not a boolean column's");
        }
        Map<String, Float> map = new HashMap<>();
        for (int k = 0; k < keys.size(); k++) {
            map.put(keys.get(k), values[k]);
        }
        for (String word : List.of("true", "yes", "y", "false", "no", "n")) {
            Float v = map.get(word);
            boolean missingWord = missing.isMissing(word);
            if (!missingWord && (v == null || v != (word.startsWith("t") || word.startsWith("y") ? 1f : 0f))) {
                throw notAModel("LabelEncoder '" + n.name() + "' maps '" + word + "' to " + v + ", not as a boolean");
            }
        }
        Float fill = map.get("");
        if (fill == null || !Float.isFinite(fill)) {
            throw notAModel("LabelEncoder '" + n.name() + "' gives a missing value " + fill);
        }
        return fill;
    }

    private List<String> labelLookup(Node argMax, int classes) {
        if (Ops.i(argMax.attributes(), "axis", 0) != 1 && Ops.i(argMax.attributes(), "axis", 0) != -1) {
            throw notAModel("ArgMax '" + argMax.name() + "' is not over the classes");
        }
        return labelsAfter(take(argMax), classes);
    }

    /**
     * The decision threshold of {@code slice} → GreaterOrEqual(constant): the positive (second)
     * class's probability from which it is predicted, as Neurite's export writes it.
     */
    private double decisionThreshold(Node slice) {
        Node ge = soleConsumer(slice.outputs().get(0));
        boolean columnOne = constants.containsKey(slice.input(1)) && constants.containsKey(slice.input(2))
                && constants.containsKey(slice.input(3)) && Arrays.equals(constants.get(slice.input(1)).longData(), new long[] {1})
                && Arrays.equals(constants.get(slice.input(2)).longData(), new long[] {2})
                && Arrays.equals(constants.get(slice.input(3)).longData(), new long[] {1});
        if (!columnOne || ge == null || !is(ge, "GreaterOrEqual") || !ge.input(0).equals(slice.outputs().get(0))
                || !constants.containsKey(ge.input(1)) || constants.get(ge.input(1)).kind() != Tensor.Kind.FLOAT
                || constants.get(ge.input(1)).size() != 1) {
            throw notAModel("Slice '" + slice.name() + "' after the network is not a threshold on the second class's probability");
        }
        float t = constants.get(ge.input(1)).floatData()[0];
        if (!(t >= 0 && t <= 1)) {
            throw notAModel("the decision threshold is " + t + ", outside [0, 1]");
        }
        take(slice);
        return t;
    }

    /** The class labels looked up from the class indices in {@code cur} (none: "0" … "k−1"). */
    private List<String> labelsAfter(String cur, int classes) {
        List<String> labels = null;
        while (!outputs.contains(cur) || consumers.containsKey(cur)) {
            Node n = soleConsumer(cur);
            if (n == null) {
                throw notAModel("the arg-max of the classes is used by several nodes");
            }
            if (is(n, "Reshape") || is(n, "Identity") || is(n, "Flatten") || (is(n, "Cast") && labels != null)
                    || (is(n, "Cast") && Ops.i(n.attributes(), "to", 0) == OnnxFormat.INT64)) {
                cur = take(n);
            } else if (n.qualifiedType().equals("ai.onnx.ml.ArrayFeatureExtractor") && n.input(1).equals(cur)
                    && constants.containsKey(n.input(0)) && constants.get(n.input(0)).kind() == Tensor.Kind.STRING) {
                labels = List.of(constants.get(n.input(0)).stringData());
                cur = take(n);
            } else if (n.qualifiedType().equals("ai.onnx.ml.LabelEncoder")) {
                long[] keys = Ops.ints(n.attributes(), "keys_int64s");
                List<String> values = Ops.strings(n.attributes(), "values_strings");
                if (keys == null || values == null || keys.length != classes || values.size() != classes) {
                    throw notAModel("LabelEncoder '" + n.name() + "' does not map the " + classes + " class indices to labels");
                }
                String[] ordered = new String[classes];
                for (int k = 0; k < classes; k++) {
                    if (keys[k] < 0 || keys[k] >= classes || ordered[(int) keys[k]] != null) {
                        throw notAModel("LabelEncoder '" + n.name() + "' keys " + Arrays.toString(keys));
                    }
                    ordered[(int) keys[k]] = values.get(k);
                }
                labels = List.of(ordered);
                cur = take(n);
            } else {
                throw notAModel(n.qualifiedType() + " '" + n.name() + "' after the arg-max is not a label lookup");
            }
        }
        if (labels == null) {
            labels = new ArrayList<>();
            for (int k = 0; k < classes; k++) {
                labels.add(Integer.toString(k));
            }
        }
        if (labels.size() != classes) {
            throw notAModel(labels.size() + " class labels for " + classes + " outputs");
        }
        return labels;
    }

    /** The output of the embedding recognised by {@link #embeddingAt}. */
    private String lastOfEmbedding;

    /**
     * The {@link Embedding} of the tensor form ({@code OnnxExport.embedding}) reading the [N, width]
     * value {@code cur}: Slice of column c → Round → Cast to int64 → Gather of a constant table →
     * Flatten, concatenated between the columns before and after c; marks its nodes used and puts
     * the table in {@code values}; null when {@code cur} is not read that way.
     */
    private Embedding embeddingAt(String cur, int width, float[][] values) {
        if (outputs.contains(cur)) {
            return null;
        }
        List<Node> readers = consumers.getOrDefault(cur, List.of()).stream().filter(this::live).distinct().toList();
        if (readers.isEmpty() || readers.size() > 3 || !readers.stream().allMatch(r -> is(r, "Slice") && r.input(0).equals(cur))) {
            return null;
        }
        Node index = null;
        for (Node r : readers) {
            Node next = soleConsumer(r.outputs().get(0));
            if (next != null && is(next, "Round")) {
                index = r;
            }
        }
        if (index == null) {
            return null;
        }
        // From here on the nodes are the export's embedding: anything else is an error, not another reading.
        String what = "the embedding from Slice '" + index.name() + "'";
        int c = sliceStart(index, what, width);
        if (sliceEnd(index, what) != c + 1) {
            throw notAModel(what + ": it does not take one column");
        }
        Node round = soleConsumer(index.outputs().get(0));
        Node cast = soleConsumer(round.outputs().get(0));
        Node gather = cast == null || !is(cast, "Cast") || Ops.i(cast.attributes(), "to", 0) != OnnxFormat.INT64
                ? null : soleConsumer(cast.outputs().get(0));
        if (gather == null || !is(gather, "Gather") || Ops.i(gather.attributes(), "axis", 0) != 0 || !gather.input(1).equals(cast.outputs().get(0))) {
            throw notAModel(what + ": the rounded column is not cast to int64 and looked up by a Gather on axis 0");
        }
        Tensor table = constants.get(gather.input(0));
        if (table == null || table.kind() != Tensor.Kind.FLOAT || table.rank() != 2 || table.dim(0) < 2 || table.dim(1) < 1) {
            throw notAModel(what + ": the Gather does not look up rows of a constant table [vocabulary ≥ 2, dimension ≥ 1]"
                    + (table == null ? "" : ", got " + table));
        }
        Node flatten = soleConsumer(gather.outputs().get(0));
        if (flatten == null || !is(flatten, "Flatten") || Ops.i(flatten.attributes(), "axis", 1) != 1) {
            throw notAModel(what + ": the looked-up rows are not flattened at axis 1");
        }
        Node before = null;
        Node after = null;
        for (Node r : readers) {
            if (r == index) {
                continue;
            }
            int from = sliceStart(r, what, width);
            int to = sliceEnd(r, what);
            if (from == 0 && to == c && c > 0 && before == null) {
                before = r;
            } else if (from == c + 1 && to == width && c + 1 < width && after == null) {
                after = r;
            } else {
                throw notAModel(what + ": Slice '" + r.name() + "' takes columns " + from + " … " + (to - 1) + ", not those before or after column " + c);
            }
        }
        List<String> parts = new ArrayList<>();
        if (before != null) {
            parts.add(before.outputs().get(0));
        }
        parts.add(flatten.outputs().get(0));
        if (after != null) {
            parts.add(after.outputs().get(0));
        }
        if ((c > 0) != (before != null) || (c + 1 < width) != (after != null)) {
            throw notAModel(what + ": the columns before and after column " + c + " of " + width + " are not all passed on");
        }
        Node concat = null;
        if (parts.size() > 1) {
            concat = soleConsumer(flatten.outputs().get(0));
            if (concat == null || !is(concat, "Concat") || Ops.i(concat.attributes(), "axis", 0) != 1 || !concat.inputs().equals(parts)) {
                throw notAModel(what + ": the embedded rows are not concatenated in place of column " + c + " along axis 1");
            }
        }
        for (Node node : new Node[] {index, round, cast, gather, flatten, before, after, concat}) {
            if (node != null) {
                take(node);
            }
        }
        lastOfEmbedding = concat != null ? concat.outputs().get(0) : flatten.outputs().get(0);
        values[0] = table.floatData();
        for (float v : values[0]) {
            if (!Float.isFinite(v)) {
                throw notAModel(what + ": an embedding value is " + v);
            }
        }
        try {
            return new Embedding(width, c, table.dim(0), table.dim(1));
        } catch (IllegalArgumentException e) {
            throw notAModel(e.getMessage());
        }
    }

    /** The first column a Slice along axis 1 of a matrix takes, checked to be in 0 … width−1 with steps of 1. */
    private int sliceStart(Node slice, String what, int width) {
        long[] starts = longsOf(slice.input(1), what + ": Slice '" + slice.name() + "''s starts");
        long[] axes = longsOf(slice.input(3), what + ": Slice '" + slice.name() + "''s axes");
        if (!slice.input(4).isEmpty() || starts.length != 1 || !Arrays.equals(axes, new long[] {1}) || starts[0] < 0 || starts[0] >= width) {
            throw notAModel(what + ": Slice '" + slice.name() + "' does not take columns from one in 0 … " + (width - 1) + " along axis 1");
        }
        return (int) starts[0];
    }

    private int sliceEnd(Node slice, String what) {
        long[] ends = longsOf(slice.input(2), what + ": Slice '" + slice.name() + "''s ends");
        if (ends.length != 1 || ends[0] < 1 || ends[0] > Integer.MAX_VALUE) {
            throw notAModel(what + ": Slice '" + slice.name() + "' ends at " + Arrays.toString(ends));
        }
        return (int) ends[0];
    }

    /** The output of the periodic embedding recognised by {@link #periodicAt}. */
    private String lastOfPeriodic;

    /**
     * The {@link PeriodicEmbedding} whose nodes (as {@code OnnxExport.periodic} writes them) read the
     * [N, width] value {@code cur}, marking them used and putting its frequencies, weights and biases
     * in {@code values}; null when {@code cur} is not read that way.
     */
    private PeriodicEmbedding periodicAt(String cur, int width, float[][] values) {
        List<Node> readers = consumers.getOrDefault(cur, List.of()).stream().filter(this::live).distinct().toList();
        Node rows = readers.stream().filter(r -> is(r, "Transpose") && Arrays.equals(Ops.ints(r.attributes(), "perm"), new long[] {1, 0}))
                .findFirst().orElse(null);
        if (rows == null || readers.size() > 2 || outputs.contains(cur)) {
            return null;
        }
        Node passed = readers.size() == 2 ? readers.get(readers.get(0) == rows ? 1 : 0) : null;
        Node gather = soleConsumer(rows.outputs().get(0));
        if (gather == null || !is(gather, "Gather") || Ops.i(gather.attributes(), "axis", 0) != 0) {
            return null;
        }
        // From here on the nodes are the export's periodic embedding: anything else is an error, not another reading.
        String what = "the periodic embedding from Transpose '" + rows.name() + "'";
        long[] chosen = longsOf(gather.input(1), what + ": its Gather's columns");
        int n = chosen.length;
        int[] columns = new int[n];
        for (int j = 0; j < n; j++) {
            if (chosen[j] < 0 || chosen[j] >= width || j > 0 && chosen[j] <= chosen[j - 1]) {
                throw notAModel(what + " embeds columns " + Arrays.toString(chosen) + ", not increasing columns of 0 … " + (width - 1));
            }
            columns[j] = (int) chosen[j];
        }
        Node unsqueeze = soleConsumer(gather.outputs().get(0));
        if (unsqueeze == null || !is(unsqueeze, "Unsqueeze") || !Arrays.equals(longsOf(unsqueeze.input(1), what + ": Unsqueeze's axes"), new long[] {2})) {
            throw notAModel(what + ": the gathered columns do not go into an Unsqueeze at axis 2");
        }
        Node angle = soleConsumer(unsqueeze.outputs().get(0));
        Node angular = angle == null || !is(angle, "Mul") ? null : producer.get(angle.input(0).equals(unsqueeze.outputs().get(0)) ? angle.input(1) : angle.input(0));
        if (angular == null || !is(angular, "Mul") || !constants.containsKey(angular.input(0)) || !scalar(angular.input(1), PeriodicEmbedding.TWO_PI)) {
            throw notAModel(what + ": the columns are not multiplied by 2π times constant frequencies");
        }
        Tensor frequencies = constants.get(angular.input(0));
        if (frequencies.kind() != Tensor.Kind.FLOAT || frequencies.rank() != 3 || frequencies.dim(0) != n || frequencies.dim(1) != 1 || frequencies.dim(2) < 1) {
            throw notAModel(what + ": the frequencies are " + frequencies + ", not [" + n + ", 1, k]");
        }
        int k = frequencies.dim(2);
        List<Node> trig = consumers.getOrDefault(angle.outputs().get(0), List.of());
        Node cos = trig.stream().filter(t -> is(t, "Cos")).findFirst().orElse(null);
        Node sin = trig.stream().filter(t -> is(t, "Sin")).findFirst().orElse(null);
        Node concat = cos == null || sin == null || trig.size() != 2 ? null : soleConsumer(cos.outputs().get(0));
        if (concat == null || !is(concat, "Concat") || Ops.i(concat.attributes(), "axis", 0) != 2
                || !concat.inputs().equals(List.of(cos.outputs().get(0), sin.outputs().get(0)))) {
            throw notAModel(what + ": the angles do not go into Cos and Sin concatenated along axis 2");
        }
        Node matMul = soleConsumer(concat.outputs().get(0));
        Tensor weight = matMul == null || !is(matMul, "MatMul") || !matMul.input(0).equals(concat.outputs().get(0)) ? null : constants.get(matMul.input(1));
        if (weight == null || weight.kind() != Tensor.Kind.FLOAT || weight.rank() < 2 || weight.rank() > 3 || weight.dim(weight.rank() - 2) != 2 * k
                || weight.rank() == 3 && weight.dim(0) != n || weight.dim(weight.rank() - 1) < 1) {
            throw notAModel(what + ": the cosines and sines are not multiplied by constant weights [" + n + ", " + 2 * k + ", d] or [" + 2 * k + ", d]"
                    + (weight == null ? "" : ", got " + weight));
        }
        boolean lite = weight.rank() == 2;
        int d = weight.dim(weight.rank() - 1);
        Node add = soleConsumer(matMul.outputs().get(0));
        Tensor bias = add == null || !is(add, "Add") || otherConstant(add, matMul.outputs().get(0)) == null ? null : constants.get(otherConstant(add, matMul.outputs().get(0)));
        int[] biasShape = lite ? new int[] {d} : new int[] {n, 1, d};
        if (bias == null || bias.kind() != Tensor.Kind.FLOAT || !Arrays.equals(bias.shape(), biasShape)) {
            throw notAModel(what + ": the weights are not followed by the Add of a constant bias " + Arrays.toString(biasShape)
                    + (bias == null ? "" : ", got " + bias));
        }
        Node relu = soleConsumer(add.outputs().get(0));
        Node byRow = relu == null || !is(relu, "Relu") ? null : soleConsumer(relu.outputs().get(0));
        Node flatten = byRow == null || !is(byRow, "Transpose") || !Arrays.equals(Ops.ints(byRow.attributes(), "perm"), new long[] {1, 0, 2})
                ? null : soleConsumer(byRow.outputs().get(0));
        if (flatten == null || !is(flatten, "Flatten") || Ops.i(flatten.attributes(), "axis", 1) != 1) {
            throw notAModel(what + ": the biased values are not followed by Relu, a Transpose to rows and a Flatten");
        }
        String result = flatten.outputs().get(0);
        Node joined = null;
        if (passed != null || n < width) {
            long[] expected = new long[width - n];
            for (int c = 0, o = 0, j = 0; c < width; c++) {
                if (j < n && columns[j] == c) {
                    j++;
                } else {
                    expected[o++] = c;
                }
            }
            joined = soleConsumer(result);
            if (passed == null || !is(passed, "Gather") || Ops.i(passed.attributes(), "axis", 0) != 1
                    || !Arrays.equals(longsOf(passed.input(1), what + ": the other columns' Gather"), expected)
                    || joined == null || !is(joined, "Concat") || Ops.i(joined.attributes(), "axis", 0) != 1
                    || !joined.inputs().equals(List.of(result, passed.outputs().get(0)))) {
                throw notAModel(what + ": the other columns " + Arrays.toString(expected) + " are not gathered and concatenated after the embeddings");
            }
        }
        for (Node node : new Node[] {rows, gather, unsqueeze, angular, angle, cos, sin, concat, matMul, add, relu, byRow, flatten, passed, joined}) {
            if (node != null) {
                take(node);
            }
        }
        lastOfPeriodic = joined != null ? joined.outputs().get(0) : result;
        float sigma = 0.01f;
        try {
            sigma = Float.parseFloat(graph.metadata().getOrDefault(PERIODIC_SIGMA_KEY, "0.01"));
        } catch (NumberFormatException e) {
            // informational only: the default stands
        }
        PeriodicEmbedding layer;
        try {
            layer = new PeriodicEmbedding(width, columns, k, d, sigma > 0 && Float.isFinite(sigma) ? sigma : 0.01f, lite);
        } catch (IllegalArgumentException e) {
            throw notAModel(e.getMessage());
        }
        values[0] = frequencies.floatData();
        values[1] = weight.floatData();
        values[2] = bias.floatData();
        for (float[] v : values) {
            for (float x : v) {
                if (!Float.isFinite(x)) {
                    throw notAModel(what + ": a parameter is " + x);
                }
            }
        }
        return layer;
    }

    private long[] longsOf(String name, String what) {
        Tensor t = constants.get(name);
        if (t == null || t.kind() != Tensor.Kind.INT64 || t.rank() != 1) {
            throw notAModel(what + " are not a constant list of integers");
        }
        return t.longData();
    }

    /** The last output of the activation recognised by {@link #activationOf}. */
    private String lastOfActivation;

    /** True when {@code sigmoid} reads {@code cur} and a Mul multiplies {@code cur} by its result: x·σ(x). */
    private boolean silu(Node sigmoid, String cur) {
        Node mul = soleConsumer(sigmoid.outputs().get(0));
        if (mul == null || !is(mul, "Mul") || !consumers.getOrDefault(cur, List.of()).contains(mul)) {
            return false;
        }
        String other = mul.input(0).equals(sigmoid.outputs().get(0)) ? mul.input(1) : mul.input(0);
        if (!other.equals(cur)) {
            return false;
        }
        used.add(sigmoid);
        siluProduct = mul;
        return true;
    }

    private Node siluProduct;

    /** The activation that starts at node {@code n} reading {@code cur}, marking its nodes used; null when there is none. */
    private Activation activationOf(Node n, String cur) {
        Activation f = switch (n.domain().isEmpty() ? n.opType() : "") {
            case "Relu" -> Activations.relu();
            case "Tanh" -> Activations.tanh();
            case "Sigmoid" -> silu(n, cur) ? Activations.silu() : Activations.sigmoid();
            case "Softplus" -> Activations.softplus();
            case "LeakyRelu" -> leaky(Ops.f(n.attributes(), "alpha", 0.01f));
            case "Elu" -> {
                float alpha = Ops.f(n.attributes(), "alpha", 1f);
                if (!(alpha > 0) || !Float.isFinite(alpha)) {
                    throw notAModel("Elu alpha " + alpha);
                }
                yield Activations.elu(alpha);
            }
            case "Gelu" -> Ops.s(n.attributes(), "approximate", "none").equals("none") ? Activations.gelu() : null;
            case "Softmax" -> {
                long axis = Ops.i(n.attributes(), "axis", graph.opset() < 13 ? 1 : -1);
                yield axis == 1 || axis == -1 ? Activations.softmax() : null;
            }
            default -> null;
        };
        if (f != null) {
            lastOfActivation = take(n);
            if (f == Activations.silu()) {
                lastOfActivation = take(siluProduct);
            }
            return f;
        }
        // GELU as PyTorch writes it at opsets < 20: x · 0.5 · (1 + erf(x / √2)), in either order of the products.
        if (is(n, "Div") && n.input(0).equals(cur) && scalar(n.input(1), 1.4142135f)) {
            Node erf = soleConsumer(n.outputs().get(0));
            Node add = erf != null && is(erf, "Erf") ? soleConsumer(erf.outputs().get(0)) : null;
            Node mul1 = add != null && is(add, "Add") && scalar(otherConstant(add, erf.outputs().get(0)), 1f)
                    ? soleConsumer(add.outputs().get(0)) : null;
            if (mul1 != null && is(mul1, "Mul")) {
                String other = mul1.input(0).equals(add.outputs().get(0)) ? mul1.input(1) : mul1.input(0);
                Node mul2 = soleConsumer(mul1.outputs().get(0));
                if (mul2 != null && is(mul2, "Mul")) {
                    String half = otherConstant(mul2, mul1.outputs().get(0));
                    if (other.equals(cur) && scalar(half, 0.5f)) {
                        take(n);
                        take(erf);
                        take(add);
                        take(mul1);
                        lastOfActivation = take(mul2);
                        return Activations.gelu();
                    }
                }
            }
        }
        return null;
    }

    /**
     * Where {@code cur} is read by exactly two nodes, as in GELU's Div and Mul or SiLU's Sigmoid
     * and Mul: the first node of the activation; else null.
     */
    private Node twoReaderActivation(String cur) {
        if (outputs.contains(cur)) {
            return null;
        }
        List<Node> readers = consumers.getOrDefault(cur, List.of()).stream().filter(this::live).toList();
        if (readers.size() != 2) {
            return null;
        }
        for (Node r : readers) {
            if (is(r, "Div") || is(r, "Sigmoid")) {
                return r;
            }
        }
        return null;
    }

    private Activation leaky(float alpha) {
        try {
            return Activations.leakyRelu(alpha);
        } catch (IllegalArgumentException e) {
            throw notAModel(e.getMessage());
        }
    }

    private void flush(List<Layer> layers, List<float[][]> weights, int in, int out, float[] w, float[] b, Activation activation) {
        for (float v : w) {
            if (!Float.isFinite(v)) {
                throw notAModel("a weight is " + v);
            }
        }
        for (float v : b) {
            if (!Float.isFinite(v)) {
                throw notAModel("a bias is " + v);
            }
        }
        layers.add(new Dense(in, out, activation == null ? Activations.identity() : activation));
        weights.add(new float[][] {w, b});
    }

    private static boolean is(Node n, String op) {
        return n.domain().isEmpty() && n.opType().equals(op);
    }

    /** The one node reading {@code value}, or null when none does, or several, or it is a graph output too. */
    private Node soleConsumer(String value) {
        List<Node> readers = consumers.getOrDefault(value, List.of());
        List<Node> unused = readers.stream().filter(this::live).toList();
        if (unused.size() == 1 && !outputs.contains(value)) {
            return unused.get(0);
        }
        if (unused.size() >= 1 && unused.stream().allMatch(r -> r == unused.get(0)) && !outputs.contains(value)) {
            return unused.get(0);
        }
        return null;
    }

    private String take(Node n) {
        used.add(n);
        return n.outputs().get(0);
    }

    /** Of a binary node reading {@code cur}, the other input when it is a constant; else null. */
    private String otherConstant(Node n, String cur) {
        if (n.inputs().size() != 2) {
            return null;
        }
        String other = n.input(0).equals(cur) ? n.input(1) : n.input(1).equals(cur) ? n.input(0) : null;
        return other != null && constants.containsKey(other) ? other : null;
    }

    private boolean scalar(String name, float value) {
        Tensor t = name == null ? null : constants.get(name);
        return t != null && t.kind() == Tensor.Kind.FLOAT && t.size() == 1 && Math.abs(t.floatData()[0] - value) <= 1e-6f * Math.abs(value);
    }

    private float[] floatsOf(String name) {
        Tensor t = constants.get(name);
        if (t == null || t.kind() != Tensor.Kind.FLOAT) {
            throw notAModel("'" + name + "' is not a constant float tensor");
        }
        return t.floatData();
    }

    private float[] broadcastVector(float[] v, int width, String what) {
        if (v.length == width) {
            return v.clone();
        }
        if (v.length == 1) {
            float[] out = new float[width];
            Arrays.fill(out, v[0]);
            return out;
        }
        throw notAModel(what + " has " + v.length + " values for " + width + " columns");
    }
}

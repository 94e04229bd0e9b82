package dev.neurite.io.onnx;

import dev.neurite.data.Preprocessor;
import dev.neurite.data.Task;
import dev.neurite.io.Model;
import dev.neurite.io.onnx.OnnxGraph.Attribute;
import dev.neurite.io.onnx.OnnxGraph.Node;
import dev.neurite.io.onnx.OnnxGraph.ValueInfo;
import dev.neurite.nn.Activation;
import dev.neurite.nn.ActivationLayer;
import dev.neurite.nn.Dense;
import dev.neurite.nn.Dropout;
import dev.neurite.nn.Embedding;
import dev.neurite.nn.Layer;
import dev.neurite.nn.Network;
import dev.neurite.nn.PeriodicEmbedding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the ONNX graph of a {@link Model}: IR 8, opset 17 and, where its operators are needed,
 * ai.onnx.ml 3. With {@link Onnx.Inputs#COLUMNS} the graph starts from the table's raw columns:
 *
 * <pre>
 *   numeric column  ─────────────────────────────┐
 *   text column ─ OneHotEncoder ─ Flatten ───────┼─ Concat ─ Sub(μ) ─ Div(σ) ─ network ─ Softmax ─┬─ probabilities
 *   …                                            ┘                                                └─ ArgMax ─ LabelEncoder ─ label
 * </pre>
 *
 * (a regressor ends in Mul(σ) ─ Add(μ), the target's units). An ensemble of K networks has K
 * branches from the encoded inputs, each a network (and for a classifier its Softmax), then
 * Add … Add ─ Mul(1/K), their mean, before the outputs; a member that embeds text columns has its
 * own column-encoding branch, since its embedding tables are its own. Each preprocessing step of a column is
 * one node between its input and the Concat, so a new step adds one node there. The
 * standardisation is Sub and Div rather than ml {@code Scaler}, whose multiplication by 1/σ would
 * round differently from Neurite's division. With {@link Onnx.Inputs#TENSOR} the graph takes the
 * encoded feature matrix and needs no ml operators.
 */
final class OnnxExport {
    static final long IR_VERSION = 8;
    static final long OPSET = 17;
    static final long ML_OPSET = 3;

    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Tensor> initializers = new LinkedHashMap<>();
    private int counter;

    private OnnxExport() {
    }

    static OnnxGraph graph(Model model, Onnx.Inputs inputs) {
        return new OnnxExport().build(model, inputs);
    }

    private String fresh(String stem) {
        return stem + "_" + counter++;
    }

    String node(String op, String domain, List<String> in, Map<String, Attribute> attributes) {
        String out = fresh(op.toLowerCase(Locale.ROOT));
        nodes.add(new Node(op, domain, out, in, List.of(out), attributes));
        return out;
    }

    String node(String op, String... in) {
        return node(op, "", List.of(in), Map.of());
    }

    String constant(String stem, Tensor t) {
        String name = fresh(stem);
        initializers.put(name, t);
        return name;
    }

    private String scalar(float v) {
        return constant("const", Tensor.floats(new int[0], new float[] {v}));
    }

    private OnnxGraph build(Model model, Onnx.Inputs mode) {
        Preprocessor pre = model.preprocessor();
        Network network = model.network();
        List<ValueInfo> graphInputs = new ArrayList<>();
        List<ValueInfo> graphOutputs = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(OnnxImport.LOSS_KEY, model.loss());
        boolean ml = false;
        boolean classifier = pre != null ? pre.task() == Task.CLASSIFICATION : model.loss().contains("entropy");
        List<Network> members = model.members();
        if (members.size() > 1) {
            metadata.put(OnnxImport.MEMBERS_KEY, Integer.toString(members.size()));
        }
        // Each member's branch: its inputs (shared, unless the member embeds columns with its own tables), its layers and,
        // for a classifier, its probabilities; then the members' mean, summed in member order and scaled by 1/K as Model does.
        String shared = null;
        String sum = null;
        int width = network.inputSize();
        for (int i = 0; i < members.size(); i++) {
            Network member = members.get(i);
            String x;
            List<Layer> layers = member.layers();
            if (mode == Onnx.Inputs.COLUMNS && pre != null) {
                ColumnInputs columns = new ColumnInputs(this, pre, member);
                layers = columns.layersAfterEmbeddings();
                x = shared != null && layers.size() == member.layers().size() ? shared : columns.build(i == 0 ? graphInputs : new ArrayList<>());
                if (i == 0) {
                    shared = x;
                    ml = true;
                    metadata.put(OnnxImport.TARGET_KEY, pre.target());
                    metadata.putAll(columns.metadata());
                }
            } else {
                if (i == 0) {
                    graphInputs.add(new ValueInfo("features", OnnxFormat.FLOAT, new int[] {-1, network.inputSize()}));
                    if (pre != null) {
                        metadata.put(OnnxImport.TARGET_KEY, pre.target());
                    }
                }
                x = "features";
            }
            width = member.inputSize();
            for (Layer layer : layers) {
                if (layer instanceof Embedding e) {
                    x = embedding(e, x);
                } else if (layer instanceof PeriodicEmbedding p) {
                    x = periodic(p, x);
                    metadata.put(OnnxImport.PERIODIC_SIGMA_KEY, Float.toString(p.sigma()));
                } else if (layer instanceof Dense d) {
                    float[] w = Arrays.copyOf(d.weight().data(), d.weight().size());
                    float[] b = Arrays.copyOf(d.bias().data(), d.bias().size());
                    x = node("Gemm", x, constant("weight", Tensor.floats(new int[] {d.inputSize(), d.outputSize()}, w)),
                            constant("bias", Tensor.floats(new int[] {d.outputSize()}, b)));
                    x = activation(d.activation(), x);
                    width = d.outputSize();
                } else if (layer instanceof ActivationLayer a) {
                    x = activation(a.activation(), x);
                } else if (!(layer instanceof Dropout)) {
                    throw new IllegalArgumentException("cannot export layer " + layer.describe() + " to ONNX");
                }
            }
            if (classifier && member.outputsAreLogits()) {
                x = width == 1 ? node("Sigmoid", x) : softmax(x);
            }
            sum = sum == null ? x : node("Add", sum, x);
        }
        String x = members.size() == 1 ? sum : node("Mul", sum, scalar(1f / members.size()));
        if (classifier) {
            String probabilities = rename(x, "probabilities");
            graphOutputs.add(new ValueInfo("probabilities", OnnxFormat.FLOAT, new int[] {-1, width}));
            Map<String, Attribute> a = new LinkedHashMap<>();
            a.put("axis", Attribute.of("axis", 1L));
            a.put("keepdims", Attribute.of("keepdims", 0L));
            String index;
            if (!Double.isNaN(model.decisionThreshold()) && width == 2) {
                // The positive (second) class from the threshold on, as Predictor decides: p ≥ t in double is p ≥ t' in float
                // for t' the least float not below t.
                float t = (float) model.decisionThreshold();
                if (t < model.decisionThreshold()) {
                    t = Math.nextUp(t);
                }
                String positive = node("GreaterOrEqual", slice(probabilities, 1, 2), constant("decision_threshold",
                        Tensor.floats(new int[0], new float[] {t})));
                String flat = node("Reshape", positive, constant("rows", Tensor.longs(new int[] {1}, new long[] {-1})));
                index = node("Cast", "", List.of(flat), Map.of("to", Attribute.of("to", (long) OnnxFormat.INT64)));
            } else {
                index = node("ArgMax", "", List.of(probabilities), a);
            }
            if (mode == Onnx.Inputs.COLUMNS && pre != null) {
                ml = true;
                long[] keys = new long[width];
                for (int k = 0; k < width; k++) {
                    keys[k] = k;
                }
                Map<String, Attribute> e = new LinkedHashMap<>();
                e.put("keys_int64s", Attribute.of("keys_int64s", keys));
                e.put("values_strings", Attribute.of("values_strings", pre.classLabels()));
                rename(node("LabelEncoder", OnnxGraph.ML_DOMAIN, List.of(index), e), "label");
                graphOutputs.add(0, new ValueInfo("label", OnnxFormat.STRING, new int[] {-1}));
            } else {
                rename(index, "class_index");
                graphOutputs.add(0, new ValueInfo("class_index", OnnxFormat.INT64, new int[] {-1}));
            }
        } else {
            if (pre != null && pre.task() == Task.REGRESSION) {
                x = node("Mul", x, constant("target_scale", Tensor.floats(new int[] {1}, pre.targetScaler().scale())));
                x = node("Add", x, constant("target_mean", Tensor.floats(new int[] {1}, pre.targetScaler().mean())));
            }
            rename(x, "value");
            graphOutputs.add(new ValueInfo("value", OnnxFormat.FLOAT, new int[] {-1, width}));
        }
        Map<String, Long> opsets = new LinkedHashMap<>();
        opsets.put("", OPSET);
        if (ml) {
            opsets.put(OnnxGraph.ML_DOMAIN, ML_OPSET);
        }
        return new OnnxGraph(IR_VERSION, opsets, "neurite", metadata, nodes, initializers, graphInputs, graphOutputs);
    }

    /**
     * An {@link Embedding} over a feature matrix: {@code [x[:, :c], E[round(x[:, c])], x[:, c+1:]]},
     * as Slice, Round, Cast to int64, Gather of the table, Flatten and Concat.
     */
    private String embedding(Embedding e, String x) {
        int c = e.column();
        int n = e.inputSize();
        String index = node("Cast", "", List.of(node("Round", slice(x, c, c + 1))), Map.of("to", Attribute.of("to", (long) OnnxFormat.INT64)));
        float[] table = Arrays.copyOf(e.weight().value().data(), e.vocabulary() * e.dimension());
        String rows = node("Gather", "", List.of(constant("embedding", Tensor.floats(new int[] {e.vocabulary(), e.dimension()}, table)), index),
                Map.of("axis", Attribute.of("axis", 0L)));
        List<String> parts = new ArrayList<>();
        if (c > 0) {
            parts.add(slice(x, 0, c));
        }
        parts.add(node("Flatten", "", List.of(rows), Map.of("axis", Attribute.of("axis", 1L))));
        if (c + 1 < n) {
            parts.add(slice(x, c + 1, n));
        }
        return parts.size() == 1 ? parts.get(0) : node("Concat", "", parts, Map.of("axis", Attribute.of("axis", 1L)));
    }

    /**
     * A {@link PeriodicEmbedding} over a feature matrix {@code x} ([N, w]), its n columns carried as
     * [n, N, ·] so that one batched MatMul applies each column's own map:
     *
     * <pre>
     *   Transpose ─ Gather(columns) ─ Unsqueeze ─ Mul(2π·c) ─┬─ Cos ─┬─ Concat ─ MatMul(W) ─ Add(b) ─ Relu ─ Transpose ─ Flatten ─┬─ Concat
     *                                                        └─ Sin ─┘                                                            │
     *   x ─ Gather(the other columns) ────────────────────────────────────────────────────────────────────────────────────────────┘
     * </pre>
     *
     * c is [n, 1, k] and 2π·c a Mul in the graph, as Neurite computes it, W is [n, 2k, d] and b
     * [n, 1, d] ([2k, d] and [d] when lite).
     */
    private String periodic(PeriodicEmbedding p, String x) {
        int[] columns = p.columns();
        int n = columns.length;
        int k = p.frequencies();
        int d = p.dimension();
        long[] chosen = new long[n];
        boolean[] embedded = new boolean[p.inputSize()];
        for (int j = 0; j < n; j++) {
            chosen[j] = columns[j];
            embedded[columns[j]] = true;
        }
        String rows = node("Transpose", "", List.of(x), Map.of("perm", Attribute.of("perm", new long[] {1, 0})));
        String values = node("Gather", "", List.of(rows, constant("numeric_columns", Tensor.longs(new int[] {n}, chosen))),
                Map.of("axis", Attribute.of("axis", 0L)));
        String column = node("Unsqueeze", values, constant("axes", Tensor.longs(new int[] {1}, new long[] {2})));
        float[] c = Arrays.copyOf(p.frequency().value().data(), n * k);
        String angular = node("Mul", constant("frequencies", Tensor.floats(new int[] {n, 1, k}, c)),
                constant("two_pi", Tensor.floats(new int[0], new float[] {PeriodicEmbedding.TWO_PI})));
        String angle = node("Mul", column, angular);
        String periodic = node("Concat", "", List.of(node("Cos", angle), node("Sin", angle)), Map.of("axis", Attribute.of("axis", 2L)));
        float[] w = Arrays.copyOf(p.weight().value().data(), p.weight().value().size());
        float[] b = Arrays.copyOf(p.bias().value().data(), p.bias().value().size());
        String z = node("MatMul", periodic, constant("weight", Tensor.floats(p.lite() ? new int[] {2 * k, d} : new int[] {n, 2 * k, d}, w)));
        z = node("Add", z, constant("bias", Tensor.floats(p.lite() ? new int[] {d} : new int[] {n, 1, d}, b)));
        String byRow = node("Transpose", "", List.of(node("Relu", z)), Map.of("perm", Attribute.of("perm", new long[] {1, 0, 2})));
        String out = node("Flatten", "", List.of(byRow), Map.of("axis", Attribute.of("axis", 1L)));
        int others = p.inputSize() - n;
        if (others == 0) {
            return out;
        }
        long[] rest = new long[others];
        for (int c2 = 0, o = 0; c2 < p.inputSize(); c2++) {
            if (!embedded[c2]) {
                rest[o++] = c2;
            }
        }
        String passed = node("Gather", "", List.of(x, constant("other_columns", Tensor.longs(new int[] {others}, rest))),
                Map.of("axis", Attribute.of("axis", 1L)));
        return node("Concat", "", List.of(out, passed), Map.of("axis", Attribute.of("axis", 1L)));
    }

    /** Columns {@code from} … {@code to−1} of the matrix {@code x}. */
    private String slice(String x, int from, int to) {
        return node("Slice", x, constant("starts", Tensor.longs(new int[] {1}, new long[] {from})),
                constant("ends", Tensor.longs(new int[] {1}, new long[] {to})), constant("axes", Tensor.longs(new int[] {1}, new long[] {1})));
    }

    private String softmax(String x) {
        return node("Softmax", "", List.of(x), Map.of("axis", Attribute.of("axis", -1L)));
    }

    /** Renames the output of the last node (which computed {@code value}) to {@code name}. */
    private String rename(String value, String name) {
        Node last = nodes.get(nodes.size() - 1);
        if (!last.outputs().get(0).equals(value)) {
            nodes.add(new Node("Identity", "", fresh("identity"), List.of(value), List.of(name), Map.of()));
            return name;
        }
        nodes.set(nodes.size() - 1, new Node(last.opType(), last.domain(), last.name(), last.inputs(), List.of(name), last.attributes()));
        return name;
    }

    private String activation(Activation f, String x) {
        String spec = f.spec();
        switch (f.name()) {
            case "identity":
                return x;
            case "relu":
                return node("Relu", x);
            case "sigmoid":
                return node("Sigmoid", x);
            case "tanh":
                return node("Tanh", x);
            case "softplus":
                return node("Softplus", x);
            case "softmax":
                return softmax(x);
            case "leaky_relu":
                return node("LeakyRelu", "", List.of(x), Map.of("alpha", Attribute.of("alpha", parameter(spec, 0.01f))));
            case "elu":
                return node("Elu", "", List.of(x), Map.of("alpha", Attribute.of("alpha", parameter(spec, 1f))));
            case "silu":
                return node("Mul", x, node("Sigmoid", x));
            case "gelu": {
                // x · 0.5 · (1 + erf(x / √2)), as PyTorch writes GELU below opset 20
                String erf = node("Erf", node("Div", x, scalar(1.4142135f)));
                return node("Mul", node("Mul", x, node("Add", erf, scalar(1f))), scalar(0.5f));
            }
            default:
                throw new IllegalArgumentException("cannot export activation " + spec + " to ONNX");
        }
    }

    /** The number in brackets of an activation's spec, {@code "elu(0.5)"}, or {@code otherwise}. */
    private static float parameter(String spec, float otherwise) {
        int open = spec.indexOf('(');
        return open < 0 ? otherwise : Float.parseFloat(spec.substring(open + 1, spec.length() - 1));
    }
}

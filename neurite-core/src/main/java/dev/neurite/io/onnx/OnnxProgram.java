package dev.neurite.io.onnx;

import dev.neurite.InvalidInputException;
import dev.neurite.io.onnx.OnnxGraph.Node;
import dev.neurite.io.onnx.OnnxGraph.ValueInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An ONNX graph ready to run: every node bound to its operator when loaded, in the graph's
 * (topological) order. Loading refuses, in one message, every operator Neurite lacks, and a
 * node that reads a value nothing defines. Running is stateless: safe from many threads.
 */
public final class OnnxProgram {
    private final OnnxGraph graph;
    private final List<Node> nodes;
    private final List<Ops.Op> ops;
    private final Set<String> graphInputs;

    private OnnxProgram(OnnxGraph graph, List<Node> nodes, List<Ops.Op> ops) {
        this.graph = graph;
        this.nodes = nodes;
        this.ops = ops;
        this.graphInputs = new HashSet<>();
        for (ValueInfo v : graph.inputs()) {
            if (!graph.initializers().containsKey(v.name())) {
                graphInputs.add(v.name());
            }
        }
    }

    /** Binds every node of {@code graph}; {@code source} names the model in messages. */
    public static OnnxProgram compile(OnnxGraph graph, String source) {
        Set<String> missing = new TreeSet<>();
        for (Node node : graph.nodes()) {
            if (!Ops.known(node)) {
                missing.add(node.qualifiedType());
            }
        }
        for (Map.Entry<String, Long> opset : graph.opsets().entrySet()) {
            if (!opset.getKey().isEmpty() && !opset.getKey().equals(OnnxGraph.ML_DOMAIN)) {
                missing.add("domain " + opset.getKey());
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException(source + ": operators Neurite does not support: " + String.join(", ", missing)
                    + " (supported: " + String.join(", ", Ops.DEFAULT_OPS) + "; ai.onnx.ml " + String.join(", ", Ops.ML_OPS) + ")");
        }
        Set<String> defined = new HashSet<>(graph.initializers().keySet());
        for (ValueInfo v : graph.inputs()) {
            defined.add(v.name());
        }
        List<Ops.Op> ops = new ArrayList<>();
        for (int k = 0; k < graph.nodes().size(); k++) {
            Node node = graph.nodes().get(k);
            String where = source + ": node " + k + " (" + node.qualifiedType() + (node.name().isEmpty() ? "" : " '" + node.name() + "'") + ")";
            for (String in : node.inputs()) {
                if (!in.isEmpty() && !defined.contains(in)) {
                    throw new InvalidInputException(where + " reads '" + in + "', which no earlier node, input or initializer defines");
                }
            }
            if (node.outputs().isEmpty()) {
                throw new InvalidInputException(where + " has no output");
            }
            ops.add(Ops.make(node, graph.opset(), where));
            defined.addAll(node.outputs());
        }
        for (ValueInfo v : graph.outputs()) {
            if (!defined.contains(v.name())) {
                throw new InvalidInputException(source + ": graph output '" + v.name() + "' is computed by no node");
            }
        }
        if (graph.outputs().isEmpty()) {
            throw new InvalidInputException(source + ": the graph has no outputs");
        }
        return new OnnxProgram(graph, graph.nodes(), ops);
    }

    public OnnxGraph graph() {
        return graph;
    }

    /** The graph inputs a caller must give (those without an initializer). */
    public List<ValueInfo> inputs() {
        return graph.inputs().stream().filter(v -> graphInputs.contains(v.name())).toList();
    }

    /**
     * Runs the graph on {@code inputs} (by name); returns every graph output by name: a
     * {@link Tensor}, or for ZipMap a {@code List<Map<Object, Float>>}.
     */
    public Map<String, Object> run(Map<String, Tensor> inputs) {
        Map<String, Object> values = new HashMap<>(graph.initializers());
        for (String name : graphInputs) {
            Tensor t = inputs.get(name);
            if (t == null) {
                throw new InvalidInputException("the model needs input '" + name + "'; given " + inputs.keySet());
            }
            values.put(name, t);
        }
        for (int k = 0; k < nodes.size(); k++) {
            Node node = nodes.get(k);
            Object[] in = new Object[node.inputs().size()];
            for (int j = 0; j < in.length; j++) {
                String name = node.inputs().get(j);
                in[j] = name.isEmpty() ? null : values.get(name);
            }
            Object[] out = ops.get(k).run(in);
            for (int j = 0; j < node.outputs().size() && j < out.length; j++) {
                if (!node.outputs().get(j).isEmpty()) {
                    values.put(node.outputs().get(j), out[j]);
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (ValueInfo v : graph.outputs()) {
            Object value = values.get(v.name());
            if (value == null) {
                throw new InvalidInputException("graph output '" + v.name() + "' was not computed");
            }
            result.put(v.name(), value);
        }
        return result;
    }
}

package dev.neurite.io.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX {@code ModelProto} that Neurite reads and writes: the IR version, the
 * operator sets, the metadata, and one graph of nodes over named values.
 */
public record OnnxGraph(long irVersion, Map<String, Long> opsets, String producer, Map<String, String> metadata,
                        List<Node> nodes, Map<String, Tensor> initializers, List<ValueInfo> inputs, List<ValueInfo> outputs) {

    /** The default ({@code ""} or {@code "ai.onnx"}) domain. */
    public static final String DEFAULT_DOMAIN = "";
    /** The domain of scikit-learn-style preprocessing operators. */
    public static final String ML_DOMAIN = "ai.onnx.ml";

    public OnnxGraph {
        opsets = Map.copyOf(opsets);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        nodes = List.copyOf(nodes);
        initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** The version of the default operator set, or 0 when the model imports none. */
    public long opset() {
        return opsets.getOrDefault(DEFAULT_DOMAIN, opsets.getOrDefault("ai.onnx", 0L));
    }

    /** One operator application. */
    public record Node(String opType, String domain, String name, List<String> inputs, List<String> outputs,
                       Map<String, Attribute> attributes) {
        public Node {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        }

        /** The operator as written in messages: {@code Gemm} or {@code ai.onnx.ml.Scaler}. */
        public String qualifiedType() {
            return domain.isEmpty() || domain.equals("ai.onnx") ? opType : domain + "." + opType;
        }

        /** The input at {@code i}, or "" when absent (ONNX's empty name for an omitted optional input). */
        public String input(int i) {
            return i < inputs.size() ? inputs.get(i) : "";
        }
    }

    /**
     * A node attribute: exactly one of its fields is set, per {@link #type}: FLOAT {@code f}, INT
     * {@code i}, STRING {@code s}, TENSOR {@code t}, FLOATS, INTS, STRINGS.
     */
    public record Attribute(String name, Type type, float f, long i, String s, Tensor t,
                            float[] floats, long[] ints, List<String> strings) {
        public enum Type { FLOAT, INT, STRING, TENSOR, FLOATS, INTS, STRINGS }

        public static Attribute of(String name, float f) {
            return new Attribute(name, Type.FLOAT, f, 0, null, null, null, null, null);
        }

        public static Attribute of(String name, long i) {
            return new Attribute(name, Type.INT, 0, i, null, null, null, null, null);
        }

        public static Attribute of(String name, String s) {
            return new Attribute(name, Type.STRING, 0, 0, s, null, null, null, null);
        }

        public static Attribute of(String name, Tensor t) {
            return new Attribute(name, Type.TENSOR, 0, 0, null, t, null, null, null);
        }

        public static Attribute of(String name, float[] floats) {
            return new Attribute(name, Type.FLOATS, 0, 0, null, null, floats, null, null);
        }

        public static Attribute of(String name, long[] ints) {
            return new Attribute(name, Type.INTS, 0, 0, null, null, null, ints, null);
        }

        public static Attribute of(String name, List<String> strings) {
            return new Attribute(name, Type.STRINGS, 0, 0, null, null, null, null, List.copyOf(strings));
        }
    }

    /**
     * A graph input or output: its name, its element type (ONNX's code: 1 float, 7 int64,
     * 8 string, …; 0 when not a tensor) and its shape, −1 for a dimension without a fixed size
     * (null when the shape is not given), and its documentation ("" when none).
     */
    public record ValueInfo(String name, int elementType, int[] shape, String docString) {
        public ValueInfo {
            docString = docString == null ? "" : docString;
        }

        public ValueInfo(String name, int elementType, int[] shape) {
            this(name, elementType, shape, "");
        }
    }
}

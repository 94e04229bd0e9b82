package dev.neurite.io.onnx;

import dev.neurite.InvalidInputException;
import dev.neurite.io.onnx.OnnxGraph.Attribute;
import dev.neurite.io.onnx.OnnxGraph.Node;
import dev.neurite.io.onnx.OnnxGraph.ValueInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes ONNX {@code ModelProto} bytes (onnx.proto, IR 3–10) without generated code:
 * the fields an MLP with its preprocessing needs, by number. Everything else is skipped on
 * reading; a subgraph attribute, a sparse initializer or tensor data stored outside the file is
 * refused, since Neurite opens no file the model names.
 */
public final class OnnxFormat {
    /** ONNX element types. */
    static final int FLOAT = 1, UINT8 = 2, INT8 = 3, UINT16 = 4, INT16 = 5, INT32 = 6, INT64 = 7, STRING = 8,
            BOOL = 9, DOUBLE = 11, UINT32 = 12, UINT64 = 13;

    private OnnxFormat() {
    }

    // ---------------------------------------------------------------- reading

    /** Parses the bytes of an ONNX model file; any problem is an {@link InvalidInputException} naming {@code source}. */
    public static OnnxGraph read(byte[] bytes, String source) {
        ProtoReader r = new ProtoReader(bytes, source);
        long ir = -1;
        Map<String, Long> opsets = new LinkedHashMap<>();
        String producer = "";
        Map<String, String> metadata = new LinkedHashMap<>();
        OnnxGraph graph = null;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> ir = r.int64();
                case 2 -> producer = r.string();
                case 7 -> {
                    if (graph != null) {
                        throw r.error("two graphs in one model");
                    }
                    graph = graph(r.message());
                }
                case 8 -> {
                    ProtoReader o = r.message();
                    String domain = "";
                    long version = 0;
                    while (o.next()) {
                        switch (o.field()) {
                            case 1 -> domain = o.string();
                            case 2 -> version = o.int64();
                            default -> o.skip();
                        }
                    }
                    opsets.put(domain.equals("ai.onnx") ? "" : domain, version);
                }
                case 14 -> {
                    ProtoReader e = r.message();
                    String key = "";
                    String value = "";
                    while (e.next()) {
                        switch (e.field()) {
                            case 1 -> key = e.string();
                            case 2 -> value = e.string();
                            default -> e.skip();
                        }
                    }
                    metadata.put(key, value);
                }
                default -> r.skip();
            }
        }
        if (graph == null) {
            throw new InvalidInputException(source + ": not an ONNX model (no graph)");
        }
        if (ir < 3) {
            throw new InvalidInputException(source + ": ONNX IR version " + ir + "; Neurite reads IR 3 and later");
        }
        if (!opsets.containsKey("")) {
            throw new InvalidInputException(source + ": the model imports no version of the default operator set");
        }
        return new OnnxGraph(ir, opsets, producer, metadata, graph.nodes(), graph.initializers(), graph.inputs(), graph.outputs());
    }

    private static OnnxGraph graph(ProtoReader r) {
        List<Node> nodes = new ArrayList<>();
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        List<ValueInfo> inputs = new ArrayList<>();
        List<ValueInfo> outputs = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> nodes.add(node(r.message()));
                case 5 -> {
                    NamedTensor t = tensor(r.message());
                    if (initializers.put(t.name, t.tensor) != null) {
                        throw r.error("two initializers named '" + t.name + "'");
                    }
                }
                case 11 -> inputs.add(valueInfo(r.message()));
                case 12 -> outputs.add(valueInfo(r.message()));
                case 15 -> throw r.error("sparse initializers are not supported");
                default -> r.skip();
            }
        }
        return new OnnxGraph(0, Map.of(), "", Map.of(), nodes, initializers, inputs, outputs);
    }

    private static Node node(ProtoReader r) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String opType = "";
        String domain = "";
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> inputs.add(r.string());
                case 2 -> outputs.add(r.string());
                case 3 -> name = r.string();
                case 4 -> opType = r.string();
                case 7 -> domain = r.string();
                case 5 -> {
                    Attribute a = attribute(r.message());
                    attributes.put(a.name(), a);
                }
                default -> r.skip();
            }
        }
        return new Node(opType, domain.equals("ai.onnx") ? "" : domain, name, inputs, outputs, attributes);
    }

    private static Attribute attribute(ProtoReader r) {
        String name = "";
        int type = 0;
        float f = 0;
        long i = 0;
        String s = null;
        Tensor t = null;
        ProtoReader.LongList floats = new ProtoReader.LongList();
        ProtoReader.LongList ints = new ProtoReader.LongList();
        List<String> strings = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> name = r.string();
                case 20 -> type = r.intIn("attribute type", 0, 14);
                case 2 -> f = r.float32();
                case 3 -> i = r.int64();
                case 4 -> s = new String(r.bytes(), StandardCharsets.UTF_8);
                case 5 -> t = tensor(r.message()).tensor;
                case 6, 11 -> throw r.error("subgraph attributes are not supported");
                case 7 -> r.floats(floats);
                case 8 -> r.int64s(ints);
                case 9 -> strings.add(new String(r.bytes(), StandardCharsets.UTF_8));
                case 21 -> throw r.error("attribute references (functions) are not supported");
                default -> r.skip();
            }
        }
        switch (type) {
            case 1:
                return Attribute.of(name, f);
            case 2:
                return Attribute.of(name, i);
            case 3:
                return Attribute.of(name, s == null ? "" : s);
            case 4:
                if (t == null) {
                    throw r.error("tensor attribute '" + name + "' has no tensor");
                }
                return Attribute.of(name, t);
            case 6:
                return Attribute.of(name, floats.toFloatArray());
            case 7:
                return Attribute.of(name, ints.toArray());
            case 8:
                return Attribute.of(name, strings);
            default:
                throw r.error("attribute '" + name + "' has type " + type + ", which Neurite does not read");
        }
    }

    private record NamedTensor(String name, Tensor tensor) {
    }

    private static NamedTensor tensor(ProtoReader r) {
        ProtoReader.LongList dims = new ProtoReader.LongList();
        int type = 0;
        String name = "";
        byte[] raw = null;
        ProtoReader.LongList floats = new ProtoReader.LongList();
        ProtoReader.LongList longs = new ProtoReader.LongList();
        List<String> strings = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> r.int64s(dims);
                case 2 -> type = r.intIn("tensor data type", 0, 32);
                case 3 -> throw r.error("segmented tensors are not supported");
                case 4 -> r.floats(floats);
                case 5, 7, 11 -> r.int64s(longs);
                case 6 -> strings.add(new String(r.bytes(), StandardCharsets.UTF_8));
                case 8 -> name = r.string();
                case 9 -> raw = r.bytes();
                case 10 -> r.doubles(floats);
                case 13 -> throw r.error("tensor '" + name + "' keeps its data in an external file; Neurite reads only self-contained models");
                case 14 -> {
                    if (r.int64() != 0) {
                        throw r.error("tensor '" + name + "' keeps its data in an external file; Neurite reads only self-contained models");
                    }
                }
                default -> r.skip();
            }
        }
        int[] shape = new int[dims.size()];
        long[] d = dims.toArray();
        for (int k = 0; k < d.length; k++) {
            if (d[k] < 0 || d[k] > Integer.MAX_VALUE) {
                throw r.error("tensor '" + name + "' has dimension " + d[k]);
            }
            shape[k] = (int) d[k];
        }
        long n = Tensor.size(shape);
        if (n < 0) {
            throw r.error("tensor '" + name + "' has too many elements (shape " + Arrays.toString(d) + ")");
        }
        Tensor t;
        switch (type) {
            case FLOAT, DOUBLE -> {
                float[] values;
                if (raw != null) {
                    int width = type == FLOAT ? 4 : 8;
                    checkCount(r, name, shape, raw.length, width, n);
                    values = new float[(int) n];
                    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                    for (int k = 0; k < n; k++) {
                        values[k] = type == FLOAT ? b.getFloat() : (float) b.getDouble();
                    }
                } else {
                    checkCount(r, name, shape, floats.size(), 1, n);
                    values = floats.toFloatArray();
                }
                t = Tensor.floats(shape, values);
            }
            case UINT8, INT8, UINT16, INT16, INT32, INT64, BOOL, UINT32, UINT64 -> {
                long[] values;
                if (raw != null) {
                    int width = switch (type) {
                        case UINT8, INT8, BOOL -> 1;
                        case UINT16, INT16 -> 2;
                        case INT32, UINT32 -> 4;
                        default -> 8;
                    };
                    checkCount(r, name, shape, raw.length, width, n);
                    values = new long[(int) n];
                    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                    for (int k = 0; k < n; k++) {
                        values[k] = switch (type) {
                            case UINT8, BOOL -> b.get() & 0xFF;
                            case INT8 -> b.get();
                            case UINT16 -> b.getShort() & 0xFFFF;
                            case INT16 -> b.getShort();
                            case INT32 -> b.getInt();
                            case UINT32 -> b.getInt() & 0xFFFFFFFFL;
                            default -> b.getLong();
                        };
                    }
                } else {
                    checkCount(r, name, shape, longs.size(), 1, n);
                    values = longs.toArray();
                }
                t = Tensor.longs(shape, values);
            }
            case STRING -> {
                checkCount(r, name, shape, strings.size(), 1, n);
                t = Tensor.strings(shape, strings.toArray(String[]::new));
            }
            default -> throw r.error("tensor '" + name + "' has data type " + type + ", which Neurite does not read");
        }
        return new NamedTensor(name, t);
    }

    private static void checkCount(ProtoReader r, String name, int[] shape, long have, int width, long n) {
        if (have != n * width) {
            throw r.error("tensor '" + name + "' of shape " + Arrays.toString(shape) + " needs " + n
                    + " elements but holds " + (have / width) + (width > 1 ? " (" + have + " bytes)" : ""));
        }
    }

    private static ValueInfo valueInfo(ProtoReader r) {
        String name = "";
        String doc = "";
        int elem = 0;
        int[] shape = null;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> name = r.string();
                case 3 -> doc = r.string();
                case 2 -> {
                    ProtoReader type = r.message();
                    while (type.next()) {
                        if (type.field() != 1) {
                            type.skip();
                            continue;
                        }
                        ProtoReader tensor = type.message();
                        while (tensor.next()) {
                            switch (tensor.field()) {
                                case 1 -> elem = tensor.intIn("element type", 0, 32);
                                case 2 -> {
                                    List<Integer> dims = new ArrayList<>();
                                    ProtoReader s = tensor.message();
                                    while (s.next()) {
                                        if (s.field() != 1) {
                                            s.skip();
                                            continue;
                                        }
                                        ProtoReader dim = s.message();
                                        int value = -1;
                                        while (dim.next()) {
                                            if (dim.field() == 1) {
                                                long v = dim.int64();
                                                value = v >= 0 && v <= Integer.MAX_VALUE ? (int) v : -1;
                                            } else {
                                                dim.skip();
                                            }
                                        }
                                        dims.add(value);
                                    }
                                    shape = dims.stream().mapToInt(Integer::intValue).toArray();
                                }
                                default -> tensor.skip();
                            }
                        }
                    }
                }
                default -> r.skip();
            }
        }
        return new ValueInfo(name, elem, shape, doc);
    }

    // ---------------------------------------------------------------- writing

    /** The bytes of {@code graph} as an ONNX model file. */
    public static byte[] write(OnnxGraph graph) {
        ProtoWriter model = new ProtoWriter().int64(1, graph.irVersion()).string(2, graph.producer());
        ProtoWriter g = new ProtoWriter();
        for (Node node : graph.nodes()) {
            g.message(1, node(node));
        }
        g.string(2, "neurite");
        graph.initializers().forEach((name, t) -> g.message(5, tensor(name, t)));
        for (ValueInfo v : graph.inputs()) {
            g.message(11, valueInfo(v));
        }
        for (ValueInfo v : graph.outputs()) {
            g.message(12, valueInfo(v));
        }
        model.message(7, g);
        graph.opsets().forEach((domain, version) -> model.message(8, new ProtoWriter().string(1, domain).int64(2, version)));
        graph.metadata().forEach((k, v) -> model.message(14, new ProtoWriter().string(1, k).string(2, v)));
        return model.toByteArray();
    }

    private static ProtoWriter node(Node node) {
        ProtoWriter w = new ProtoWriter();
        for (String in : node.inputs()) {
            w.string(1, in);
        }
        for (String out : node.outputs()) {
            w.string(2, out);
        }
        w.string(3, node.name()).string(4, node.opType());
        for (Attribute a : node.attributes().values()) {
            w.message(5, attribute(a));
        }
        if (!node.domain().isEmpty()) {
            w.string(7, node.domain());
        }
        return w;
    }

    private static ProtoWriter attribute(Attribute a) {
        ProtoWriter w = new ProtoWriter().string(1, a.name());
        switch (a.type()) {
            case FLOAT -> w.float32(2, a.f()).int64(20, 1);
            case INT -> w.int64(3, a.i()).int64(20, 2);
            case STRING -> w.string(4, a.s()).int64(20, 3);
            case TENSOR -> w.message(5, tensor("", a.t())).int64(20, 4);
            case FLOATS -> w.packedFloat(7, a.floats()).int64(20, 6);
            case INTS -> w.packedInt64(8, a.ints()).int64(20, 7);
            case STRINGS -> {
                for (String s : a.strings()) {
                    w.string(9, s);
                }
                w.int64(20, 8);
            }
            default -> throw new IllegalArgumentException("attribute type " + a.type());
        }
        return w;
    }

    private static ProtoWriter tensor(String name, Tensor t) {
        ProtoWriter w = new ProtoWriter();
        long[] dims = Arrays.stream(t.shape()).asLongStream().toArray();
        if (dims.length > 0) {
            w.packedInt64(1, dims);
        }
        switch (t.kind()) {
            case FLOAT -> w.int64(2, FLOAT).packedFloat(4, t.floatData());
            case INT64 -> w.int64(2, INT64).packedInt64(7, t.longData());
            case STRING -> {
                w.int64(2, STRING);
                for (String s : t.stringData()) {
                    w.string(6, s);
                }
            }
            default -> throw new IllegalArgumentException(t.kind().toString());
        }
        if (!name.isEmpty()) {
            w.string(8, name);
        }
        return w;
    }

    private static ProtoWriter valueInfo(ValueInfo v) {
        ProtoWriter shape = new ProtoWriter();
        if (v.shape() != null) {
            for (int d : v.shape()) {
                shape.message(1, d >= 0 ? new ProtoWriter().int64(1, d) : new ProtoWriter().string(2, "N"));
            }
        }
        ProtoWriter tensorType = new ProtoWriter().int64(1, v.elementType());
        if (v.shape() != null) {
            tensorType.message(2, shape);
        }
        ProtoWriter w = new ProtoWriter().string(1, v.name()).message(2, new ProtoWriter().message(1, tensorType));
        return v.docString().isEmpty() ? w : w.string(3, v.docString());
    }
}

package dev.neurite.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.InvalidInputException;
import dev.neurite.io.onnx.OnnxGraph.Attribute;
import dev.neurite.io.onnx.OnnxGraph.Node;
import dev.neurite.io.onnx.OnnxGraph.ValueInfo;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ONNX reader refuses what it cannot run, and bad bytes, with messages that name the problem. */
class OnnxReaderTest {

    private static OnnxGraph graph(List<Node> nodes, Map<String, Tensor> initializers) {
        return new OnnxGraph(8, Map.of("", 17L), "test", Map.of(), nodes, initializers,
                List.of(new ValueInfo("x", OnnxFormat.FLOAT, new int[] {-1, 2})),
                List.of(new ValueInfo(nodes.get(nodes.size() - 1).outputs().get(0), OnnxFormat.FLOAT, null)));
    }

    @Test
    void unsupportedOperatorsAreListedAtLoadTime() {
        OnnxGraph g = graph(List.of(
                new Node("Conv", "", "c", List.of("x"), List.of("a"), Map.of()),
                new Node("Relu", "", "r", List.of("a"), List.of("b"), Map.of()),
                new Node("LSTM", "", "l", List.of("b"), List.of("c"), Map.of()),
                new Node("TreeEnsembleClassifier", "ai.onnx.ml", "t", List.of("c"), List.of("d"), Map.of())), Map.of());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Onnx.read(OnnxFormat.write(g), "m.onnx"));
        assertTrue(e.getMessage().startsWith("m.onnx: operators Neurite does not support: Conv, LSTM, ai.onnx.ml.TreeEnsembleClassifier"),
                e.getMessage());
    }

    @Test
    void writtenGraphReadsBackTheSame() {
        Map<String, Attribute> a = Map.of("alpha", Attribute.of("alpha", 0.25f), "transB", Attribute.of("transB", 1L));
        Tensor w = Tensor.floats(new int[] {3, 2}, new float[] {1, 2, 3, 4, 5, -6});
        OnnxGraph g = graph(List.of(new Node("Gemm", "", "g", List.of("x", "w"), List.of("y"), a),
                new Node("LabelEncoder", "ai.onnx.ml", "e", List.of("y"), List.of("z"),
                        Map.of("values_strings", Attribute.of("values_strings", List.of("a", "b")),
                                "keys_int64s", Attribute.of("keys_int64s", new long[] {0, 1})))), Map.of("w", w));
        OnnxGraph back = OnnxFormat.read(OnnxFormat.write(g), "m.onnx");
        assertEquals(8, back.irVersion());
        assertEquals(17, back.opset());
        assertEquals(0.25f, back.nodes().get(0).attributes().get("alpha").f());
        assertEquals(1L, back.nodes().get(0).attributes().get("transB").i());
        assertEquals(List.of("a", "b"), back.nodes().get(1).attributes().get("values_strings").strings());
        assertEquals("ai.onnx.ml", back.nodes().get(1).domain());
        assertEquals(List.of(3, 2), java.util.Arrays.stream(back.initializers().get("w").shape()).boxed().toList());
        assertEquals(-6f, back.initializers().get("w").floatData()[5]);
        assertEquals(List.of(-1, 2), java.util.Arrays.stream(back.inputs().get(0).shape()).boxed().toList());
    }

    /** A TensorProto message by hand: dims, data type, and the extra fields. */
    private static byte[] modelWithTensor(ProtoWriter tensor) {
        ProtoWriter g = new ProtoWriter().message(5, tensor.string(8, "w"));
        return new ProtoWriter().int64(1, 8).message(7, g).message(8, new ProtoWriter().string(1, "").int64(2, 17)).toByteArray();
    }

    @Test
    void externalDataIsRefused() {
        byte[] external = modelWithTensor(new ProtoWriter().packedInt64(1, new long[] {2}).int64(2, 1)
                .message(13, new ProtoWriter().string(1, "location").string(2, "/etc/passwd")).int64(14, 1));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> OnnxFormat.read(external, "m.onnx"));
        assertTrue(e.getMessage().contains("keeps its data in an external file"), e.getMessage());
    }

    @Test
    void aShapeLargerThanTheDataIsRefusedWithoutAllocatingIt() {
        byte[] huge = modelWithTensor(new ProtoWriter().packedInt64(1, new long[] {1L << 30, 1L << 30}).int64(2, 1));
        assertTrue(assertThrows(InvalidInputException.class, () -> OnnxFormat.read(huge, "m.onnx")).getMessage()
                .contains("too many elements"));
        byte[] short1 = modelWithTensor(new ProtoWriter().packedInt64(1, new long[] {1 << 20}).int64(2, 1).bytes(9, new byte[8]));
        assertTrue(assertThrows(InvalidInputException.class, () -> OnnxFormat.read(short1, "m.onnx")).getMessage()
                .contains("needs 1048576 elements but holds 2 (8 bytes)"));
    }

    @Test
    void aNodeReadingAnUndefinedValueIsRefused() {
        OnnxGraph g = graph(List.of(new Node("Relu", "", "r", List.of("nowhere"), List.of("y"), Map.of())), Map.of());
        assertTrue(assertThrows(InvalidInputException.class, () -> Onnx.read(OnnxFormat.write(g), "m.onnx")).getMessage()
                .contains("reads 'nowhere', which no earlier node, input or initializer defines"));
    }

    @Test
    void everyTruncationOfAFixtureIsReadOrRefusedCleanly() throws IOException {
        byte[] full = OnnxFixtures.bytes("sklearn_mlp_label_encoder.onnx");
        for (int n = 0; n < full.length; n++) {
            byte[] prefix = java.util.Arrays.copyOf(full, n);
            try {
                Onnx.read(prefix, "cut.onnx");
            } catch (InvalidInputException expected) {
                // refused with a message
            }
        }
    }

    @Test
    void notAChainSaysWhyButStillRuns() {
        // y = x·x: MatMul by a computed value is not a dense layer
        OnnxGraph g = new OnnxGraph(8, Map.of("", 17L), "test", Map.of(),
                List.of(new Node("Mul", "", "m", List.of("x", "x"), List.of("y"), Map.of())), Map.of(),
                List.of(new ValueInfo("x", OnnxFormat.FLOAT, new int[] {-1, 2})), List.of(new ValueInfo("y", OnnxFormat.FLOAT, null)));
        OnnxProgram p = Onnx.read(OnnxFormat.write(g), "sq.onnx");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Onnx.toModel(p, "sq.onnx"));
        assertTrue(e.getMessage().startsWith("sq.onnx: not a chain of dense layers"), e.getMessage());
        Tensor y = (Tensor) p.run(Map.of("x", Tensor.floats(new int[] {1, 2}, new float[] {3, -2}))).get("y");
        assertEquals(9f, y.floatData()[0]);
        assertEquals(4f, y.floatData()[1]);
    }
}

package dev.neurite.io.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.io.Model;
import dev.neurite.tensor.Matrix;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Models exported by PyTorch (opsets 9–17, with and without BatchNorm) and scikit-learn-style
 * graphs: Neurite's interpreter and Neurite's network (the graph recognised as dense layers)
 * both reproduce the outputs PyTorch and NumPy computed, within 1e-6.
 */
class OnnxFixtureTest {
    static final float TOLERANCE = 1e-6f;

    static Stream<String> names() {
        return OnnxFixtures.NAMES.stream();
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            float tolerance = TOLERANCE * Math.max(1f, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance,
                    what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i] + " (difference " + Math.abs(expected[i] - actual[i]) + ")");
        }
    }

    @ParameterizedTest(name = "{0}: the interpreter")
    @MethodSource("names")
    void interpreterReproducesTheFixture(String name) throws IOException {
        OnnxFixtures.Case c = OnnxFixtures.load(name);
        OnnxProgram program = Onnx.read(c.model(), name);
        Map<String, Object> result = program.run(c.inputs());
        for (Map.Entry<String, Tensor> e : c.outputs().entrySet()) {
            Tensor actual = (Tensor) result.get(e.getKey());
            if (e.getValue().kind() == Tensor.Kind.STRING) {
                assertArrayEquals(e.getValue().stringData(), actual.stringData(), name + " " + e.getKey());
            } else {
                assertArrayEquals(e.getValue().shape(), actual.shape(), name + " " + e.getKey() + " shape");
                assertClose(e.getValue().floatData(), actual.floatData(), name + " " + e.getKey());
            }
        }
    }

    @ParameterizedTest(name = "{0}: as a Neurite network")
    @MethodSource("names")
    void networkReproducesTheFixture(String name) throws IOException {
        OnnxFixtures.Case c = OnnxFixtures.load(name);
        Model model = Onnx.toModel(Onnx.read(c.model(), name), name);
        Tensor input = c.inputs().get("input");
        Matrix x = Matrix.wrap(input.floatData().clone(), input.shape()[0], input.shape()[1]);
        Matrix encoded = model.preprocessor().encodeNumericFeatures(x);
        Matrix y = model.network().predict(encoded);
        Tensor expected = c.outputs().containsKey("output") ? c.outputs().get("output") : c.outputs().get("probabilities");
        assertClose(expected.floatData(), java.util.Arrays.copyOf(y.data(), y.size()), name + " network output");
        if (c.outputs().containsKey("label")) {
            int[] classes = model.network().predictClasses(encoded);
            List<String> labels = model.preprocessor().classLabels();
            String[] predicted = java.util.Arrays.stream(classes).mapToObj(labels::get).toArray(String[]::new);
            assertArrayEquals(c.outputs().get("label").stringData(), predicted, name + " labels");
        }
    }
}

package dev.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neurite.check.GradientCheck;
import dev.neurite.loss.Loss;
import dev.neurite.loss.Losses;
import dev.neurite.tensor.Matrix;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

class EmbeddingTest {

    @Test
    void forwardReplacesTheIndexColumnByItsRow() {
        Embedding e = new Embedding(3, 1, 4, 2);
        float[] w = e.weight().value().data();
        for (int i = 0; i < 8; i++) {
            w[i] = i;
        }
        Matrix y = e.forward(Matrix.of(new float[] {5, 2, 7}, new float[] {-1, 0, 9}), false);
        assertEquals(4, y.columns());
        assertTrue(Matrix.of(new float[] {5, 4, 5, 7}, new float[] {-1, 0, 1, 9}).contentEquals(y), y.toString());
        assertEquals(4, e.outputSize(3));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> e.forward(Matrix.of(new float[] {0, 4, 0}), false));
        assertTrue(bad.getMessage().contains("row 0 holds index 4.0 in column 1, outside 0 … 3"), bad.getMessage());
    }

    @Test
    void finiteDifferencesAgreeWithBackward() {
        Embedding e = new Embedding(4, 2, 5, 3);
        Network.of(11, e); // draws the table
        Matrix x = Matrix.of(new float[] {0.3f, -1f, 4, 2}, new float[] {1f, 0.5f, 0, -2}, new float[] {-0.7f, 2f, 4, 0.1f},
                new float[] {0.2f, 0.2f, 1, 0.2f});
        GradientCheck.Result layer = GradientCheck.layer(e, x, 5);
        assertTrue(layer.passed(), layer.toString());
        Network net = Network.of(3, new Embedding(4, 2, 5, 3), new Dense(6, 4, Activations.tanh()), new Dense(4, 2, Activations.identity()));
        GradientCheck.Result whole = GradientCheck.network(net, Losses.softmaxCrossEntropy(), x, Matrix.column(0, 1, 1, 0));
        assertTrue(whole.passed(), whole.toString());
    }

    /** The PyTorch case written by src/test/python/embedding_case.py (nn.Embedding, then two Linear layers). */
    @Test
    void reproducesPyTorchsEmbedding() throws IOException {
        JsonNode c;
        try (InputStream in = getClass().getResourceAsStream("embedding_tanh_softmax_cross_entropy.json")) {
            c = new ObjectMapper().readTree(in);
        }
        JsonNode l = c.get("layers");
        Network net = Network.of(
                new Embedding(l.get(0).get("in").asInt(), l.get(0).get("column").asInt(), l.get(0).get("vocabulary").asInt(), l.get(0).get("dimension").asInt()),
                new Dense(l.get(1).get("in").asInt(), l.get(1).get("out").asInt(), Activations.named(l.get(1).get("activation").asText())),
                new Dense(l.get(2).get("in").asInt(), l.get(2).get("out").asInt(), Activations.named(l.get(2).get("activation").asText())));
        for (Iterator<String> it = c.get("params").fieldNames(); it.hasNext(); ) {
            String key = it.next();
            Matrix from = matrix(c.get("params").get(key));
            Matrix into = net.parameter(key).value();
            assertEquals(into.size(), from.size(), key);
            System.arraycopy(from.data(), 0, into.data(), 0, from.size());
        }
        Loss loss = Losses.named(c.get("loss").asText());
        Matrix x = matrix(c.get("input"));
        Matrix target = matrix(c.get("target"));
        JsonNode expected = c.get("expected");
        Matrix out = net.forward(x, true);
        assertClose("output", matrix(expected.get("output")), out);
        Matrix grad = new Matrix(out.rows(), out.columns());
        float value = loss.compute(out, target, grad);
        assertEquals(expected.get("loss").asDouble(), value, 1e-4 + 1e-3 * Math.abs(expected.get("loss").asDouble()));
        Matrix inputGrad = net.backward(grad, true);
        for (Iterator<String> it = expected.get("grads").fieldNames(); it.hasNext(); ) {
            String key = it.next();
            assertClose("grad " + key, matrix(expected.get("grads").get(key)), net.parameter(key).gradient());
        }
        assertClose("input_grad", matrix(expected.get("input_grad")), inputGrad);
    }

    private static void assertClose(String what, Matrix expected, Matrix actual) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            double r = expected.data()[i];
            double a = actual.data()[i];
            assertTrue(Math.abs(a - r) <= 1e-4 + 1e-3 * Math.abs(r), what + "[" + i + "]: " + a + " vs PyTorch " + r);
        }
    }

    /** A 2-D array as a matrix; a 1-D array as one column. */
    private static Matrix matrix(JsonNode node) {
        if (!node.get(0).isArray()) {
            float[] v = new float[node.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) node.get(i).asDouble();
            }
            return Matrix.column(v);
        }
        float[][] rows = new float[node.size()][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = new float[node.get(r).size()];
            for (int k = 0; k < rows[r].length; k++) {
                rows[r][k] = (float) node.get(r).get(k).asDouble();
            }
        }
        return Matrix.of(rows);
    }
}

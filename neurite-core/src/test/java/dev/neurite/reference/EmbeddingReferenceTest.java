package dev.neurite.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neurite.loss.Loss;
import dev.neurite.loss.Losses;
import dev.neurite.nn.Activations;
import dev.neurite.nn.Dense;
import dev.neurite.nn.Embedding;
import dev.neurite.nn.Network;
import dev.neurite.tensor.Matrix;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

/** The Embedding layer against PyTorch's nn.Embedding, in the reference cases' format with an "embedding" layer type. */
class EmbeddingReferenceTest {

    /** The PyTorch case written by src/test/python/embedding_case.py (nn.Embedding, then two Linear layers). */
    @Test
    void reproducesPyTorchsEmbedding() throws IOException {
        JsonNode c;
        try (InputStream in = getClass().getResourceAsStream("/dev/neurite/nn/embedding_tanh_softmax_cross_entropy.json")) {
            c = new ObjectMapper().readTree(in);
        }
        JsonNode l = c.get("layers");
        Network net = Network.of(
                new Embedding(l.get(0).get("in").asInt(), l.get(0).get("column").asInt(), l.get(0).get("vocabulary").asInt(), l.get(0).get("dimension").asInt()),
                new Dense(l.get(1).get("in").asInt(), l.get(1).get("out").asInt(), Activations.named(l.get(1).get("activation").asText())),
                new Dense(l.get(2).get("in").asInt(), l.get(2).get("out").asInt(), Activations.named(l.get(2).get("activation").asText())));
        for (Iterator<String> it = c.get("params").fieldNames(); it.hasNext(); ) {
            String key = it.next();
            Matrix from = ReferenceCase.matrix(c.get("params").get(key));
            Matrix into = net.parameter(key).value();
            assertEquals(into.size(), from.size(), key);
            System.arraycopy(from.data(), 0, into.data(), 0, from.size());
        }
        Loss loss = Losses.named(c.get("loss").asText());
        Matrix x = ReferenceCase.matrix(c.get("input"));
        Matrix target = ReferenceCase.matrix(c.get("target"));
        JsonNode expected = c.get("expected");
        Matrix out = net.forward(x, true);
        assertClose("output", ReferenceCase.matrix(expected.get("output")), out);
        Matrix grad = new Matrix(out.rows(), out.columns());
        float value = loss.compute(out, target, grad);
        assertEquals(expected.get("loss").asDouble(), value, 1e-4 + 1e-3 * Math.abs(expected.get("loss").asDouble()));
        Matrix inputGrad = net.backward(grad, true);
        for (Iterator<String> it = expected.get("grads").fieldNames(); it.hasNext(); ) {
            String key = it.next();
            assertClose("grad " + key, ReferenceCase.matrix(expected.get("grads").get(key)), net.parameter(key).gradient());
        }
        assertClose("input_grad", ReferenceCase.matrix(expected.get("input_grad")), inputGrad);
    }

    private static void assertClose(String what, Matrix expected, Matrix actual) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            double r = expected.data()[i];
            double a = actual.data()[i];
            assertTrue(Math.abs(a - r) <= 1e-4 + 1e-3 * Math.abs(r), what + "[" + i + "]: " + a + " vs PyTorch " + r);
        }
    }
}

package dev.neurite.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neurite.loss.Loss;
import dev.neurite.loss.Losses;
import dev.neurite.nn.Activations;
import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.optim.Optimizer;
import dev.neurite.optim.Optimizers;
import dev.neurite.tensor.Matrix;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Reproduces every PyTorch reference case: output, loss, every parameter gradient, the input
 * gradient, and the losses and parameters after the optimizer's steps. One test per case,
 * named after it. The cases are the test resources under dev/neurite/reference, written by
 * src/test/python/reference_cases.py; {@code -Dreference.dir=DIR} adds DIR's cases (named
 * "DIR: case"), and {@code -Dreference.only=true} runs DIR's alone (docs/reference-cases.md).
 * Tolerance: |a − r| ≤ 1e−4 + 1e−3·|r|, and 1e−4 + 2e−3·|r| for what follows optimizer steps.
 */
class ReferenceCasesTest {

    @TestFactory
    Stream<DynamicTest> everyCase() throws IOException {
        return ReferenceCase.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    /** Every activation, loss and optimizer the library names has a bundled case. */
    @Test
    void theBundledCasesCoverEveryActivationLossAndOptimizer() throws IOException {
        Set<String> activations = new TreeSet<>();
        Set<String> losses = new TreeSet<>();
        Set<String> optimizers = new TreeSet<>();
        for (ReferenceCase c : ReferenceCase.bundled()) {
            c.json().get("layers").forEach(l -> {
                if (l.has("activation")) {
                    activations.add(l.get("activation").asText());
                }
            });
            losses.add(c.json().get("loss").asText());
            if (c.json().has("optimizer")) {
                optimizers.add(c.json().get("optimizer").get("type").asText());
            }
        }
        assertEquals(new TreeSet<>(), without(Activations.NAMES, activations), "activations without a reference case");
        assertEquals(new TreeSet<>(), without(Losses.NAMES, losses), "losses without a reference case");
        assertEquals(new TreeSet<>(), without(Optimizers.NAMES, optimizers), "optimizers without a reference case");
    }

    private static Set<String> without(List<String> all, Set<String> covered) {
        Set<String> missing = new TreeSet<>(all);
        missing.removeAll(covered);
        return missing;
    }

    private static void check(ReferenceCase c) {
        c.checkKnownFields();
        Network net = c.network();
        Loss loss = c.loss();
        Matrix x = c.input();
        Matrix target = c.target();
        Matrix weights = c.weights();
        JsonNode expected = c.expected();

        Matrix output = net.forward(x, true);
        assertClose(c.name() + " output", expected.get("output"), output, 1e-3);
        Matrix grad = new Matrix(output.rows(), output.columns());
        float value = loss.compute(output, target, weights, grad);
        assertTrue(Float.isFinite(value), c.name() + ": loss is " + value);
        assertClose(c.name() + " loss", expected.get("loss").asDouble(), value, 1e-3);
        Matrix inputGrad = net.backward(grad, true);
        JsonNode grads = expected.get("grads");
        for (Parameter p : net.parameters()) {
            assertTrue(grads.has(p.name()), c.name() + ": reference lacks the gradient of " + p.name());
        }
        for (Iterator<String> it = grads.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            assertClose(c.name() + " grad " + key, grads.get(key), net.parameter(key).gradient(), 1e-3);
        }
        assertClose(c.name() + " input_grad", expected.get("input_grad"), inputGrad, 1e-3);

        if (c.hasSteps()) {
            Optimizer optimizer = c.optimizer();
            JsonNode after = c.afterSteps();
            for (int step = 0; step < c.steps(); step++) {
                Matrix out = net.forward(x, true);
                Matrix g = new Matrix(out.rows(), out.columns());
                float stepLoss = loss.compute(out, target, weights, g);
                assertClose(c.name() + " loss before step " + step, after.get("losses").get(step).asDouble(), stepLoss, 2e-3);
                net.backward(g, false);
                optimizer.step(net.parameters());
            }
            JsonNode params = after.get("params");
            for (Parameter p : net.parameters()) {
                assertTrue(params.has(p.name()), c.name() + ": reference lacks parameter " + p.name());
                assertClose(c.name() + " " + p.name() + " after " + c.steps() + " steps", params.get(p.name()), p.value(), 2e-3);
            }
        }
    }

    private static void assertClose(String what, JsonNode expected, Matrix actual, double relative) {
        Matrix e = ReferenceCase.matrix(expected);
        assertEquals(e.size(), actual.size(), what + ": size");
        for (int i = 0; i < e.size(); i++) {
            assertClose(what + " [" + i / actual.columns() + "][" + i % actual.columns() + "]",
                    e.data()[i], actual.data()[i], relative);
        }
    }

    private static void assertClose(String what, double expected, double actual, double relative) {
        assertTrue(Double.isFinite(actual), what + ": got " + actual);
        double tolerance = 1e-4 + relative * Math.abs(expected);
        if (Math.abs(actual - expected) > tolerance) {
            throw new AssertionError(String.format("%s: expected %.9g, got %.9g (|diff| %.3g > %.3g)",
                    what, expected, actual, Math.abs(actual - expected), tolerance));
        }
    }
}

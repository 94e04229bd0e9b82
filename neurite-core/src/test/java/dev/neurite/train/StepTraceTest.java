package dev.neurite.train;

import static dev.neurite.nn.Activations.relu;
import static dev.neurite.nn.Activations.sigmoid;
import static dev.neurite.nn.Activations.tanh;
import static dev.neurite.nn.Layers.dense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.check.GradientCheck;
import dev.neurite.data.Dataset;
import dev.neurite.loss.Losses;
import dev.neurite.nn.Activations;
import dev.neurite.nn.Dense;
import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.optim.Optimizers;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A traced step is the real step, recorded: same numbers as an untraced one, and gradients that finite differences confirm. */
class StepTraceTest {
    private static final Matrix XOR_X = Matrix.of(new float[] {0, 0}, new float[] {0, 1}, new float[] {1, 0}, new float[] {1, 1});
    private static final Matrix XOR_Y = Matrix.column(0, 1, 1, 0);

    private static Network xor() {
        return Network.of(3, dense(2, 2, sigmoid()), dense(2, 1, sigmoid()));
    }

    private static Trainer trainer(Network net) {
        return new Trainer(net, Losses.mse(), Optimizers.sgd(0.5f), TrainingConfig.DEFAULTS);
    }

    @Test
    void tracedStepChangesTheWeightsExactlyAsAnUntracedOne() {
        Network plain = xor();
        Network traced = xor();
        Trainer a = trainer(plain);
        Trainer b = trainer(traced);
        for (int i = 0; i < 3; i++) {
            float loss = a.trainOnBatch(XOR_X, XOR_Y);
            StepTrace trace = b.traceOnBatch(XOR_X, XOR_Y);
            assertEquals(loss, trace.lossValue());
            assertEquals(i + 1, trace.step());
        }
        for (int i = 0; i < plain.parameters().size(); i++) {
            assertArrayEquals(plain.parameters().get(i).value().data(), traced.parameters().get(i).value().data());
        }
    }

    @Test
    void xorGradientsAgreeWithFiniteDifferences() {
        Network net = xor();
        StepTrace trace = trainer(net).traceOnBatch(XOR_X, XOR_Y);
        GradientCheck.Result check = GradientCheck.trace(trace, net);
        assertTrue(check.passed(), check.toString());
        assertEquals(4 + 2 + 2 + 1 + 4, check.checked());
        // and the parameters are left as the step left them
        assertArrayEquals(trace.parameter("0.weight").after().data(), net.parameter("0.weight").value().data());
    }

    @Test
    void eachLayerShowsTheFormulasOfItsTutorial() {
        Network net = xor();
        StepTrace trace = trainer(net).traceOnBatch(XOR_X, XOR_Y);
        for (StepTrace.LayerStep l : trace.layers()) {
            Matrix w = trace.parameter(l.index() + ".weight").before();
            Matrix b = trace.parameter(l.index() + ".bias").before();
            for (int r = 0; r < l.input().rows(); r++) {
                for (int c = 0; c < w.columns(); c++) {
                    double z = b.get(0, c);
                    for (int k = 0; k < w.rows(); k++) {
                        z += (double) l.input().get(r, k) * w.get(k, c);
                    }
                    assertEquals(z, l.preActivation().get(r, c), 1e-6, "z = x·W + b");
                    double y = l.output().get(r, c);
                    assertEquals(1 / (1 + Math.exp(-z)), y, 1e-6, "y = σ(z)");
                    assertEquals(l.outputGradient().get(r, c) * y * (1 - y), l.preActivationGradient().get(r, c), 1e-7,
                            "dL/dz = dL/dy · y(1 − y)");
                }
            }
            Matrix dz = l.preActivationGradient();
            for (int k = 0; k < w.rows(); k++) {
                for (int c = 0; c < w.columns(); c++) {
                    double s = 0;
                    for (int r = 0; r < dz.rows(); r++) {
                        s += (double) l.input().get(r, k) * dz.get(r, c);
                    }
                    assertEquals(s, l.weightGradient().get(k, c), 1e-7, "dL/dW = xᵀ·dz");
                }
            }
            if (l.index() > 0) {
                assertArrayEquals(trace.layer(l.index() - 1).output().data(), l.input().data(), "x = y of the layer below");
                assertArrayEquals(trace.layer(l.index() - 1).outputGradient().data(), l.inputGradient().data(),
                        "dL/dy below = dL/dx here");
            } else {
                assertNull(l.inputGradient(), "a training step does not differentiate the data");
            }
        }
        for (int i = 0; i < 4; i++) {
            float y = trace.output().get(i, 0);
            assertEquals(2 * (y - XOR_Y.get(i, 0)) / 4, trace.lossGradient().get(i, 0), 1e-7, "MSE: 2(y − t)/N");
        }
        for (StepTrace.ParameterStep p : trace.parameters()) {
            for (int i = 0; i < p.before().size(); i++) {
                assertEquals(p.before().data()[i] - 0.5f * p.gradient().data()[i], p.after().data()[i], "w ← w − η·g");
            }
        }
        assertFalse(trace.clipped());
    }

    @Test
    void reluLayersShowTheirPreActivationThoughTheProductFusesIt() {
        // Large enough for the blocked, fused kernel path; z has negatives that y clips to 0.
        Rng rng = new Rng(5);
        Matrix x = new Matrix(70, 40);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) rng.nextGaussian();
        }
        Network net = Network.of(5, dense(40, 300, relu()), dense(300, 2));
        Matrix target = new Matrix(70, 2);
        StepTrace trace = new Trainer(net, Losses.mse(), Optimizers.sgd(0.01f), TrainingConfig.DEFAULTS)
                .traceOnBatch(x, target);
        StepTrace.LayerStep l = trace.layer(0);
        Matrix reluOfZ = new Matrix(70, 300);
        Activations.relu().forward(l.preActivation(), reluOfZ);
        assertArrayEquals(l.output().data(), reluOfZ.data(), "y = max(0, z), bitwise");
        boolean negative = false;
        for (float v : l.preActivation().data()) {
            negative |= v < 0;
        }
        assertTrue(negative, "z is the pre-activation, not y");

        Network small = Network.of(5, dense(3, 5, relu()), dense(5, 1));
        Matrix xs = Matrix.of(new float[] {0.3f, -1.2f, 0.8f}, new float[] {-0.7f, 0.4f, 1.1f}, new float[] {1.5f, 0.2f, -0.6f});
        StepTrace smallTrace = new Trainer(small, Losses.mse(), Optimizers.sgd(0.01f), TrainingConfig.DEFAULTS)
                .traceOnBatch(xs, Matrix.column(1, -1, 0.5f));
        GradientCheck.Result check = GradientCheck.trace(smallTrace, small);
        assertTrue(check.passed(), check.toString());
    }

    @Test
    void softmaxCrossEntropyGradientIsPMinusYOverRows() {
        Network net = Network.of(2, dense(2, 4, tanh()), dense(4, 3));
        Matrix x = Matrix.of(new float[] {0.5f, -1}, new float[] {1, 2});
        Matrix labels = Matrix.column(2, 0);
        StepTrace trace = new Trainer(net, Losses.softmaxCrossEntropy(), Optimizers.adam(0.01f), TrainingConfig.DEFAULTS)
                .traceOnBatch(x, labels);
        Matrix p = new Matrix(2, 3);
        Activations.softmax().forward(trace.output(), p);
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 3; c++) {
                float y = c == (int) labels.get(r, 0) ? 1 : 0;
                assertEquals((p.get(r, c) - y) / 2, trace.lossGradient().get(r, c), 1e-6);
            }
        }
        assertTrue(GradientCheck.trace(trace, net).passed());
        assertTrue(trace.toString().contains("dL/dy = (softmax(y) − t)/rows [2×3]"), trace.toString());
    }

    @Test
    void fitTracesItsFirstStepsAndNoMore() {
        List<StepTrace> traces = new ArrayList<>();
        Network net = xor();
        Dataset data = Dataset.of(XOR_X.toArray(), XOR_Y.toArray());
        new Trainer(net, Losses.mse(), Optimizers.momentum(0.5f, 0.9f),
                TrainingConfig.DEFAULTS.withEpochs(5).withBatchSize(2).withSeed(1))
                .traceSteps(3, traces::add).fit(data);
        assertEquals(3, traces.size());
        assertEquals(List.of(1, 2, 3), traces.stream().map(StepTrace::step).toList());
        assertEquals(List.of(0, 0, 1), traces.stream().map(StepTrace::epoch).toList());
        assertEquals(List.of(0, 1, 0), traces.stream().map(StepTrace::batch).toList());
        for (int i = 1; i < 3; i++) {
            assertArrayEquals(traces.get(i - 1).parameter("1.weight").after().data(),
                    traces.get(i).parameter("1.weight").before().data(), "one step's after is the next one's before");
        }
        assertTrue(traces.get(0).toString().startsWith(
                "Training step 1 (epoch 1, batch 1) of Network[Dense(2→2, sigmoid), Dense(2→1, sigmoid)]\n"));
    }

    @Test
    void clippedGradientsAreShownAsTheOptimizerUsedThem() {
        Network net = xor();
        StepTrace trace = new Trainer(net, Losses.mse(), Optimizers.sgd(0.5f), TrainingConfig.DEFAULTS.withGradientClipNorm(1e-4f))
                .traceOnBatch(XOR_X, XOR_Y);
        assertTrue(trace.clipped());
        assertFalse(trace.layer(1).weightGradient().contentEquals(trace.parameter("1.weight").gradient()));
        assertTrue(trace.toString().contains("gradient (clipped)"));
        assertTrue(GradientCheck.trace(trace, net).passed(), "the backprop gradients, before clipping");
    }

    @Test
    void badArgumentsAreNamed() {
        Trainer t = trainer(xor());
        var e = assertThrows(IllegalArgumentException.class, () -> t.traceSteps(0, trace -> { }));
        assertEquals("the number of steps to trace must be at least 1, got 0", e.getMessage());
        StepTrace trace = t.traceOnBatch(XOR_X, XOR_Y);
        e = assertThrows(IllegalArgumentException.class, () -> trace.render(0, 4));
        assertEquals("a trace shows at least 1 row and 1 column, got 0 rows and 4 columns", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> trace.parameter("2.weight"));
        assertTrue(e.getMessage().contains("'2.weight'"), e.getMessage());
        Dense fresh = dense(2, 3, relu());
        assertEquals("Dense(2→3, relu): no forward pass yet",
                assertThrows(IllegalStateException.class, fresh::preActivation).getMessage());
        assertEquals("Dense(2→3, relu): no backward pass yet",
                assertThrows(IllegalStateException.class, fresh::preActivationGradient).getMessage());
    }

    @Test
    void longBatchesAndWideLayersAreCutWithACount() {
        Network net = Network.of(1, dense(1, 6), dense(6, 1));
        Matrix x = Matrix.column(1, 2, 3, 4, 5, 6, 7);
        StepTrace trace = new Trainer(net, Losses.mse(), Optimizers.sgd(0.01f), TrainingConfig.DEFAULTS).traceOnBatch(x, x);
        String text = trace.toString();
        assertTrue(text.contains("… 3 more rows"), text);
        assertTrue(text.contains(" … +2"), text);
        assertFalse(trace.render(7, 6).contains("more rows"));
        for (Parameter p : net.parameters()) {
            assertTrue(text.contains("  " + p.name() + "\n"), p.name());
        }
        assertTrue(net.layers().get(0) instanceof Dense);
    }
}

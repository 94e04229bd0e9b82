package dev.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.check.GradientCheck;
import dev.neurite.data.Dataset;
import dev.neurite.loss.Losses;
import dev.neurite.optim.Optimizers;
import dev.neurite.tensor.Kernels;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import dev.neurite.train.Trainer;
import dev.neurite.train.TrainingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeriodicEmbeddingTest {

    @Test
    void forwardEmbedsTheChosenColumnsFirstAndPassesTheOthers() {
        // columns 0 and 2 of 3, one frequency, two values each, separate maps
        PeriodicEmbedding e = new PeriodicEmbedding(3, new int[] {0, 2}, 1, 2, 0.1f, false);
        float[] c = e.frequency().value().data();
        c[0] = 0.25f;
        c[1] = 0.5f;
        // W_0 = [[1, 0], [0, 1]] (cos row, sin row), W_1 = [[2, -1], [1, 1]]; b_0 = [0, -0.5], b_1 = [0.1, 0]
        System.arraycopy(new float[] {1, 0, 0, 1, 2, -1, 1, 1}, 0, e.weight().value().data(), 0, 8);
        System.arraycopy(new float[] {0, -0.5f, 0.1f, 0}, 0, e.bias().value().data(), 0, 4);
        float x0 = 1f;
        float x1 = 7f;
        float x2 = 0.5f;
        Matrix y = e.forward(Matrix.of(new float[] {x0, x1, x2}), false);
        assertEquals(5, y.columns());
        assertEquals(5, e.outputSize(3));
        double a0 = 2 * Math.PI * 0.25 * x0; // π/2: cos 0, sin 1
        double a1 = 2 * Math.PI * 0.5 * x2;  // π/2
        float[] expected = {
            (float) Math.max(0, Math.cos(a0)), (float) Math.max(0, Math.sin(a0) - 0.5),
            (float) Math.max(0, 2 * Math.cos(a1) + Math.sin(a1) + 0.1), (float) Math.max(0, -Math.cos(a1) + Math.sin(a1)),
            x1};
        for (int i = 0; i < 5; i++) {
            assertEquals(expected[i], y.get(0, i), 1e-6, "output " + i + " of " + y);
        }
    }

    @Test
    void badShapesAreRefusedNamingTheValue() {
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> new PeriodicEmbedding(3, new int[] {0, 3}, 4, 2, 0.1f, false));
        assertTrue(outside.getMessage().contains("column 3 is outside 0 … 2"), outside.getMessage());
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                () -> new PeriodicEmbedding(3, new int[] {2, 1}, 4, 2, 0.1f, false));
        assertTrue(order.getMessage().contains("columns must increase, 2 is followed by 1"), order.getMessage());
        IllegalArgumentException sigma = assertThrows(IllegalArgumentException.class,
                () -> new PeriodicEmbedding(3, new int[] {1}, 4, 2, -0.5f, true));
        assertTrue(sigma.getMessage().contains("sigma -0.5") && sigma.getMessage().contains("positive"), sigma.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> new PeriodicEmbedding(3, new int[0], 4, 2, 0.1f, true));
        assertTrue(none.getMessage().contains("no columns"), none.getMessage());
        PeriodicEmbedding e = new PeriodicEmbedding(3, new int[] {1}, 4, 2, 0.1f, true);
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class, () -> e.forward(new Matrix(2, 4), false));
        assertTrue(wide.getMessage().contains("input has 4 columns, expected 3"), wide.getMessage());
    }

    @Test
    void initialisationFollowsTheReference() {
        PeriodicEmbedding e = new PeriodicEmbedding(40, range(40), 24, 8, 0.05f, false);
        e.initialize(new Rng(3));
        double sumSq = 0;
        for (float v : e.frequency().value().data()) {
            assertTrue(Math.abs(v) <= 3 * 0.05f, "frequency " + v + " beyond 3σ");
            sumSq += v * v;
        }
        double sd = Math.sqrt(sumSq / e.frequency().value().size());
        assertTrue(sd > 0.04 && sd < 0.06, "standard deviation of the frequencies " + sd);
        float bound = (float) (1 / Math.sqrt(48));
        for (float v : e.weight().value().data()) {
            assertTrue(Math.abs(v) <= bound, "weight " + v);
        }
        assertEquals(40 * 48, e.weight().value().rows());
        assertEquals(1, new PeriodicEmbedding(40, range(40), 24, 8, 0.05f, true).bias().value().rows());
    }

    @Test
    void finiteDifferencesAgreeWithBackward() {
        for (boolean lite : new boolean[] {false, true}) {
            // σ = 0.5 so that the periodic functions bend within the inputs' range
            PeriodicEmbedding e = new PeriodicEmbedding(5, new int[] {0, 2, 3}, 3, 4, 0.5f, lite);
            Network.of(11, e);
            Matrix x = Matrix.of(new float[] {0.3f, -1f, 1.2f, 2f, 0.4f}, new float[] {1f, 0.5f, -0.4f, -2f, 1f},
                    new float[] {-0.7f, 2f, 0.9f, 0.1f, 0f}, new float[] {0.2f, 0.2f, -1.5f, 0.6f, 1f});
            GradientCheck.Result layer = GradientCheck.layer(e, x, 5);
            assertTrue(layer.passed(), (lite ? "lite: " : "") + layer);
            // 6 frequencies: the input gradient's sum runs both its four-way part and its tail
            PeriodicEmbedding six = new PeriodicEmbedding(5, new int[] {0, 2, 3}, 6, 4, 0.5f, lite);
            Network.of(13, six); // with seed 12 a ReLU kink lies within the step at input[0][3] (the scalar loops before fail there too)
            GradientCheck.Result sixLayer = GradientCheck.layer(six, x, 5);
            assertTrue(sixLayer.passed(), (lite ? "lite, " : "") + "6 frequencies: " + sixLayer);
            // after an Embedding of column 1 (4 categories into 2 values), as the CLI builds it
            Matrix withIndex = x.copy();
            for (int r = 0; r < 4; r++) {
                withIndex.set(r, 1, r % 4);
            }
            Network net = Network.of(3, new Embedding(5, 1, 4, 2), new PeriodicEmbedding(6, new int[] {0, 3, 4}, 3, 4, 0.5f, lite),
                    new Dense(15, 4, Activations.tanh()), new Dense(4, 2, Activations.identity()));
            GradientCheck.Result whole = GradientCheck.network(net, Losses.softmaxCrossEntropy(), withIndex, Matrix.column(0, 1, 1, 0));
            assertTrue(whole.passed(), (lite ? "lite: " : "") + whole);
        }
    }

    @Test
    void oneAndTwoThreadsGiveTheSameBits() {
        Kernels before = Kernels.get();
        try {
            List<List<float[]>> results = new ArrayList<>();
            for (int threads : new int[] {1, 2}) {
                Kernels.use(Kernels.create("vector", threads));
                Network net = Network.of(7, new PeriodicEmbedding(40, range(30), 16, 8, 0.1f, false),
                        new Dense(250, 300, Activations.relu()), new Dense(300, 3, Activations.identity()));
                Rng rng = new Rng(5);
                Matrix features = new Matrix(400, 40);
                float[] labels = new float[400];
                for (int r = 0; r < 400; r++) {
                    for (int c = 0; c < 40; c++) {
                        features.set(r, c, (float) rng.nextGaussian());
                    }
                    labels[r] = features.get(r, 0) + features.get(r, 35) > 0 ? 1 : r % 3 == 0 ? 2 : 0;
                }
                new Trainer(net, Losses.softmaxCrossEntropy(), Optimizers.adam(0.01f),
                        TrainingConfig.DEFAULTS.withEpochs(2).withBatchSize(128).withSeed(9))
                        .fit(new Dataset(features, Matrix.column(labels)));
                List<float[]> weights = new ArrayList<>();
                for (Parameter p : net.parameters()) {
                    weights.add(Arrays.copyOf(p.value().data(), p.value().size()));
                }
                results.add(weights);
            }
            assertFalse(Arrays.equals(results.get(0).get(0), new PeriodicEmbedding(40, range(30), 16, 8, 0.1f, false).frequency().value().data()));
            for (int i = 0; i < results.get(0).size(); i++) {
                assertArrayEquals(results.get(0).get(i), results.get(1).get(i), "parameter " + i + " differs with 2 threads");
            }
        } finally {
            Kernels.use(before);
        }
    }

    @Test
    void sharedParametersGiveTheSameOutput() {
        PeriodicEmbedding e = new PeriodicEmbedding(4, new int[] {1, 3}, 5, 3, 0.2f, true);
        e.initialize(new Rng(1));
        Matrix x = Matrix.of(new float[] {1, 2, 3, 4}, new float[] {-1, 0.5f, 0, 2});
        Matrix a = e.forward(x, false).copy();
        assertTrue(a.contentEquals(e.withSharedParameters().forward(x, false)));
        assertTrue(e.describe().contains("2 of 4 columns, 5 frequencies σ 0.2 → 3, lite"), e.describe());
    }

    @Test
    void eachRowGetsTheSameBitsAloneAsInABatch() {
        // serving one row must answer what predicting it among others answers
        Rng rng = new Rng(3);
        for (boolean lite : new boolean[] {false, true}) {
            PeriodicEmbedding e = new PeriodicEmbedding(20, range(20), 48, 24, 0.3f, lite);
            e.initialize(new Rng(2));
            for (int rows : new int[] {2, 5, 7, 33}) {
                Matrix x = new Matrix(rows, 20);
                for (int i = 0; i < x.size(); i++) {
                    x.data()[i] = (float) rng.nextGaussian();
                }
                Matrix all = e.forward(x, false).copy();
                for (int r = 0; r < rows; r++) {
                    Matrix one = e.forward(Matrix.row(x.rowCopy(r)), false);
                    assertArrayEquals(all.rowCopy(r), one.rowCopy(0), (lite ? "lite, " : "") + "row " + r + " of " + rows);
                }
            }
        }
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}

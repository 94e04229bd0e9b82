package dev.neurite.loss;

import static dev.neurite.nn.Activations.tanh;
import static dev.neurite.nn.Layers.dense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.check.GradientCheck;
import dev.neurite.data.ClassWeights;
import dev.neurite.data.Dataset;
import dev.neurite.nn.Network;
import dev.neurite.optim.Optimizers;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import dev.neurite.train.History;
import dev.neurite.train.Trainer;
import dev.neurite.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Label smoothing of softmax cross-entropy (PyTorch's {@code CrossEntropyLoss(label_smoothing=ε)},
 * class weights inside the smoothing term) and of bce_with_logits (targets t(1 − ε) + ε/2). The
 * PyTorch reference cases {@code smoothed_*} check the values against torch 1.13; these check
 * the closed forms, the gradients by finite differences, and how the Trainer hands class weights over.
 */
class LabelSmoothingTest {
    private static final Matrix LOGITS = Matrix.of(new float[][] {{2f, 0f, -1f}, {0.5f, 0.5f, 3f}, {-2f, 1f, 0f}, {0f, 0f, 0f}});
    private static final Matrix INDICES = Matrix.column(0, 2, 1, 1);

    private static Matrix oneHot(Matrix indices, int classes) {
        Matrix m = new Matrix(indices.rows(), classes);
        for (int r = 0; r < indices.rows(); r++) {
            m.set(r, (int) indices.get(r, 0), 1f);
        }
        return m;
    }

    /** PyTorch's formula, by hand in doubles: (1 − ε) c_y (lse − z_y) + (ε/C) Σ_k c_k (lse − z_k), summed / rows. */
    private static double byHand(Matrix z, Matrix y, double eps, double[] c, double[] rowWeights) {
        int classes = z.columns();
        double total = 0;
        for (int r = 0; r < z.rows(); r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, z.get(r, j));
            }
            double s = 0;
            for (int j = 0; j < classes; j++) {
                s += Math.exp(z.get(r, j) - max);
            }
            double lse = max + Math.log(s);
            int label = (int) y.get(r, 0);
            double row = (1 - eps) * c[label] * (lse - z.get(r, label));
            for (int k = 0; k < classes; k++) {
                row += eps / classes * c[k] * (lse - z.get(r, k));
            }
            total += (rowWeights == null ? 1 : rowWeights[r]) * row;
        }
        return total / z.rows();
    }

    @Test
    void softmaxCrossEntropyIsPytorchsFormula() {
        double[] ones = {1, 1, 1};
        for (float eps : new float[] {0.05f, 0.1f, 0.3f, 0.9f}) {
            Loss loss = Losses.softmaxCrossEntropy(eps);
            assertEquals(byHand(LOGITS, INDICES, eps, ones, null), loss.value(LOGITS, INDICES), 1e-6, "ε = " + eps);
            // one-hot targets are the same targets, bit for bit
            assertEquals(loss.value(LOGITS, INDICES), loss.value(LOGITS, oneHot(INDICES, 3)));
        }
        float[] c = {0.2f, 1f, 3f};
        double[] cd = {0.2f, 1f, 3f};
        double[] rows = {0.5, 2, 0, 1.5};
        Loss weighing = Losses.softmaxCrossEntropy(0.3f).withClassWeights(c);
        assertEquals(byHand(LOGITS, INDICES, 0.3f, cd, rows), weighing.compute(LOGITS, INDICES,
                Matrix.column(0.5f, 2f, 0f, 1.5f), null), 1e-6);
        // the smoothing term weighs every class by its own weight: not the row's class weight as a row weight
        Matrix asRows = Matrix.column(0.2f * 0.5f, 3f * 2f, 0f, 1f * 1.5f);
        assertNotEquals(weighing.compute(LOGITS, INDICES, Matrix.column(0.5f, 2f, 0f, 1.5f), null),
                Losses.softmaxCrossEntropy(0.3f).compute(LOGITS, INDICES, asRows, null), 1e-3);
        // class weights of 1 change nothing, bit for bit
        Loss unit = Losses.softmaxCrossEntropy(0.1f).withClassWeights(new float[] {1f, 1f, 1f});
        assertEquals(Losses.softmaxCrossEntropy(0.1f).value(LOGITS, INDICES), unit.value(LOGITS, INDICES));
    }

    @Test
    void epsilonZeroIsTheUnsmoothedLoss() {
        assertSame(Losses.softmaxCrossEntropy(), Losses.softmaxCrossEntropy(0f));
        assertSame(Losses.bceWithLogits(), Losses.bceWithLogits(0f));
        assertSame(Losses.softmaxCrossEntropy(), Losses.named("cross_entropy", 0f));
        assertNull(Losses.softmaxCrossEntropy().withClassWeights(new float[] {1f, 2f, 3f}), "no smoothing: class weights stay row weights");
        assertEquals("softmax_cross_entropy", Losses.softmaxCrossEntropy(0.1f).name());
        assertEquals("softmax_cross_entropy(label_smoothing=0.1)", Losses.softmaxCrossEntropy(0.1f).describe());
        assertEquals("bce_with_logits(label_smoothing=0.2)", Losses.named("bce_with_logits", 0.2f).describe());
        assertEquals(0.2f, Losses.named("bce_with_logits", 0.2f).labelSmoothing());
    }

    @Test
    void bceWithLogitsSmoothsTargetsTowardOneHalf() {
        Matrix t = Matrix.of(new float[][] {{1f, 0f, 1f}, {0f, 0f, 1f}, {1f, 1f, 0f}, {0f, 1f, 0f}});
        float eps = 0.2f;
        Matrix smoothedTargets = t.copy();
        for (int i = 0; i < smoothedTargets.size(); i++) {
            smoothedTargets.data()[i] = t.data()[i] == 1f ? 0.9f : 0.1f;
        }
        Matrix g1 = new Matrix(4, 3);
        Matrix g2 = new Matrix(4, 3);
        Matrix w = Matrix.column(0.5f, 2f, 0f, 1f);
        assertEquals(Losses.bceWithLogits().compute(LOGITS, smoothedTargets, w, g2),
                Losses.bceWithLogits(eps).compute(LOGITS, t, w, g1), 1e-6);
        assertArrayEquals(g2.data(), g1.data(), 1e-7f);
        // at logit 0 the smoothed loss is log 2 whatever the target, and its gradient (0.5 − t')/n
        Matrix zeros = new Matrix(1, 2);
        Matrix g = new Matrix(1, 2);
        float v = Losses.bceWithLogits(eps).compute(zeros, Matrix.of(new float[][] {{1f, 0f}}), g);
        assertEquals(Math.log(2), v, 1e-6);
        assertEquals((0.5 - 0.9) / 2, g.get(0, 0), 1e-7);
        assertEquals((0.5 - 0.1) / 2, g.get(0, 1), 1e-7);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Matrix logits = dev.neurite.TestData.uniform(6, 4, 3f, 11);
        Matrix y = Matrix.column(0, 3, 1, 2, 2, 0);
        Matrix w = Matrix.column(0.5f, 2f, 0f, 1f, 3f, 0.25f);
        Matrix binary = new Matrix(6, 4);
        for (int i = 0; i < binary.size(); i++) {
            binary.data()[i] = i % 3 == 0 ? 1f : 0f;
        }
        Loss[] losses = {Losses.softmaxCrossEntropy(0.1f), Losses.softmaxCrossEntropy(0.6f),
                Losses.softmaxCrossEntropy(0.25f).withClassWeights(new float[] {0.3f, 1f, 2.5f, 0f})};
        for (Loss loss : losses) {
            for (Matrix target : new Matrix[] {y, oneHot(y, 4)}) {
                GradientCheck.Result r = GradientCheck.loss(loss, logits, target);
                assertTrue(r.passed(), loss.describe() + ": " + r);
                r = GradientCheck.loss(loss, logits, target, w);
                assertTrue(r.passed(), loss.describe() + " weighted: " + r);
            }
        }
        for (float eps : new float[] {0.1f, 0.5f}) {
            GradientCheck.Result r = GradientCheck.loss(Losses.bceWithLogits(eps), logits, binary, w);
            assertTrue(r.passed(), "bce_with_logits ε " + eps + ": " + r);
        }
    }

    @Test
    void badValuesAreRefusedNamingThem() {
        for (float bad : new float[] {-0.1f, 1f, 1.5f, Float.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy(bad));
            assertTrue(e.getMessage().contains("label smoothing must be in [0, 1), got " + bad), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Losses.bceWithLogits(bad));
            assertTrue(e.getMessage().contains("bce_with_logits: label smoothing must be in [0, 1), got " + bad), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.named("mse", 0.1f));
        assertTrue(e.getMessage().contains("not to mse"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(0.1f).withClassWeights(new float[] {1f, -1f, 1f}));
        assertTrue(e.getMessage().contains("class 1 must be finite and >= 0, got -1.0"), e.getMessage());
        Loss two = Losses.softmaxCrossEntropy(0.1f).withClassWeights(new float[] {1f, 2f});
        e = assertThrows(IllegalArgumentException.class, () -> two.value(LOGITS, INDICES));
        assertTrue(e.getMessage().contains("2 class weights but the output has 3 classes"), e.getMessage());
    }

    /** Three classes of 2-D points, the first one rare, so balanced class weights are far from 1. */
    private static Dataset data(int n, long seed) {
        Rng rng = new Rng(seed);
        float[][] x = new float[n][2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = (float) rng.nextGaussian();
            x[i][1] = (float) rng.nextGaussian();
            y[i] = x[i][0] > 1.2 ? 0 : x[i][1] > 0 ? 1 : 2;
        }
        return Dataset.ofClasses(x, y);
    }

    @Test
    void aCheckpointOfAnotherEpsilonIsNotResumed(@TempDir java.nio.file.Path dir) {
        Dataset train = data(60, 4);
        TrainingConfig config = TrainingConfig.DEFAULTS.withEpochs(2).withSeed(3);
        Trainer first = new Trainer(Network.of(5, dense(2, 4, tanh()), dense(4, 3)), Losses.softmaxCrossEntropy(0.1f),
                Optimizers.adam(0.01f), config);
        first.checkpointTo(dir);
        first.fit(train, null);
        Trainer other = new Trainer(Network.of(5, dense(2, 4, tanh()), dense(4, 3)), Losses.softmaxCrossEntropy(0.2f),
                Optimizers.adam(0.01f), config);
        other.resumeFrom(dir);
        RuntimeException e = assertThrows(RuntimeException.class, () -> other.fit(train, null));
        assertTrue(e.getMessage().contains("label_smoothing=0.2") && e.getMessage().contains("label_smoothing=0.1"), e.getMessage());
    }

    @Test
    void theTrainerWeighsClassesInsideTheSmoothedLoss() {
        Dataset train = data(240, 1);
        Dataset validation = data(60, 2);
        Network net = Network.of(5, dense(2, 8, tanh()), dense(8, 3));
        Loss loss = Losses.softmaxCrossEntropy(0.2f);
        Trainer trainer = new Trainer(net, loss, Optimizers.adam(0.01f),
                TrainingConfig.DEFAULTS.withEpochs(2).withSeed(3).withClassWeights(ClassWeights.balanced()));
        History history = trainer.fit(train, validation);
        float[] applied = trainer.appliedClassWeights();
        // the scale that makes the row weights' mean 1 over the training rows, as when they are row weights
        double sum = 0;
        for (int r = 0; r < train.size(); r++) {
            sum += applied[(int) train.targets().get(r, 0)];
        }
        float scale = (float) (train.size() / sum);
        float[] inside = applied.clone();
        for (int c = 0; c < inside.length; c++) {
            inside[c] *= scale;
        }
        Matrix out = net.forward(validation.features(), false);
        double expected = loss.withClassWeights(inside).value(out, validation.targets());
        double valLoss = history.get("val_loss").get(1);
        assertEquals(expected, valLoss, 1e-5);
        Matrix asRows = new Matrix(validation.size(), 1);
        for (int r = 0; r < validation.size(); r++) {
            asRows.data()[r] = inside[(int) validation.targets().get(r, 0)];
        }
        assertNotEquals(loss.compute(out, validation.targets(), asRows, null), valLoss, 1e-4,
                "the row-weight form differs, so the comparison above can fail");
        // after fit, evaluate is the plain loss again
        assertEquals(loss.value(out, validation.targets()), trainer.evaluate(validation).get("loss"), 1e-5);
    }
}

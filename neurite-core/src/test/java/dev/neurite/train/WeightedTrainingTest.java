package dev.neurite.train;

import static dev.neurite.nn.Activations.tanh;
import static dev.neurite.nn.Layers.dense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.data.ClassWeights;
import dev.neurite.data.Dataset;
import dev.neurite.loss.Losses;
import dev.neurite.metrics.ConfusionMatrix;
import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.optim.Optimizers;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Training with example weights and class weights. */
class WeightedTrainingTest {

    private static Network net() {
        return Network.of(5, dense(2, 8, tanh()), dense(8, 2));
    }

    /** 2-D points, class 1 where x0 + x1 + noise > 1.8 (about 12% of them, overlapping class 0). */
    private static Dataset imbalanced(int n, long seed) {
        Rng rng = new Rng(seed);
        float[][] x = new float[n][2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = (float) rng.nextGaussian();
            x[i][1] = (float) rng.nextGaussian();
            y[i] = x[i][0] + x[i][1] + 0.8 * rng.nextGaussian() > 1.8 ? 1 : 0;
        }
        return Dataset.ofClasses(x, y);
    }

    private static float[] weights(Network n) {
        int size = 0;
        for (Parameter p : n.parameters()) {
            size += p.value().size();
        }
        float[] all = new float[size];
        int at = 0;
        for (Parameter p : n.parameters()) {
            System.arraycopy(p.value().data(), 0, all, at, p.value().size());
            at += p.value().size();
        }
        return all;
    }

    @Test
    void weightsOfOneAreTheUnweightedRunBitForBit() {
        Dataset data = imbalanced(200, 1);
        Network a = net();
        new Trainer(a, Losses.softmaxCrossEntropy(), Optimizers.adam(0.01f), TrainingConfig.DEFAULTS.withEpochs(3).withSeed(4)).fit(data, null);
        Network b = net();
        Matrix ones = new Matrix(data.size(), 1);
        ones.fill(1f);
        new Trainer(b, Losses.softmaxCrossEntropy(), Optimizers.adam(0.01f), TrainingConfig.DEFAULTS.withEpochs(3).withSeed(4))
                .fit(data.withWeights(ones), null);
        assertArrayEquals(weights(a), weights(b));
        // Weights are relative: all 2 is all 1 (they are scaled to mean 1).
        Network c = net();
        Matrix twos = new Matrix(data.size(), 1);
        twos.fill(2f);
        new Trainer(c, Losses.softmaxCrossEntropy(), Optimizers.adam(0.01f), TrainingConfig.DEFAULTS.withEpochs(3).withSeed(4))
                .fit(data.withWeights(twos), null);
        assertArrayEquals(weights(a), weights(c));
    }

    @Test
    void aFirstExampleOfWeightZeroTrains() {
        // The check before training probes example 0 alone; its weight of 0 is no reason to refuse the data.
        Dataset data = imbalanced(40, 5);
        Matrix w = new Matrix(40, 1);
        w.fill(1f);
        w.set(0, 0, 0f);
        Network n = net();
        History h = new Trainer(n, Losses.softmaxCrossEntropy(), Optimizers.adam(0.01f), TrainingConfig.DEFAULTS.withEpochs(2))
                .fit(data.withWeights(w), data.withWeights(w));
        assertEquals(2, h.epochs());
    }

    @Test
    void aWeightOfTwoIsTheExampleTwiceInFullBatchDescent() {
        Dataset data = imbalanced(40, 2);
        int[] twice = new int[41];
        for (int i = 0; i < 40; i++) {
            twice[i] = i;
        }
        twice[40] = 7;
        Matrix w = new Matrix(40, 1);
        w.fill(1f);
        w.set(7, 0, 2f);
        TrainingConfig fullBatch = TrainingConfig.DEFAULTS.withEpochs(20).withBatchSize(64).withSeed(3);
        Network duplicated = net();
        new Trainer(duplicated, Losses.softmaxCrossEntropy(), Optimizers.sgd(0.5f), fullBatch).fit(data.subset(twice), null);
        Network weighted = net();
        new Trainer(weighted, Losses.softmaxCrossEntropy(), Optimizers.sgd(0.5f), fullBatch).fit(data.withWeights(w), null);
        float[] d = weights(duplicated);
        float[] v = weights(weighted);
        for (int i = 0; i < d.length; i++) {
            assertEquals(d[i], v[i], 1e-4f, "parameter value " + i);
        }
    }

    @Test
    void balancedClassWeightsFindMoreOfTheRareClass() {
        Dataset train = imbalanced(600, 3);
        Dataset test = imbalanced(2000, 4);
        double[] recall = new double[2];
        for (int k = 0; k < 2; k++) {
            Network n = net();
            TrainingConfig config = TrainingConfig.DEFAULTS.withEpochs(15).withSeed(1)
                    .withClassWeights(k == 0 ? ClassWeights.NONE : ClassWeights.balanced());
            Trainer trainer = new Trainer(n, Losses.softmaxCrossEntropy(), Optimizers.adam(0.01f), config);
            trainer.fit(train, null);
            if (k == 1) {
                long positives = Arrays.stream(ClassWeights.classCounts(train, 2)).skip(1).sum();
                assertEquals(600.0 / (2 * positives), trainer.appliedClassWeights()[1], 1e-4);
            }
            ConfusionMatrix cm = ConfusionMatrix.of(n.predict(test.features()), test.targets(), 2, 0.5f);
            recall[k] = cm.recall(1);
        }
        assertTrue(recall[1] > recall[0] + 0.05, "recall of the rare class: unweighted " + recall[0] + ", balanced " + recall[1]);
    }

    @Test
    void aTracedWeightedStepAgreesWithFiniteDifferences() {
        Dataset data = imbalanced(6, 9).withWeights(Matrix.column(0.5f, 2f, 1f, 0f, 3f, 1.5f));
        Network n = net();
        java.util.List<StepTrace> traces = new java.util.ArrayList<>();
        new Trainer(n, Losses.softmaxCrossEntropy(), Optimizers.sgd(0.1f), TrainingConfig.DEFAULTS.withEpochs(1).withBatchSize(6))
                .traceSteps(1, traces::add).fit(data, null);
        // The recorded gradient is the weighted loss's; the check recomputes that same weighted loss.
        dev.neurite.check.GradientCheck.Result r = dev.neurite.check.GradientCheck.trace(traces.get(0), n);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void classWeightsNeedAClassificationLoss() {
        Dataset data = Dataset.of(new float[][] {{1, 2}, {2, 1}}, new float[][] {{1, 0}, {0, 1}});
        Trainer t = new Trainer(net(), Losses.mse(), Optimizers.sgd(0.1f), TrainingConfig.DEFAULTS.withClassWeights(ClassWeights.balanced()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.fit(data, null));
        assertTrue(e.getMessage().contains("class weights need a classification loss; mse"), e.getMessage());
    }
}

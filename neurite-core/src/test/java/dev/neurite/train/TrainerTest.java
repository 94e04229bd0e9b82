package dev.neurite.train;

import static dev.neurite.nn.Activations.relu;
import static dev.neurite.nn.Activations.sigmoid;
import static dev.neurite.nn.Activations.softmax;
import static dev.neurite.nn.Activations.tanh;
import static dev.neurite.nn.Layers.dense;
import static dev.neurite.nn.Layers.dropout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.TestData;
import dev.neurite.data.Dataset;
import dev.neurite.loss.Losses;
import dev.neurite.metrics.Metrics;
import dev.neurite.nn.Activations;
import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.optim.GradientClipping;
import dev.neurite.optim.LearningRateSchedule;
import dev.neurite.optim.Optimizers;
import dev.neurite.tensor.Kernels;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerTest {

    private static Network classifier(long seed) {
        return Network.of(seed, dense(4, 16, relu()), dropout(0.2f), dense(16, 3));
    }

    private static List<float[]> weights(Network net) {
        List<float[]> w = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            w.add(Arrays.copyOf(p.value().data(), p.value().size()));
        }
        return w;
    }

    private static List<float[]> train(long seed) {
        Network net = classifier(seed);
        new Trainer(net, Losses.softmaxCrossEntropy(), Optimizers.adam(0.01f),
                TrainingConfig.DEFAULTS.withEpochs(5).withBatchSize(16).withSeed(seed).withValidationSplit(0.2f))
                .fit(TestData.blobs(300, 1));
        return weights(net);
    }

    @Test
    void sameSeedGivesBitwiseIdenticalWeights() {
        List<float[]> a = train(42);
        List<float[]> b = train(42);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "parameter " + i);
        }
        List<float[]> c = train(43);
        assertFalse(Arrays.equals(a.get(0), c.get(0)), "another seed should give other weights");
    }

    @Test
    void oneAndManyThreadsGiveBitwiseIdenticalWeights() {
        Kernels before = Kernels.get();
        try {
            for (String kind : new String[] {"vector", "blocked"}) {
                List<List<float[]>> results = new ArrayList<>();
                for (int threads : new int[] {1, 2, 3}) {
                    Kernels.use(Kernels.create(kind, threads));
                    // Wide enough that the two hidden layers' products are split between the
                    // threads on either micro-kernel (9.8 M and 7.4 M multiply-adds a batch of 128,
                    // several grains of 2²⁰ or 2²¹; the second layer's two backward products paired on two),
                    // and so is Adam's update of the first layer's 76,800 weights (two grains of
                    // 32,768; ReLU's backward pass is split from 2 × 65,536 values, tested in KernelsTest).
                    Network net = Network.of(7, dense(128, 600, relu()), dropout(0.1f), dense(600, 96, tanh()), dense(96, 5));
                    float[] labels = new float[300];
                    for (int i = 0; i < labels.length; i++) {
                        labels[i] = i % 5;
                    }
                    Dataset data = new Dataset(TestData.uniform(300, 128, 1f, 4), Matrix.column(labels));
                    new Trainer(net, Losses.softmaxCrossEntropy(), Optimizers.adam(0.01f),
                            TrainingConfig.DEFAULTS.withEpochs(3).withBatchSize(128).withSeed(9)).fit(data);
                    results.add(weights(net));
                }
                for (int t = 1; t < results.size(); t++) {
                    for (int i = 0; i < results.get(0).size(); i++) {
                        assertArrayEquals(results.get(0).get(i), results.get(t).get(i), kind + ": parameter " + i + " differs with " + (t + 1) + " threads");
                    }
                }
            }
        } finally {
            Kernels.use(before);
        }
    }

    @Test
    void fitLearnsAndRecordsHistory() {
        Network net = classifier(1);
        Trainer trainer = new Trainer(net, Losses.softmaxCrossEntropy(), Optimizers.adam(0.01f),
                TrainingConfig.DEFAULTS.withEpochs(20).withBatchSize(32).withValidationSplit(0.25f))
                .metrics(Metrics.accuracy(), Metrics.f1Macro(3, 0.5f));
        History h = trainer.fit(TestData.blobs(600, 2));
        assertEquals(20, h.epochs());
        assertEquals(List.of("loss", "accuracy", "f1_macro", "val_loss", "val_accuracy", "val_f1_macro", "learning_rate"), h.names());
        assertTrue(h.get("loss").get(0) > h.last("loss"), "loss should fall: " + h.get("loss"));
        assertTrue(h.last("val_accuracy") > 0.9, "val accuracy " + h.last("val_accuracy"));
        Dataset test = TestData.blobs(300, 3);
        var result = trainer.evaluate(test);
        assertTrue(result.get("accuracy") > 0.9, result.toString());
        int[] predicted = net.predictClasses(test.features());
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == (int) test.targets().get(i, 0) ? 1 : 0;
        }
        assertEquals(result.get("accuracy"), correct / 300.0, 1e-12);
        Matrix p = net.predictProbabilities(test.features());
        for (int r = 0; r < p.rows(); r++) {
            float sum = p.get(r, 0) + p.get(r, 1) + p.get(r, 2);
            assertEquals(1f, sum, 1e-5f);
        }
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestWeights() {
        // Tiny data and a big network overfit: the validation loss turns upward.
        Network net = Network.of(5, dense(4, 64, relu()), dense(64, 3));
        EarlyStopping stopping = new EarlyStopping(3);
        List<List<float[]>> perEpoch = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
                perEpoch.add(weights(net));
            }
        };
        Trainer trainer = new Trainer(net, Losses.softmaxCrossEntropy(), Optimizers.adam(0.05f),
                TrainingConfig.DEFAULTS.withEpochs(300).withBatchSize(8))
                .callbacks(recorder, stopping);
        Dataset noisy = TestData.blobs(24, 9);
        for (int i = 0; i < noisy.size(); i += 3) {
            noisy.targets().set(i, 0, (noisy.targets().get(i, 0) + 1) % 3);
        }
        History h = trainer.fit(noisy, TestData.blobs(60, 10));
        assertTrue(h.epochs() < 300, "should stop early, ran " + h.epochs());
        assertNotNull(h.stopReason());
        int best = stopping.bestEpoch();
        assertEquals(h.epochs() - 1 - 3, best, "stops 3 epochs after the best");
        double bestLoss = h.get("val_loss").get(best);
        assertEquals(h.get("val_loss").stream().mapToDouble(Double::doubleValue).min().orElseThrow(), bestLoss);
        List<float[]> restored = weights(net);
        for (int i = 0; i < restored.size(); i++) {
            assertArrayEquals(perEpoch.get(best).get(i), restored.get(i));
        }
    }

    @Test
    void divergingTrainingStopsWithEpochAndBatch() {
        Network net = Network.of(1, dense(4, 8, relu()), dense(8, 1));
        Dataset data = new Dataset(TestData.uniform(64, 4, 1f, 1).copy(), TestData.uniform(64, 1, 1e30f, 2));
        Trainer trainer = new Trainer(net, Losses.mse(), Optimizers.sgd(10f), TrainingConfig.DEFAULTS.withEpochs(50));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(data));
        assertTrue(e.getMessage().contains("epoch " + (e.epoch() + 1) + ", batch " + (e.batch() + 1)), e.getMessage());
        assertFalse(Float.isFinite(e.loss()));
    }

    @Test
    void schedulesSetTheLearningRateEachEpoch() {
        Network net = classifier(1);
        History h = new Trainer(net, Losses.softmaxCrossEntropy(), Optimizers.sgd(0.1f),
                TrainingConfig.DEFAULTS.withEpochs(6).withSchedule(LearningRateSchedule.step(2, 0.5f)))
                .fit(TestData.blobs(30, 1));
        assertEquals(List.of(0.1, 0.1, 0.05, 0.05, 0.025, 0.025),
                h.get("learning_rate").stream().map(v -> Math.round(v * 1e6) / 1e6).toList());
        LearningRateSchedule warm = LearningRateSchedule.linearWarmup(3, LearningRateSchedule.cosine(10, 0f));
        assertEquals(0.25f, warm.learningRate(1f, 0), 1e-6);
        assertEquals(0.75f, warm.learningRate(1f, 2), 1e-6);
        assertEquals(1f, warm.learningRate(1f, 3), 1e-6);
        assertEquals(0.5f, warm.learningRate(1f, 8), 1e-6);
        assertEquals(0f, warm.learningRate(1f, 13), 1e-6);
        assertEquals(0.81f, LearningRateSchedule.exponential(0.9f).learningRate(1f, 2), 1e-6);
    }

    @Test
    void gradientClippingBoundsTheGlobalNorm() {
        Network net = classifier(1);
        for (Parameter p : net.parameters()) {
            p.gradient().fill(3f);
        }
        double norm = GradientClipping.clipByGlobalNorm(net.parameters(), 1f);
        assertEquals(3 * Math.sqrt(net.parameterCount()), norm, 1e-3);
        double after = 0;
        for (Parameter p : net.parameters()) {
            for (int i = 0; i < p.gradient().size(); i++) {
                after += p.gradient().data()[i] * p.gradient().data()[i];
            }
        }
        assertEquals(1, Math.sqrt(after), 1e-4);
    }

    @Test
    void badArgumentsAreNamed() {
        assertMessage("learning rate must be > 0, got -0.1", () -> Optimizers.adam(-0.1f));
        assertMessage("batch size must be > 0, got 0", () -> TrainingConfig.DEFAULTS.withBatchSize(0));
        assertMessage("epochs must be > 0, got -3", () -> TrainingConfig.DEFAULTS.withEpochs(-3));
        assertMessage("unknown activation 'relux'", () -> Activations.named("relux"));
        assertMessage("unknown loss 'hinge'", () -> Losses.named("hinge"));
        assertMessage("unknown optimizer 'adamax'", () -> Optimizers.named("adamax", 0.1f, 0f));
        assertMessage("dropout rate must be in [0, 1), got 1.0", () -> dropout(1f));
        assertMessage("validation split must be in [0, 1), got 1.5", () -> TrainingConfig.DEFAULTS.withValidationSplit(1.5f));
        assertMessage("momentum must be in [0, 1), got 1.2", () -> Optimizers.momentum(0.1f, 1.2f));
        assertMessage("Dense layer sizes must be > 0, got 0→3", () -> dense(0, 3));
        assertMessage("layer 1 Dense(5→2) expects 5 inputs, but the layer before it gives 4",
                () -> Network.of(dense(3, 4), dense(5, 2)));

        Network net = Network.of(dense(4, 3, relu()), dense(3, 2));
        assertMessage("Dense(4→3, relu): input has 5 columns, expected 4",
                () -> net.layers().get(0).forward(new Matrix(2, 5), false));
        assertMessage("the network expects 4 input columns, got 6", () -> net.predict(new Matrix(1, 6)));
        Trainer trainer = new Trainer(net, Losses.mse(), Optimizers.sgd(0.1f), TrainingConfig.DEFAULTS);
        assertMessage("the training data has 3 feature columns, but the network expects 4",
                () -> trainer.fit(new Dataset(new Matrix(5, 3), new Matrix(5, 2))));
        assertMessage("mse: output is 1×2 but target is 1×3",
                () -> trainer.fit(new Dataset(new Matrix(5, 4), new Matrix(5, 3))));
        assertMessage("features have 5 rows but targets have 4", () -> new Dataset(new Matrix(5, 4), new Matrix(4, 2)));
        Trainer ce = new Trainer(net, Losses.softmaxCrossEntropy(), Optimizers.sgd(0.1f), TrainingConfig.DEFAULTS);
        assertMessage("target 2.0 in row 0 is not a class index in 0…1",
                () -> ce.fit(new Dataset(new Matrix(3, 4), Matrix.column(2, 0, 1))));
        assertMessage("softmax_cross_entropy takes logits, but the network ends in a softmax",
                () -> new Trainer(Network.of(dense(4, 3, softmax())), Losses.softmaxCrossEntropy(),
                        Optimizers.sgd(0.1f), TrainingConfig.DEFAULTS));
        assertMessage("bce_with_logits takes logits, but the network ends in a sigmoid",
                () -> new Trainer(Network.of(dense(4, 1, sigmoid())), Losses.bceWithLogits(),
                        Optimizers.sgd(0.1f), TrainingConfig.DEFAULTS));
        assertMessage("early stopping patience must be > 0, got 0", () -> new EarlyStopping(0));
    }

    @Test
    void aFailedFitChangesNoWeight() {
        Network net = Network.of(dense(4, 3, relu()), dense(3, 2));
        List<float[]> before = weights(net);
        Trainer trainer = new Trainer(net, Losses.mse(), Optimizers.sgd(0.1f), TrainingConfig.DEFAULTS);
        assertThrows(IllegalArgumentException.class, () -> trainer.fit(new Dataset(new Matrix(5, 4), new Matrix(5, 3))));
        List<float[]> after = weights(net);
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i));
        }
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "expected a message containing\n  " + expected + "\nbut got\n  " + e.getMessage());
    }
}

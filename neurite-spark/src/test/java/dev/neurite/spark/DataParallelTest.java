package dev.neurite.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.data.ClassWeights;
import dev.neurite.data.Dataset;
import dev.neurite.loss.Losses;
import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.optim.LearningRateSchedule;
import dev.neurite.optim.Optimizers;
import dev.neurite.tensor.Matrix;
import dev.neurite.train.EarlyStopping;
import dev.neurite.train.History;
import dev.neurite.train.Trainer;
import dev.neurite.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Same bits from the same seed and partitioning, through task retries, and equal to Trainer.fit on one partition. */
class DataParallelTest {
    static SparkSession spark;

    @BeforeAll
    static void start() {
        // Two threads, and up to 4 attempts per task, so an injected failure is retried.
        spark = SparkTests.session("local[2,4]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static NeuriteClassifier classifier() {
        return new NeuriteClassifier().setHiddenLayers(12, 8).setDropout(0.2).setMaxIter(2).setBatchSize(60)
                .setStepSize(0.01).setSeed(99);
    }

    private static float[][] weights(NeuriteClassificationModel model) {
        return DataParallelTrainer.weights(model.neuriteModel().network());
    }

    private static void assertSameBits(float[][] expected, float[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], "parameter " + i);
        }
    }

    @Test
    void sameSeedAndPartitioningGiveTheSameBits() {
        for (int partitions : new int[] {2, 3}) {
            org.apache.spark.sql.Dataset<Row> data = SparkTests.blobs(spark, 240, partitions).cache();
            float[][] first = weights(classifier().fit(data));
            float[][] second = weights(classifier().fit(data));
            assertSameBits(first, second);
            float[][] otherSeed = weights(classifier().setSeed(100).fit(data));
            assertFalse(java.util.Arrays.equals(first[0], otherSeed[0]), "another seed gives other weights");
            data.unpersist();
        }
    }

    @Test
    void aRetriedTaskContributesTheSameBits() {
        org.apache.spark.sql.Dataset<Row> data = SparkTests.blobs(spark, 240, 2).cache();
        for (int combineEvery : new int[] {1, 2}) {
            float[][] clean = weights(classifier().setCombineEvery(combineEvery).fit(data));
            int before = PartitionWorker.INJECTED.get();
            PartitionWorker.failFirstAttempt = new int[] {1, 1, 2};
            float[][] retried;
            try {
                retried = weights(classifier().setCombineEvery(combineEvery).fit(data));
            } finally {
                PartitionWorker.failFirstAttempt = null;
            }
            assertEquals(before + 1, PartitionWorker.INJECTED.get(), "the hook failed one task attempt");
            assertSameBits(clean, retried);
        }
        data.unpersist();
    }

    @Test
    void onePartitionEqualsTrainerFitBitForBit() {
        org.apache.spark.sql.Dataset<Row> data = SparkTests.blobs(spark, 230, 1).coalesce(1).cache();
        List<Row> rows = data.collectAsList();
        float[][] x = new float[rows.size()][];
        int[] labels = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] v = ((Vector) rows.get(i).get(0)).toArray();
            x[i] = new float[v.length];
            for (int j = 0; j < v.length; j++) {
                x[i][j] = (float) v[j];
            }
            labels[i] = (int) rows.get(i).getDouble(1);
        }
        NeuriteClassifier spark = classifier().setSolver("adam").setSchedule("cosine").setCombineEvery(1);
        Network network = new NetworkSpec(4, new int[] {12, 8}, "relu", 0.2f, 3, 99).build();
        new Trainer(network, Losses.softmaxCrossEntropy(), Optimizers.named("adam", 0.01f, 0f),
                new TrainingConfig(2, 60, 99, true, 0f, 0f, LearningRateSchedule.cosine(2, 0f)))
                .fit(Dataset.ofClasses(x, labels));
        float[][] expected = DataParallelTrainer.weights(network);
        assertSameBits(expected, weights(spark.fit(data)));
        // Local steps with one partition: the average of one contribution is that contribution.
        assertSameBits(expected, weights(classifier().setSchedule("cosine").setCombineEvery(4).fit(data)));
        for (Parameter p : network.parameters()) {
            assertTrue(Float.isFinite(p.value().data()[0]));
        }
        // Label smoothing reaches the executors' loss: one partition still equals Trainer.fit with it,
        // and the weights differ from those without it.
        Network smoothed = new NetworkSpec(4, new int[] {12, 8}, "relu", 0.2f, 3, 99).build();
        new Trainer(smoothed, Losses.softmaxCrossEntropy(0.2f), Optimizers.named("adam", 0.01f, 0f),
                new TrainingConfig(2, 60, 99, true, 0f, 0f, LearningRateSchedule.cosine(2, 0f)))
                .fit(Dataset.ofClasses(x, labels));
        float[][] expectedSmoothed = DataParallelTrainer.weights(smoothed);
        NeuriteClassificationModel model = classifier().setSolver("adam").setSchedule("cosine").setCombineEvery(1)
                .setLabelSmoothing(0.2).fit(data);
        assertSameBits(expectedSmoothed, weights(model));
        assertFalse(java.util.Arrays.equals(expected[0], expectedSmoothed[0]), "ε = 0.2 trains other weights");
        assertEquals(0.2, ((Number) model.neuriteModel().training().get("label_smoothing")).doubleValue(), 1e-6);
        // with class weights it is refused, naming both
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> classifier().setLabelSmoothing(0.1).setClassWeight("balanced").fit(data));
        assertTrue(e.getMessage().contains("labelSmoothing 0.1 together with classWeight 'balanced'"), e.getMessage());
        data.unpersist();
    }

    /**
     * Blobs with uneven weights (0 to 3.5 in steps of 0.5, a few zeros) and an uneven class
     * balance (two of every three rows of class 2 dropped), so that both the weight column and
     * balanced class weights change the steps.
     */
    private static org.apache.spark.sql.Dataset<Row> weighted(int partitions) {
        org.apache.spark.sql.Dataset<Row> blobs = SparkTests.blobs(spark, 300, partitions);
        return blobs.withColumn("i", functions.monotonically_increasing_id())
                .filter("label < 2 OR i % 3 = 0")
                .withColumn("w", functions.expr("CAST((i * 7) % 8 AS DOUBLE) / 2"))
                .drop("i");
    }

    /** The rows whose isVal is {@code validation} (all rows when null) as a core Dataset, with the weights w when asked. */
    private static Dataset coreRows(List<Row> rows, Boolean validation, boolean withWeights) {
        List<float[]> x = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Float> w = new ArrayList<>();
        for (Row r : rows) {
            if (validation != null && r.getBoolean(r.fieldIndex("isVal")) != validation) {
                continue;
            }
            double[] v = ((Vector) r.get(0)).toArray();
            float[] f = new float[v.length];
            for (int j = 0; j < v.length; j++) {
                f[j] = (float) v[j];
            }
            x.add(f);
            labels.add((int) r.getDouble(1));
            w.add((float) r.getDouble(r.fieldIndex("w")));
        }
        float[] wa = new float[w.size()];
        for (int i = 0; i < wa.length; i++) {
            wa[i] = w.get(i);
        }
        Dataset d = Dataset.ofClasses(x.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray());
        return withWeights ? d.withWeights(Matrix.column(wa)) : d;
    }

    @Test
    void aWeightedFitOnOnePartitionEqualsTrainerFitBitForBit() {
        org.apache.spark.sql.Dataset<Row> data = weighted(1).coalesce(1).cache();
        List<Row> rows = data.collectAsList();
        // {combineEvery, weightCol?, classWeight, validation?}
        Object[][] cases = {
            {1, true, "none", true},        // the weight column; the weighted validation loss watched by early stopping
            {4, true, "balanced", false},   // both multiplied, with local steps
            {1, false, "0=1,1=3,2=0.5", false},  // class weights alone
        };
        for (Object[] c : cases) {
            int combineEvery = (Integer) c[0];
            boolean weightCol = (Boolean) c[1];
            String classWeight = (String) c[2];
            boolean validation = (Boolean) c[3];
            String what = java.util.Arrays.toString(c);

            Network network = new NetworkSpec(4, new int[] {12, 8}, "relu", 0.2f, 3, 99).build();
            ClassWeights cw = classWeight.equals("none") ? ClassWeights.NONE
                    : classWeight.equals("balanced") ? ClassWeights.balanced() : ClassWeights.of(1f, 3f, 0.5f);
            int epochs = validation ? 4 : 2;
            Trainer trainer = new Trainer(network, Losses.softmaxCrossEntropy(), Optimizers.named("adam", 0.01f, 0f),
                    new TrainingConfig(epochs, 60, 99, true, 0f, 0f, LearningRateSchedule.cosine(epochs, 0f))
                            .withClassWeights(cw));
            History history;
            if (validation) {
                trainer.callbacks(new EarlyStopping(2));
                history = trainer.fit(coreRows(rows, false, weightCol), coreRows(rows, true, weightCol));
            } else {
                history = trainer.fit(coreRows(rows, null, weightCol));
            }

            List<Double> losses = new ArrayList<>();
            List<Double> validationLosses = new ArrayList<>();
            NeuriteClassifier estimator = classifier().setMaxIter(epochs).setSolver("adam").setSchedule("cosine")
                    .setCombineEvery(combineEvery).setClassWeight(classWeight)
                    .setEpochListener((epoch, loss, validationLoss, n) -> {
                        losses.add(loss);
                        validationLosses.add(validationLoss);
                    });
            if (weightCol) {
                estimator.setWeightCol("w");
            }
            if (validation) {
                estimator.setValidationIndicatorCol("isVal").setPatience(2);
            }
            NeuriteClassificationModel model = estimator.fit(data);
            try {
                assertSameBits(DataParallelTrainer.weights(network), weights(model));
            } catch (AssertionError e) {
                throw new AssertionError(what + ": " + e.getMessage() + "; Trainer losses " + history.get("loss")
                        + (validation ? " val " + history.get("val_loss") : "") + ", Spark " + losses + " val "
                        + validationLosses, e);
            }
            if (combineEvery == 1) {
                assertEquals(history.get("loss"), losses, what + ": the weighted training loss of each epoch");
            }
            if (validation) {
                assertEquals(history.get("val_loss"), validationLosses, what + ": the weighted validation loss of each epoch");
            }
            Map<String, Object> training = model.neuriteModel().training();
            assertEquals(Boolean.TRUE, training.get("weighted"), what);
            assertTrue(((String) training.get("loss_weighting")).startsWith("weighted by "), what + " " + training);
            if (!classWeight.equals("none")) {
                float[] applied = trainer.appliedClassWeights();
                @SuppressWarnings("unchecked")
                Map<String, Object> perClass = (Map<String, Object>) training.get("class_weights");
                for (int k = 0; k < 3; k++) {
                    assertEquals((double) applied[k], perClass.get(Integer.toString(k)), what + " class " + k);
                }
            }
        }
        // The weighting is not a no-op: the same fit without it gives other weights.
        float[][] unweighted = weights(classifier().setMaxIter(2).setSchedule("cosine").setCombineEvery(1).fit(data));
        float[][] weighted = weights(classifier().setMaxIter(2).setSchedule("cosine").setCombineEvery(1).setWeightCol("w").fit(data));
        assertFalse(java.util.Arrays.equals(unweighted[0], weighted[0]));
        data.unpersist();
    }

    @Test
    void weightedFitsGiveTheSameBitsOnEveryRunAcrossPartitions() {
        for (int partitions : new int[] {2, 3}) {
            org.apache.spark.sql.Dataset<Row> data = weighted(partitions).cache();
            for (int combineEvery : new int[] {1, 3}) {
                java.util.function.Supplier<NeuriteClassifier> fit = () -> classifier().setCombineEvery(combineEvery)
                        .setWeightCol("w").setClassWeight("balanced");
                float[][] first = weights(fit.get().fit(data));
                assertSameBits(first, weights(fit.get().fit(data)));
                float[][] unweighted = weights(classifier().setCombineEvery(combineEvery).fit(data));
                assertFalse(java.util.Arrays.equals(first[0], unweighted[0]), partitions + " partitions, combineEvery "
                        + combineEvery + ": the weights change the fit");
            }
            // Weights are relative: every row weighing 2.5 trains the bits of no weights.
            org.apache.spark.sql.Dataset<Row> constant = data.withColumn("w", functions.lit(2.5));
            assertSameBits(weights(classifier().setCombineEvery(3).fit(data)),
                    weights(classifier().setCombineEvery(3).setWeightCol("w").fit(constant)));
            data.unpersist();
        }
    }

    @Test
    void labelSmoothingOutsideZeroToOneIsRefusedWithTheValue() {
        for (double bad : new double[] {-0.1, 1.0, Double.NaN}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new NeuriteClassifier().setLabelSmoothing(bad));
            assertTrue(e.getMessage().contains("labelSmoothing must be in [0, 1), got " + bad), e.getMessage());
        }
    }
}

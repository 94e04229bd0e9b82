package dev.neurite.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.data.Dataset;
import dev.neurite.loss.Losses;
import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.optim.LearningRateSchedule;
import dev.neurite.optim.Optimizers;
import dev.neurite.train.Trainer;
import dev.neurite.train.TrainingConfig;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
        data.unpersist();
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

package dev.neurite.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NeuriteEstimatorsTest {
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTests.session("local[2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void classifierLearnsBlobs() {
        Dataset<Row> data = SparkTests.blobs(spark, 300, 2);
        NeuriteClassificationModel model = new NeuriteClassifier().setHiddenLayers(16).setMaxIter(15)
                .setStepSize(0.01).setSeed(3).fit(data);
        Dataset<Row> scored = model.transform(data);
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored);
        assertTrue(accuracy > 0.95, "accuracy " + accuracy);
        assertEquals(3, model.numClasses());
        assertEquals(4, model.numFeatures());
    }
}

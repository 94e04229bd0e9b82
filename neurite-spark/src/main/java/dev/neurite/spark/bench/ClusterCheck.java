package dev.neurite.spark.bench;

import dev.neurite.io.Model;
import dev.neurite.io.ModelFile;
import dev.neurite.spark.NeuriteClassificationModel;
import dev.neurite.spark.NeuriteClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The job {@code scripts/standalone-cluster.sh} submits to a real standalone cluster: trains a
 * NeuriteClassifier on four partitions spread over the workers' executors, checks its accuracy,
 * saves it with Spark and loads the model file back with plain neurite-core. Exits 1 on failure.
 * Argument: a folder every worker can write (a local path on a one-machine cluster).
 */
public final class ClusterCheck {
    private ClusterCheck() {
    }

    public static void main(String[] args) throws Exception {
        String out = args.length > 0 ? args[0] : "/tmp/neurite-cluster-check";
        SparkSession spark = SparkSession.builder().appName("neurite-cluster-check").getOrCreate();
        List<Row> rows = new ArrayList<>();
        Random r = new Random(3);
        double[][] centres = {{2, 0, 0}, {0, 2, 0}, {0, 0, 2}};
        for (int i = 0; i < 3000; i++) {
            int k = i % 3;
            rows.add(RowFactory.create(Vectors.dense(centres[k][0] + r.nextGaussian() * 0.5,
                    centres[k][1] + r.nextGaussian() * 0.5, centres[k][2] + r.nextGaussian() * 0.5), (double) k));
        }
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType);
        Dataset<Row> data = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 4),
                schema);
        long start = System.nanoTime();
        NeuriteClassificationModel model = new NeuriteClassifier().setHiddenLayers(16).setMaxIter(10).setStepSize(0.01)
                .setBatchSize(256).setCombineEvery(4).setSeed(7).fit(data);
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(model.transform(data));
        String executors = spark.sparkContext().getExecutorMemoryStatus().keySet().mkString(", ");
        System.out.printf("trained on %d partitions in %.1f s; executors (and driver): %s; accuracy %.4f%n",
                data.rdd().getNumPartitions(), (System.nanoTime() - start) / 1e9, executors, accuracy);
        model.write().overwrite().save(out);
        Model core = ModelFile.load(Path.of(out, "data", "model.safetensors"));
        System.out.println("model file loads in neurite-core: " + core.network());
        spark.stop();
        if (accuracy < 0.9) {
            System.out.println("FAILED: accuracy " + accuracy + " < 0.9");
            System.exit(1);
        }
        System.out.println("CLUSTER CHECK OK");
    }
}

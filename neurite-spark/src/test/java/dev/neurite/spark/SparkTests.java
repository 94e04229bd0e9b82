package dev.neurite.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** A loopback-only Spark session for one test class, and small data sets. */
final class SparkTests {
    private SparkTests() {
    }

    static SparkSession session(String master) {
        return SparkSession.builder()
                .master(master)
                .appName("neurite-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "2")
                .getOrCreate();
    }

    static final StructType SCHEMA = new StructType()
            .add("features", SQLDataTypes.VectorType())
            .add("label", DataTypes.DoubleType)
            .add("weight", DataTypes.DoubleType)
            .add("isVal", DataTypes.BooleanType);

    /**
     * Three classes around three centres in 4 dimensions, {@code n} rows, a fixed pattern (no
     * randomness outside the seed); every fifth row is marked for validation.
     */
    static Dataset<Row> blobs(SparkSession spark, int n, int partitions) {
        List<Row> rows = new ArrayList<>();
        java.util.Random r = new java.util.Random(11);
        double[][] centres = {{2, 0, 0, 1}, {0, 2, 0, -1}, {0, 0, 2, 0}};
        for (int i = 0; i < n; i++) {
            int k = i % 3;
            double[] x = new double[4];
            for (int j = 0; j < 4; j++) {
                x[j] = centres[k][j] + 0.6 * r.nextGaussian();
            }
            rows.add(RowFactory.create(Vectors.dense(x), (double) k, 1.0 + (i % 2), i % 5 == 0));
        }
        return spark.createDataFrame(rows, SCHEMA).repartition(partitions).sortWithinPartitions("label");
    }

    /** y = x0 − 2·x1 + 0.5 plus a little noise, {@code n} rows. */
    static Dataset<Row> line(SparkSession spark, int n, int partitions) {
        List<Row> rows = new ArrayList<>();
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < n; i++) {
            double a = r.nextDouble() * 2 - 1;
            double b = r.nextDouble() * 2 - 1;
            rows.add(RowFactory.create(Vectors.dense(a, b), a - 2 * b + 0.5 + 0.01 * r.nextGaussian(), 1.0, false));
        }
        return spark.createDataFrame(rows, SCHEMA).repartition(partitions);
    }
}

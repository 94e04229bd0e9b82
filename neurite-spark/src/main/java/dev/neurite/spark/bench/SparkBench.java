package dev.neurite.spark.bench;

import dev.neurite.data.IdxDataset;
import dev.neurite.spark.NeuriteClassifier;
import dev.neurite.tensor.Matrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
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
 * Fashion-MNIST in Spark: Neurite's data-parallel classifier against Spark's
 * {@code MultilayerPerceptronClassifier}, both 784-256-128-10, in one session, alternating; time to
 * reach each test accuracy and the best reached, for several combine frequencies and 1 vs 2
 * partitions. Run by hand (see docs/spark.md); prints one line per epoch or run, then a summary.
 *
 * <p>Options (system properties): {@code master} (local[2]), {@code dir} (the data),
 * {@code epochs} (10), {@code batch} (128), {@code combine} (comma list, "1,8,32"),
 * {@code combineEpochs} (2, epochs of the combine-frequency study), {@code partitions} ("1,2"),
 * {@code peerIters} ("10,40,100"; separate runs of Spark's MLP), {@code peerChunk}, {@code peerTotal},
 * {@code peerBudget}, {@code peerState}, {@code peerFirst} (Spark's MLP as one trajectory of chunks, see
 * {@code peerTrajectory}), {@code peerChunkCheck} (ROWS:ITERATIONS:CHUNK, see {@code peerChunkCheck}), {@code schedule} (constant), {@code lr} (0.001), {@code dropout} (0), {@code combineRows} (12000, rows
 * of the combine-frequency study), {@code budget} (seconds after which a Neurite run stops at the end of an epoch).
 */
public final class SparkBench {
    private SparkBench() {
    }

    record Point(double seconds, double accuracy) {
    }

    /** Thrown from the epoch listener to end a run that has used its time budget. */
    private static final class OutOfTime extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutOfTime() {
            super(null, null, false, false);
        }
    }

    public static void main(String[] args) {
        Path dir = Path.of(System.getProperty("dir", "/usr/share/datasets/fashion-mnist"));
        String master = System.getProperty("master", "local[2]");
        int epochs = Integer.getInteger("epochs", 10);
        int batch = Integer.getInteger("batch", 128);
        int combineEpochs = Integer.getInteger("combineEpochs", 2);
        double lr = Double.parseDouble(System.getProperty("lr", "0.001"));
        double dropout = Double.parseDouble(System.getProperty("dropout", "0"));
        int[] combine = ints(System.getProperty("combine", "1,8,32"));
        int peerChunk = Integer.getInteger("peerChunk", 0);
        int peerTotal = Integer.getInteger("peerTotal", 0);
        double peerBudget = Double.parseDouble(System.getProperty("peerBudget", "1e9"));
        String peerState = System.getProperty("peerState", "");
        String schedule = System.getProperty("schedule", "constant");
        int[] partitions = ints(System.getProperty("partitions", "1,2"));
        int[] peerIters = ints(System.getProperty("peerIters", "10,40,100"));
        int combineRows = Integer.getInteger("combineRows", 12000);
        double budget = Double.parseDouble(System.getProperty("budget", "1e9"));

        IdxDataset.Images train = IdxDataset.read(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"));
        IdxDataset.Images test = IdxDataset.read(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"));
        Matrix testX = scaled(test.pixels());
        SparkSession spark = SparkSession.builder().master(master).appName("neurite-spark-bench")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Dataset<Row> trainDf = frame(spark, scaled(train.pixels()), train.labels());
        Dataset<Row> testDf = frame(spark, testX, test.labels());
        System.out.printf(Locale.ROOT, "# %s, Spark %s, Java %s, %d cores, %d train / %d test rows%n", master, spark.version(),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), train.labels().length,
                test.labels().length);

        String chunkCheck = System.getProperty("peerChunkCheck", "");
        if (!chunkCheck.isEmpty()) {
            int[] c = ints(chunkCheck.replace(':', ','));
            peerChunkCheck(trainDf.limit(c[0]), testDf, c[1], c[2]);
            spark.stop();
            return;
        }
        List<String> summary = new ArrayList<>();
        // 1. How often to combine: the same epochs over the first combineRows rows, 2 partitions.
        Dataset<Row> subset = trainDf.limit(combineRows);
        for (int c : combine) {
            List<Point> curve = neurite(subset, testX, test.labels(), 2, c, combineEpochs, batch, lr, dropout, 1e9, "constant");
            summary.add(describe("neurite 2 partitions, " + combineRows + " rows, combineEvery " + c, curve));
        }
        // 2. Neurite and the peer alternately: 1 and 2 partitions, and the peer's runs.
        int chosen = Integer.getInteger("chosen", combine.length == 0 ? 16 : combine[combine.length - 1]);
        List<Point> peer = new ArrayList<>();
        // With peerChunk > 0 the peer runs once, as a trajectory, after the first Neurite run.
        // peerFirst=true: the trajectory before the first Neurite run (e.g. going on from peerState).
        boolean peerFirst = Boolean.getBoolean("peerFirst") || partitions.length == 0;
        List<Point> trajectory = new ArrayList<>();
        if (peerFirst && peerChunk > 0) {
            trajectory = peerTrajectory(trainDf, testDf, 2, peerChunk, peerTotal, peerBudget, peerState);
        }
        for (int i = 0; i < Math.max(partitions.length, peerIters.length); i++) {
            if (i < partitions.length) {
                List<Point> curve = neurite(trainDf, testX, test.labels(), partitions[i], chosen, epochs, batch, lr, dropout,
                        budget, schedule);
                summary.add(describe("neurite " + partitions[i] + " partition(s), combineEvery " + chosen, curve));
            }
            if (i == 0 && peerChunk > 0 && !peerFirst) {
                trajectory = peerTrajectory(trainDf, testDf, 2, peerChunk, peerTotal, peerBudget, peerState);
            }
            if (i < peerIters.length) {
                peer.add(peer(trainDf, testDf, 2, peerIters[i]));
            }
        }
        if (!peer.isEmpty()) {
            summary.add(describe("spark MultilayerPerceptronClassifier (l-bfgs, 2 partitions)", peer));
        }
        if (!trajectory.isEmpty()) {
            summary.add(describe("spark MLPC l-bfgs, chunks of " + peerChunk + " iterations continued", trajectory));
        }
        System.out.println();
        summary.forEach(System.out::println);
        spark.stop();
    }

    private static List<Point> neurite(Dataset<Row> trainDf, Matrix testX, int[] testY, int partitions, int combineEvery,
            int epochs, int batch, double lr, double dropout, double budget, String schedule) {
        Dataset<Row> data = trainDf.repartition(partitions).cache();
        data.count();
        List<Point> curve = new ArrayList<>();
        long[] evaluating = {0};
        long start = System.nanoTime();
        try {
            new NeuriteClassifier().setHiddenLayers(256, 128).setMaxIter(epochs).setBatchSize(batch).setStepSize(lr)
                .setDropout(dropout).setCombineEvery(combineEvery).setSchedule(schedule).setSeed(1)
                .setEpochListener((epoch, loss, validationLoss, network) -> {
                    long t0 = System.nanoTime();
                    double seconds = (t0 - start - evaluating[0]) / 1e9;
                    double accuracy = accuracy(network.predictClasses(testX), testY);
                    curve.add(new Point(seconds, accuracy));
                    System.out.printf(Locale.ROOT, "neurite P=%d combineEvery=%d epoch %d: %.1f s, loss %.4f, test accuracy %.4f; load %s%n",
                            partitions, combineEvery, epoch + 1, seconds, loss, accuracy, load());
                    evaluating[0] += System.nanoTime() - t0;
                    if (seconds > budget) {
                        throw new OutOfTime();
                    }
                })
                .fit(data);
        } catch (OutOfTime e) {
            System.out.printf(Locale.ROOT, "neurite P=%d: stopped after the epoch that passed the %.0f s budget%n", partitions, budget);
        }
        data.unpersist();
        return curve;
    }

    private static Point peer(Dataset<Row> trainDf, Dataset<Row> testDf, int partitions, int iterations) {
        Dataset<Row> data = trainDf.repartition(partitions).cache();
        data.count();
        long start = System.nanoTime();
        MultilayerPerceptronClassificationModel model = new MultilayerPerceptronClassifier()
                .setLayers(new int[] {784, 256, 128, 10}).setMaxIter(iterations).setSeed(1).fit(data);
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(model.transform(testDf));
        System.out.printf(Locale.ROOT, "spark MLP maxIter=%d: %.1f s, test accuracy %.4f; load %s%n", iterations, seconds, accuracy,
                load());
        data.unpersist();
        return new Point(seconds, accuracy);
    }

    /**
     * Spark's MLP as a trajectory: {@code chunk} L-BFGS iterations at a time, each chunk started
     * from the previous chunk's weights ({@code setInitialWeights}), the test accuracy measured
     * after each chunk (evaluation excluded from the time). L-BFGS's curvature history restarts
     * with each chunk, so this is not bit-for-bit one long run; it stops after {@code total}
     * iterations, after the chunk that passed {@code budget} seconds, or when a chunk ends early
     * (L-BFGS converged). With {@code state} (a file), the trajectory goes on from the iterations,
     * seconds and weights saved there by an earlier run and saves them after every chunk, so a
     * long trajectory can be split over several runs.
     */
    private static List<Point> peerTrajectory(Dataset<Row> trainDf, Dataset<Row> testDf, int partitions, int chunk,
            int total, double budget, String state) {
        Dataset<Row> data = trainDf.repartition(partitions).cache();
        data.count();
        List<Point> curve = new ArrayList<>();
        org.apache.spark.ml.linalg.Vector weights = null;
        double seconds = 0;
        int done = 0;
        Path stateFile = state.isEmpty() ? null : Path.of(state);
        if (stateFile != null && java.nio.file.Files.exists(stateFile)) {
            try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
                    java.nio.file.Files.newInputStream(stateFile)))) {
                done = in.readInt();
                seconds = in.readDouble();
                double[] w = new double[in.readInt()];
                for (int i = 0; i < w.length; i++) {
                    w[i] = in.readDouble();
                }
                weights = Vectors.dense(w);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            System.out.printf(Locale.ROOT, "spark MLP: going on from %s: %d iterations, %.1f s%n", stateFile, done, seconds);
        }
        double budgetEnd = seconds + budget;
        while (done < total && seconds <= budgetEnd) {
            MultilayerPerceptronClassifier mlpc = new MultilayerPerceptronClassifier()
                    .setLayers(new int[] {784, 256, 128, 10}).setMaxIter(chunk).setSeed(1);
            if (weights != null) {
                mlpc.setInitialWeights(weights);
            }
            long start = System.nanoTime();
            MultilayerPerceptronClassificationModel model = mlpc.fit(data);
            seconds += (System.nanoTime() - start) / 1e9;
            int ran = model.summary().totalIterations();
            done += chunk;
            weights = model.weights();
            double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(model.transform(testDf));
            curve.add(new Point(seconds, accuracy));
            double[] history = model.summary().objectiveHistory();
            if (stateFile != null) {
                java.nio.file.Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
                try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                        java.nio.file.Files.newOutputStream(tmp)))) {
                    out.writeInt(done);
                    out.writeDouble(seconds);
                    double[] w = weights.toArray();
                    out.writeInt(w.length);
                    for (double v : w) {
                        out.writeDouble(v);
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                try {
                    java.nio.file.Files.move(tmp, stateFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            System.out.printf(Locale.ROOT,
                    "spark MLP l-bfgs %d iterations (chunk ran %d): %.1f s, loss %.4f, test accuracy %.4f; load %s%n",
                    done, ran, seconds, history[history.length - 1], accuracy, load());
            if (ran < chunk) {
                break;
            }
        }
        data.unpersist();
        return curve;
    }

    /**
     * How much continuing Spark's MLP in chunks (L-BFGS restarted each chunk) changes it: one fit
     * of {@code iterations} against the same number in chunks of {@code chunk}, on the rows given,
     * 2 partitions; prints the final training loss and test accuracy of both (times not measured).
     */
    private static void peerChunkCheck(Dataset<Row> trainDf, Dataset<Row> testDf, int iterations, int chunk) {
        Dataset<Row> data = trainDf.repartition(2).cache();
        long rows = data.count();
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
        MultilayerPerceptronClassificationModel one = new MultilayerPerceptronClassifier()
                .setLayers(new int[] {784, 256, 128, 10}).setMaxIter(iterations).setSeed(1).fit(data);
        double[] h = one.summary().objectiveHistory();
        System.out.printf(Locale.ROOT, "spark MLP %d rows, one fit of %d iterations (ran %d): loss %.4f, test accuracy %.4f%n", rows,
                iterations, one.summary().totalIterations(), h[h.length - 1], accuracy.evaluate(one.transform(testDf)));
        org.apache.spark.ml.linalg.Vector weights = null;
        MultilayerPerceptronClassificationModel model = null;
        for (int done = 0; done < iterations; done += chunk) {
            MultilayerPerceptronClassifier mlpc = new MultilayerPerceptronClassifier()
                    .setLayers(new int[] {784, 256, 128, 10}).setMaxIter(Math.min(chunk, iterations - done)).setSeed(1);
            if (weights != null) {
                mlpc.setInitialWeights(weights);
            }
            model = mlpc.fit(data);
            weights = model.weights();
            h = model.summary().objectiveHistory();
            System.out.printf(Locale.ROOT, "spark MLP %d rows, chunks of %d, %d iterations: loss %.4f, test accuracy %.4f%n", rows,
                    chunk, done + chunk, h[h.length - 1], accuracy.evaluate(model.transform(testDf)));
        }
        data.unpersist();
    }

    private static String load() {
        try {
            String[] f = java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String describe(String name, List<Point> curve) {
        Point best = curve.stream().max((a, b) -> Double.compare(a.accuracy(), b.accuracy())).orElseThrow();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-62s best %.4f at %.1f s;", name,
                best.accuracy(), best.seconds()));
        for (double target : new double[] {0.80, 0.85, 0.87, 0.88, 0.89}) {
            Point first = curve.stream().filter(p -> p.accuracy() >= target).findFirst().orElse(null);
            s.append(String.format(Locale.ROOT, " %.2f@%s", target, first == null ? "-" : String.format(Locale.ROOT, "%.1fs", first.seconds())));
        }
        return s.toString();
    }

    private static double accuracy(int[] predicted, int[] labels) {
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        return right / (double) labels.length;
    }

    private static Matrix scaled(Matrix pixels) {
        Matrix x = pixels.copy();
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            d[i] /= 255f;
        }
        return x;
    }

    private static Dataset<Row> frame(SparkSession spark, Matrix x, int[] labels) {
        List<Row> rows = new ArrayList<>(labels.length);
        int cols = x.columns();
        float[] d = x.data();
        for (int i = 0; i < labels.length; i++) {
            double[] v = new double[cols];
            for (int j = 0; j < cols; j++) {
                v[j] = d[i * cols + j];
            }
            rows.add(RowFactory.create(Vectors.dense(v), (double) labels[i]));
        }
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType);
        // Shipped in slices of a few thousand rows, so no task carries the whole table.
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(sc.parallelize(rows, Math.max(1, labels.length / 2000)), schema);
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
    }
}

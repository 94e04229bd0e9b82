package dev.neurite.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A driver that dies resumes from its checkpoint directory with the bits of a fit never interrupted. */
class CheckpointTest {
    static SparkSession spark;
    static Dataset<Row> data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkTests.session("local[2]");
        data = SparkTests.blobs(spark, 240, 2).cache();
    }

    @AfterAll
    static void stop() {
        data.unpersist();
        spark.stop();
    }

    /** What the test hook throws on the driver: the driver "dies" at the end of an epoch. */
    static final class DriverDied extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DriverDied(int epoch) {
            super("driver died after epoch " + epoch);
        }
    }

    private static NeuriteClassifier classifier(int combineEvery) {
        // Dropout, a cosine schedule and row weights: state a resume must restore or replay.
        return new NeuriteClassifier().setHiddenLayers(12, 8).setDropout(0.2).setMaxIter(5).setBatchSize(40)
                .setStepSize(0.02).setSchedule("cosine").setSeed(7).setCombineEvery(combineEvery).setWeightCol("weight");
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

    /** The folder's files (names and bytes), to check that a refused fit changed nothing. */
    private static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static void assertUnchanged(Map<String, byte[]> before, Path dir) throws IOException {
        Map<String, byte[]> after = snapshot(dir);
        assertEquals(before.keySet(), after.keySet());
        for (String name : before.keySet()) {
            assertArrayEquals(before.get(name), after.get(name), name);
        }
    }

    private static List<String> checkpoints(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("checkpoint-")).sorted().toList();
        }
    }

    @Test
    void aResumedFitEndsWithTheBitsOfAnUninterruptedOne() throws IOException {
        // combineEvery 1: the driver's optimizer steps; 3: local steps with averaged moments. The
        // second also checkpoints every 2 epochs, so the resumed fit redoes the epoch after the checkpoint.
        // The first also holds out validation rows: early stopping's best weights and counters are restored too.
        // Both weigh the rows by the weight column; the second also by balanced class weights.
        for (int[] c : new int[][] {{1, 1, 2}, {3, 3, 4}}) {
            int combineEvery = c[0];
            int interval = c[1];
            int diesAfter = c[2]; // epochs done when the driver dies
            java.util.function.Supplier<NeuriteClassifier> estimator = () -> combineEvery == 1
                    ? classifier(1).setValidationIndicatorCol("isVal").setPatience(10)
                    : classifier(combineEvery).setClassWeight("balanced");
            NeuriteClassificationModel clean = estimator.get().fit(data);
            float[][] uninterrupted = weights(clean);
            Path dir = tmp.resolve("run-" + combineEvery);
            String uri = dir.toUri().toString();
            DriverDied died = assertThrows(DriverDied.class, () -> estimator.get().setCheckpointDir(uri)
                    .setCheckpointInterval(interval).setEpochListener((epoch, loss, validationLoss, network) -> {
                        if (epoch + 1 == diesAfter) {
                            throw new DriverDied(epoch + 1);
                        }
                    }).fit(data));
            assertTrue(died.getMessage().contains("after epoch " + diesAfter));
            int saved = diesAfter / interval * interval;
            assertEquals(List.of(String.format("checkpoint-%05d.safetensors", saved)), checkpoints(dir),
                    "only the last complete checkpoint is kept");

            List<Integer> epochsRun = new ArrayList<>();
            NeuriteClassificationModel resumed = estimator.get().setCheckpointDir(uri).setCheckpointInterval(interval)
                    .setEpochListener((epoch, loss, validationLoss, network) -> epochsRun.add(epoch)).fit(data);
            assertEquals(java.util.stream.IntStream.range(saved, 5).boxed().toList(), epochsRun,
                    "the resumed fit starts after the checkpoint");
            assertSameBits(uninterrupted, weights(resumed));
            assertEquals(clean.neuriteModel().training().get("final_loss"), resumed.neuriteModel().training().get("final_loss"));
            assertEquals(clean.neuriteModel().training().get("best_epoch"), resumed.neuriteModel().training().get("best_epoch"));
            assertEquals(5.0, resumed.neuriteModel().training().get("epochs_run"));
            assertEquals(List.of("checkpoint-00005.safetensors"), checkpoints(dir));

            // A finished fit's checkpoint: fitting again trains nothing and gives the same model.
            epochsRun.clear();
            NeuriteClassificationModel again = estimator.get().setCheckpointDir(uri).setCheckpointInterval(interval)
                    .setEpochListener((epoch, loss, validationLoss, network) -> epochsRun.add(epoch)).fit(data);
            assertEquals(List.of(), epochsRun);
            assertSameBits(uninterrupted, weights(again));
        }
    }

    @Test
    void aCheckpointOfOtherSettingsOrDataIsRefusedNamingTheDifference() throws IOException {
        Path dir = tmp.resolve("other");
        String uri = dir.toUri().toString();
        classifier(3).setMaxIter(2).setCheckpointDir(uri).fit(data);
        Map<String, byte[]> before = snapshot(dir);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> classifier(3).setMaxIter(2).setStepSize(0.05).setCheckpointDir(uri).fit(data));
        assertTrue(e.getMessage().contains("stepSize 0.02 there, 0.05 here"), e.getMessage());
        assertTrue(e.getMessage().contains("checkpoint-00002.safetensors"), e.getMessage());
        assertUnchanged(before, dir);

        e = assertThrows(IllegalArgumentException.class,
                () -> classifier(3).setMaxIter(2).setHiddenLayers(12, 9).setCheckpointDir(uri).fit(data));
        assertTrue(e.getMessage().contains("hiddenLayers [12,8] there, [12,9] here"), e.getMessage());

        // Weighted otherwise: class weights added, or the weight column dropped.
        e = assertThrows(IllegalArgumentException.class,
                () -> classifier(3).setMaxIter(2).setClassWeight("balanced").setCheckpointDir(uri).fit(data));
        assertTrue(e.getMessage().contains("classWeight unset there, \"balanced\" here"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> classifier(3).setMaxIter(2).setWeightCol("").setCheckpointDir(uri).fit(data));
        assertTrue(e.getMessage().contains("weightCol \"weight\" there, unset here"), e.getMessage());
        assertUnchanged(before, dir);

        // The same number of rows with one value changed is other data.
        Dataset<Row> other = SparkTests.blobs(spark, 240, 2).withColumn("weight",
                org.apache.spark.sql.functions.when(org.apache.spark.sql.functions.col("label").equalTo(2.0), 3.0)
                        .otherwise(org.apache.spark.sql.functions.col("weight")));
        e = assertThrows(IllegalArgumentException.class,
                () -> classifier(3).setMaxIter(2).setCheckpointDir(uri).fit(other));
        assertTrue(e.getMessage().contains("data [") && !e.getMessage().contains("partitionRows"), e.getMessage());
        assertUnchanged(before, dir);
    }

    @Test
    void aDamagedCheckpointIsRefusedAndKept() throws IOException {
        Path dir = tmp.resolve("damaged");
        String uri = dir.toUri().toString();
        classifier(3).setMaxIter(2).setCheckpointDir(uri).fit(data);
        Path file = dir.resolve("checkpoint-00002.safetensors");
        Path crc = dir.resolve(".checkpoint-00002.safetensors.crc");
        assertTrue(Files.exists(crc), "Hadoop's local file system keeps a checksum beside the file");
        byte[] good = Files.readAllBytes(file);

        // One flipped bit in a weight: the file system's checksum catches it.
        byte[] flipped = good.clone();
        flipped[flipped.length - 100] ^= 1;
        Files.write(file, flipped);
        Map<String, byte[]> before = snapshot(dir);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> classifier(3).setMaxIter(2).setCheckpointDir(uri).fit(data));
        assertTrue(e.getMessage().contains("checkpoint-00002.safetensors is damaged"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing in"), e.getMessage());
        assertUnchanged(before, dir);

        // Without the file system's checksum, the checkpoint's own CRC-32 catches it.
        Files.delete(crc);
        before = snapshot(dir);
        e = assertThrows(IllegalStateException.class, () -> classifier(3).setMaxIter(2).setCheckpointDir(uri).fit(data));
        assertTrue(e.getMessage().contains("is damaged: its tensors' CRC-32 is"), e.getMessage());
        assertUnchanged(before, dir);

        // Cut short.
        Files.write(file, java.util.Arrays.copyOf(good, good.length / 2));
        before = snapshot(dir);
        e = assertThrows(IllegalStateException.class, () -> classifier(3).setMaxIter(2).setCheckpointDir(uri).fit(data));
        assertTrue(e.getMessage().contains("checkpoint-00002.safetensors is damaged and cannot be resumed"), e.getMessage());
        assertUnchanged(before, dir);

        // Restored, with a temporary file of a write that a dying driver left behind: resumed, the leftover removed.
        Files.write(file, good);
        Files.write(dir.resolve(".checkpoint-00003.safetensors.tmp"), new byte[] {1, 2, 3});
        float[][] resumed = weights(classifier(3).setMaxIter(2).setCheckpointDir(uri).fit(data));
        assertSameBits(weights(classifier(3).setMaxIter(2).fit(data)), resumed);
        assertEquals(List.of("checkpoint-00002.safetensors"), checkpoints(dir));
        assertTrue(Files.notExists(dir.resolve(".checkpoint-00003.safetensors.tmp")));
    }

    @Test
    void checkpointIntervalIsValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NeuriteClassifier().setCheckpointInterval(0));
        assertTrue(e.getMessage().contains("checkpointInterval must be >= 1, or -1 to disable checkpoints, got 0"),
                e.getMessage());
        new NeuriteRegressor().setCheckpointInterval(-1);
    }
}

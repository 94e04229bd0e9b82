package dev.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The breaches a hostile run found at the command line (issue "nothing lost, round two"): each
 * ends with exit status 2, one line naming the file or value, no stack trace, and nothing
 * created or damaged. Read-only and full folders are real: small tmpfs mounts where this
 * process may mount (root, as CI runs), else skipped.
 */
class HostileRunTest {
    @TempDir
    Path dir;
    private final List<Path> mounts = new ArrayList<>();

    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(status, out.toString(), err.toString().strip());
    }

    static void assertRefused(Result r, String... expected) {
        assertEquals(Main.BAD_INPUT, r.status(), r.out() + "\n" + r.err());
        assertTrue(r.err().startsWith("neurite: "), r.err());
        assertTrue(r.err().lines().count() <= 2, "one or two lines: " + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception") || r.err().contains("internal error"), r.err());
        for (String e : expected) {
            assertTrue(r.err().contains(e), "expected «" + e + "» in «" + r.err() + "»");
        }
    }

    /** A tmpfs of {@code kilobytes} at a new folder, read-only when asked; skips the test where mounting is not allowed. */
    private Path mount(String name, int kilobytes, boolean readOnly) throws Exception {
        Path at = Files.createDirectories(dir.resolve(name));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + kilobytes + "k" + (readOnly ? ",ro" : ""), "tmpfs",
                at.toString()).redirectErrorStream(true).start();
        boolean mounted = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(mounted, "cannot mount a tmpfs here (not root): " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        mounts.add(at);
        return at;
    }

    @AfterEach
    void unmount() throws Exception {
        for (Path m : mounts) {
            new ProcessBuilder("umount", m.toString()).start().waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anUnwritableOutputFolderIsReportedBeforeTheFirstEpoch() throws Exception {
        Path readOnly = mount("ro", 64, true);
        Result r = run("train", "--data", "bundled:iris", "--out", readOnly.resolve("m.model").toString(), "--progress", "lines");
        assertRefused(r, "--out " + readOnly.resolve("m.model"), "cannot write in " + readOnly, "Read-only file system");
        assertFalse(r.out().contains("epoch"), "no epoch ran: " + r.out());

        Result plots = run("train", "--data", "bundled:iris", "--out", dir.resolve("m.model").toString(),
                "--plots", readOnly.resolve("plots").toString(), "--progress", "lines");
        assertRefused(plots, "--plots " + readOnly.resolve("plots"), "Read-only file system");
        assertFalse(Files.exists(dir.resolve("m.model")), "no model was written before the plots failed");

        Result checkpoints = run("train", "--data", "bundled:iris", "--out", dir.resolve("m.model").toString(),
                "--checkpoint-dir", readOnly.resolve("ckpt").toString());
        assertRefused(checkpoints, "--checkpoint-dir " + readOnly.resolve("ckpt"), "Read-only file system");
    }

    @Test
    void aFullDiskWhileSavingNamesTheFileKeepsTheOldModelAndLeavesNoTemporaryFile() throws Exception {
        Path small = mount("full", 96, false);
        Path model = small.resolve("m.model");
        assertEquals(0, run("train", "--data", "bundled:iris", "--out", model.toString(), "--layers", "8", "--epochs", "2",
                "--progress", "none").status());
        byte[] before = Files.readAllBytes(model);
        // 64·256 + 256·256 + 256·3 weights: about 280 KB, more than the 96 KB mount holds.
        Result r = run("train", "--data", "bundled:iris", "--out", model.toString(), "--layers", "64,256,256", "--epochs", "2",
                "--progress", "none");
        assertRefused(r, model.toString(), "No space left on device");
        assertEquals(List.of("m.model"), names(small), "no temporary file is left");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(model)), "the previous model is intact");
    }

    @Test
    void predictionsIntoAMissingFolderOrOntoAFolderAreRefusedBeforeScoring() throws Exception {
        Path model = dir.resolve("m.model");
        assertEquals(0, run("train", "--data", "bundled:iris", "--out", model.toString(), "--epochs", "2", "--progress", "none").status());
        assertRefused(run("predict", "--model", model.toString(), "--data", "bundled:iris", "--out", dir.resolve("no/such/p.csv").toString()),
                "--out " + dir.resolve("no/such/p.csv"), "does not exist");
        Files.createDirectories(dir.resolve("afolder"));
        assertRefused(run("predict", "--model", model.toString(), "--data", "bundled:iris", "--out", dir.resolve("afolder").toString()),
                "is a folder");
    }

    @Test
    void aSecondRunWritingTheSameModelIsRefusedWhileTheFirstHoldsItsLock() throws Exception {
        Path model = dir.resolve("m.model");
        Path lockFile = dir.resolve(".m.model.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            assertRefused(run("train", "--data", "bundled:iris", "--out", model.toString(), "--epochs", "2", "--progress", "none"),
                    "--out " + model + " is being written by another run");
        }
        assertFalse(Files.exists(model));
        assertEquals(0, run("train", "--data", "bundled:iris", "--out", model.toString(), "--epochs", "2", "--progress", "none").status());
        assertEquals(List.of("m.model"), names(dir), "the lock file goes with the run");
    }

    @Test
    void aStaleTemporaryFileOfAKilledSaveIsRemovedByTheNextSave() throws Exception {
        Path model = dir.resolve("m.model");
        Files.write(dir.resolve(".m.model.4638271.tmp"), new byte[4096]);
        assertEquals(0, run("train", "--data", "bundled:iris", "--out", model.toString(), "--epochs", "2", "--progress", "none").status());
        assertEquals(List.of("m.model"), names(dir));
    }

    @Test
    void adamAtAMillionDivergesWithAMessageAndWritesNoModel() {
        Path model = dir.resolve("m.model");
        Result r = run("train", "--data", "bundled:iris", "--out", model.toString(), "--learning-rate", "1e6", "--epochs", "30",
                "--progress", "none");
        assertRefused(r, "training diverged", "nothing was written to " + model);
        assertFalse(Files.exists(model));
    }

    @Test
    void aHugeValueIsNeverEchoedWhole() throws Exception {
        // Past the value limit (1 Mi characters) the reader refuses it; under it, whatever the
        // message says about the value is cut at 2,000 characters.
        for (int length : new int[] {3_000_000, 900_000}) {
            Path csv = dir.resolve("huge" + length + ".csv");
            Files.writeString(csv, "x,y\n1,0\n2,1\n3,0\n" + "9".repeat(length) + "x,1\n");
            Result r = run("train", "--data", csv.toString(), "--target", "y", "--out", dir.resolve("m.model").toString(),
                    "--progress", "none");
            assertRefused(r, csv.toString());
            assertTrue(r.err().length() < 2_200, length + ": cut to about 2,000 characters: " + r.err().length());
            assertTrue(r.out().length() < 20_000, length + ": nor echoed on stdout: " + r.out().length());
        }
    }

    @Test
    void fiftyThousandCategoriesBecomeAnEmbeddingNotAFiftyThousandWideOneHot() throws Exception {
        Path csv = dir.resolve("wide.csv");
        StringBuilder text = new StringBuilder("city,x,y\n");
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 100_000; i++) {
            int c = random.nextInt(50_000);
            text.append('c').append(c).append(',').append(random.nextInt(1000) / 1000.0).append(',').append(c % 2).append('\n');
        }
        Files.writeString(csv, text);
        Result r = run("train", "--data", csv.toString(), "--target", "y", "--out", dir.resolve("wide.model").toString(),
                "--epochs", "1", "--progress", "none");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("1 numeric, 1 text → 2 inputs"), r.out());
        assertTrue(r.out().contains("an embedding of 16 learned inputs"), r.out());
    }

    @Test
    void runningOutOfMemoryEndsInOneLineNamingTheHeap() throws Exception {
        Path csv = dir.resolve("big.csv");
        StringBuilder text = new StringBuilder("a,b,c,d,e,f,g,h,y\n");
        for (int i = 0; i < 200_000; i++) {
            text.append(i).append(".25,").append(i % 7).append(".5,").append(i % 11).append(",4,5,6,7,8,").append(i % 3).append('\n');
        }
        Files.writeString(csv, text);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx24m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "--data", csv.toString(), "--target", "y", "--out", dir.resolve("m.model").toString(), "--progress", "none")
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run ended");
        String err = Files.readString(dir.resolve("err.txt")).strip();
        assertEquals(Main.BAD_INPUT, p.exitValue(), err);
        assertTrue(err.startsWith("neurite: "), err);
        assertTrue(err.contains("out of memory") || err.contains("the Java heap has"), err);
        assertTrue(err.contains("-Xmx"), "says how to give it more: " + err);
        assertTrue(err.lines().count() <= 2 && !err.contains("\tat "), "one line, no trace: " + err);
        assertFalse(Files.exists(dir.resolve("m.model")));
    }

    @Test
    void aFullDiskWhileCheckpointingKeepsTheLastGoodCheckpointAndNoTemporaryFile() throws Exception {
        Path small = mount("ckpt", 300, false);
        // The checkpoint of this network (weights, Adam's two moments, early stopping's best weights) is
        // about 210 KB: one fits on the mount, two do not.
        Result r = run("train", "--data", "bundled:iris", "--out", dir.resolve("m.model").toString(), "--layers", "64,64,64,64",
                "--epochs", "3", "--numeric-embedding", "none", "--checkpoint-dir", small.toString(), "--progress", "none");
        assertRefused(r, "No space left on device");
        assertEquals(List.of("checkpoint-00001.safetensors"), names(small), "the last good checkpoint stays, and nothing else");
        assertFalse(Files.exists(dir.resolve("m.model")));
        assertTrue(dev.neurite.io.SafeTensors.read(Files.readAllBytes(small.resolve("checkpoint-00001.safetensors")), "c")
                .metadata().containsKey("settings"), "it is whole");
    }
}

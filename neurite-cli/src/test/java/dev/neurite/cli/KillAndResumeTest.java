package dev.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.io.Model;
import dev.neurite.io.ModelFile;
import dev.neurite.nn.Parameter;
import dev.neurite.tensor.Rng;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real `neurite train` process is killed with SIGKILL in the middle of an epoch, then resumed:
 * the model it ends with is bitwise identical to the one of a run that was never interrupted.
 */
class KillAndResumeTest {
    @TempDir
    Path dir;

    private Path data() throws IOException {
        Rng rng = new Rng(1);
        StringBuilder s = new StringBuilder();
        for (int j = 0; j < 30; j++) {
            s.append("f").append(j).append(',');
        }
        s.append("label\n");
        for (int i = 0; i < 12_000; i++) {
            double sum = 0;
            for (int j = 0; j < 30; j++) {
                double v = rng.nextGaussian();
                sum += j % 3 == 0 ? v : -0.3 * v;
                s.append(String.format(Locale.ROOT, "%.4f,", v));
            }
            s.append(sum > 0 ? "up" : "down").append('\n');
        }
        Path p = dir.resolve("data.csv");
        Files.writeString(p, s);
        return p;
    }

    private List<String> trainArgs(Path data, Path out, Path checkpoints) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--target", "label", "--out", out.toString(),
                "--layers", "256,256", "--dropout", "0.1", "--epochs", "6", "--batch-size", "32", "--learning-rate", "0.002",
                "--early-stopping", "0", "--progress", "lines", "--checkpoint-dir", checkpoints.toString()));
        return args;
    }

    private static int runHere(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, status, out + "\n" + err);
        return status;
    }

    @Test
    void sigkillMidEpochThenResumeEqualsAnUninterruptedRun() throws Exception {
        Path data = data();
        Path uninterrupted = dir.resolve("uninterrupted.model");
        runHere(trainArgs(data, uninterrupted, dir.resolve("ckpt-a")));

        Path checkpoints = dir.resolve("ckpt-b");
        Path model = dir.resolve("resumed.model");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(trainArgs(data, model, checkpoints));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed.log").toFile()).start();
        // Wait for the second epoch's checkpoint, then kill a little into the third epoch.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        Path second = checkpoints.resolve("checkpoint-00002.safetensors");
        while (!Files.exists(second) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(Files.exists(second), "no checkpoint of epoch 2 appeared:\n" + Files.readString(dir.resolve("killed.log")));
        Thread.sleep(120);
        assertTrue(process.isAlive(), "the run finished before it could be killed:\n" + Files.readString(dir.resolve("killed.log")));
        process.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flushing
        process.waitFor(1, TimeUnit.MINUTES);
        assertEquals(137, process.exitValue(), "killed by SIGKILL");
        String log = Files.readString(dir.resolve("killed.log"));
        assertTrue(log.contains("epoch 2/6") && !log.contains("epoch 6/6"), "killed mid-run:\n" + log);
        assertFalse(Files.exists(model), "no model file from a killed run");

        List<String> resume = trainArgs(data, model, checkpoints);
        resume.add("--resume");
        runHere(resume);

        Model a = ModelFile.load(uninterrupted);
        Model b = ModelFile.load(model);
        for (int i = 0; i < a.network().parameters().size(); i++) {
            Parameter p = a.network().parameters().get(i);
            Parameter q = b.network().parameters().get(i);
            assertArrayEquals(Arrays.copyOf(p.value().data(), p.value().size()),
                    Arrays.copyOf(q.value().data(), q.value().size()), p.name() + " differs after kill and resume");
        }
        assertEquals(a.training().get("train"), b.training().get("train"));
        assertEquals(a.training().get("validation"), b.training().get("validation"));
    }
}

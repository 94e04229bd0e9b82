package dev.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.io.Model;
import dev.neurite.io.ModelFile;
import dev.neurite.tensor.Kernels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --label-smoothing ε} on train and cv: the same bits on 1 and 2 threads, a different model
 * from ε = 0, saved in the model's training settings; out-of-range values and regression refused
 * with messages that name them.
 */
class LabelSmoothingOptionTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void restoreKernels() {
        Kernels.use(Kernels.create(Runtime.getRuntime().availableProcessors()));
    }

    /** 200 rows: two numeric columns, a 3-class target y and a numeric target v. */
    private Path table() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,y,v\n");
        long state = 99;
        for (int i = 0; i < 200; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            double a = ((state >>> 11) % 10_000) / 1000.0;
            double b = ((state >>> 29) % 10_000) / 500.0 - 10;
            int y = (a > 6 ? 1 : 0) + (b > 0 ? 1 : 0);
            csv.append(String.format(Locale.ROOT, "%.3f,%.3f,c%d,%.3f%n", a, b, y, a * 2 + b * 0.3));
        }
        Path p = dir.resolve("t.csv");
        Files.writeString(p, csv);
        return p;
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    private Model train(Path data, String name, String... extra) {
        Path model = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--target", "y", "--out", model.toString(),
                "--progress", "none", "--epochs", "15"));
        args.addAll(List.of(extra));
        int status = run(args.toArray(String[]::new));
        assertEquals(0, status, out + "\n" + err);
        return ModelFile.load(model);
    }

    private static float[] firstWeights(Model m) {
        return Arrays.copyOf(m.network().parameters().get(0).value().data(), m.network().parameters().get(0).value().size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void smoothingTrainsAnotherModelWithTheSameBitsOnOneAndTwoThreadsAndIsSaved() throws Exception {
        Path data = table();
        Model one = train(data, "one.model", "--label-smoothing", "0.1", "--threads", "1");
        assertTrue(out.toString().contains("softmax_cross_entropy(label_smoothing=0.1)"), out.toString());
        Model two = train(data, "two.model", "--label-smoothing", "0.1", "--threads", "2");
        for (int i = 0; i < one.network().parameters().size(); i++) {
            assertArrayEquals(one.network().parameters().get(i).value().data(), two.network().parameters().get(i).value().data(),
                    one.network().parameters().get(i).name() + " differs between 1 and 2 threads");
        }
        Model plain = train(data, "plain.model");
        assertFalse(Arrays.equals(firstWeights(one), firstWeights(plain)), "ε = 0.1 trains other weights than ε = 0");
        // the loss keeps its name (older readers, ONNX and the predictors switch on it); ε is a training setting
        assertEquals("softmax_cross_entropy", one.loss());
        Map<String, Object> settings = (Map<String, Object>) one.training().get("settings");
        assertEquals(0.1, ((Number) settings.get("label_smoothing")).doubleValue(), 1e-6);
        settings = (Map<String, Object>) plain.training().get("settings");
        assertEquals(0.0, ((Number) settings.get("label_smoothing")).doubleValue());
    }

    @Test
    void badValuesAndRegressionAreRefusedNamingThem() throws Exception {
        Path data = table();
        String model = dir.resolve("m.model").toString();
        for (String bad : new String[] {"1", "-0.1", "1.5", "NaN"}) {
            assertEquals(2, run("train", "--data", data.toString(), "--target", "y", "--out", model, "--label-smoothing", bad), out + "\n" + err);
            assertTrue(err.toString().contains("--label-smoothing must be in [0, 1), got " + Float.parseFloat(bad)), err.toString());
            assertEquals(2, run("cv", "--data", data.toString(), "--target", "y", "--label-smoothing", bad), out + "\n" + err);
            assertTrue(err.toString().contains("--label-smoothing must be in [0, 1), got"), err.toString());
        }
        assertEquals(2, run("train", "--data", data.toString(), "--target", "v", "--out", model, "--label-smoothing", "0.1",
                "--progress", "none"), out + "\n" + err);
        assertTrue(err.toString().contains("--label-smoothing 0.1 applies to classification, but this task has a numeric target (regression)"),
                err.toString());
        assertFalse(Files.exists(Path.of(model)), "nothing written");
        assertEquals(2, run("cv", "--data", data.toString(), "--target", "v", "--folds", "2", "--label-smoothing", "0.1"), out + "\n" + err);
        assertTrue(err.toString().contains("--label-smoothing 0.1 applies to classification"), err.toString());
        // ε = 0 on regression is the default, not an error
        assertEquals(0, run("train", "--data", data.toString(), "--target", "v", "--out", model, "--label-smoothing", "0",
                "--progress", "none", "--epochs", "2"), out + "\n" + err);
    }

    @Test
    void cvTakesIt() throws Exception {
        Path data = table();
        assertEquals(0, run("cv", "--data", data.toString(), "--target", "y", "--folds", "2", "--epochs", "5",
                "--label-smoothing", "0.2"), out + "\n" + err);
        assertTrue(out.toString().contains("accuracy"), out.toString());
    }
}

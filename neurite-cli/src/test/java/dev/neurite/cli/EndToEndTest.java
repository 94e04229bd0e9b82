package dev.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neurite.data.IdxDataset;
import dev.neurite.tensor.Rng;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train → evaluate → predict → info through the same entry point a user runs, on files written here. */
class EndToEndTest {
    @TempDir
    Path dir;
    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Main.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    private void ok(String... args) {
        int status = run(args);
        assertEquals(0, status, () -> String.join(" ", args) + "\nstdout:\n" + out + "\nstderr:\n" + err);
    }

    private JsonNode evaluateJson(Path model, String data, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("evaluate", "--model", model.toString(), "--data", data, "--json"));
        args.addAll(List.of(extra));
        ok(args.toArray(String[]::new));
        return new ObjectMapper().readTree(out.toString());
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** Two numeric features and a text feature; the label is text and depends on all three. */
    private String mixedCsv(int n, long seed, boolean withTarget) {
        Rng rng = new Rng(seed);
        StringBuilder s = new StringBuilder(withTarget ? "x1,\"shape, kind\",x2,label\n" : "x2,\"shape, kind\",x1\n");
        for (int i = 0; i < n; i++) {
            double x1 = rng.nextGaussian();
            double x2 = rng.nextGaussian();
            String shape = rng.nextInt(2) == 0 ? "round \"o\"" : "square, big";
            boolean positive = x1 + x2 + (shape.startsWith("round") ? 1.5 : -1.5) > 0;
            String quoted = "\"" + shape.replace("\"", "\"\"") + "\"";
            if (withTarget) {
                s.append(String.format(Locale.ROOT, "%.4f,%s,%.4f,%s%n", x1, quoted, x2, positive ? "yes" : "no"));
            } else {
                s.append(String.format(Locale.ROOT, "%.4f,%s,%.4f%n", x2, quoted, x1));
            }
        }
        return s.toString();
    }

    @Test
    void classificationWithTextFeaturesAndTextLabels() throws IOException {
        Path train = write("train.csv", mixedCsv(400, 1, true));
        Path test = write("test.csv", mixedCsv(200, 2, true));
        Path model = dir.resolve("mixed.model");
        Path plots = dir.resolve("plots");
        ok("train", "--data", train.toString(), "--target", "label", "--out", model.toString(), "--epochs", "60",
                "--learning-rate", "0.01", "--plots", plots.toString());
        String log = out.toString();
        assertTrue(log.contains("3 features (2 numeric, 1 text → 4 inputs); target 'label', classification of 2 classes"), log);
        assertTrue(log.contains("Defaults for 400 rows: an ensemble of 5 networks, plr-lite embeddings of the 2 numeric columns"), log);
        for (int done = 1; done <= 5; done++) {
            assertTrue(log.contains("done (" + done + "/5)"), "a plain line per network as it finishes when not on a terminal:\n" + log);
        }
        assertTrue(log.contains("validation"), log);
        JsonNode eval = evaluateJson(model, test.toString());
        assertTrue(eval.get("accuracy").asDouble() > 0.9, eval.toString());
        assertTrue(eval.has("f1_macro"));
        assertEquals(200, eval.get("examples").asInt());

        Path predictions = dir.resolve("pred.csv");
        Path unlabelled = write("new.csv", mixedCsv(50, 3, false));
        ok("predict", "--model", model.toString(), "--data", unlabelled.toString(), "--out", predictions.toString());
        List<String> lines = Files.readAllLines(predictions);
        assertEquals("prediction,p_no,p_yes", lines.get(0));
        assertEquals(51, lines.size());
        String[] first = lines.get(1).split(",");
        assertTrue(first[0].equals("yes") || first[0].equals("no"));
        assertEquals(1.0, Double.parseDouble(first[1]) + Double.parseDouble(first[2]), 1e-5);

        ok("info", "--model", model.toString());
        assertTrue(out.toString().contains("shape, kind"), out.toString());
        assertTrue(out.toString().contains("classes no, yes"), out.toString());
        // The defaults on 2 numeric columns and 2 one-hot inputs: plr-lite (2·48 frequencies, a shared
        // 96→24 map: 96 + 96·24 + 24), then 128,64 on 2 + 2·24 = 50 inputs and 2 classes:
        // (50·128 + 128) + (128·64 + 64) + (64·2 + 2); five such networks.
        assertTrue(out.toString().contains("total 17,338 trainable parameters"), out.toString());
        assertTrue(out.toString().contains("An ensemble of 5 networks of this architecture (86,690 parameters in all)"), out.toString());
        for (String png : List.of("learning_curves.png", "learning_curves_accuracy.png", "confusion_matrix.png")) {
            assertValidPng(plots.resolve(png));
        }
    }

    @Test
    void regressionOnOneNumericColumnDrawsTheFittedCurve() throws IOException {
        StringBuilder csv = new StringBuilder("x,y\n");
        Rng rng = new Rng(4);
        for (int i = 0; i < 300; i++) {
            double x = 4 * rng.nextDouble() - 2;
            csv.append(String.format(Locale.ROOT, "%.5f,%.5f%n", x, 3 * Math.sin(x) + 10 + 0.1 * rng.nextGaussian()));
        }
        Path data = write("sine.csv", csv.toString());
        Path model = dir.resolve("sine.model");
        Path plots = dir.resolve("p");
        ok("train", "--data", data.toString(), "--target", "y", "--out", model.toString(), "--learning-rate", "0.01",
                "--plots", plots.toString());
        assertTrue(out.toString().contains("target 'y', regression"), out.toString());
        JsonNode eval = evaluateJson(model, data.toString());
        assertTrue(eval.get("r2").asDouble() > 0.95, eval.toString());
        assertTrue(eval.get("mse").asDouble() < 0.2, "mse in the target's units: " + eval);
        assertTrue(eval.has("mae"));
        Path predictions = dir.resolve("y.csv");
        ok("predict", "--model", model.toString(), "--data", data.toString(), "--out", predictions.toString());
        double first = Double.parseDouble(Files.readAllLines(predictions).get(1));
        assertTrue(first > 6 && first < 14, "predictions in the target's units, got " + first);
        assertValidPng(plots.resolve("fitted_curve.png"));
        assertValidPng(plots.resolve("predicted_vs_actual.png"));
    }

    @Test
    void idxImagesWrittenByTheTest() throws IOException {
        // 8×8 images of two classes: a bright left half or a bright right half, with noise.
        int n = 300;
        Rng rng = new Rng(5);
        byte[] pixels = new byte[n * 64];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 2);
            for (int p = 0; p < 64; p++) {
                boolean bright = (p % 8 < 4) == (labels[i] == 0);
                pixels[i * 64 + p] = (byte) Math.min(255, (bright ? 160 : 20) + rng.nextInt(80));
            }
        }
        Path images = dir.resolve("img-idx3-ubyte.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(images))) {
            o.write(IdxDataset.encode(new int[] {n, 8, 8}, pixels));
        }
        Path labelFile = dir.resolve("lab-idx1-ubyte");
        Files.write(labelFile, IdxDataset.encode(new int[] {n}, labels));
        Path model = dir.resolve("img.model");
        ok("train", "--data", images.toString(), "--labels", labelFile.toString(), "--out", model.toString(), "--epochs", "5");
        JsonNode eval = evaluateJson(model, images.toString(), "--labels", labelFile.toString());
        assertEquals(1.0, eval.get("accuracy").asDouble(), 0.01);
        assertEquals(2, eval.get("confusion_matrix").size());
        Path predictions = dir.resolve("img.csv");
        ok("predict", "--model", model.toString(), "--data", images.toString(), "--labels", labelFile.toString(), "--out", predictions.toString());
        assertEquals("prediction,p_0,p_1", Files.readAllLines(predictions).get(0));
    }

    @Test
    void bundledDataTrainsWithDefaults() throws IOException {
        Path model = dir.resolve("iris.model");
        ok("train", "--data", "bundled:iris", "--out", model.toString());
        assertTrue(out.toString().contains("accuracy"), out.toString());
        assertTrue(evaluateJson(model, "bundled:iris").get("accuracy").asDouble() > 0.9);
    }

    @Test
    void demoDrawsItsPictures() throws IOException {
        Path plots = dir.resolve("demo");
        ok("demo", "xor", "parabola", "--plots", plots.toString());
        assertValidPng(plots.resolve("xor_decision_regions.png"));
        assertValidPng(plots.resolve("parabola_fitted_curve_relu.png"));
        assertValidPng(plots.resolve("parabola_fitted_curve_linear.png"));
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws IOException {
        Path model = dir.resolve("never.model");
        Path csv = write("bad.csv", "a,b,y\n1,2,x\n3,abc,y\n5,6,x\n7,8,y\n");
        String[][] cases = {
            {"--data", csv.toString(), "--target", "nope", "--out", model.toString()},
            {"--data", csv.toString(), "--target", "y", "--out", model.toString()},
            {"--data", dir.resolve("missing.csv").toString(), "--target", "y", "--out", model.toString()},
            {"--data", csv.toString(), "--target", "y", "--out", model.toString(), "--learning-rate", "-1"},
            {"--data", csv.toString(), "--target", "y", "--out", model.toString(), "--batch-size", "0"},
            {"--data", csv.toString(), "--target", "y", "--out", model.toString(), "--activation", "relux"},
            {"--data", csv.toString(), "--target", "y", "--out", model.toString(), "--dropout", "1"},
            {"--data", csv.toString(), "--target", "y", "--out", model.toString(), "--optimizer", "adamax"},
        };
        String[] expected = {
            "bad.csv: no column 'nope'; the columns are a, b, y",
            "bad.csv line 3: 'abc' in numeric column 'b'",
            "missing.csv: no such file",
            "--learning-rate must be > 0, got -1.0",
            "--batch-size must be > 0, got 0",
            "unknown activation 'relux'",
            "--dropout must be in [0, 1), got 1.0",
            "unknown optimizer 'adamax'",
        };
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new ArrayList<>(List.of("train"));
            args.addAll(List.of(cases[i]));
            assertEquals(Main.BAD_INPUT, run(args.toArray(String[]::new)), String.join(" ", cases[i]));
            String message = err.toString().strip();
            assertTrue(message.startsWith("neurite: ") && message.contains(expected[i]), "expected «" + expected[i] + "» in «" + message + "»");
            assertFalse(message.contains("\tat "), "no stack trace: " + message);
            assertFalse(Files.exists(model), "no model file after a failure");
        }
        assertEquals(Main.BAD_INPUT, run("info", "--model", csv.toString()));
        assertTrue(err.toString().contains("not fit the file") || err.toString().contains("not a"), err.toString());
    }

    private static void assertValidPng(Path file) throws IOException {
        assertTrue(Files.exists(file), file + " missing");
        BufferedImage image = ImageIO.read(file.toFile());
        assertTrue(image != null && image.getWidth() >= 400 && image.getHeight() >= 300, file + " is not a picture");
        int distinct = (int) IntStream.range(0, 200)
                .map(i -> image.getRGB(i * image.getWidth() / 200, image.getHeight() / 2)).distinct().count();
        assertTrue(distinct > 2, file + " looks blank");
    }
}

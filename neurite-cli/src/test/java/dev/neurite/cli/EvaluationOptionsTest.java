package dev.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imbalance, weights and honest scores through the command line: --class-weight,
 * --weight-column, --threshold, the binary figures, --validation-data, cv and the refit.
 */
class EvaluationOptionsTest {
    @TempDir
    Path dir;
    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Main.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    private String ok(String... args) {
        int status = run(args);
        assertEquals(0, status, () -> String.join(" ", args) + "\nstdout:\n" + out + "\nstderr:\n" + err);
        return out.toString();
    }

    private String fails(String... args) {
        int status = run(args);
        assertEquals(2, status, () -> String.join(" ", args) + "\nstdout:\n" + out + "\nstderr:\n" + err);
        return err.toString();
    }

    /** x1, x2, a weight column w, and label yes where x1 + x2 + noise > 1.5 (about 15% yes). */
    private Path rare(String name, int n, long seed) throws IOException {
        Rng rng = new Rng(seed);
        StringBuilder s = new StringBuilder("x1,x2,w,label\n");
        for (int i = 0; i < n; i++) {
            double x1 = rng.nextGaussian();
            double x2 = rng.nextGaussian();
            boolean yes = x1 + x2 + 0.3 * rng.nextGaussian() > 1.5;
            s.append(String.format(Locale.ROOT, "%.4f,%.4f,%d,%s%n", x1, x2, 1 + i % 3, yes ? "yes" : "no"));
        }
        return Files.writeString(dir.resolve(name), s);
    }

    private JsonNode evaluate(Path model, Path data, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("evaluate", "--model", model.toString(), "--data", data.toString(), "--json"));
        args.addAll(List.of(extra));
        return new ObjectMapper().readTree(ok(args.toArray(String[]::new)));
    }

    private static float[] weights(Path model) {
        Model m = ModelFile.load(model);
        List<Float> all = new ArrayList<>();
        for (Parameter p : m.network().parameters()) {
            for (int i = 0; i < p.value().size(); i++) {
                all.add(p.value().data()[i]);
            }
        }
        float[] a = new float[all.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = all.get(i);
        }
        return a;
    }

    private String[] train(Path data, Path model, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--target", "label", "--out", model.toString(),
                "--ignore", "w", "--epochs", "15", "--layers", "16", "--ensemble", "1", "--progress", "none"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void binaryFiguresThresholdAndClassWeights() throws IOException {
        Path train = rare("train.csv", 600, 1);
        Path test = rare("test.csv", 1500, 2);
        Path plain = dir.resolve("plain.model");
        String summary = ok(train(train, plain, "--threshold", "f1"));
        assertTrue(summary.contains("roc_auc") && summary.contains("pr_auc") && summary.contains("log_loss"), summary);
        assertTrue(summary.contains("per class (validation)"), summary);
        // --threshold f1 chose one on the validation rows and says so; the model carries it.
        assertTrue(summary.contains("validation rows for the best F1 of yes"), summary);
        double saved = ModelFile.load(plain).decisionThreshold();
        assertTrue(saved > 0 && saved < 1, "saved threshold " + saved);

        JsonNode e = evaluate(plain, test);
        assertEquals(saved, e.get("threshold").asDouble(), 1e-12);
        for (String k : List.of("accuracy", "f1_macro", "log_loss", "roc_auc", "pr_auc")) {
            assertTrue(e.has(k), k + " in " + e);
        }
        assertTrue(e.get("roc_auc").asDouble() > 0.9, e.toString());
        assertTrue(e.get("per_class").get("yes").has("recall"), e.toString());
        // A lower threshold finds at least as many positives; the ranking figures do not move.
        JsonNode low = evaluate(plain, test, "--threshold", "0.05");
        JsonNode high = evaluate(plain, test, "--threshold", "0.9");
        assertTrue(low.get("per_class").get("yes").get("recall").asDouble() > high.get("per_class").get("yes").get("recall").asDouble(),
                low + "\n" + high);
        assertEquals(low.get("roc_auc").asDouble(), high.get("roc_auc").asDouble());
        String text = ok("evaluate", "--model", plain.toString(), "--data", test.toString());
        assertTrue(text.contains("decision: yes where P(yes) >= ") && text.contains("saved in the model"), text);
        String info = ok("info", "--model", plain.toString());
        assertTrue(info.contains("Decision: yes where P(yes) >= "), info);

        // predict: --threshold 0 calls every row yes.
        Path predictions = dir.resolve("p.csv");
        ok("predict", "--model", plain.toString(), "--data", test.toString(), "--out", predictions.toString(), "--threshold", "0");
        assertTrue(Files.readAllLines(predictions).stream().skip(1).allMatch(l -> l.startsWith("yes,")));

        // Balanced class weights at the plain 0.5 decision find more of the rare class than no weights.
        Path none = dir.resolve("none.model");
        ok(train(train, none, "--threshold", "none"));
        assertTrue(Double.isNaN(ModelFile.load(none).decisionThreshold()));
        Path balanced = dir.resolve("balanced.model");
        String b = ok(train(train, balanced, "--threshold", "none", "--class-weight", "balanced"));
        assertTrue(b.contains("Class weights (balanced): no 0.5"), b);
        double recallNone = evaluate(none, test).get("per_class").get("yes").get("recall").asDouble();
        double recallBalanced = evaluate(balanced, test).get("per_class").get("yes").get("recall").asDouble();
        assertTrue(recallBalanced > recallNone, "recall of yes: " + recallNone + " unweighted, " + recallBalanced + " balanced");
        String given = ok(train(train, dir.resolve("given.model"), "--class-weight", "yes=4"));
        assertTrue(given.contains("Class weights (yes=4): no 1, yes 4"), given);

        assertTrue(fails(train(train, dir.resolve("x.model"), "--class-weight", "maybe=2")).contains("--class-weight names no class 'maybe'; the classes are no, yes"));
        assertTrue(fails(train(train, dir.resolve("x.model"), "--class-weight", "yes=-1")).contains("weights must be finite and >= 0"));
        assertTrue(fails(train(train, dir.resolve("x.model"), "--threshold", "2")).contains("--threshold must be a probability in [0, 1]"));
        assertTrue(fails("evaluate", "--model", plain.toString(), "--data", test.toString(), "--threshold", "high")
                .contains("--threshold must be a probability in [0, 1]"));
    }

    @Test
    void rocAndPrecisionRecallPlots() throws IOException {
        Path train = rare("train.csv", 300, 3);
        Path model = dir.resolve("m.model");
        Path plots = dir.resolve("plots");
        ok("train", "--data", train.toString(), "--target", "label", "--out", model.toString(), "--ignore", "w", "--epochs", "3",
                "--progress", "none", "--plots", plots.toString());
        assertTrue(Files.size(plots.resolve("roc_curve.png")) > 1000);
        assertTrue(Files.size(plots.resolve("precision_recall_curve.png")) > 1000);
        Path evalPlots = dir.resolve("eval-plots");
        String text = ok("evaluate", "--model", model.toString(), "--data", train.toString(), "--plots", evalPlots.toString());
        assertTrue(text.contains("roc_curve.png") && text.contains("precision_recall_curve.png"), text);
    }

    @Test
    void theWeightColumnIsRelativeAndLeftOutOfTheFeatures() throws IOException {
        Rng rng = new Rng(5);
        StringBuilder same = new StringBuilder("x1,x2,w,label\n");
        StringBuilder none = new StringBuilder("x1,x2,label\n");
        for (int i = 0; i < 200; i++) {
            double x1 = rng.nextGaussian();
            double x2 = rng.nextGaussian();
            String label = x1 - x2 > 0 ? "a" : "b";
            same.append(String.format(Locale.ROOT, "%.4f,%.4f,2.5,%s%n", x1, x2, label));
            none.append(String.format(Locale.ROOT, "%.4f,%.4f,%s%n", x1, x2, label));
        }
        Path weighted = Files.writeString(dir.resolve("weighted.csv"), same);
        Path plain = Files.writeString(dir.resolve("plain.csv"), none);
        Path a = dir.resolve("a.model");
        Path b = dir.resolve("b.model");
        String text = ok("train", "--data", weighted.toString(), "--target", "label", "--out", a.toString(), "--weight-column", "w",
                "--epochs", "4", "--progress", "none");
        assertTrue(text.contains("weighted by column 'w'"), text);
        assertFalse(ModelFile.load(a).preprocessor().features().contains("w"));
        ok("train", "--data", plain.toString(), "--target", "label", "--out", b.toString(), "--epochs", "4", "--progress", "none");
        // Every row weighing 2.5 is every row weighing 1: the same bits.
        assertArrayEquals(weights(b), weights(a));

        Path bad = Files.writeString(dir.resolve("bad.csv"), "x1,x2,w,label\n1,2,1,a\n2,1,-3,b\n3,3,1,a\n1,1,1,b\n0,1,1,a\n");
        String e = fails("train", "--data", bad.toString(), "--target", "label", "--out", dir.resolve("c.model").toString(), "--weight-column", "w");
        assertTrue(e.contains("bad.csv line 3: weight -3 in column 'w' is negative"), e);
        Path text2 = Files.writeString(dir.resolve("text.csv"), "x1,x2,w,label\n1,2,1,a\n2,1,1,b\n3,3,heavy,a\n1,1,1,b\n0,1,1,a\n");
        e = fails("train", "--data", text2.toString(), "--target", "label", "--out", dir.resolve("c.model").toString(), "--weight-column", "w");
        assertTrue(e.contains("text.csv line 4: weight 'heavy' in column 'w' is not a finite number"), e);
        Path zeros = Files.writeString(dir.resolve("zeros.csv"), "x1,x2,w,label\n1,2,0,a\n2,1,0,b\n3,3,0,a\n1,1,0,b\n");
        e = fails("train", "--data", zeros.toString(), "--target", "label", "--out", dir.resolve("c.model").toString(), "--weight-column", "w");
        assertTrue(e.contains("every weight in column 'w' is 0"), e);
    }

    @Test
    void validationDataIsWhatTheSummaryScores() throws IOException {
        Path train = rare("train.csv", 400, 7);
        Path validation = rare("validation.csv", 300, 8);
        Path model = dir.resolve("v.model");
        String text = ok(train(train, model, "--validation-data", validation.toString()));
        assertTrue(text.contains("validating on 300 (from " + validation + ")"), text);
        assertFalse(text.contains("Refit"), text);
        Map<?, ?> summary = (Map<?, ?>) ModelFile.load(model).training().get("validation");
        JsonNode e = evaluate(model, validation);
        assertEquals(((Number) summary.get("accuracy")).doubleValue(), e.get("accuracy").asDouble(), 1e-12);
        assertEquals(((Number) summary.get("roc_auc")).doubleValue(), e.get("roc_auc").asDouble(), 1e-12);
        Path wrong = Files.writeString(dir.resolve("wrong.csv"), "x1,x2\n1,2\n");
        assertTrue(fails(train(train, dir.resolve("w.model"), "--validation-data", wrong.toString())).contains("no target column 'label'"));
    }

    @Test
    void crossValidationPrintsEachFoldAndTheMeanAndIsRepeatable() throws IOException {
        Path data = rare("data.csv", 300, 9);
        String[] args = {"cv", "--data", data.toString(), "--target", "label", "--ignore", "w", "--folds", "3", "--epochs", "5",
                "--layers", "8", "--json"};
        JsonNode a = new ObjectMapper().readTree(ok(args));
        assertEquals(3, a.get("folds").size());
        int tested = 0;
        for (JsonNode f : a.get("folds")) {
            tested += f.get("test_examples").asInt();
            assertEquals(300, f.get("test_examples").asInt() + f.get("train_examples").asInt());
        }
        assertEquals(300, tested);
        double mean = 0;
        for (JsonNode f : a.get("folds")) {
            mean += f.get("figures").get("accuracy").asDouble() / 3;
        }
        assertEquals(mean, a.get("mean").get("accuracy").asDouble(), 1e-12);
        assertTrue(a.get("std").has("roc_auc"));
        JsonNode b = new ObjectMapper().readTree(ok(args));
        assertEquals(a.get("mean"), b.get("mean"), "same seed, same folds, same figures");
        String text = ok("cv", "--data", data.toString(), "--target", "label", "--ignore", "w", "--folds", "3", "--epochs", "3", "--layers", "8");
        assertTrue(text.contains("3-fold cross-validation, stratified for classes") && text.contains("fold 3/3") && text.contains("± std"), text);
        assertTrue(fails("cv", "--data", data.toString(), "--target", "label", "--out", "m.model").contains("'--out'"));
        assertTrue(fails("cv", "--data", data.toString(), "--target", "label", "--folds", "1").contains("--folds must be at least 2, got 1"));
    }

    @Test
    void refitTrainsOnAllRowsTheSameOnOneAndTwoThreads() throws IOException {
        Path data = rare("data.csv", 500, 11);
        Path one = dir.resolve("one.model");
        Path two = dir.resolve("two.model");
        String text = ok(train(data, one, "--threads", "1", "--early-stopping", "3", "--refit"));
        Matcher m = Pattern.compile("Refit on all 500 rows for (\\d+) epochs").matcher(text);
        assertTrue(m.find(), text);
        Map<?, ?> refit = (Map<?, ?>) ModelFile.load(one).training().get("refit");
        assertEquals(Integer.parseInt(m.group(1)), ((Number) refit.get("epochs")).intValue());
        assertEquals(500, ((Number) refit.get("examples")).intValue());
        ok(train(data, two, "--threads", "2", "--early-stopping", "3", "--refit"));
        assertArrayEquals(weights(one), weights(two), "same seed, same bits on 1 and 2 threads");
        Path kept = dir.resolve("kept.model");
        String noRefit = ok(train(data, kept, "--early-stopping", "3"));
        assertFalse(noRefit.contains("Refit"), noRefit);
        assertNull(ModelFile.load(kept).training().get("refit"));
        assertFalse(java.util.Arrays.equals(weights(one), weights(kept)));
        // A threshold chosen on the hold-out would be applied to a model that never scored it.
        assertTrue(fails(train(data, dir.resolve("f.model"), "--refit", "--threshold", "f1"))
                .contains("--threshold f1 is chosen on the hold-out's predictions, which the model --refit trains never made"));
    }

    @Test
    void regressionLossesAreInTheTargetsUnitsAndTheRestoredEpochIsNamed() throws IOException {
        Rng rng = new Rng(13);
        StringBuilder s = new StringBuilder("x,y\n");
        for (int i = 0; i < 300; i++) {
            double x = rng.nextGaussian();
            s.append(String.format(Locale.ROOT, "%.4f,%.2f%n", x, 1000 * x + 300 * rng.nextGaussian() + 5000));
        }
        Path data = Files.writeString(dir.resolve("r.csv"), s);
        String text = ok("train", "--data", data.toString(), "--target", "y", "--out", dir.resolve("r.model").toString(),
                "--epochs", "40", "--progress", "lines", "--early-stopping", "3", "--learning-rate", "0.01", "--ensemble", "1");
        Matcher epoch = Pattern.compile("epoch +\\d+/40 +mse (\\S+) .* val_mse (\\S+)").matcher(text);
        assertTrue(epoch.find(), text);
        // The noise alone has variance 90,000: a standardised loss would be below 1.
        assertTrue(Double.parseDouble(epoch.group(1)) > 50_000, text);
        Matcher restored = Pattern.compile("(?:estored|ept) the weights of epoch (\\d+) of (\\d+), the lowest validation loss \\((\\S+)\\)").matcher(text);
        assertTrue(restored.find(), text);
        Matcher figure = Pattern.compile("\\nmse +\\S+ +(\\S+)\\n").matcher(text);
        assertTrue(figure.find(), text);
        double best = Double.parseDouble(restored.group(3));
        assertEquals(best, Double.parseDouble(figure.group(1)), best * 1e-3, "the restored epoch's val_mse is the summary's validation mse");
    }
}

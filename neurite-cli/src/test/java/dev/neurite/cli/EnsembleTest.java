package dev.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neurite.data.CsvTable;
import dev.neurite.io.Model;
import dev.neurite.io.ModelFile;
import dev.neurite.io.Predictor;
import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.tensor.Kernels;
import dev.neurite.tensor.Matrix;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code neurite train --ensemble K}: K = 1 is the model without the option, bit for bit; K = 3
 * gives the same bits on 1 and 2 threads, saves three networks whose mean the model predicts,
 * reports each member and out-of-fold validation figures; predict, evaluate, info, cv and serve
 * use the mean; bad values are named.
 */
class EnsembleTest {
    @TempDir
    Path dir;

    @AfterEach
    void restoreKernels() {
        Kernels.use(Kernels.create(Runtime.getRuntime().availableProcessors()));
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    private Model train(Path data, String target, String name, String... extra) {
        Path model = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--target", target, "--out", model.toString(),
                "--progress", "none", "--epochs", "30", "--layers", "16,8"));
        args.addAll(List.of(extra));
        Run r = run(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.out() + "\n" + r.err());
        return ModelFile.load(model);
    }

    private static List<float[]> weights(Model m) {
        List<float[]> w = new ArrayList<>();
        for (Network n : m.members()) {
            for (Parameter p : n.parameters()) {
                w.add(Arrays.copyOf(p.value().data(), p.value().size()));
            }
        }
        return w;
    }

    private static void assertSameWeights(Model a, Model b, String what) {
        List<float[]> x = weights(a);
        List<float[]> y = weights(b);
        assertEquals(x.size(), y.size(), what);
        for (int i = 0; i < x.size(); i++) {
            assertArrayEquals(x.get(i), y.get(i), what + ": tensor " + i);
        }
    }

    /**
     * The default (auto) trains 5 networks on a small table; --ensemble 1 trains one, and is the
     * network auto falls back to when it must train one (here because of --checkpoint-dir), bit
     * for bit.
     */
    @Test
    void autoIsFiveNetworksOnASmallTableAndOneMemberIsTheSingleNetwork() throws Exception {
        Path data = ServeFixture.churnCsv(dir, "churn.csv", true, 1);
        Model auto = train(data, "churn", "auto.model");
        assertTrue(auto.isEnsemble());
        assertEquals(5, auto.members().size());
        Model plain = train(data, "churn", "plain.model", "--checkpoint-dir", dir.resolve("checkpoints").toString());
        assertFalse(plain.isEnsemble(), "auto trains one network when asked to checkpoint");
        Model one = train(data, "churn", "one.model", "--ensemble", "1");
        assertFalse(one.isEnsemble());
        assertSameWeights(plain, one, "--ensemble 1");
        assertEquals(plain.training().get("validation"), one.training().get("validation"));
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = new java.util.LinkedHashMap<>((Map<String, Object>) plain.training().get("settings"));
        settings.remove("checkpoint_dir");
        settings.put("auto", "numeric_embedding");
        assertEquals(settings, one.training().get("settings"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void threeMembersGiveTheSameBitsOnOneAndTwoThreadsAndPredictTheirMean() throws Exception {
        Path data = ServeFixture.churnCsv(dir, "churn.csv", true, 2);
        Model one = train(data, "churn", "one.model", "--ensemble", "3", "--threads", "1");
        Model two = train(data, "churn", "two.model", "--ensemble", "3", "--threads", "2");
        assertEquals(3, one.members().size());
        assertSameWeights(one, two, "1 and 2 threads");
        assertEquals(one.training().get("validation"), two.training().get("validation"));
        assertEquals(one.training().get("ensemble"), two.training().get("ensemble"));
        assertFalse(Arrays.equals(weights(one).get(0), weights(one).get(weights(one).size() / 3)), "the members differ");

        Map<String, Object> ensemble = (Map<String, Object>) one.training().get("ensemble");
        assertEquals(3.0, ensemble.get("members"));
        assertTrue(String.valueOf(ensemble.get("validation")).startsWith("out of fold"), ensemble.toString());
        List<Map<String, Object>> networks = (List<Map<String, Object>>) ensemble.get("networks");
        double validationRows = 0;
        for (Map<String, Object> n : networks) {
            assertTrue(((Number) n.get("best_epoch")).intValue() >= 1, n.toString());
            validationRows += ((Number) n.get("validation_examples")).doubleValue();
            assertEquals(400.0, ((Number) n.get("validation_examples")).doubleValue() + ((Number) n.get("train_examples")).doubleValue());
        }
        assertEquals(400.0, validationRows, "the folds cover every row once");
        assertTrue(((Map<String, Object>) one.training().get("validation")).containsKey("accuracy"));

        // predict writes the mean of the members' probabilities.
        Path predictions = dir.resolve("p.csv");
        Run p = run("predict", "--model", dir.resolve("one.model").toString(), "--data", data.toString(), "--out", predictions.toString());
        assertEquals(0, p.status(), p.err());
        CsvTable written = CsvTable.read(predictions);
        CsvTable table = CsvTable.read(data);
        Matrix x = one.preprocessor().encodeFeatures(table);
        List<Matrix> members = one.members().stream().map(m -> m.predictProbabilities(x)).toList();
        int yes = written.columnIndex("p_yes");
        for (int r = 0; r < x.rows(); r++) {
            double mean = (members.get(0).get(r, 1) + members.get(1).get(r, 1) + members.get(2).get(r, 1)) / 3;
            assertEquals(mean, Double.parseDouble(written.value(r, yes)), 1e-5, "row " + r);
        }

        Run info = run("info", "--model", dir.resolve("one.model").toString());
        assertEquals(0, info.status(), info.err());
        assertTrue(info.out().contains("format version 3") && info.out().contains("An ensemble of 3 networks"), info.out());
        Run evaluate = run("evaluate", "--model", dir.resolve("one.model").toString(), "--data", data.toString());
        assertEquals(0, evaluate.status(), evaluate.err());
        double accuracy = new Predictor(one).evaluate(CsvTable.read(data)).figures().get("accuracy");
        assertTrue(evaluate.out().contains(String.format(java.util.Locale.ROOT, "%.4f", accuracy)), evaluate.out());
    }

    @Test
    void aRegressionEnsembleServesTheMeanAndCrossValidates() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,y\n");
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 200; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            csv.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%.4f%n", a, b, 3 * a - b * b + 0.1 * random.nextGaussian() + 50));
        }
        Path data = dir.resolve("r.csv");
        Files.writeString(data, csv);
        Model model = train(data, "y", "r.model", "--ensemble", "4");
        assertEquals(4, model.members().size());
        Matrix x = model.preprocessor().encodeFeatures(CsvTable.read(data));
        double mean = 0;
        for (Network m : model.members()) {
            Matrix v = m.predict(x);
            model.preprocessor().decodeValuesInPlace(v);
            mean += v.get(0, 0) / 4;
        }
        try (ServeFixture.Running server = ServeFixture.start(dir.resolve("r.model"), ServeFixture.smallLimits())) {
            HttpResponse<String> r = server.post("/predict", "text/csv", "a,b\n" + String.join(",", Files.readAllLines(data).get(1).split(",")[0],
                    Files.readAllLines(data).get(1).split(",")[1]) + "\n");
            assertEquals(200, r.statusCode(), r.body());
            JsonNode body = ServeFixture.JSON.readTree(r.body());
            assertEquals(mean, body.get("predictions").get(0).get("value").asDouble(), 1e-4 * Math.abs(mean), r.body());
        }
        Run cv = run("cv", "--data", data.toString(), "--target", "y", "--folds", "2", "--ensemble", "2", "--epochs", "5", "--layers", "8");
        assertEquals(0, cv.status(), cv.out() + cv.err());
        assertTrue(cv.out().contains("r2"), cv.out());
    }

    @Test
    void badValuesAreNamed() throws Exception {
        Path data = ServeFixture.churnCsv(dir, "churn.csv", true, 1);
        String out = dir.resolve("m.model").toString();
        Run zero = run("train", "--data", data.toString(), "--target", "churn", "--out", out, "--ensemble", "0");
        assertTrue(zero.status() != 0, zero.out());
        assertTrue(zero.err().contains("--ensemble must be from 1 to 64 networks, got 0"), zero.err());
        Run many = run("train", "--data", data.toString(), "--target", "churn", "--out", out, "--ensemble", "65");
        assertTrue(many.status() != 0 && many.err().contains("got 65"), many.err());
        Run refit = run("train", "--data", data.toString(), "--target", "churn", "--out", out, "--ensemble", "3", "--refit");
        assertTrue(refit.status() != 0 && refit.err().contains("--refit") && refit.err().contains("--ensemble of 3"), refit.err());
        Run word = run("train", "--data", data.toString(), "--target", "churn", "--out", out, "--ensemble", "three");
        assertTrue(word.status() != 0 && word.err().contains("three"), word.err());
        Path tiny = dir.resolve("tiny.csv");
        Files.writeString(tiny, "a,y\n1,2\n2,3\n3,5\n4,4\n5,6\n");
        Run few = run("train", "--data", tiny.toString(), "--target", "y", "--out", out, "--ensemble", "3", "--task", "regression");
        assertTrue(few.status() != 0 && few.err().contains("5 examples are too few for an --ensemble of 3"), few.err());
        assertFalse(Files.exists(dir.resolve("m.model")), "nothing written");
    }
}

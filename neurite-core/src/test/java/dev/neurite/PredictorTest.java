package dev.neurite;

import static dev.neurite.nn.Activations.tanh;
import static dev.neurite.nn.Layers.dense;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.InvalidInputException;
import dev.neurite.data.TableData;
import dev.neurite.data.UnseenCategories;
import dev.neurite.io.Evaluation;
import dev.neurite.io.Model;
import dev.neurite.io.ModelFile;
import dev.neurite.io.Prediction;
import dev.neurite.io.Predictions;
import dev.neurite.io.Predictor;
import dev.neurite.loss.Losses;
import dev.neurite.nn.Network;
import dev.neurite.optim.Adam;
import dev.neurite.optim.AdamConfig;
import dev.neurite.tensor.Matrix;
import dev.neurite.train.Trainer;
import dev.neurite.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw rows scored from Java: maps, batches and CSV files, with the saved preprocessing. */
class PredictorTest {
    @TempDir
    Path dir;

    /** A churn table: age, city and plan; churn when old or on the basic plan. */
    private Path churnCsv() throws IOException {
        StringBuilder s = new StringBuilder("age,city,plan,churned\n");
        String[] cities = {"Berlin", "Paris", "Rome"};
        for (int i = 0; i < 120; i++) {
            int age = 20 + (i * 7) % 50;
            String plan = i % 3 == 0 ? "basic" : "pro";
            s.append(i % 11 == 0 ? "NA" : Integer.toString(age)).append(',').append(cities[i % 3]).append(',').append(plan).append(',')
                    .append(age > 50 || plan.equals("basic") ? "yes" : "no").append('\n');
        }
        return Files.writeString(dir.resolve("churn.csv"), s);
    }

    private Path trainedModel() throws IOException {
        TableData data = TableData.read(churnCsv(), "churned");
        assertTrue(data.warnings().get(0).contains("column 'age': 11 of 120 values missing"), data.warnings().toString());
        Network net = Network.of(7, dense(data.preprocessor().inputWidth(), 8, tanh()), dense(8, 2));
        new Trainer(net, Losses.softmaxCrossEntropy(), new Adam(AdamConfig.DEFAULTS.withLearningRate(0.05f)),
                TrainingConfig.DEFAULTS.withEpochs(60).withBatchSize(16).withSeed(3)).fit(data.dataset(), null);
        Path file = dir.resolve("churn.model");
        ModelFile.save(new Model(net, "softmax_cross_entropy", data.preprocessor(), null), file);
        return file;
    }

    @Test
    void aSavedDecisionThresholdDecidesTheBinaryClassUntilOverridden() throws IOException {
        Path file = trainedModel();
        Model plain = ModelFile.load(file);
        assertTrue(Double.isNaN(plain.decisionThreshold()));
        Map<String, Object> row = Map.of("age", 30, "city", "Paris", "plan", "pro");
        Prediction p = new Predictor(plain).predict(row);
        double pYes = p.probabilities().get("yes");
        assertEquals("no", p.label(), p.toString());
        // Saved just under P(yes) the row becomes "yes"; the threshold survives save and load.
        double threshold = pYes * 0.99;
        Path with = dir.resolve("threshold.model");
        ModelFile.save(plain.withDecisionThreshold(threshold), with);
        Model loaded = ModelFile.load(with);
        assertEquals(threshold, loaded.decisionThreshold());
        Predictor predictor = new Predictor(loaded);
        assertEquals("yes", predictor.predict(row).label());
        assertEquals("no", predictor.withThreshold(Double.NaN).predict(row).label());
        assertEquals("no", predictor.withThreshold(Math.min(1, pYes * 1.01)).predict(row).label());
        Evaluation e = predictor.evaluate(dev.neurite.data.CsvTable.read(churnCsv()));
        assertEquals(threshold, e.threshold());
        assertTrue(e.figures().containsKey("roc_auc") && e.figures().containsKey("pr_auc") && e.figures().containsKey("log_loss"),
                e.figures().toString());
        assertEquals(e.binary().rocAuc(), e.figures().get("roc_auc"));
        InvalidInputException range = assertThrows(InvalidInputException.class, () -> predictor.withThreshold(1.5));
        assertTrue(range.getMessage().contains("[0, 1], got 1.5"), range.getMessage());
    }

    @Test
    void mapRowsWithAMissingValueAndAnUnseenCategoryAreScored() throws IOException {
        Predictor predictor = Predictor.load(trainedModel());
        Prediction old = predictor.predict(Map.of("age", 65, "city", "Berlin", "plan", "pro"));
        assertEquals("yes", old.label(), old.toString());
        assertEquals(List.of("no", "yes"), new ArrayList<>(old.probabilities().keySet()));
        assertEquals(1.0, old.probabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-5);
        assertTrue(Double.isNaN(old.value()));
        Prediction young = predictor.predict(Map.of("age", 25.0, "city", "Paris", "plan", "pro", "ignored", true));
        assertEquals("no", young.label(), young.toString());

        Map<String, Object> missingAge = new HashMap<>();
        missingAge.put("age", null);
        missingAge.put("city", "Lisbon");
        missingAge.put("plan", "basic");
        Predictions batch = predictor.predict(List.of(missingAge, Map.of("city", "Rome", "plan", "basic"),
                Map.of("age", "61", "city", "Rome", "plan", "pro")));
        assertEquals(3, batch.size());
        assertEquals("yes", batch.label(0), "a basic plan churns, with the age missing and the city unseen");
        assertEquals("yes", batch.label(1), "an absent key is missing too");
        assertEquals(List.of("column 'city': 1 row with a value not seen in training, scored as unknown: 'Lisbon'"), batch.warnings());

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> predictor.withUnseen(UnseenCategories.ERROR).predict(missingAge));
        assertTrue(e.getMessage().contains("input row 1: 'Lisbon' in column 'city' was not seen in training (known: Berlin, Paris, Rome)"),
                e.getMessage());
        InvalidInputException list = assertThrows(InvalidInputException.class,
                () -> predictor.predict(Map.of("age", List.of(1), "city", "Rome", "plan", "pro")));
        assertTrue(list.getMessage().contains("the value of 'age' is a"), list.getMessage());
    }

    @Test
    void csvFilesAndRowsGiveTheSameNumbersFromManyThreads() throws Exception {
        Path model = trainedModel();
        Predictor predictor = Predictor.load(model);
        Path csv = Files.writeString(dir.resolve("new.csv"), "city,age,plan\nBerlin,70,pro\nRome,,basic\nParis,33,pro\n");
        Predictions fromCsv = predictor.predictCsv(csv);
        Matrix expected = fromCsv.outputs();
        Map<String, Object> second = new HashMap<>(Map.of("city", "Rome", "plan", "basic"));
        List<Map<String, ?>> rows = List.of(Map.of("city", "Berlin", "age", 70, "plan", "pro"), second,
                Map.of("city", "Paris", "age", 33L, "plan", "pro"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Matrix>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                results.add(pool.submit(() -> predictor.predict(rows).outputs()));
            }
            for (Future<Matrix> f : results) {
                assertTrue(expected.contentEquals(f.get()), "the same probabilities from every thread");
            }
        } finally {
            pool.shutdown();
        }
        Evaluation evaluation = predictor.evaluate(dev.neurite.data.CsvTable.read(dir.resolve("churn.csv")));
        assertEquals(120, evaluation.examples());
        assertTrue(evaluation.figures().get("accuracy") > 0.8, evaluation.figures().toString());
    }

    @Test
    void plainNumbersHaveNoExponent() {
        assertEquals("0.000177", Predictions.plain(1.77e-4f));
        assertEquals("12345678", Predictions.plain(12345678f));
        assertEquals("-2.5", Predictions.plain(-2.5f));
        assertEquals("0", Predictions.plain(-0f));
        assertEquals("0.1", Predictions.plain(0.1f));
    }
}

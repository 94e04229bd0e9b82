package dev.neurite;

import static dev.neurite.nn.Activations.relu;
import static dev.neurite.nn.Layers.dense;
import static dev.neurite.nn.Layers.dropout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.data.BundledData;
import dev.neurite.data.CsvTable;
import dev.neurite.data.Dataset;
import dev.neurite.data.Preprocessor;
import dev.neurite.data.Task;
import dev.neurite.io.Model;
import dev.neurite.io.ModelFile;
import dev.neurite.loss.Losses;
import dev.neurite.metrics.Metrics;
import dev.neurite.nn.Network;
import dev.neurite.optim.Optimizers;
import dev.neurite.tensor.Rng;
import dev.neurite.train.EarlyStopping;
import dev.neurite.train.History;
import dev.neurite.train.Trainer;
import dev.neurite.train.TrainingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java example, as written there, so the README stays true. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeExampleRuns() throws Exception {
        try (InputStream iris = BundledData.class.getResourceAsStream("bundled/iris.csv")) {
            Files.copy(iris, dir.resolve("iris.csv"));
        }
        String cwd = dir.toString();
        Function<String, Path> inDir = name -> Path.of(cwd, name);

        // The README's block, with Path.of("x") read inside the test's folder:
        CsvTable table = CsvTable.read(inDir.apply("iris.csv"));                  // header row, RFC 4180
        Preprocessor pre = Preprocessor.fit(table, "species", Task.CLASSIFICATION);
        Dataset data = pre.encode(table);                                     // standardised numbers, one-hot text
        Dataset.Split split = data.stratifiedSplit(0.2f, new Rng(42));        // 80% to train, 20% to test

        Network net = Network.of(42, dense(data.featureCount(), 32, relu()), dropout(0.1f),
                dense(32, pre.classLabels().size()));
        Trainer trainer = new Trainer(net, Losses.softmaxCrossEntropy(), Optimizers.adam(0.01f),
                TrainingConfig.DEFAULTS.withEpochs(60).withBatchSize(16).withSeed(42).withValidationSplit(0.2f))
                .metrics(Metrics.accuracy())
                .callbacks(new EarlyStopping(10));
        History history = trainer.fit(split.train());                 // holds out 20% of it for early stopping
        Map<String, Double> scores = trainer.evaluate(split.test());  // {loss=…, accuracy=…}

        ModelFile.save(new Model(net, "softmax_cross_entropy", pre, null), inDir.apply("iris.model"));
        Model model = ModelFile.load(inDir.apply("iris.model"));
        int[] classes = model.network().predictClasses(split.test().features());
        String first = pre.classLabels().get(classes[0]);             // "setosa", …

        assertTrue(history.epochs() > 0);
        assertTrue(scores.get("accuracy") > 0.85, scores.toString());
        assertEquals(30, classes.length);
        assertTrue(pre.classLabels().contains(first));
    }

    /** Every line of the README's example stands, in order, in the test above. */
    @Test
    void theTestRunsWhatTheReadmeShows() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```java\n");
        assertTrue(start >= 0, "the README has a java block");
        List<String> lines = new ArrayList<>();
        for (String line : readme.substring(start + 8, readme.indexOf("```", start + 8)).split("\n")) {
            if (!line.isBlank() && !line.startsWith("import ")) {
                lines.add(line.strip().replaceAll("Path\\.of\\((\"[^\"]*\")\\)", "inDir.apply($1)"));
            }
        }
        String test = Files.readString(Path.of("src/test/java/dev/neurite/ReadmeExampleTest.java"));
        int at = 0;
        for (String line : lines) {
            int found = test.indexOf(line, at);
            assertTrue(found >= 0, "the README's line is not in ReadmeExampleTest (in order): " + line);
            at = found + line.length();
        }
    }
}

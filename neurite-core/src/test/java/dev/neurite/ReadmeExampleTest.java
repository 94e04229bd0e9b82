package dev.neurite;

import static dev.neurite.nn.Activations.relu;
import static dev.neurite.nn.Layers.dense;
import static dev.neurite.nn.Layers.dropout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.data.Dataset;
import dev.neurite.loss.Losses;
import dev.neurite.metrics.Metrics;
import dev.neurite.nn.Network;
import dev.neurite.optim.Optimizers;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import dev.neurite.train.EarlyStopping;
import dev.neurite.train.History;
import dev.neurite.train.ProgressLogger;
import dev.neurite.train.Trainer;
import dev.neurite.train.TrainingConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's example, as written there, so the README stays true. */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleRuns() {
        Dataset train = TestData.blobs(600, 1);
        Dataset test = TestData.blobs(300, 2);
        PrintStream log = new PrintStream(new ByteArrayOutputStream());

        Network net = Network.of(42, dense(4, 32, relu()), dropout(0.1f), dense(32, 3));
        Trainer trainer = new Trainer(net, Losses.softmaxCrossEntropy(), Optimizers.adam(0.01f),
                TrainingConfig.DEFAULTS.withEpochs(30).withBatchSize(16).withSeed(42).withValidationSplit(0.2f))
                .metrics(Metrics.accuracy())
                .callbacks(new EarlyStopping(5), new ProgressLogger(log, 10));
        History history = trainer.fit(train);
        Map<String, Double> scores = trainer.evaluate(test);
        int[] classes = net.predictClasses(test.features());
        Matrix probabilities = net.predictProbabilities(test.features());

        assertTrue(history.epochs() > 0);
        assertTrue(scores.get("accuracy") > 0.9, scores.toString());
        assertEquals(300, classes.length);
        assertEquals(3, probabilities.columns());
    }

}

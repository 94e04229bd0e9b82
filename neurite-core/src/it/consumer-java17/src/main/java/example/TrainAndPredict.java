package example;

import static dev.neurite.nn.Activations.relu;
import static dev.neurite.nn.Layers.dense;

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
import dev.neurite.train.Trainer;
import dev.neurite.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/** What a user's service does with the library: CSV in, a trained model saved, loaded and used. */
public final class TrainAndPredict {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path csv = dir.resolve("points.csv");
        StringBuilder text = new StringBuilder("x,y,colour\n");
        Random random = new Random(7);
        String[] colours = {"red", "green", "blue"};
        for (int i = 0; i < 300; i++) {
            int c = i % 3;
            text.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%s%n",
                    2 * c + random.nextGaussian() * 0.4, (c == 1 ? 2 : 0) + random.nextGaussian() * 0.4, colours[c]));
        }
        Files.writeString(csv, text);

        CsvTable table = CsvTable.read(csv);
        Preprocessor pre = Preprocessor.fit(table, "colour", Task.CLASSIFICATION);
        Dataset data = pre.encode(table);
        Network net = Network.of(1, dense(data.featureCount(), 16, relu()), dense(16, 3));
        Trainer trainer = new Trainer(net, Losses.softmaxCrossEntropy(), Optimizers.adam(0.02f),
                TrainingConfig.DEFAULTS.withEpochs(40).withBatchSize(16).withSeed(1).withValidationSplit(0.2f))
                .metrics(Metrics.accuracy());
        trainer.fit(data);
        Map<String, Double> scores = trainer.evaluate(data);

        Path file = dir.resolve("points.model");
        ModelFile.save(new Model(net, "softmax_cross_entropy", pre, null), file);
        Model loaded = ModelFile.load(file);
        int[] classes = loaded.network().predictClasses(data.features());
        int[] before = net.predictClasses(data.features());

        String java = System.getProperty("java.specification.version");
        System.out.printf("java %s, %s: accuracy %.3f, %d predictions, classes %s%n", java,
                Runtime.version(), scores.get("accuracy"), classes.length, pre.classLabels());
        if (scores.get("accuracy") < 0.9 || !Arrays.equals(classes, before) || !pre.classLabels().contains("green")) {
            System.err.println("the consumer's model is wrong: " + scores);
            System.exit(1);
        }
    }
}

package dev.neurite.demo;

import static dev.neurite.nn.Activations.relu;
import static dev.neurite.nn.Layers.dense;

import dev.neurite.data.Dataset;
import dev.neurite.loss.Losses;
import dev.neurite.metrics.Metrics;
import dev.neurite.nn.Layer;
import dev.neurite.nn.Network;
import dev.neurite.optim.Optimizers;
import dev.neurite.tensor.Rng;
import dev.neurite.train.Trainer;
import dev.neurite.train.TrainingConfig;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Tutorial 5: a softmax classifier on three interleaved spirals (the CS231n data set, 100
 * points per class), first as a linear softmax (which can only cut the plane into three wedges),
 * then with a hidden layer of 64 ReLU units; both trained on softmax cross-entropy with Adam,
 * and scored on a fresh sample of the spirals.
 */
public final class SoftmaxSpiral {
    private SoftmaxSpiral() {
    }

    /** {@code perClass} points on each of three spiral arms, with angular noise 0.2. */
    public static Dataset spirals(int perClass, Rng rng) {
        int n = 3 * perClass;
        float[][] x = new float[n][2];
        int[] y = new int[n];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < perClass; i++) {
                double r = (double) i / (perClass - 1);
                double t = c * 4 + 4.0 * i / (perClass - 1) + 0.2 * rng.nextGaussian();
                int k = c * perClass + i;
                x[k][0] = (float) (r * Math.sin(t));
                x[k][1] = (float) (r * Math.cos(t));
                y[k] = c;
            }
        }
        return Dataset.ofClasses(x, y);
    }

    public static DemoResult run(long seed, PrintStream out) {
        return run(seed, out, trainer -> trainer);
    }

    /** The demo, each of its training runs' {@link Trainer} first passed through {@code setup} (to trace it). */
    public static DemoResult run(long seed, PrintStream out, UnaryOperator<Trainer> setup) {
        Rng rng = new Rng(seed);
        Dataset train = spirals(100, rng);
        Dataset test = spirals(100, rng);
        out.println("Three interleaved spirals, 300 points: softmax classifiers trained on cross-entropy with Adam.");
        Map<String, Double> figures = new LinkedHashMap<>();
        Map<String, Network> networks = new LinkedHashMap<>();
        Map<String, Layer[]> models = new LinkedHashMap<>();
        models.put("linear", new Layer[] {dense(2, 3)});
        models.put("hidden", new Layer[] {dense(2, 64, relu()), dense(64, 3)});
        for (var model : models.entrySet()) {
            Network net = Network.of(seed, model.getValue());
            Trainer trainer = setup.apply(new Trainer(net, Losses.softmaxCrossEntropy(), Optimizers.adam(0.02f),
                    TrainingConfig.DEFAULTS.withEpochs(400).withBatchSize(32).withSeed(seed))
                    .metrics(Metrics.accuracy()));
            var history = trainer.fit(train);
            double testAccuracy = trainer.evaluate(test).get("accuracy");
            out.printf("  %-33s train accuracy %.3f, test accuracy %.3f, loss %.3f%n",
                    model.getKey().equals("linear") ? "linear softmax (2→3):" : "one hidden layer (2→64 relu→3):",
                    history.last("accuracy"), testAccuracy, history.last("loss"));
            figures.put(model.getKey() + "_train_accuracy", history.last("accuracy"));
            figures.put(model.getKey() + "_test_accuracy", testAccuracy);
            networks.put(model.getKey(), net);
        }
        out.println("  → a linear classifier cuts the plane into three wedges; the hidden layer follows the arms.");
        return new DemoResult("softmax", figures, networks, train);
    }
}

package dev.neurite.demo;

import static dev.neurite.nn.Activations.sigmoid;
import static dev.neurite.nn.Layers.dense;

import dev.neurite.data.Dataset;
import dev.neurite.loss.Losses;
import dev.neurite.nn.Network;
import dev.neurite.optim.Optimizers;
import dev.neurite.tensor.Matrix;
import dev.neurite.train.Trainer;
import dev.neurite.train.TrainingConfig;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Tutorial 3: learn XOR, the function no single layer can compute, with sigmoid units: a 2-4-1
 * network trained by full-batch gradient descent with momentum on the mean squared error.
 */
public final class Xor {
    private Xor() {
    }

    public static DemoResult run(long seed, PrintStream out) {
        return run(seed, out, trainer -> trainer);
    }

    /** The demo, each of its training runs' {@link Trainer} first passed through {@code setup} (to trace it). */
    public static DemoResult run(long seed, PrintStream out, UnaryOperator<Trainer> setup) {
        float[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        float[][] y = {{0}, {1}, {1}, {0}};
        Dataset data = Dataset.of(x, y);
        Network net = Network.of(seed, dense(2, 4, sigmoid()), dense(4, 1, sigmoid()));
        out.println("Learning XOR with a 2-4-1 network of sigmoid units (gradient descent with momentum, MSE).");
        Trainer trainer = setup.apply(new Trainer(net, Losses.mse(), Optimizers.momentum(0.5f, 0.9f),
                TrainingConfig.DEFAULTS.withEpochs(2000).withBatchSize(4).withSeed(seed)));
        var history = trainer.fit(data);
        Matrix p = net.predict(data.features());
        int correct = 0;
        for (int i = 0; i < 4; i++) {
            int predicted = p.get(i, 0) >= 0.5f ? 1 : 0;
            correct += predicted == (int) y[i][0] ? 1 : 0;
            out.printf("  %s XOR %s = %d   network says %.3f → %d%n",
                    (int) x[i][0], (int) x[i][1], (int) y[i][0], p.get(i, 0), predicted);
        }
        out.printf("  %d of 4 right; MSE %.5f after %d epochs%n", correct, history.last("loss"), history.epochs());
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("correct", (double) correct);
        figures.put("mse", history.last("loss"));
        for (int i = 0; i < 4; i++) {
            figures.put("output_" + (int) x[i][0] + (int) x[i][1], (double) p.get(i, 0));
        }
        return new DemoResult("xor", figures, Map.of("network", net), data);
    }
}

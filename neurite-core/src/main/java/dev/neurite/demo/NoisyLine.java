package dev.neurite.demo;

import static dev.neurite.nn.Layers.dense;

import dev.neurite.data.Dataset;
import dev.neurite.loss.Losses;
import dev.neurite.metrics.Metrics;
import dev.neurite.nn.Network;
import dev.neurite.optim.Optimizers;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import dev.neurite.train.Trainer;
import dev.neurite.train.TrainingConfig;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Tutorial 1: fit a noisy line, {@code y = x + N(0, 0.2²)} on [−1, 1], with a 1-3-1 network of
 * linear units trained by SGD on the mean squared error. A composition of linear layers is
 * linear, so the network can represent the line exactly: its error should fall to the noise's
 * variance, 0.04, and its slope approach 1.
 */
public final class NoisyLine {
    private NoisyLine() {
    }

    /** {@code n} points, x uniform on [−1, 1], y = f(x) + N(0, noise²). */
    static Dataset sample(int n, double noise, DoubleUnaryOperator f, Rng rng) {
        float[][] x = new float[n][1];
        float[][] y = new float[n][1];
        for (int i = 0; i < n; i++) {
            x[i][0] = (float) (2 * rng.nextDouble() - 1);
            y[i][0] = (float) (f.applyAsDouble(x[i][0]) + noise * rng.nextGaussian());
        }
        return Dataset.of(x, y);
    }

    public static DemoResult run(long seed, PrintStream out) {
        Rng rng = new Rng(seed);
        Dataset train = sample(200, 0.2, x -> x, rng);
        Dataset test = sample(1000, 0.2, x -> x, rng);
        Network net = Network.of(seed, dense(1, 3), dense(3, 1));
        out.println("Fitting y = x + noise (σ = 0.2) with a 1-3-1 network of linear units, SGD on MSE.");
        Trainer trainer = new Trainer(net, Losses.mse(), Optimizers.sgd(0.05f),
                TrainingConfig.DEFAULTS.withEpochs(100).withBatchSize(10).withSeed(seed))
                .metrics(Metrics.r2());
        var history = trainer.fit(train);
        Matrix ends = net.predict(Matrix.column(-1f, 0f, 1f));
        double slope = (ends.get(2, 0) - ends.get(0, 0)) / 2;
        double intercept = ends.get(1, 0);
        double testMse = trainer.evaluate(test).get("loss");
        out.printf("  first epoch MSE %.4f → last epoch MSE %.4f%n", history.get("loss").get(0), history.last("loss"));
        out.printf("  fitted line: y = %.3f·x %+.3f   (truth: y = 1.000·x + 0.000)%n", slope, intercept);
        out.printf("  test MSE %.4f   (the noise alone gives 0.2² = 0.0400)%n", testMse);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("train_mse", history.last("loss"));
        figures.put("test_mse", testMse);
        figures.put("slope", slope);
        figures.put("intercept", intercept);
        return new DemoResult("line", figures, Map.of("network", net), train);
    }
}

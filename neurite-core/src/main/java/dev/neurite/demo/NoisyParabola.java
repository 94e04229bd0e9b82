package dev.neurite.demo;

import static dev.neurite.nn.Activations.identity;
import static dev.neurite.nn.Activations.relu;
import static dev.neurite.nn.Layers.dense;

import dev.neurite.data.Dataset;
import dev.neurite.loss.Losses;
import dev.neurite.nn.Activation;
import dev.neurite.nn.Network;
import dev.neurite.optim.Optimizers;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import dev.neurite.train.Trainer;
import dev.neurite.train.TrainingConfig;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Tutorial 2: fit a noisy parabola, {@code y = x² + N(0, 0.2²)} on [−1, 1], with a 1-10-1
 * network, twice. Without an activation the network is linear and the best it can do is a flat
 * line: its error stays near Var(x²) + 0.04 = 4/45 + 0.04 ≈ 0.129. With ReLU hidden units it
 * bends the line into the curve and its error falls to the noise, 0.04.
 */
public final class NoisyParabola {
    /** Var(x²) for x uniform on [−1, 1]: E[x⁴] − E[x²]² = 1/5 − 1/9. */
    public static final double VARIANCE_OF_X_SQUARED = 4.0 / 45;
    public static final double NOISE_VARIANCE = 0.04;

    private NoisyParabola() {
    }

    public static DemoResult run(long seed, PrintStream out) {
        return run(seed, out, trainer -> trainer);
    }

    /** The demo, each of its training runs' {@link Trainer} first passed through {@code setup} (to trace it). */
    public static DemoResult run(long seed, PrintStream out, UnaryOperator<Trainer> setup) {
        Rng rng = new Rng(seed);
        Dataset train = NoisyLine.sample(300, 0.2, x -> x * x, rng);
        Dataset test = NoisyLine.sample(2000, 0.2, x -> x * x, rng);
        out.println("Fitting y = x² + noise (σ = 0.2) with a 1-10-1 network, with and without an activation.");
        Map<String, Double> figures = new LinkedHashMap<>();
        Map<String, Network> networks = new LinkedHashMap<>();
        for (Activation a : new Activation[] {identity(), relu()}) {
            Network net = Network.of(seed, dense(1, 10, a), dense(10, 1));
            Trainer trainer = setup.apply(new Trainer(net, Losses.mse(), Optimizers.adam(0.01f),
                    TrainingConfig.DEFAULTS.withEpochs(300).withBatchSize(32).withSeed(seed)));
            trainer.fit(train);
            double testMse = trainer.evaluate(test).get("loss");
            double curveError = curveError(net);
            String label = a == identity() ? "linear" : "relu";
            out.printf("  %-6s hidden units: test MSE %.4f, mean squared distance to the true curve %.4f%n",
                    label, testMse, curveError);
            figures.put(label + "_test_mse", testMse);
            figures.put(label + "_curve_error", curveError);
            networks.put(label, net);
        }
        out.printf("  for reference: noise alone 0.0400; the best straight line %.4f (Var(x²) + noise)%n",
                VARIANCE_OF_X_SQUARED + NOISE_VARIANCE);
        out.println("  → without an activation the layers compose into one straight line; ReLU lets the network bend it.");
        return new DemoResult("parabola", figures, networks, train);
    }

    /** Mean of (net(x) − x²)² over a fine grid on [−1, 1]: the error without the noise. */
    static double curveError(Network net) {
        int n = 401;
        Matrix grid = new Matrix(n, 1);
        for (int i = 0; i < n; i++) {
            grid.set(i, 0, -1f + 2f * i / (n - 1));
        }
        Matrix y = net.predict(grid);
        double s = 0;
        for (int i = 0; i < n; i++) {
            double x = grid.get(i, 0);
            double d = y.get(i, 0) - x * x;
            s += d * d;
        }
        return s / n;
    }
}

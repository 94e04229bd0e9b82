package dev.neurite.bench;

import dev.neurite.data.Dataset;
import dev.neurite.loss.Losses;
import dev.neurite.optim.Optimizers;
import dev.neurite.tensor.Kernels;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import dev.neurite.train.Trainer;
import dev.neurite.train.TrainingConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code neurite-bench scaling [--threads N] [--segments N] [--steps N] [--batch N] [--hidden 256,128]}:
 * N threads against 1 in training, in one JVM, alternating short segments of steps (20 by
 * default, ~30 ms) between two trainers of the MLP benchmark's network, one on each kernel
 * set. Each step gathers its batch from the training set in a shuffled order, as
 * {@code Trainer.fit} does, so the figure includes what the whole step costs; evaluation and
 * the epoch's bookkeeping are left out. Pairing segments a few tens of milliseconds apart takes
 * out most of the drift of a shared machine, which moves epoch-long figures by ±30%. Prints one
 * JSON line: each side's median step time and the ratio of the 1-thread step to the N-thread
 * step (the throughput ratio), per pair of segments (median and quartiles) and over all of them.
 */
final class ScalingBenchmark {
    private ScalingBenchmark() {
    }

    /** Runs the pairs of segments and returns the JSON line's fields. */
    static Map<String, Object> run(int threads, List<Integer> sizes, int segments, int steps, int batch) {
        if (threads < 2 || segments < 1 || steps < 1 || batch < 1) {
            throw new IllegalArgumentException("scaling needs threads >= 2 and segments, steps, batch >= 1; got "
                    + threads + ", " + segments + ", " + steps + ", " + batch);
        }
        Dataset train = MlpBenchmark.trainingSet();
        Kernels[] kernels = {Kernels.create(1), Kernels.create(threads)};
        Side[] sides = {new Side(sizes, batch, train), new Side(sizes, batch, train)};
        int warmUp = Math.max(20, 2000 / steps);
        double[][] micros = new double[2][segments];
        for (int s = -warmUp; s < segments; s++) {
            for (int side = 0; side < 2; side++) {
                Kernels.use(kernels[side]);
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    sides[side].step();
                }
                if (s >= 0) {
                    micros[side][s] = (System.nanoTime() - t0) / 1e3 / steps;
                }
            }
        }
        double[] ratios = new double[segments];
        double total1 = 0;
        double totalN = 0;
        for (int s = 0; s < segments; s++) {
            ratios[s] = micros[0][s] / micros[1][s];
            total1 += micros[0][s];
            totalN += micros[1][s];
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("system", "neurite 0.1.0 (" + kernels[1].description() + ", java " + Runtime.version().feature() + ")");
        out.put("layers", sizes);
        out.put("batch", batch);
        out.put("segments", segments);
        out.put("steps_per_segment", steps);
        out.put("step_us_1_thread", round(quantile(micros[0], 0.5), 10));
        out.put("step_us_" + threads + "_threads", round(quantile(micros[1], 0.5), 10));
        out.put("speedup_median", round(quantile(ratios, 0.5), 1000));
        out.put("speedup_quartiles", List.of(round(quantile(ratios, 0.25), 1000), round(quantile(ratios, 0.75), 1000)));
        out.put("speedup_overall", round(total1 / totalN, 1000));
        return out;
    }

    /** One trainer and its walk through the training set, reshuffled at each pass. */
    private static final class Side {
        final Trainer trainer;
        final Dataset train;
        final int[] order;
        final Rng rng = new Rng(7);
        final Matrix x;
        final Matrix y;
        int next;

        Side(List<Integer> sizes, int batch, Dataset train) {
            this.trainer = new Trainer(MlpBenchmark.network(sizes), Losses.softmaxCrossEntropy(), Optimizers.adam(1e-3f),
                    TrainingConfig.DEFAULTS.withBatchSize(batch));
            this.train = train;
            this.order = new int[train.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            int rows = Math.min(batch, train.size());
            this.x = new Matrix(rows, train.featureCount());
            this.y = new Matrix(rows, train.targetColumns());
            this.next = order.length;
        }

        void step() {
            if (next + x.rows() > order.length) {
                rng.shuffleInPlace(order);
                next = 0;
            }
            train.gatherInto(order, next, x.rows(), x, y);
            next += x.rows();
            trainer.trainOnBatch(x, y);
        }
    }

    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    private static double round(double value, double scale) {
        return Math.round(value * scale) / scale;
    }
}

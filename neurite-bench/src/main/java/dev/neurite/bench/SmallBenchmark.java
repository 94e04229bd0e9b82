package dev.neurite.bench;

import static dev.neurite.nn.Activations.relu;
import static dev.neurite.nn.Layers.dense;

import dev.neurite.data.BundledData;
import dev.neurite.data.CsvTable;
import dev.neurite.data.Dataset;
import dev.neurite.data.Preprocessor;
import dev.neurite.data.Task;
import dev.neurite.loss.Losses;
import dev.neurite.nn.Layer;
import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.optim.Optimizers;
import dev.neurite.tensor.Kernels;
import dev.neurite.train.Trainer;
import dev.neurite.train.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code neurite-bench small --data bundled:digits [--hidden 64,32] [--batch 32] [--threads 2]}:
 * the command line's default network on a small table, trained on N threads and on 1 in one JVM,
 * alternating. Each round runs {@code --epochs} epochs of {@code Trainer.fit} on each side (the
 * shuffle, the gathers, the steps and the evaluation of the 10% validation rows, as
 * {@code neurite train} does), in the order 1, N then N, 1 in the next round, so neither side
 * always follows the other. Each side trains its own copy of the network from the same seed, so
 * at the end both must hold the same bits ({@code same_bits}). Prints one JSON line: each side's
 * median examples per second (training rows × epochs / time) and the ratio N threads / 1 thread
 * per round (median and quartiles), above 1 when the N threads are faster.
 */
final class SmallBenchmark {
    private SmallBenchmark() {
    }

    /** The table named by {@code data} (bundled:NAME or a CSV file), encoded as {@code neurite train} encodes it. */
    static Dataset table(String data, String target) {
        CsvTable table;
        String column = target;
        if (data.startsWith("bundled:")) {
            String name = data.substring("bundled:".length());
            table = BundledData.table(name);
            if (column == null) {
                column = BundledData.targetOf(name);
            }
        } else {
            table = CsvTable.read(Path.of(data));
        }
        if (column == null) {
            throw new IllegalArgumentException("--target is required for a CSV file; columns: " + String.join(", ", table.header()));
        }
        Preprocessor pre = Preprocessor.fit(table, column, null);
        if (pre.task() != Task.CLASSIFICATION) {
            throw new IllegalArgumentException(data + ": target '" + column + "' is not a class column; small times classification");
        }
        return pre.encode(table);
    }

    /** Runs the rounds and returns the JSON line's fields. */
    static Map<String, Object> run(String data, Dataset all, int threads, List<Integer> hidden, int batch, int epochs, int rounds) {
        if (threads < 2 || batch < 1 || epochs < 1 || rounds < 1) {
            throw new IllegalArgumentException("small needs threads >= 2 and batch, epochs, rounds >= 1; got "
                    + threads + ", " + batch + ", " + epochs + ", " + rounds);
        }
        Dataset.Split split = all.validationSplit(0.1f, 1, true);
        int classes = 0;
        for (int i = 0; i < all.size(); i++) {
            classes = Math.max(classes, 1 + (int) all.targets().get(i, 0));
        }
        List<Integer> sizes = new ArrayList<>();
        sizes.add(all.featureCount());
        sizes.addAll(hidden);
        sizes.add(classes);
        Kernels[] kernels = {Kernels.create(1), Kernels.create(threads)};
        Trainer[] trainers = new Trainer[2];
        Network[] networks = new Network[2];
        for (int side = 0; side < 2; side++) {
            networks[side] = network(sizes);
            trainers[side] = new Trainer(networks[side], Losses.softmaxCrossEntropy(), Optimizers.adam(1e-3f),
                    TrainingConfig.DEFAULTS.withEpochs(epochs).withBatchSize(batch).withSeed(1));
        }
        int warmUp = 3;
        double[][] perSecond = new double[2][rounds];
        double examples = (double) split.train().size() * epochs;
        for (int r = -warmUp; r < rounds; r++) {
            for (int turn = 0; turn < 2; turn++) {
                int side = (r & 1) == 0 ? turn : 1 - turn;
                Kernels.use(kernels[side]);
                long t0 = System.nanoTime();
                trainers[side].fit(split.train(), split.test());
                if (r >= 0) {
                    perSecond[side][r] = examples / ((System.nanoTime() - t0) / 1e9);
                }
            }
        }
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratios[r] = perSecond[1][r] / perSecond[0][r];
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("system", "neurite 0.1.0 (" + kernels[1].description() + ", java " + Runtime.version().feature() + ")");
        out.put("data", data);
        out.put("rows", split.train().size());
        out.put("layers", sizes);
        out.put("batch", batch);
        out.put("epochs_per_round", epochs);
        out.put("rounds", rounds);
        out.put("examples_per_s_1_thread", Math.round(quantile(perSecond[0], 0.5)));
        out.put("examples_per_s_" + threads + "_threads", Math.round(quantile(perSecond[1], 0.5)));
        out.put("ratio_median", round(quantile(ratios, 0.5)));
        out.put("ratio_quartiles", List.of(round(quantile(ratios, 0.25)), round(quantile(ratios, 0.75))));
        out.put("same_bits", sameBits(networks[0], networks[1]));
        return out;
    }

    /** Dense ReLU layers of {@code sizes}, the last without an activation (logits), seed 1 as in {@code neurite train}. */
    private static Network network(List<Integer> sizes) {
        Layer[] layers = new Layer[sizes.size() - 1];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = i < layers.length - 1 ? dense(sizes.get(i), sizes.get(i + 1), relu()) : dense(sizes.get(i), sizes.get(i + 1));
        }
        return Network.of(1, layers);
    }

    private static boolean sameBits(Network a, Network b) {
        List<Parameter> pa = a.parameters();
        List<Parameter> pb = b.parameters();
        for (int i = 0; i < pa.size(); i++) {
            if (!Arrays.equals(pa.get(i).value().data(), pb.get(i).value().data())) {
                return false;
            }
        }
        return pa.size() == pb.size();
    }

    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}

package dev.neurite.bench;

import static dev.neurite.nn.Activations.relu;
import static dev.neurite.nn.Layers.dense;

import dev.neurite.data.Dataset;
import dev.neurite.data.IdxDataset;
import dev.neurite.loss.Losses;
import dev.neurite.nn.Layer;
import dev.neurite.nn.Network;
import dev.neurite.optim.Optimizers;
import dev.neurite.tensor.Kernels;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import dev.neurite.train.Callback;
import dev.neurite.train.History;
import dev.neurite.train.Trainer;
import dev.neurite.train.TrainingConfig;
import dev.neurite.train.TrainingControl;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MLP benchmark of shared/bench/README.md: Fashion-MNIST (or seeded random data of the same
 * shapes when the files are absent), 784 → 256 → 128 → 10 ReLU, softmax cross-entropy, Adam
 * 1e-3, batches of 128 reshuffled every epoch, the first epoch a warm-up. Prints one JSON line
 * with the peers' keys, plus {@code alloc_bytes_per_step}: bytes allocated by all threads during
 * the counted epochs, per training step.
 */
final class MlpBenchmark {
    private MlpBenchmark() {
    }

    /**
     * Trains and times the network of {@code sizes} on the kernels in use ({@link Kernels#use})
     * and returns the JSON line's fields.
     */
    static Map<String, Object> run(List<Integer> sizes, int epochs, int batch, float lr) {
        int threads = Kernels.get().threads();
        Path dir = dataDirectory();
        boolean real = Files.exists(dir.resolve("train-images-idx3-ubyte.gz"));
        Dataset train = trainingSet();
        Dataset test = real ? load(dir, "t10k") : random(10_000, 2);

        Network net = network(sizes);
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<Double> epochSeconds = new ArrayList<>();
        long[] allocated = new long[2];
        Callback timer = new Callback() {
            long start;

            @Override
            public void onTrainBegin(Network network, int e, int batches) {
                start = System.nanoTime();
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
                long now = System.nanoTime();
                epochSeconds.add((now - start) / 1e9);
                if (epoch == 0) {
                    allocated[0] = allocatedByAllThreads(mx);
                }
                allocated[1] = allocatedByAllThreads(mx);
                start = System.nanoTime();
            }
        };
        Trainer trainer = new Trainer(net, Losses.softmaxCrossEntropy(), Optimizers.adam(lr),
                TrainingConfig.DEFAULTS.withEpochs(epochs).withBatchSize(batch).withSeed(0)).callbacks(timer);
        History history = trainer.fit(train);
        int steps = (train.size() + batch - 1) / batch;
        List<Double> steady = epochSeconds.size() > 1 ? epochSeconds.subList(1, epochSeconds.size()) : epochSeconds;
        double meanEpoch = steady.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        long countedSteps = (long) steps * (epochSeconds.size() > 1 ? epochSeconds.size() - 1 : 1);

        int[] predicted = net.predictClasses(test.features());
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == (int) test.targets().get(i, 0) ? 1 : 0;
        }
        Matrix one = Matrix.wrap(Arrays.copyOf(test.features().data(), 784), 1, 784);
        // The peers' warm-up of 200 calls, then 2,000 timed: for the JVM, a time that still
        // includes compiling the single-example path (C2 finishes it a few thousand calls in).
        double shortWarmUpUs = latencyMicros(net, one, 200, 2000);
        // Then the steady state the protocol asks for, "after warm-up": 20,000 more calls.
        double latencyUs = latencyMicros(net, one, 20_000, 10_000);
        net.predict(test.features());
        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            net.predict(test.features());
        }
        double inferPerSecond = 5.0 * test.size() / ((System.nanoTime() - t0) / 1e9);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("system", "neurite 0.1.0 (" + Kernels.get().description() + ", java " + Runtime.version().feature() + ")");
        out.put("threads", threads);
        out.put("layers", sizes);
        out.put("batch", batch);
        out.put("epochs", epochs);
        out.put("epoch_s", epochSeconds.stream().map(s -> Math.round(s * 1000) / 1000.0).toList());
        out.put("train_samples_per_s", Math.round(train.size() / meanEpoch));
        out.put("test_accuracy", real ? Math.round(10000.0 * correct / test.size()) / 10000.0 : null);
        out.put("latency_1_sample_us", Math.round(latencyUs * 10) / 10.0);
        out.put("latency_1_sample_200_warmup_us", Math.round(shortWarmUpUs * 10) / 10.0);
        out.put("infer_samples_per_s", Math.round(inferPerSecond));
        out.put("alloc_bytes_per_step", epochSeconds.size() > 1 ? Math.round((allocated[1] - allocated[0]) / (double) countedSteps * 10) / 10.0 : null);
        out.put("final_loss", Math.round(history.last("loss") * 10000) / 10000.0);
        return out;
    }

    /** 784, the hidden layers' widths, 10. */
    static List<Integer> layerSizes(List<Integer> hidden) {
        List<Integer> sizes = new ArrayList<>(List.of(784));
        sizes.addAll(hidden);
        sizes.add(10);
        return List.copyOf(sizes);
    }

    /** The benchmark's network, seed 0: dense ReLU layers of {@code sizes}, the last without an activation (logits). */
    static Network network(List<Integer> sizes) {
        Layer[] layers = new Layer[sizes.size() - 1];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = i < layers.length - 1 ? dense(sizes.get(i), sizes.get(i + 1), relu()) : dense(sizes.get(i), sizes.get(i + 1));
        }
        return Network.of(0, layers);
    }

    /** Mean microseconds of one forward pass on {@code one}, timed over {@code reps} calls after {@code warmUp} untimed ones. */
    private static double latencyMicros(Network net, Matrix one, int warmUp, int reps) {
        for (int i = 0; i < warmUp; i++) {
            net.forward(one, false);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            net.forward(one, false);
        }
        return (System.nanoTime() - t0) / 1e3 / reps;
    }

    /** Bytes allocated so far by every live thread (the training thread and the kernel workers). */
    static long allocatedByAllThreads(com.sun.management.ThreadMXBean mx) {
        long[] ids = mx.getAllThreadIds();
        long total = 0;
        for (long b : mx.getThreadAllocatedBytes(ids)) {
            total += Math.max(0, b);
        }
        return total;
    }

    private static Path dataDirectory() {
        return Path.of(System.getenv().getOrDefault("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"));
    }

    /** Fashion-MNIST's 60,000 training images, scaled to [0, 1], or seeded random data of that shape when the files are absent. */
    static Dataset trainingSet() {
        Path dir = dataDirectory();
        return Files.exists(dir.resolve("train-images-idx3-ubyte.gz")) ? load(dir, "train") : random(60_000, 1);
    }

    private static Dataset load(Path dir, String prefix) {
        IdxDataset.Images images = IdxDataset.read(dir.resolve(prefix + "-images-idx3-ubyte.gz"), dir.resolve(prefix + "-labels-idx1-ubyte.gz"));
        Matrix x = images.pixels();
        float[] d = x.data();
        for (int i = 0; i < x.size(); i++) {
            d[i] /= 255f;
        }
        float[] y = new float[images.labels().length];
        for (int i = 0; i < y.length; i++) {
            y[i] = images.labels()[i];
        }
        return new Dataset(x, Matrix.column(y));
    }

    private static Dataset random(int n, long seed) {
        Rng rng = new Rng(seed);
        Matrix x = new Matrix(n, 784);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = rng.nextInt(256) / 255f;
        }
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(10);
        }
        return new Dataset(x, Matrix.column(y));
    }
}

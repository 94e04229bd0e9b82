package dev.neurite.spark;

import dev.neurite.loss.Loss;
import dev.neurite.loss.Losses;
import dev.neurite.nn.Dense;
import dev.neurite.nn.Dropout;
import dev.neurite.nn.Layer;
import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.optim.GradientClipping;
import dev.neurite.optim.Optimizer;
import dev.neurite.optim.Optimizers;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;

/**
 * The executor's side of a round, for one partition: a network built from the plan, the
 * partition's shuffled order for the epoch, and the dropout streams positioned for the step.
 * Everything a round computes is a function of (plan, round, block), never of what an earlier
 * task on this executor did, so a retried task sends back the same bits. The cache (per run and
 * partition) only saves rebuilding the network and replaying shuffles.
 */
final class PartitionWorker {
    /** Test hook: fail the first attempt of the task for this partition at this epoch and step. */
    static volatile int[] failFirstAttempt;
    /** How many failures the hook has thrown, so a test can tell it fired. */
    static final java.util.concurrent.atomic.AtomicInteger INJECTED = new java.util.concurrent.atomic.AtomicInteger();

    private static final int CACHE_SIZE = 8;
    private static final Map<String, PartitionWorker> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PartitionWorker> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private final Plan plan;
    private final Block block;
    private final Network network;
    private final Loss loss;
    private final List<Parameter> parameters;
    private final long[] dropoutStart;
    private final int[] dropoutWidth;
    private final long shuffleStart;
    private int[] order;
    private int orderEpoch = -1;
    private Rng shuffle;
    private Matrix x;
    private Matrix y;
    /** The batch's row weights, or null when the fit is unweighted. */
    private Matrix w;
    private Matrix gradOutput;
    /** Each training row's weight in the loss ({@link RowWeights}), or null when unweighted. */
    private final float[] rowWeights;
    /** Each validation row's weight, likewise. */
    private final float[] validationWeights;
    private Optimizer optimizer;

    private PartitionWorker(Plan plan, Block block) {
        this.plan = plan;
        this.block = block;
        this.network = plan.spec().build();
        this.loss = Losses.named(plan.loss(), plan.labelSmoothing());
        this.parameters = network.parameters();
        this.rowWeights = plan.weighted()
                ? RowWeights.of(block.w, block.y, block.rows, plan.classWeights(), plan.weightScale()) : null;
        this.validationWeights = plan.weighted()
                ? RowWeights.of(block.vw, block.vy, block.validationRows, plan.classWeights(), plan.weightScale()) : null;
        // The streams Trainer.fit draws from, for partition 0: Rng(seed) → shuffle, then dropout.
        Rng root = new Rng(rootSeed(plan.seed(), block.partition));
        this.shuffleStart = root.split().state();
        Rng dropoutRoot = root.split();
        List<Layer> layers = network.layers();
        dropoutStart = new long[layers.size()];
        dropoutWidth = new int[layers.size()];
        int width = network.inputSize();
        for (int k = 0; k < layers.size(); k++) {
            dropoutStart[k] = dropoutRoot.split().state();
            Layer layer = layers.get(k);
            dropoutWidth[k] = layer instanceof Dropout ? width : 0;
            width = layer instanceof Dense d ? d.outputSize() : width;
        }
    }

    /** Partition 0 draws from the seed itself, so one partition reproduces {@code Trainer.fit}. */
    static long rootSeed(long seed, int partition) {
        return partition == 0 ? seed : seed ^ (0x9e3779b97f4a7c15L * partition + 0x632be59bd9b4e019L);
    }

    static PartitionWorker of(Plan plan, Block block) {
        String key = plan.run() + "/" + block.partition;
        synchronized (CACHE) {
            PartitionWorker w = CACHE.get(key);
            if (w == null) {
                w = new PartitionWorker(plan, block);
                CACHE.put(key, w);
            }
            return w;
        }
    }

    /** Drops this executor's workers of {@code run} (called once per partition when a fit ends). */
    static void forget(String run) {
        synchronized (CACHE) {
            CACHE.keySet().removeIf(k -> k.startsWith(run + "/"));
        }
    }

    /** Runs one round on this partition and returns its contribution. */
    synchronized Contribution run(Round round) {
        int p = block.partition;
        int[] fail = failFirstAttempt;
        TaskContext task = TaskContext.get();
        if (fail != null && fail[0] == p && fail[1] == round.epoch() && fail[2] == round.step()
                && task != null && task.attemptNumber() == 0) {
            INJECTED.incrementAndGet();
            throw new IllegalStateException("injected failure: partition " + p + ", epoch " + round.epoch()
                    + ", step " + round.step() + ", attempt 0");
        }
        Contribution c = Contribution.empty();
        if (block.rows == 0) {
            return c;
        }
        setWeights(round.weights());
        int[] ord = orderFor(round.epoch());
        boolean local = round.optimizerSteps() != null;
        if (local) {
            restoreOptimizer(round);
        }
        double weight = 0;
        double[][] gradientSums = null;
        for (int s = round.step(); s < round.step() + round.steps(); s++) {
            int from = plan.from(p, s);
            int count = plan.count(p, s);
            if (count == 0) {
                continue;
            }
            positionDropout(round.epoch(), from);
            x = Matrix.reuseOrAllocate(x, count, block.features);
            int targetColumns = block.y.length / block.rows;
            y = Matrix.reuseOrAllocate(y, count, targetColumns);
            gather(ord, from, count, targetColumns);
            Matrix out = network.forward(x, true);
            gradOutput = Matrix.reuseOrAllocate(gradOutput, out.rows(), out.columns());
            // The weighted loss is (1/count) Σ w ℓ over the batch, as in Trainer.fit; the partitions'
            // parts of a global batch then combine weighted by their rows, (1/N) Σ over all of them.
            float batchLoss = loss.compute(out, y, rowWeights == null ? null : w, gradOutput);
            if (!Float.isFinite(batchLoss)) {
                c.divergedLoss = batchLoss;
                c.divergedStep = s;
                return c;
            }
            double batchWeight = count;
            network.backward(gradOutput, false);
            c.lossSum += (double) batchLoss * count;
            c.lossRows += count;
            weight += batchWeight;
            if (local) {
                if (plan.clipNorm() > 0) {
                    GradientClipping.clipByGlobalNorm(parameters, plan.clipNorm());
                }
                optimizer.step(parameters);
            } else {
                gradientSums = new double[parameters.size()][];
                for (int i = 0; i < parameters.size(); i++) {
                    float[] g = parameters.get(i).gradient().data();
                    double[] sum = new double[parameters.get(i).gradient().size()];
                    for (int j = 0; j < sum.length; j++) {
                        sum[j] = (double) g[j] * batchWeight;
                    }
                    gradientSums[i] = sum;
                }
            }
        }
        if (weight == 0) {
            return c;
        }
        c.weight = weight;
        if (local) {
            c.sums = new double[parameters.size()][];
            c.slots = new double[parameters.size()][][];
            for (int i = 0; i < parameters.size(); i++) {
                Parameter param = parameters.get(i);
                c.sums[i] = scaled(param.value().data(), param.value().size(), weight);
                float[][] slots = StateArrays.live(optimizer.stateFor(param.name(), param.value().size()));
                c.slots[i] = new double[slots.length][];
                for (int k = 0; k < slots.length; k++) {
                    c.slots[i][k] = scaled(slots[k], slots[k].length, weight);
                }
            }
        } else {
            c.sums = gradientSums;
        }
        return c;
    }

    /**
     * The loss (weighted when the fit is) summed over this partition's validation rows, in
     * inference mode, and their count: in chunks of {@link Plan#evaluationChunk()} rows, each
     * chunk's mean times its rows, as {@code Trainer.evaluate} adds them up.
     */
    synchronized double[] validationLoss(float[][] weights) {
        int n = block.validationRows;
        if (n == 0) {
            return new double[] {0, 0};
        }
        setWeights(weights);
        int targetColumns = block.vy.length / n;
        int chunk = Math.max(1, Math.min(plan.evaluationChunk(), n));
        double sum = 0;
        for (int start = 0; start < n; start += chunk) {
            int rows = Math.min(chunk, n - start);
            Matrix vx = Matrix.wrap(java.util.Arrays.copyOfRange(block.vx, start * block.features,
                    (start + rows) * block.features), rows, block.features);
            Matrix vy = Matrix.wrap(java.util.Arrays.copyOfRange(block.vy, start * targetColumns,
                    (start + rows) * targetColumns), rows, targetColumns);
            Matrix vw = validationWeights == null ? null
                    : Matrix.wrap(java.util.Arrays.copyOfRange(validationWeights, start, start + rows), rows, 1);
            Matrix out = network.forward(vx, false);
            sum += (double) loss.compute(out, vy, vw, null) * rows;
        }
        return new double[] {sum, n};
    }

    private static double[] scaled(float[] values, int n, double weight) {
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            out[j] = (double) values[j] * weight;
        }
        return out;
    }

    private void setWeights(float[][] weights) {
        for (int i = 0; i < parameters.size(); i++) {
            System.arraycopy(weights[i], 0, parameters.get(i).value().data(), 0, weights[i].length);
        }
    }

    private void restoreOptimizer(Round round) {
        if (optimizer == null) {
            optimizer = Optimizers.named(plan.solver(), round.learningRate() > 0 ? round.learningRate() : 1e-3f,
                    plan.regParam());
        }
        optimizer.setLearningRate(round.learningRate());
        for (int i = 0; i < parameters.size(); i++) {
            Parameter param = parameters.get(i);
            Optimizer.State state = optimizer.stateFor(param.name(), param.value().size());
            state.setStep(round.optimizerSteps()[i]);
            float[][] slots = StateArrays.live(state);
            for (int k = 0; k < slots.length; k++) {
                System.arraycopy(round.optimizerSlots()[i][k], 0, slots[k], 0, slots[k].length);
            }
        }
    }

    /** The order of epoch {@code epoch}: the identity shuffled once per epoch, as Trainer.fit does. */
    private int[] orderFor(int epoch) {
        if (order == null || orderEpoch > epoch) {
            order = new int[block.rows];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            shuffle = new Rng(shuffleStart);
            orderEpoch = -1;
        }
        while (orderEpoch < epoch) {
            shuffle.shuffleInPlace(order);
            orderEpoch++;
        }
        return order;
    }

    /** Each dropout layer's stream where Trainer.fit's stands after the rows drawn before this batch. */
    private void positionDropout(int epoch, int from) {
        long rowsBefore = (long) epoch * block.rows + from;
        List<Layer> layers = network.layers();
        for (int k = 0; k < layers.size(); k++) {
            if (dropoutWidth[k] > 0) {
                Rng rng = new Rng(dropoutStart[k]);
                rng.advance(rowsBefore * dropoutWidth[k]);
                layers.get(k).setRandom(rng);
            }
        }
    }

    /** Copies the batch's rows into x and y, and their weights into w when the fit is weighted. */
    private void gather(int[] ord, int from, int count, int targetColumns) {
        float[] xd = x.data();
        float[] yd = y.data();
        int f = block.features;
        for (int r = 0; r < count; r++) {
            int row = ord[from + r];
            System.arraycopy(block.x, row * f, xd, r * f, f);
            System.arraycopy(block.y, row * targetColumns, yd, r * targetColumns, targetColumns);
        }
        if (rowWeights != null) {
            w = Matrix.reuseOrAllocate(w, count, 1);
            float[] wd = w.data();
            for (int r = 0; r < count; r++) {
                wd[r] = rowWeights[ord[from + r]];
            }
        }
    }
}

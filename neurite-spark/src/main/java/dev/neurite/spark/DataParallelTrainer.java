package dev.neurite.spark;

import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.optim.GradientClipping;
import dev.neurite.optim.Optimizer;
import dev.neurite.optim.Optimizers;
import dev.neurite.train.TrainingDivergedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Data-parallel training on Spark's own primitives. The partitions are cached once as Neurite
 * matrices ({@link Block}); each round the driver broadcasts the weights, every partition
 * computes on its shard with Neurite's kernels ({@link PartitionWorker}), and the results are
 * combined with {@code treeAggregate}. The optimizer and its state live on the driver.
 *
 * <p>With {@code combineEvery = 1} each round is one synchronous step: the partitions' gradients
 * on their parts of the global batch are averaged (weighted by rows) and the driver's optimizer
 * steps, which with one partition is exactly {@code Trainer.fit}. With {@code combineEvery = k > 1}
 * each partition takes k local steps from the broadcast weights and optimizer state, and the
 * driver averages weights and optimizer moments (weighted by rows).
 */
final class DataParallelTrainer {
    record Result(Network network, List<double[]> history, int bestEpoch) {
    }

    private DataParallelTrainer() {
    }

    static Result fit(JavaSparkContext sc, JavaRDD<Block> blocks, Plan plan, float stepSize,
            dev.neurite.optim.LearningRateSchedule schedule, int epochs,
            int combineEvery, boolean validation, int patience, EpochListener listener, DriverCheckpoint checkpoint) {
        Network network = plan.spec().build();
        List<Parameter> params = network.parameters();
        Optimizer optimizer = Optimizers.named(plan.solver(), stepSize, plan.regParam());
        int depth = Math.max(2, (int) Math.ceil(Math.log(Math.max(2, blocks.getNumPartitions())) / Math.log(8)));
        List<double[]> history = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        float[][] bestWeights = null;
        int bestEpoch = -1;
        int sinceBest = 0;
        long[] optimizerSteps = new long[params.size()];
        int firstEpoch = 0;
        boolean stopped = false;
        if (checkpoint != null) {
            DriverCheckpoint.State resumed = checkpoint.restore(network, optimizer);
            checkpoint.removeStaleTemporaries();
            if (resumed != null) {
                firstEpoch = resumed.epochsDone();
                history.addAll(resumed.history());
                optimizerSteps = resumed.localSteps();
                best = resumed.best();
                bestWeights = resumed.bestWeights();
                bestEpoch = resumed.bestEpoch();
                sinceBest = resumed.sinceBest();
                stopped = resumed.stopped();
            }
        }
        for (int epoch = firstEpoch; epoch < epochs && !stopped; epoch++) {
            optimizer.setLearningRate(schedule.learningRate(optimizer.baseLearningRate(), epoch));
            double lossSum = 0;
            long lossRows = 0;
            for (int step = 0; step < plan.stepsPerEpoch(); step += combineEvery) {
                int steps = Math.min(combineEvery, plan.stepsPerEpoch() - step);
                boolean local = combineEvery > 1;
                Round round = new Round(epoch, step, steps, optimizer.learningRate(), weights(network),
                        local ? optimizerSteps.clone() : null, local ? slots(optimizer, params) : null);
                Broadcast<Round> bc = sc.broadcast(round);
                Contribution c;
                try {
                    c = blocks.map(b -> PartitionWorker.of(plan, b).run(bc.value()))
                            .treeAggregate(Contribution.empty(), Contribution::merge, Contribution::merge, depth);
                } finally {
                    bc.destroy(false);
                }
                if (c.divergedStep >= 0) {
                    throw new TrainingDivergedException(epoch, c.divergedStep, c.divergedLoss);
                }
                lossSum += c.lossSum;
                lossRows += c.lossRows;
                if (c.isEmpty()) {
                    continue;
                }
                if (local) {
                    for (int i = 0; i < params.size(); i++) {
                        Parameter p = params.get(i);
                        average(c.sums[i], c.weight, p.value().data());
                        float[][] s = StateArrays.live(optimizer.stateFor(p.name(), p.value().size()));
                        for (int k = 0; k < s.length; k++) {
                            average(c.slots[i][k], c.weight, s[k]);
                        }
                        optimizerSteps[i] += steps;
                    }
                } else {
                    for (int i = 0; i < params.size(); i++) {
                        average(c.sums[i], c.weight, params.get(i).gradient().data());
                    }
                    if (plan.clipNorm() > 0) {
                        GradientClipping.clipByGlobalNorm(params, plan.clipNorm());
                    }
                    optimizer.step(params);
                }
            }
            double trainingLoss = lossRows == 0 ? Double.NaN : lossSum / lossRows;
            double validationLoss = Double.NaN;
            if (validation) {
                float[][] w = weights(network);
                Broadcast<float[][]> bw = sc.broadcast(w);
                double[] v;
                try {
                    v = blocks.map(b -> PartitionWorker.of(plan, b).validationLoss(bw.value()))
                            .reduce((a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
                } finally {
                    bw.destroy(false);
                }
                validationLoss = v[1] == 0 ? Double.NaN : v[0] / v[1];
            }
            history.add(new double[] {trainingLoss, validationLoss});
            boolean stop = false;
            if (validation) {
                if (validationLoss < best) {
                    best = validationLoss;
                    bestWeights = weights(network);
                    bestEpoch = epoch;
                    sinceBest = 0;
                } else if (++sinceBest >= patience) {
                    stop = true;
                }
            }
            // The checkpoint before the listener: a driver that dies in (or after) the listener resumes after this epoch.
            if (checkpoint != null && checkpoint.due(epoch + 1, epochs, stop)) {
                checkpoint.write(epoch + 1, network, optimizer, optimizerSteps, history, best, bestWeights, bestEpoch,
                        sinceBest, stop);
            }
            if (listener != null) {
                listener.onEpoch(epoch, trainingLoss, validationLoss, network);
            }
            if (stop) {
                break;
            }
        }
        String run = plan.run();
        blocks.foreachPartition(it -> PartitionWorker.forget(run));
        if (bestWeights != null) {
            for (int i = 0; i < params.size(); i++) {
                System.arraycopy(bestWeights[i], 0, params.get(i).value().data(), 0, bestWeights[i].length);
            }
        }
        return new Result(network, Collections.unmodifiableList(history), bestEpoch);
    }

    private static void average(double[] sum, double weight, float[] into) {
        for (int j = 0; j < sum.length; j++) {
            into[j] = (float) (sum[j] / weight);
        }
    }

    static float[][] weights(Network network) {
        List<Parameter> params = network.parameters();
        float[][] w = new float[params.size()][];
        for (int i = 0; i < w.length; i++) {
            w[i] = java.util.Arrays.copyOf(params.get(i).value().data(), params.get(i).value().size());
        }
        return w;
    }

    private static float[][][] slots(Optimizer optimizer, List<Parameter> params) {
        float[][][] s = new float[params.size()][][];
        for (int i = 0; i < s.length; i++) {
            Parameter p = params.get(i);
            float[][] live = StateArrays.live(optimizer.stateFor(p.name(), p.value().size()));
            s[i] = new float[live.length][];
            for (int k = 0; k < live.length; k++) {
                s[i][k] = live[k].clone();
            }
        }
        return s;
    }
}

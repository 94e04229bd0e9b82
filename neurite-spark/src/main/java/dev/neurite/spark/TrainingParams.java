package dev.neurite.spark;

import dev.neurite.nn.Activations;
import dev.neurite.optim.LearningRateSchedule;
import dev.neurite.optim.Optimizers;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import scala.Function1;

/**
 * The training params that {@link NeuriteClassifier} and {@link NeuriteRegressor} share, created
 * for one owner's uid. Spark's names where Spark has them ({@code maxIter} = epochs,
 * {@code stepSize}, {@code seed}, {@code solver}, {@code batchSize}, {@code regParam},
 * {@code weightCol}, {@code validationIndicatorCol}), Neurite's for the rest. Each validator
 * throws a message naming the value and what is allowed.
 */
final class TrainingParams implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Hidden activations; softmax belongs to the output. */
    static final List<String> ACTIVATIONS = Activations.NAMES.stream().filter(a -> !a.equals("softmax")).toList();

    final IntArrayParam hiddenLayers;
    final Param<String> activation;
    final DoubleParam dropout;
    final IntParam maxIter;
    final DoubleParam stepSize;
    final LongParam seed;
    final Param<String> solver;
    final IntParam batchSize;
    final DoubleParam regParam;
    final Param<String> weightCol;
    final Param<String> validationIndicatorCol;
    final IntParam patience;
    final IntParam combineEvery;
    final DoubleParam clipNorm;
    final Param<String> schedule;
    final Param<String> checkpointDir;
    final IntParam checkpointInterval;

    TrainingParams(Params owner) {
        String uid = owner.uid();
        hiddenLayers = new IntArrayParam(owner, "hiddenLayers",
                "widths of the hidden layers, each > 0, e.g. [256, 128]; [] for none",
                check((int[] v) -> Arrays.stream(v).allMatch(h -> h > 0),
                        v -> "hiddenLayers must be widths > 0, got " + Arrays.toString(v)));
        activation = new Param<>(uid, "activation", "activation of the hidden layers: " + ACTIVATIONS,
                check((String v) -> v != null && ACTIVATIONS.contains(v.toLowerCase(Locale.ROOT)),
                        v -> "activation must be one of " + ACTIVATIONS + ", got '" + v + "'"));
        dropout = new DoubleParam(uid, "dropout", "dropout rate after each hidden layer, in [0, 1)",
                check((Object o) -> { Double v = (Double) o; return v >= 0 && v < 1; }, o -> "dropout must be in [0, 1), got " + o));
        maxIter = new IntParam(uid, "maxIter", "epochs: passes over the training data (>= 1)",
                check((Object o) -> { Integer v = (Integer) o; return v >= 1; }, o -> "maxIter (epochs) must be >= 1, got " + o));
        stepSize = new DoubleParam(uid, "stepSize", "learning rate of the solver (> 0)",
                check((Object o) -> { Double v = (Double) o; return v > 0 && !v.isInfinite(); }, o -> "stepSize must be finite and > 0, got " + o));
        seed = new LongParam(uid, "seed", "seed of the initial weights, shuffling and dropout");
        solver = new Param<>(uid, "solver", "optimizer: " + Optimizers.NAMES,
                check((String v) -> v != null && Optimizers.NAMES.contains(v.toLowerCase(Locale.ROOT)),
                        v -> "solver must be one of " + Optimizers.NAMES + ", got '" + v + "'"));
        batchSize = new IntParam(uid, "batchSize", "rows per step, over all partitions together (>= 1)",
                check((Object o) -> { Integer v = (Integer) o; return v >= 1; }, o -> "batchSize must be >= 1, got " + o));
        regParam = new DoubleParam(uid, "regParam", "L2 weight decay (>= 0; decoupled for adamw)",
                check((Object o) -> { Double v = (Double) o; return v >= 0 && !v.isInfinite(); }, o -> "regParam must be finite and >= 0, got " + o));
        weightCol = new Param<>(uid, "weightCol", "column of row weights (>= 0); unset or empty: all 1");
        validationIndicatorCol = new Param<>(uid, "validationIndicatorCol",
                "boolean column: true rows are held out to stop early (the best epoch's weights are kept)");
        patience = new IntParam(uid, "patience", "epochs without a better validation loss before stopping (>= 1)",
                check((Object o) -> { Integer v = (Integer) o; return v >= 1; }, o -> "patience must be >= 1, got " + o));
        combineEvery = new IntParam(uid, "combineEvery",
                "steps each partition takes between combines: 1 = synchronous SGD on the summed gradients;"
                        + " k > 1 = k local steps, then weights and optimizer moments are averaged",
                check((Object o) -> { Integer v = (Integer) o; return v >= 1; }, o -> "combineEvery must be >= 1, got " + o));
        clipNorm = new DoubleParam(uid, "clipNorm", "clip the gradients' global norm to this (0: off)",
                check((Object o) -> { Double v = (Double) o; return v >= 0 && !v.isInfinite(); }, o -> "clipNorm must be finite and >= 0, got " + o));

        schedule = new Param<>(uid, "schedule", "learning rate per epoch: constant, cosine (to 0 over maxIter),"
                + " step:N:gamma (times gamma every N epochs) or exponential:gamma",
                check((String v) -> {
                    schedule(v, 1);
                    return true;
                }, v -> "schedule must be constant, cosine, step:N:gamma or exponential:gamma, got '" + v + "'"));
        checkpointDir = new Param<>(uid, "checkpointDir",
                "folder on any Hadoop file system where the driver writes its checkpoint (weights, optimizer state, epoch,"
                        + " settings); a fit whose folder holds a checkpoint of the same settings and data goes on from it;"
                        + " unset or empty: no checkpoints",
                check((String v) -> v != null, v -> "checkpointDir must be a path, got null"));
        checkpointInterval = new IntParam(uid, "checkpointInterval",
                "epochs between checkpoints (>= 1; the last epoch always gets one), or -1 to write none",
                check((Object o) -> { Integer v = (Integer) o; return v >= 1 || v == -1; },
                        o -> "checkpointInterval must be >= 1, or -1 to disable checkpoints, got " + o));
    }

    /** The schedule named by {@code spec}, for a run of {@code epochs}; IllegalArgumentException when malformed. */
    static LearningRateSchedule schedule(String spec, int epochs) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        String[] parts = s.split(":");
        try {
            switch (parts[0]) {
                case "constant":
                    if (parts.length == 1) {
                        return LearningRateSchedule.constant();
                    }
                    break;
                case "cosine":
                    if (parts.length == 1) {
                        return LearningRateSchedule.cosine(epochs, 0f);
                    }
                    break;
                case "step":
                    if (parts.length == 3) {
                        return LearningRateSchedule.step(Integer.parseInt(parts[1]), Float.parseFloat(parts[2]));
                    }
                    break;
                case "exponential":
                    if (parts.length == 2) {
                        return LearningRateSchedule.exponential(Float.parseFloat(parts[1]));
                    }
                    break;
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("schedule must be constant, cosine, step:N:gamma or exponential:gamma, got '"
                + spec + "'");
    }

    /** Sets Neurite's defaults on {@code owner}. */
    void setDefaults(Params owner) {
        owner.setDefault(hiddenLayers, new int[] {64});
        owner.setDefault(activation, "relu");
        owner.setDefault(dropout, 0.0);
        owner.setDefault(maxIter, 20);
        owner.setDefault(stepSize, 1e-3);
        owner.setDefault(seed, (long) owner.getClass().getName().hashCode());
        owner.setDefault(solver, "adam");
        owner.setDefault(batchSize, 128);
        owner.setDefault(regParam, 0.0);
        owner.setDefault(patience, 5);
        owner.setDefault(combineEvery, 16);
        owner.setDefault(clipNorm, 0.0);
        owner.setDefault(schedule, "constant");
        owner.setDefault(checkpointInterval, 1);
    }

    /** A validator that throws {@code message(value)} when {@code ok} is false, so Spark's error names the value. */
    static <T> Function1<T, Object> check(Test<T> ok, Message<T> message) {
        return (Function1<T, Object> & Serializable) v -> {
            if (!ok.test(v)) {
                throw new IllegalArgumentException(message.apply(v));
            }
            return Boolean.TRUE;
        };
    }

    interface Test<T> extends java.util.function.Predicate<T>, Serializable {
    }

    interface Message<T> extends java.util.function.Function<T, String>, Serializable {
    }

    /** The column of {@code param} on {@code owner}, or null when unset or empty. */
    static String optionalColumn(Params owner, Param<String> param) {
        if (!owner.isDefined(param)) {
            return null;
        }
        String v = owner.getOrDefault(param);
        return v == null || v.isEmpty() ? null : v;
    }
}

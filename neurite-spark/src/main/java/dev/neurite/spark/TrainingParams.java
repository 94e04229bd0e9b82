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
        weightCol = new Param<>(uid, "weightCol", "column of row weights (finite, >= 0, not all 0): the loss is (1/N) Σ w ℓ"
                + " with the weights scaled to a mean of 1 over the training rows; unset or empty: all 1");
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

    /** The description of the classifier's {@code classWeight} param. */
    static final String CLASS_WEIGHT_DOC = "how much each class counts in the loss: none, balanced (n / (k · n_c), k classes"
            + " present, n_c training rows of class c), or CLASS=WEIGHT,… by class index (0, 1, …) or, when the label"
            + " column's metadata names the classes (StringIndexer), by name; classes not named weigh 1; multiplies the"
            + " weightCol weights";

    /** Throws unless {@code spec} is none, balanced or CLASS=WEIGHT,… with each weight a finite number >= 0. */
    static void checkClassWeightSyntax(String spec) {
        parseClassWeights(spec);
    }

    /** none/balanced as null/empty map, or the named classes and their weights, in order; throws on malformed input. */
    private static java.util.LinkedHashMap<String, Float> parseClassWeights(String spec) {
        if (spec == null) {
            throw new IllegalArgumentException("classWeight must be none, balanced or CLASS=WEIGHT,…, got null");
        }
        String s = spec.strip();
        if (s.equalsIgnoreCase("none") || s.isEmpty()) {
            return null;
        }
        java.util.LinkedHashMap<String, Float> out = new java.util.LinkedHashMap<>();
        if (s.equalsIgnoreCase("balanced")) {
            return out;
        }
        for (String part : s.split(",")) {
            int eq = part.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("classWeight must be none, balanced or CLASS=WEIGHT,…, got '" + spec
                        + "' (the part '" + part + "')");
            }
            String name = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            float v;
            try {
                v = Float.parseFloat(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("classWeight '" + spec + "': the weight of class '" + name + "' is '"
                        + value + "', not a number");
            }
            if (!(v >= 0) || Float.isInfinite(v)) {
                throw new IllegalArgumentException("classWeight '" + spec + "': the weight of class '" + name + "' is "
                        + value + "; class weights must be finite and >= 0");
            }
            if (out.put(name, v) != null) {
                throw new IllegalArgumentException("classWeight '" + spec + "' names class '" + name + "' twice");
            }
        }
        return out;
    }

    /**
     * The class weights {@code spec} gives a classifier of {@code classes} classes, or null for
     * none: balanced, or the named classes' weights (by index, or by name from {@code names},
     * the label column's metadata, which may be null), the others 1.
     */
    static dev.neurite.data.ClassWeights classWeights(String spec, int classes, String[] names, String owner) {
        java.util.LinkedHashMap<String, Float> parsed = parseClassWeights(spec);
        if (parsed == null) {
            return null;
        }
        if (parsed.isEmpty()) {
            return dev.neurite.data.ClassWeights.balanced();
        }
        float[] w = new float[classes];
        Arrays.fill(w, 1f);
        List<String> known = names == null ? List.of() : Arrays.asList(names);
        for (java.util.Map.Entry<String, Float> e : parsed.entrySet()) {
            String name = e.getKey();
            int c = known.indexOf(name);
            if (c < 0) {
                try {
                    double d = Double.parseDouble(name);
                    c = d == Math.rint(d) && d >= 0 && d < classes ? (int) d : -1;
                } catch (NumberFormatException notANumber) {
                    c = -1;
                }
            }
            if (c < 0) {
                throw new IllegalArgumentException(owner + ": classWeight '" + spec + "' names class '" + name
                        + "', which is not one of the " + classes + " classes (indices 0.." + (classes - 1)
                        + (known.isEmpty() ? "; the label column's metadata names none" : ", or names " + known) + ")");
            }
            w[c] = e.getValue();
        }
        try {
            return dev.neurite.data.ClassWeights.of(w);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(owner + ": classWeight '" + spec + "': " + e.getMessage(), e);
        }
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

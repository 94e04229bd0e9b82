package dev.neurite.train;

import dev.neurite.InvalidInputException;
import dev.neurite.data.ClassWeights;
import dev.neurite.data.Dataset;
import dev.neurite.io.Json;
import dev.neurite.io.RunLock;
import dev.neurite.loss.Loss;
import dev.neurite.metrics.Metric;
import dev.neurite.nn.Activation;
import dev.neurite.nn.Activations;
import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.optim.GradientClipping;
import dev.neurite.optim.Optimizer;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Trains a network by mini-batch gradient descent, and evaluates it.
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(network, Losses.softmaxCrossEntropy(), Optimizers.adam(1e-3f),
 *         TrainingConfig.DEFAULTS.withEpochs(20).withValidationSplit(0.1f))
 *     .metrics(Metrics.accuracy())
 *     .callbacks(new EarlyStopping(3));
 * History history = trainer.fit(train);
 * }</pre>
 */
public final class Trainer {
    private final Network network;
    private final Loss loss;
    /** The loss the current fit computes: {@link #loss}, or {@link #loss} weighing classes inside it. */
    private Loss active;
    private final Optimizer optimizer;
    private final TrainingConfig config;
    private final List<Metric> metrics = new ArrayList<>();
    private final List<Callback> callbacks = new ArrayList<>();
    private boolean divergenceCheck = true;
    private float firstLoss = Float.NaN;
    private Matrix gradOutput;
    private Matrix lastOutput;
    private Path checkpointDir;
    private boolean resume;
    /** Steps taken by this trainer, for the numbers of traced steps. */
    private int stepsTaken;
    private int tracesLeft;
    private java.util.function.Consumer<StepTrace> traceSink;

    public Trainer(Network network, Loss loss, Optimizer optimizer, TrainingConfig config) {
        this.network = Objects.requireNonNull(network, "network");
        this.loss = Objects.requireNonNull(loss, "loss");
        this.active = loss;
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.config = Objects.requireNonNull(config, "config");
        requireLossFitsOutput(network, loss);
    }

    /** Adds metrics, recorded for training (as {@code name}) and validation (as {@code val_name}). */
    public Trainer metrics(Metric... added) {
        metrics.addAll(List.of(added));
        return this;
    }

    /**
     * Turns off the divergence check beyond NaN: by default training stops with a
     * {@link TrainingDivergedException} when a batch's loss exceeds {@value #LOSS_GROWTH} times its
     * first loss (or 1, whichever is larger), or a weight's magnitude exceeds
     * {@value #WEIGHT_BOUND} at the end of an epoch. A NaN or infinite loss always stops it.
     */
    public Trainer divergenceCheck(boolean on) {
        this.divergenceCheck = on;
        return this;
    }

    /** How many times the first loss a batch's loss may reach before training is taken to diverge. */
    public static final float LOSS_GROWTH = 1e4f;
    /** The largest weight magnitude training accepts at an epoch's end. */
    public static final float WEIGHT_BOUND = 1e6f;

    /** Adds callbacks, called in the order given. */
    public Trainer callbacks(Callback... added) {
        callbacks.addAll(List.of(added));
        return this;
    }

    /**
     * Writes a {@link Checkpoint} into {@code dir} at the end of every epoch: weights, optimizer
     * state, schedule position, random generators, history and early stopping, atomically.
     */
    public Trainer checkpointTo(Path dir) {
        this.checkpointDir = Objects.requireNonNull(dir, "dir");
        return this;
    }

    /**
     * Like {@link #checkpointTo}, and {@link #fit} first continues from the newest checkpoint in
     * {@code dir} when there is one; the result is bitwise identical to a run never interrupted.
     * A checkpoint written with other settings (network, optimizer, configuration, data sizes)
     * is refused with a message.
     */
    public Trainer resumeFrom(Path dir) {
        checkpointTo(dir);
        this.resume = true;
        return this;
    }

    /**
     * Traces the next {@code steps} training steps of {@link #fit} (the first ones, when called
     * before it): each is recorded as a {@link StepTrace} and handed to {@code sink}, e.g.
     * {@code trace -> System.out.println(trace)}. The steps themselves are unchanged.
     */
    public Trainer traceSteps(int steps, java.util.function.Consumer<StepTrace> sink) {
        if (steps < 1) {
            throw new IllegalArgumentException("the number of steps to trace must be at least 1, got " + steps);
        }
        this.tracesLeft = steps;
        this.traceSink = Objects.requireNonNull(sink, "sink");
        return this;
    }

    /** The epoch a resumed fit started from (0 when it started afresh); valid after {@link #fit}. */
    public int resumedFromEpoch() {
        return resumedFromEpoch;
    }

    private int resumedFromEpoch;

    public Network network() {
        return network;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public TrainingConfig config() {
        return config;
    }

    /**
     * Trains on {@code train}, holding out {@link TrainingConfig#validationSplit()} of it for
     * validation when set ({@link Dataset#validationSplit}: stratified for a classification loss).
     */
    public History fit(Dataset train) {
        if (config.validationSplit() > 0) {
            Dataset.Split split = train.validationSplit(config.validationSplit(), config.seed(), loss.classification());
            return fit(split.train(), split.test());
        }
        return fit(train, null);
    }

    /**
     * Trains on {@code train} for {@link TrainingConfig#epochs()} epochs, evaluating on
     * {@code validation} (which may be null) after each.
     *
     * <p>Each epoch: shuffle; for each batch, forward, loss, backward, clip, step; then validate,
     * record, call back (a checkpoint is the last callback), and stop early when asked.
     *
     * <p>Examples with {@link Dataset#weights()} and {@link TrainingConfig#classWeights()} weigh
     * the loss (both multiply; the class weights come from {@code train}'s class counts and apply
     * to {@code validation} too). Weights are relative: scaled to a mean of 1 over the training
     * examples, the same factor applied to the validation examples. Class weights weigh each row
     * by its class's weight, except for a loss whose {@link Loss#withClassWeights} takes them
     * inside (softmax cross-entropy with label smoothing, as PyTorch weighs it); the scale is the same.
     *
     * @throws TrainingDivergedException when a batch's loss is NaN or infinite
     */
    public History fit(Dataset train, Dataset validation) {
        requireFits(train, "training");
        if (validation != null) {
            requireFits(validation, "validation");
        }
        appliedClassWeights = null;
        if (!config.classWeights().isNone()) {
            if (!loss.classification()) {
                throw new IllegalArgumentException("class weights need a classification loss; " + loss.name() + " is not one");
            }
            int classes = network.outputSize() == 1 ? 2 : network.outputSize();
            appliedClassWeights = config.classWeights().forCounts(ClassWeights.classCounts(train, classes));
            Dataset folded = ClassWeights.apply(train, appliedClassWeights);
            if (loss.withClassWeights(appliedClassWeights) != null) {
                // The loss weighs the classes itself; the row weights stay as given, and the class
                // weights take the factor that scales the product of both to a mean of 1.
                float scale = (float) (folded.size() / sum(folded.weights()));
                float[] inside = appliedClassWeights.clone();
                for (int c = 0; c < inside.length; c++) {
                    inside[c] *= scale;
                }
                Loss weighing = loss.withClassWeights(inside);
                firstLoss = Float.NaN;
                active = weighing;
                try {
                    return fitPrepared(train, validation);
                } finally {
                    active = loss;
                }
            }
            train = folded;
            validation = validation == null ? null : ClassWeights.apply(validation, appliedClassWeights);
        }
        if (train.weights() != null) {
            // Weights are relative: scaled to a mean of 1 over the training examples, so that they
            // shift the balance between examples and leave the step size as the learning rate sets it.
            float scale = (float) (train.size() / sum(train.weights()));
            if (scale != 1f) {
                train = train.withWeights(scaled(train.weights(), scale));
                validation = validation == null || validation.weights() == null ? validation
                        : validation.withWeights(scaled(validation.weights(), scale));
            }
        }
        firstLoss = Float.NaN;
        return fitPrepared(train, validation);
    }

    private static double sum(Matrix weights) {
        double sum = 0;
        for (int i = 0; i < weights.size(); i++) {
            sum += weights.data()[i];
        }
        return sum;
    }

    /** {@link #fit(Dataset, Dataset)} once the weights are settled. */
    private History fitPrepared(Dataset train, Dataset validation) {
        if (checkpointDir == null) {
            return fit(new Run(train), validation, null);
        }
        try (RunLock lock = Checkpoint.lock(checkpointDir)) {
            String settings = settings(train, validation);
            if (!resume) {
                Checkpoint.requireNoOtherRun(checkpointDir, settings);
            }
            Run run = new Run(train);
            run.callbacks.add(new CheckpointWriter(checkpointDir, settings, run));
            return fit(run, validation, settings);
        } catch (IOException e) {
            throw new UncheckedIOException(checkpointDir + ": " + e.getMessage(), e);
        }
    }

    private static Matrix scaled(Matrix weights, float scale) {
        Matrix out = weights.copy();
        for (int i = 0; i < out.size(); i++) {
            out.data()[i] *= scale;
        }
        return out;
    }

    /**
     * The per-class weights the last {@link #fit} applied (from {@link TrainingConfig#classWeights()}
     * and the training examples' class counts, before the scaling to mean 1), or null when none.
     */
    public float[] appliedClassWeights() {
        return appliedClassWeights == null ? null : appliedClassWeights.clone();
    }

    private float[] appliedClassWeights;

    private History fit(Run run, Dataset validation, String settings) {
        for (Callback c : run.callbacks) {
            c.onTrainBegin(network, config.epochs(), run.batches);
        }
        resumedFromEpoch = resume && settings != null ? restoreNewestCheckpoint(run, settings) : 0;
        for (int epoch = resumedFromEpoch; epoch < config.epochs() && !run.control.stopRequested(); epoch++) {
            Map<String, Double> logs = trainEpoch(run, epoch);
            if (validation != null) {
                evaluate(validation).forEach((k, v) -> logs.put("val_" + k, v));
            }
            logs.put("learning_rate", (double) optimizer.learningRate());
            requireSaneWeights(epoch);
            run.history.record(logs);
            for (Callback c : run.callbacks) {
                c.onEpochEnd(epoch, logs, run.control);
            }
        }
        run.history.setStopReason(run.control.reason());
        for (Callback c : run.callbacks) {
            c.onTrainEnd(network, run.history);
        }
        return run.history;
    }

    /** One pass over the training data in the run's order; returns the epoch's loss and metrics. */
    private Map<String, Double> trainEpoch(Run run, int epoch) {
        optimizer.setLearningRate(config.schedule().learningRate(optimizer.baseLearningRate(), epoch));
        if (config.shuffle()) {
            run.shuffle.shuffleInPlace(run.order);
        }
        resetMetrics();
        Dataset train = run.train;
        int n = train.size();
        double lossSum = 0;
        for (int b = 0; b < run.batches; b++) {
            int start = b * run.batchSize;
            int rows = Math.min(run.batchSize, n - start);
            run.x.reshapeInPlace(rows, train.featureCount());
            run.y.reshapeInPlace(rows, train.targetColumns());
            train.gatherInto(run.order, start, rows, run.x, run.y);
            if (run.w != null) {
                run.w.reshapeInPlace(rows, 1);
                train.gatherWeightsInto(run.order, start, rows, run.w);
            }

            float batchLoss = step(run.x, run.y, run.w, epoch, b);
            for (int m = 0; m < metrics.size(); m++) {
                metrics.get(m).update(lastOutput, run.y);
            }
            lossSum += (double) batchLoss * rows;
            for (int c = 0; c < run.callbacks.size(); c++) {
                run.callbacks.get(c).onBatchEnd(epoch, b, run.batches, batchLoss);
            }
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", lossSum / n);
        for (Metric m : metrics) {
            logs.put(m.name(), m.result());
        }
        return logs;
    }

    /**
     * What one call of {@link #fit} carries from epoch to epoch: the generators drawn from the
     * seed, the order of the examples, the batch buffers, the history and the callbacks.
     */
    final class Run {
        final Dataset train;
        final Rng shuffle;
        final int[] order;
        final int batchSize;
        final int batches;
        final Matrix x;
        final Matrix y;
        /** The batch's example weights, or null when the data has none. */
        final Matrix w;
        final List<Callback> callbacks = new ArrayList<>(Trainer.this.callbacks);
        final TrainingControl control = new TrainingControl();
        History history = new History();

        Run(Dataset train) {
            this.train = train;
            Rng rng = new Rng(config.seed());
            shuffle = rng.split();
            network.setRandom(rng.split());
            int n = train.size();
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            batchSize = Math.min(config.batchSize(), n);
            batches = (n + batchSize - 1) / batchSize;
            x = new Matrix(batchSize, train.featureCount());
            y = new Matrix(batchSize, train.targetColumns());
            w = train.weights() == null ? null : new Matrix(batchSize, 1);
        }
    }

    /** Writes a {@link Checkpoint} at the end of every epoch; the last of a run's callbacks. */
    private final class CheckpointWriter implements Callback {
        private final Path dir;
        private final String settings;
        private final Run run;

        CheckpointWriter(Path dir, String settings, Run run) {
            this.dir = dir;
            this.settings = settings;
            this.run = run;
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
            try {
                Checkpoint.write(dir, settings, epoch + 1, network, optimizer, run.shuffle, run.order, run.history,
                        run.callbacks, control.reason());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a checkpoint to " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    /** Continues {@code run} from the newest checkpoint in the checkpoint folder, if any; returns its epoch (0 when none). */
    private int restoreNewestCheckpoint(Run run, String settings) {
        try {
            Path newest = Checkpoint.newest(checkpointDir);
            if (newest == null) {
                return 0;
            }
            Checkpoint.State state = Checkpoint.read(newest, settings, network, optimizer, run.callbacks);
            if (state.order().length != run.order.length) {
                throw new InvalidInputException(newest + ": the checkpoint's data has "
                        + state.order().length + " examples, this run's " + run.order.length);
            }
            run.shuffle.setState(state.shuffleState());
            System.arraycopy(state.order(), 0, run.order, 0, run.order.length);
            run.history = state.history();
            if (state.stopReason() != null) {
                run.control.stop(state.stopReason());
            }
            return state.epoch();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint in " + checkpointDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * One training step on one batch, Keras's {@code train_on_batch}: forward, loss, backward,
     * clip, optimizer step. Returns the batch's loss. Once buffers exist for this batch size,
     * the step allocates nothing.
     *
     * @throws TrainingDivergedException when the loss is NaN or infinite (no step is taken)
     */
    public float trainOnBatch(Matrix x, Matrix y) {
        return step(x, y, null, -1, -1);
    }

    /** {@link #trainOnBatch(Matrix, Matrix)} with a weight per example ({@code rows × 1}), as the loss weighs them. */
    public float trainOnBatch(Matrix x, Matrix y, Matrix weights) {
        return step(x, y, weights, -1, -1);
    }

    /**
     * {@link #trainOnBatch}, recorded: the same step on the same batch (the weights are updated),
     * returned as a {@link StepTrace} of everything it computed. Print it to read it.
     */
    public StepTrace traceOnBatch(Matrix x, Matrix y) {
        StepRecorder recorder = new StepRecorder(network, stepsTaken + 1, -1, -1);
        step(x, y, null, -1, -1, recorder);
        return recorder.trace();
    }

    private float step(Matrix x, Matrix y, Matrix w, int epoch, int batch) {
        StepRecorder recorder = null;
        if (tracesLeft > 0) {
            tracesLeft--;
            recorder = new StepRecorder(network, stepsTaken + 1, epoch, batch);
        }
        float batchLoss = step(x, y, w, epoch, batch, recorder);
        if (recorder != null) {
            traceSink.accept(recorder.trace());
        }
        return batchLoss;
    }

    /** The step; when {@code recorder} is not null, it watches the network and records the rest. */
    private float step(Matrix x, Matrix y, Matrix w, int epoch, int batch, StepRecorder recorder) {
        stepsTaken++;
        if (recorder != null) {
            network.setObserver(recorder);
        }
        try {
            Matrix output = network.forward(x, true);
            gradOutput = Matrix.reuseOrAllocate(gradOutput, output.rows(), output.columns());
            float batchLoss = active.compute(output, y, w, gradOutput);
            if (!Float.isFinite(batchLoss)) {
                throw new TrainingDivergedException(epoch, batch, batchLoss);
            }
            if (Float.isNaN(firstLoss)) {
                firstLoss = batchLoss;
            } else if (divergenceCheck && batchLoss > LOSS_GROWTH * Math.max(firstLoss, 1f)) {
                throw new TrainingDivergedException(epoch, batch, batchLoss, String.format(Locale.ROOT,
                        "the loss grew from %.4g (the first batch's) to %.4g, more than %,.0f-fold,", firstLoss, batchLoss, LOSS_GROWTH));
            }
            lastOutput = output;
            List<Parameter> parameters = network.parameters();
            network.backward(gradOutput, false);
            if (config.gradientClipNorm() > 0) {
                GradientClipping.clipByGlobalNorm(parameters, config.gradientClipNorm());
            }
            if (recorder != null) {
                recorder.loss(loss, batchLoss, y, w);
                recorder.beforeUpdate(parameters, optimizer);
            }
            optimizer.step(parameters);
            if (recorder != null) {
                recorder.finish(parameters);
            }
            return batchLoss;
        } finally {
            if (recorder != null) {
                network.setObserver(null);
            }
        }
    }

    /** Throws when a weight has grown beyond {@link #WEIGHT_BOUND} (or is not finite), unless the check is off. */
    private void requireSaneWeights(int epoch) {
        if (!divergenceCheck) {
            return;
        }
        for (Parameter p : network.parameters()) {
            float[] w = p.value().data();
            for (int i = 0, n = p.value().size(); i < n; i++) {
                if (!(Math.abs(w[i]) <= WEIGHT_BOUND)) {
                    throw new TrainingDivergedException(epoch, -1, Float.NaN, String.format(Locale.ROOT,
                            "weight %s[%d] is %.4g, beyond ±%.0g,", p.name(), i, w[i], WEIGHT_BOUND));
                }
            }
        }
    }

    /** The loss (weighted when {@code data} has weights) and every metric on {@code data}, in inference mode (no dropout). */
    public Map<String, Double> evaluate(Dataset data) {
        requireFits(data, "evaluation");
        int n = data.size();
        int chunk = Math.max(1, Math.min(Math.max(config.batchSize(), 256), n));
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Matrix x = new Matrix(chunk, data.featureCount());
        Matrix y = new Matrix(chunk, data.targetColumns());
        Matrix w = data.weights() == null ? null : new Matrix(chunk, 1);
        resetMetrics();
        double lossSum = 0;
        for (int start = 0; start < n; start += chunk) {
            int rows = Math.min(chunk, n - start);
            x.reshapeInPlace(rows, data.featureCount());
            y.reshapeInPlace(rows, data.targetColumns());
            data.gatherInto(order, start, rows, x, y);
            if (w != null) {
                w.reshapeInPlace(rows, 1);
                data.gatherWeightsInto(order, start, rows, w);
            }
            Matrix output = network.forward(x, false);
            lossSum += (double) active.compute(output, y, w, null) * rows;
            for (Metric m : metrics) {
                m.update(output, y);
            }
        }
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("loss", n == 0 ? Double.NaN : lossSum / n);
        for (Metric m : metrics) {
            result.put(m.name(), m.result());
        }
        return result;
    }

    private void resetMetrics() {
        for (Metric m : metrics) {
            m.reset();
        }
    }

    /** What must match for a checkpoint to be resumed: the network, loss, optimizer, configuration and data sizes. */
    private String settings(Dataset train, Dataset validation) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("network", network.toString());
        s.put("loss", loss.describe());
        s.put("optimizer", optimizer.name() + " " + optimizer.baseLearningRate());
        s.put("epochs", config.epochs());
        s.put("batch_size", config.batchSize());
        s.put("seed", Long.toString(config.seed()));
        s.put("shuffle", config.shuffle());
        s.put("gradient_clip_norm", config.gradientClipNorm());
        if (!config.classWeights().isNone()) {
            s.put("class_weights", config.classWeights().toString());
        }
        s.put("train_examples", train.size());
        s.put("validation_examples", validation == null ? 0 : validation.size());
        s.put("train_data", train.fingerprint());
        s.put("validation_data", validation == null ? "none" : validation.fingerprint());
        return Json.write(s);
    }

    /** Checks a dataset against the network and the loss before any weight changes. */
    private void requireFits(Dataset data, String role) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("the " + role + " data set is empty");
        }
        if (data.featureCount() != network.inputSize()) {
            throw new IllegalArgumentException("the " + role + " data has " + data.featureCount()
                    + " feature columns, but the network expects " + network.inputSize());
        }
        // One inference pass on a single example: a target of the wrong shape or range fails
        // here with the loss's own message, before any weight changes.
        // Without the weights: example 0 alone may weigh 0, which a Dataset of one example refuses.
        Dataset probe = data.withWeights(null).subset(new int[] {0});
        loss.value(network.forward(probe.features(), false), probe.targets());
    }

    /** Rejects a loss that fuses an activation the network already applies (a double softmax). */
    private static void requireLossFitsOutput(Network network, Loss loss) {
        Activation activation = network.outputActivation();
        if (activation == Activations.softmax() && loss.name().equals("softmax_cross_entropy")) {
            throw new IllegalArgumentException("softmax_cross_entropy takes logits, but the network ends in a softmax;"
                    + " give the last layer no activation (predictProbabilities applies the softmax)");
        }
        if (activation == Activations.sigmoid() && loss.name().equals("bce_with_logits")) {
            throw new IllegalArgumentException("bce_with_logits takes logits, but the network ends in a sigmoid;"
                    + " give the last layer no activation, or use the bce loss");
        }
    }
}

package dev.neurite.cli;

import dev.neurite.InvalidInputException;
import dev.neurite.data.BundledData;
import dev.neurite.data.ColumnChoice;
import dev.neurite.data.Dataset;
import dev.neurite.data.MissingValues;
import dev.neurite.data.Preprocessor;
import dev.neurite.data.TableData;
import dev.neurite.data.Task;
import dev.neurite.io.Evaluation;
import dev.neurite.io.Model;
import dev.neurite.io.RunLock;
import dev.neurite.io.ModelFile;
import dev.neurite.io.Predictor;
import dev.neurite.loss.Loss;
import dev.neurite.loss.Losses;
import dev.neurite.metrics.Metrics;
import dev.neurite.nn.Activation;
import dev.neurite.nn.Activations;
import dev.neurite.nn.Dense;
import dev.neurite.nn.Dropout;
import dev.neurite.nn.Layer;
import dev.neurite.nn.Network;
import dev.neurite.optim.LearningRateSchedule;
import dev.neurite.optim.Optimizer;
import dev.neurite.optim.Optimizers;
import dev.neurite.tensor.Kernels;
import dev.neurite.train.EarlyStopping;
import dev.neurite.train.History;
import dev.neurite.train.Trainer;
import dev.neurite.train.TrainingConfig;
import dev.neurite.train.TrainingDivergedException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neurite train}: fits a network to a CSV or IDX file and saves it as a model file. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a network on a CSV file (header row; numeric columns are standardised, text columns one-hot",
                "encoded) or an IDX image file (MNIST format) and saves it, with its preprocessing, as a model file.",
                "Bundled data: --data bundled:iris (also digits, diabetes, line, parabola, xor, spirals)."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV file (.csv or .csv.gz), IDX image file, or bundled:NAME.")
    String data;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX labels file for an IDX image file.")
    Path labels;

    @Option(names = "--target", paramLabel = "COLUMN", description = "Target column of a CSV file (default for bundled data: its target).")
    String target;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model file to write (safetensors).")
    Path out;

    @Option(names = "--task", paramLabel = "TASK", description = "classification or regression (default: inferred; text or at most 20 integer values → classification).")
    String task;

    @picocli.CommandLine.Mixin
    CsvOptions csv;

    @Option(names = "--features", split = ",", paramLabel = "COL,…",
            description = "The feature columns, by name or number from 1 (default: all but the target and identifier-like columns).")
    List<String> features = new ArrayList<>();

    @Option(names = "--ignore", split = ",", paramLabel = "COL,…", description = "Columns to leave out, by name or number from 1.")
    List<String> ignore = new ArrayList<>();

    @Option(names = "--na-values", paramLabel = "A,B,…",
            description = {"Cell values that mean 'missing', besides empty cells; compared without case and saved in the model",
                    "(default: NA,N/A,NaN,null,?). '' for empty cells only."})
    String naValues;

    // The defaults of --layers, --epochs, --optimizer, --weight-decay and --early-stopping were chosen on the
    // tuning tables of `neurite-bench tables` and checked on its held-out tables (docs/tables.md).
    @Option(names = "--layers", defaultValue = "128,64", split = ",", paramLabel = "N,N", description = "Hidden layer sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> layers;

    @Option(names = "--activation", defaultValue = "relu", description = "Hidden activation: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = ActivationNames.class)
    String activation;

    @Option(names = "--dropout", defaultValue = "0", description = "Dropout rate after each hidden layer, in [0, 1) (default: ${DEFAULT-VALUE}).")
    float dropout;

    @Option(names = "--epochs", defaultValue = "200", description = "Most epochs to train (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "Examples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--optimizer", defaultValue = "adamw", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = OptimizerNames.class)
    String optimizer;

    @Option(names = "--learning-rate", defaultValue = "0.001", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--weight-decay", paramLabel = "LAMBDA",
            description = "L2 weight decay, decoupled for adamw (default: " + ADAMW_WEIGHT_DECAY + " for adamw, 0 for the other optimizers).")
    Float weightDecay;

    /** The weight decay of adamw when none is given: PyTorch's default for AdamW. */
    static final float ADAMW_WEIGHT_DECAY = 0.01f;

    @Option(names = "--schedule", defaultValue = "constant", paramLabel = "SCHEDULE",
            description = {"Learning rate by epoch: constant, cosine (annealed to 0 over --epochs), exponential:GAMMA,",
                    "step:EPOCHS:GAMMA; prefix warmup:N, to ramp up over N epochs (default: ${DEFAULT-VALUE})."})
    String schedule;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--validation-split", defaultValue = "0.1", description = "Fraction held out for validation, stratified for classes; 0 for none (default: ${DEFAULT-VALUE}).")
    float validationSplit;

    @Option(names = "--early-stopping", defaultValue = "20", paramLabel = "PATIENCE",
            description = "Stop after this many epochs without a better validation loss and keep the best weights; 0 turns it off (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the matrix products (default: the number of cores); results are the same for any N.")
    Integer threads;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Write a checkpoint here at the end of every epoch (weights, optimizer state, random generators, history).")
    Path checkpointDir;

    @Option(names = "--resume", description = "Continue from the newest checkpoint in --checkpoint-dir (same data and options); the result is bitwise identical to an uninterrupted run.")
    boolean resume;

    @Option(names = "--plots", paramLabel = "DIR", description = "Write PNG pictures here: learning curves, confusion matrix or predicted-vs-actual, fitted curve or decision regions.")
    Path plots;

    @Option(names = "--progress", defaultValue = "auto", description = "auto, bar, lines or none (default: ${DEFAULT-VALUE}: a bar on a terminal, lines otherwise).")
    String progress;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    static final class ActivationNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Activations.NAMES.iterator();
        }
    }

    static final class OptimizerNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Optimizers.NAMES.iterator();
        }
    }

    @Option(names = "--no-divergence-check",
            description = "Let training go on when the loss grows 10,000-fold over its first value or a weight passes 1e6 (a NaN loss still stops it).")
    boolean noDivergenceCheck;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        try (RunLock lock = OutputPaths.lockBeside("--out", out)) {
            return train();
        }
    }

    private int train() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        if (threads != null) {
            Kernels.use(Kernels.create(threads));
        }
        Activation hidden = Activations.named(activation);
        Optimizer opt = Optimizers.named(optimizer, learningRate, weightDecay());
        Progress.Mode mode = progressMode();

        DataSource source = DataSource.open(data, labels, csv.format());
        TableData data = read(source);
        Preprocessor pre = data.preprocessor();
        Dataset all = data.dataset();
        console.printf("Data: %s, %,d examples; %s%n", source.name(), all.size(), pre.describe());
        if (!source.isImages()) {
            InfoCommand.printRoles(console, pre);
        }
        for (String w : data.warnings()) {
            console.println("warning: " + w);
        }
        Dataset train = all;
        Dataset validation = null;
        if (validationSplit > 0) {
            if (all.size() < 4) {
                throw new InvalidInputException(source.name() + ": " + all.size() + " examples are too few to hold out a validation set; use --validation-split 0");
            }
            Dataset.Split split = all.validationSplit(validationSplit, seed, pre.task() == Task.CLASSIFICATION);
            train = split.train();
            validation = split.test();
        }
        Network network = network(pre, hidden);
        Loss loss = pre.task() == Task.CLASSIFICATION ? Losses.softmaxCrossEntropy() : Losses.mse();
        console.printf("Network: %s, %,d parameters; %s, %s, learning rate %s%n",
                network.layers().stream().map(Layer::describe).toList(), network.parameterCount(), loss.name(), opt.name(), learningRate);
        console.printf("Training on %,d examples%s, up to %d epochs of batches of %d%n", train.size(),
                validation == null ? "" : String.format(Locale.ROOT, ", validating on %,d", validation.size()), epochs, batchSize);
        console.flush();

        ModelFile.requireSavable(new Model(network, loss.name(), pre, null)); // a model the reader would refuse fails now, not after training
        Trainer trainer = new Trainer(network, loss, opt,
                TrainingConfig.DEFAULTS.withEpochs(epochs).withBatchSize(batchSize).withSeed(seed)
                        .withSchedule(schedule(schedule, epochs)))
                .metrics(pre.task() == Task.CLASSIFICATION ? Metrics.accuracy() : Metrics.r2())
                .divergenceCheck(!noDivergenceCheck);
        trainer.callbacks(new Progress(console, mode, train.size()));
        if (checkpointDir != null) {
            if (resume) {
                trainer.resumeFrom(checkpointDir);
            } else {
                trainer.checkpointTo(checkpointDir);
            }
        }
        EarlyStopping stopping = null;
        if (validation != null && patience > 0) {
            stopping = new EarlyStopping(patience);
            trainer.callbacks(stopping);
        }
        long start = System.nanoTime();
        History history;
        try {
            history = trainer.fit(train, validation);
        } catch (TrainingDivergedException e) {
            throw new IllegalStateException(e.getMessage() + "; nothing was written to " + out
                    + (checkpointDir == null ? "" : " and the checkpoints in " + checkpointDir + " are those of the last good epoch"), e);
        }
        if (trainer.resumedFromEpoch() > 0) {
            console.println("Resumed from the checkpoint of epoch " + trainer.resumedFromEpoch() + " in " + checkpointDir);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (history.stopReason() != null) {
            console.println(history.stopReason() + "; keeping the weights of epoch " + (stopping.bestEpoch() + 1));
        }

        Model probe = new Model(network, loss.name(), pre, null);
        Predictor scorer = new Predictor(probe);
        Evaluation trainReport = scorer.evaluate(train, List.of());
        Evaluation validationReport = validation == null ? null : scorer.evaluate(validation, List.of());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("data", source.name());
        summary.put("examples", all.size());
        summary.put("trained_at", Instant.now().toString());
        summary.put("epochs", history.epochs());
        summary.put("best_epoch", stopping == null ? history.epochs() : stopping.bestEpoch() + 1);
        summary.put("seconds", Math.round(seconds * 10) / 10.0);
        summary.put("settings", settings(opt));
        summary.put("train", trainReport.figures());
        if (validationReport != null) {
            summary.put("validation", validationReport.figures());
        }
        Model model = new Model(network, loss.name(), pre, summary);
        ModelFile.save(model, out);

        console.println();
        printSummary(console, trainReport, validationReport);
        console.printf("%nTrained in %.1f s; model written to %s%n", seconds, out);
        if (plots != null) {
            List<Path> written = new ArrayList<>(Plots.learningCurves(history, plots));
            written.addAll(PlotsForModel.draw(model, source, validation != null ? validation : train,
                    validation != null ? validationReport : trainReport, plots));
            console.println("Plots: " + written.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse("none"));
        }
        console.flush();
        return 0;
    }

    private void checkOptions() {
        require(epochs > 0, "--epochs must be > 0, got " + epochs);
        require(batchSize > 0, "--batch-size must be > 0, got " + batchSize);
        require(learningRate > 0 && Float.isFinite(learningRate), "--learning-rate must be > 0, got " + learningRate);
        require(weightDecay == null || weightDecay >= 0 && Float.isFinite(weightDecay), "--weight-decay must be >= 0, got " + weightDecay);
        require(dropout >= 0 && dropout < 1, "--dropout must be in [0, 1), got " + dropout);
        require(validationSplit >= 0 && validationSplit < 1, "--validation-split must be in [0, 1), got " + validationSplit);
        require(patience >= 0, "--early-stopping must be >= 0, got " + patience);
        for (int size : layers) {
            require(size > 0, "--layers sizes must be > 0, got " + size);
        }
        require(threads == null || threads > 0, "--threads must be > 0, got " + threads);
        require(!resume || checkpointDir != null, "--resume needs --checkpoint-dir, the folder to resume from");
        // Every output checked before the data is read and the first epoch runs.
        OutputPaths.requireWritableFile("--out", out);
        if (plots != null) {
            OutputPaths.requireWritableFolder("--plots", plots);
        }
        if (checkpointDir != null) {
            OutputPaths.requireWritableFolder("--checkpoint-dir", checkpointDir);
        }
    }

    /** --weight-decay, or its default for the optimizer chosen. */
    float weightDecay() {
        if (weightDecay != null) {
            return weightDecay;
        }
        return optimizer.trim().toLowerCase(Locale.ROOT).equals("adamw") ? ADAMW_WEIGHT_DECAY : 0f;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Parses --schedule: constant, cosine, exponential:G, step:N:G, each optionally after warmup:N,. */
    static LearningRateSchedule schedule(String spec, int epochs) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("warmup:")) {
                int comma = s.indexOf(',');
                if (comma < 0) {
                    throw new IllegalArgumentException("expected warmup:N,SCHEDULE");
                }
                int warm = Integer.parseInt(s.substring(7, comma));
                return LearningRateSchedule.linearWarmup(warm, schedule(s.substring(comma + 1), Math.max(1, epochs - warm)));
            }
            String[] parts = s.split(":");
            return switch (parts[0]) {
                case "constant" -> LearningRateSchedule.constant();
                case "cosine" -> LearningRateSchedule.cosine(epochs, 0f);
                case "exponential" -> LearningRateSchedule.exponential(Float.parseFloat(parts[1]));
                case "step" -> LearningRateSchedule.step(Integer.parseInt(parts[1]), Float.parseFloat(parts[2]));
                default -> throw new IllegalArgumentException("unknown schedule");
            };
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("--schedule '" + spec + "': expected constant, cosine, exponential:GAMMA or step:EPOCHS:GAMMA, optionally after warmup:N,");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--schedule '" + spec + "': " + e.getMessage()
                    + " (expected constant, cosine, exponential:GAMMA or step:EPOCHS:GAMMA, optionally after warmup:N,)");
        }
    }

    private Progress.Mode progressMode() {
        try {
            return Progress.Mode.valueOf(progress.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--progress must be auto, bar, lines or none, got '" + progress + "'");
        }
    }

    /** The preprocessing fitted on {@code source} and its encoded examples. */
    private TableData read(DataSource source) {
        Task chosen = task == null ? null : Task.named(task);
        if (source.isImages()) {
            if (chosen == Task.REGRESSION) {
                throw new InvalidInputException("an IDX image file with labels is a classification task, not regression");
            }
            Preprocessor pre = Preprocessor.forImages(source.images().rows(), source.images().cols(), Math.max(2, source.images().classes()));
            List<String> warnings = new ArrayList<>();
            return new TableData(pre, Scoring.dataset(pre, source, warnings), warnings);
        }
        String column = target;
        if (column == null && data.startsWith(DataSource.BUNDLED)) {
            column = BundledData.targetOf(data.substring(DataSource.BUNDLED.length()));
        }
        if (column == null) {
            throw new IllegalArgumentException("--target is required for a CSV file: the column to predict (columns: "
                    + String.join(", ", source.table().header()) + ")");
        }
        return TableData.fit(source.table(), column, chosen, naValues == null ? MissingValues.DEFAULTS : MissingValues.parse(naValues),
                new ColumnChoice(features, ignore));
    }

    private Network network(Preprocessor pre, Activation hidden) {
        List<Layer> list = new ArrayList<>();
        int width = pre.inputWidth();
        List<Preprocessor.EmbeddedInput> embedded = pre.embeddedInputs();
        for (int i = embedded.size() - 1; i >= 0; i--) { // the last first, so the earlier inputs keep their positions
            Preprocessor.EmbeddedInput e = embedded.get(i);
            list.add(new dev.neurite.nn.Embedding(width, e.input(), e.vocabulary(), e.dimension()));
            width += e.dimension() - 1;
        }
        for (int size : layers) {
            list.add(new Dense(width, size, hidden));
            if (dropout > 0) {
                list.add(new Dropout(dropout));
            }
            width = size;
        }
        list.add(new Dense(width, pre.outputWidth(), Activations.identity()));
        return Network.of(seed, list.toArray(Layer[]::new));
    }

    private Map<String, Object> settings(Optimizer opt) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("layers", layers);
        s.put("activation", activation);
        s.put("dropout", dropout);
        s.put("optimizer", opt.name());
        s.put("learning_rate", learningRate);
        s.put("weight_decay", weightDecay());
        s.put("schedule", schedule);
        s.put("batch_size", batchSize);
        s.put("max_epochs", epochs);
        s.put("validation_split", validationSplit);
        s.put("early_stopping", patience);
        s.put("seed", seed);
        if (checkpointDir != null) {
            s.put("checkpoint_dir", checkpointDir.toString());
        }
        return s;
    }

    static void printSummary(PrintWriter out, Evaluation train, Evaluation validation) {
        out.printf("%-16s %12s %12s%n", "", "training", validation == null ? "" : "validation");
        for (String key : train.figures().keySet()) {
            out.printf(Locale.ROOT, "%-16s %12.4f %12s%n", key, train.figures().get(key),
                    validation == null ? "" : String.format(Locale.ROOT, "%.4f", validation.figures().get(key)));
        }
    }
}

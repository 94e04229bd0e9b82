package dev.neurite.cli;

import dev.neurite.InvalidInputException;
import dev.neurite.data.BundledData;
import dev.neurite.data.ClassWeights;
import dev.neurite.data.ColumnChoice;
import dev.neurite.data.Dataset;
import dev.neurite.data.MissingValues;
import dev.neurite.data.Preprocessor;
import dev.neurite.data.TableData;
import dev.neurite.data.Task;
import dev.neurite.data.WeightColumn;
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
import dev.neurite.tensor.Matrix;
import dev.neurite.train.EarlyStopping;
import dev.neurite.train.Ensemble;
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
class TrainCommand implements Callable<Integer> {
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

    @Option(names = "--numeric-embedding", defaultValue = "auto", paramLabel = "EMBEDDING",
            description = {"auto, none, or plr / plr-lite[:k=K,d=D,sigma=S]: periodic embeddings of the numeric columns (Gorishniy",
                    "et al. 2022), K frequencies and D values per column, drawn with standard deviation S; plr-lite shares one linear",
                    "map; plr alone means k=48,d=24,sigma=0.01. auto is plr-lite when rows x numeric columns is at most "
                    + AUTO_MAX_NUMERIC_CELLS_TEXT + " (its cost grows with both), else none (default: ${DEFAULT-VALUE})."})
    String numericEmbedding;

    /** {@code --numeric-embedding} as resolved for the data of the latest {@link #fit}. */
    NumericEmbedding embedding = NumericEmbedding.NONE;

    /** The largest table (rows) that {@code auto} gives an ensemble and numeric embeddings: above it one network trains. */
    static final int AUTO_MAX_ROWS = 50_000;
    static final String AUTO_MAX_ROWS_TEXT = "50,000";
    /**
     * The most numeric cells (rows × numeric columns) {@code --numeric-embedding auto} embeds: each
     * cell costs 2k sines and cosines and multiplies the first layer's inputs by d, so the training
     * time grows with both (about 20 s for 5 networks on the 72,501 cells of the ames table on the
     * 2-core benchmark machine; docs/tables.md).
     */
    static final int AUTO_MAX_NUMERIC_CELLS = 80_000;
    static final String AUTO_MAX_NUMERIC_CELLS_TEXT = "80,000";
    /** The members of {@code --ensemble auto} on a table under {@link #AUTO_MAX_ROWS} rows. */
    static final int AUTO_MEMBERS = 5;

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
                    "step:EPOCHS:GAMMA; prefix warmup:N, to ramp up over N epochs (warmup:N alone: then constant) (default: ${DEFAULT-VALUE})."})
    String schedule;

    @Option(names = "--label-smoothing", defaultValue = "0", paramLabel = "EPS",
            description = {"Classification only: train on targets (1 - EPS)·one-hot + EPS/classes, PyTorch's",
                    "CrossEntropyLoss(label_smoothing=EPS); in [0, 1) (default: ${DEFAULT-VALUE})."})
    float labelSmoothing;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--validation-split", defaultValue = "0.1", description = "Fraction held out for validation, stratified for classes; 0 for none (default: ${DEFAULT-VALUE}).")
    float validationSplit;

    @Option(names = "--early-stopping", defaultValue = "20", paramLabel = "PATIENCE",
            description = "Stop after this many epochs without a better validation loss and keep the best weights; 0 turns it off (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--validation-data", paramLabel = "FILE",
            description = "Validate on this CSV file (encoded as the training data) instead of a hold-out of the training rows; no refit follows.")
    Path validationData;

    @Option(names = "--refit",
            description = {"After the hold-out has chosen the best epoch count, train again on all rows for that many epochs",
                    "and keep that model (off by default: the tables benchmark measured it no better, see docs/tables.md)."})
    boolean refitAll;

    @Option(names = "--ensemble", defaultValue = "auto", paramLabel = "K",
            description = {"Train K networks and predict their mean (probabilities, or values); 1 is one network. Member i early-stops",
                    "on fold i of a K-fold split (stratified for classes), so each row trains K-1 of them and the validation",
                    "figures are out-of-fold; members train side by side on the threads. auto is " + AUTO_MEMBERS + " for a table under",
                    AUTO_MAX_ROWS_TEXT + " rows (unless --refit or --checkpoint-dir), else 1 (default: ${DEFAULT-VALUE})."})
    String ensembleOption;

    /** {@code --ensemble} as resolved for the data of the latest {@link #fit}. */
    int ensemble = 1;

    @Option(names = "--class-weight", paramLabel = "WEIGHTS",
            description = {"How much each class counts in the loss: balanced (n / (classes × n_class)), or LABEL=WEIGHT,… (classes",
                    "not named weigh 1) (default: none)."})
    String classWeight;

    @Option(names = "--weight-column", paramLabel = "COLUMN",
            description = "A column of per-row weights (finite, >= 0), left out of the features; weighs each row's loss.")
    String weightColumn;

    @Option(names = "--threshold", defaultValue = "none", paramLabel = "T",
            description = {"Binary tasks: the probability of the second class from which it is predicted: f1 (chosen on the validation",
                    "rows for the best F1), none (the more probable class) or a number in [0, 1]; saved in the model (default: ${DEFAULT-VALUE})."})
    String threshold;

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
        Dataset external = validationData == null ? null : readValidation(source, pre, console);
        Fitted fitted = fit(pre, all, external, console, mode, source.name());

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("data", source.name());
        summary.put("examples", all.size());
        summary.put("trained_at", Instant.now().toString());
        summary.putAll(fitted.details());
        summary.put("settings", settings(fitted.optimizerName()));
        summary.put("train", fitted.trainReport().figures());
        if (fitted.validationReport() != null) {
            summary.put("validation", fitted.validationReport().figures());
            if (fitted.validationReport().confusion() != null) {
                summary.put("validation_per_class", perClass(fitted.validationReport(), pre.classLabels()));
            }
        }
        Model model = fitted.model().withTraining(summary);
        ModelFile.save(model, out);

        console.println();
        for (String note : fitted.notes()) {
            console.println(note);
        }
        printSummary(console, fitted.trainReport(), fitted.validationReport());
        Evaluation perClassReport = fitted.validationReport() != null ? fitted.validationReport() : fitted.trainReport();
        if (perClassReport.confusion() != null) {
            console.println();
            printPerClass(console, perClassReport, pre.classLabels(), fitted.validationReport() != null ? "validation" : "training");
        }
        console.printf("%nTrained in %.1f s; model written to %s%n", fitted.seconds(), out);
        if (plots != null) {
            double targetVariance = pre.task() == Task.CLASSIFICATION ? Double.NaN : square(pre.targetScaler().scale()[0]);
            List<Path> written = new ArrayList<>(Plots.learningCurves(fitted.history(), targetVariance,
                    model.isEnsemble() ? " of network 1 of " + model.members().size() + " (the ensemble predicts their mean)" : "", plots));
            Dataset scored = fitted.validation() != null ? fitted.validation() : fitted.train();
            Evaluation report = fitted.validationReport() != null ? fitted.validationReport() : fitted.trainReport();
            written.addAll(model.isEnsemble() && fitted.validation() == all && fitted.validationReport() != null
                    ? PlotsForModel.draw(model, source, scored, report, "out-of-fold", plots)
                    : PlotsForModel.draw(model, source, scored, report, plots));
            console.println("Plots: " + written.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse("none"));
        }
        console.flush();
        return 0;
    }

    /** A binary task's decision threshold is chosen on the validation rows only when they hold at least this many of each class. */
    static final int THRESHOLD_MIN_PER_CLASS = 5;

    /**
     * What one training run made: the model (with its decision threshold), its history, the rows
     * it was trained and validated on, their reports, the figures for the model's summary and the
     * lines that say what happened (best weights restored, refit, threshold chosen).
     */
    record Fitted(Model model, History history, Dataset train, Dataset validation, Evaluation trainReport,
                  Evaluation validationReport, Map<String, Object> details, List<String> notes, double seconds, String optimizerName) {
    }

    /**
     * Trains a network on {@code all} as the options say: validating on {@code external} when
     * given, else on a stratified hold-out of {@code all}; early stopping keeps the best epoch's
     * weights; a small table is then refit on all its rows for that many epochs; a binary
     * classifier's threshold is chosen on the validation rows for F1. {@code train} and
     * {@code cv} both train through here.
     */
    Fitted fit(Preprocessor pre, Dataset all, Dataset external, PrintWriter console, Progress.Mode mode, String sourceName) {
        boolean classification = pre.task() == Task.CLASSIFICATION;
        ClassWeights classWeights = classWeights(pre);
        String t = threshold.strip().toLowerCase(Locale.ROOT);
        if (!t.equals("f1") && !t.equals("none") && !(classification && pre.classLabels().size() == 2)) {
            throw new IllegalArgumentException("--threshold " + threshold + " applies to a binary classifier; this task has "
                    + (classification ? pre.classLabels().size() + " classes" : "a numeric target"));
        }
        if (weightColumn != null && all.weights() == null) {
            throw new IllegalArgumentException("--weight-column needs a CSV file; " + sourceName + " is not one");
        }
        if (!classification && labelSmoothing != 0) {
            throw new IllegalArgumentException("--label-smoothing " + labelSmoothing + " applies to classification, but this task"
                    + " has a numeric target (regression); leave it out, or give --task classification");
        }
        resolveDefaults(pre, all, external, console);
        if (ensemble > 1) {
            return fitEnsemble(pre, all, external, console, mode, classWeights, sourceName);
        }
        Dataset train = all;
        Dataset validation = external;
        boolean heldOut = false;
        if (validation == null && validationSplit > 0) {
            if (all.size() < 4) {
                throw new InvalidInputException(sourceName + ": " + all.size() + " examples are too few to hold out a validation set; use --validation-split 0");
            }
            Dataset.Split split = all.validationSplit(validationSplit, seed, classification);
            train = split.train();
            validation = split.test();
            heldOut = true;
        }
        Activation hidden = Activations.named(activation);
        Network network = network(pre, hidden, seed);
        Loss loss = classification ? Losses.softmaxCrossEntropy(labelSmoothing) : Losses.mse();
        Optimizer opt = Optimizers.named(optimizer, learningRate, weightDecay());
        console.printf("Network: %s, %,d parameters; %s, %s, learning rate %s%n",
                network.layers().stream().map(Layer::describe).toList(), network.parameterCount(), loss.describe(), opt.name(), learningRate);
        console.printf("Training on %,d examples%s%s, up to %d epochs of batches of %d%n", train.size(),
                validation == null ? "" : String.format(Locale.ROOT, ", validating on %,d%s", validation.size(),
                        heldOut ? (classification ? " (a stratified hold-out)" : " (a hold-out)") : " (from " + validationData + ")"),
                all.weights() != null ? ", weighted by column '" + weightColumn + "'" : "", epochs, batchSize);
        console.flush();

        ModelFile.requireSavable(new Model(network, loss.name(), pre, null)); // a model the reader would refuse fails now, not after training
        double targetVariance = classification ? Double.NaN : square(pre.targetScaler().scale()[0]);
        Trainer trainer = trainer(network, loss, opt, epochs, classWeights, classification, seed);
        trainer.callbacks(new Progress(console, mode, train.size(), targetVariance));
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
        History history = fitOrExplain(trainer, train, validation);
        List<String> notes = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        if (trainer.resumedFromEpoch() > 0) {
            notes.add("Resumed from the checkpoint of epoch " + trainer.resumedFromEpoch() + " in " + checkpointDir);
        }
        boolean refit = heldOut && stopping != null && stopping.bestEpoch() >= 0 && refitAll && checkpointDir == null;
        int bestEpochs = stopping == null || stopping.bestEpoch() < 0 ? history.epochs() : stopping.bestEpoch() + 1;
        details.put("epochs", history.epochs());
        details.put("best_epoch", bestEpochs);
        if (stopping != null && stopping.bestEpoch() >= 0) {
            Double best = history.has("val_loss") && history.get("val_loss").size() >= bestEpochs ? history.get("val_loss").get(bestEpochs - 1) : null;
            // Early stopping puts the best epoch's weights back; when the last epoch was the best, nothing changes.
            String verb = bestEpochs == history.epochs() ? "kept" : "restored";
            String why = history.stopReason() != null ? history.stopReason() + "; " + verb
                    : Character.toUpperCase(verb.charAt(0)) + verb.substring(1);
            notes.add(String.format(Locale.ROOT, "%s the weights of epoch %d of %d, the lowest %svalidation loss%s%s",
                    why, bestEpochs, history.epochs(), validation.weights() != null || applied(trainer) ? "weighted " : "", best == null ? "" : String.format(Locale.ROOT, " (%.4g)", best * (Double.isNaN(targetVariance) ? 1 : targetVariance)),
                    refit ? "" : "; the figures below are theirs"));
            details.put("restored_best_epoch", bestEpochs);
        }
        float[] applied = trainer.appliedClassWeights();
        if (applied != null) {
            Map<String, Object> cw = new LinkedHashMap<>();
            for (int c = 0; c < applied.length; c++) {
                cw.put(pre.classLabels().get(c), (double) applied[c]);
            }
            details.put("class_weights", cw);
            notes.add("Class weights (" + classWeight + "): " + cw.entrySet().stream()
                    .map(e -> e.getKey() + " " + new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", (Double) e.getValue()))
                            .stripTrailingZeros().toPlainString())
                    .reduce((a, b) -> a + ", " + b).orElse(""));
        }

        Model first = new Model(network, loss.name(), pre, null);
        Evaluation validationReport = validation == null ? null : new Predictor(first).evaluate(validation, List.of());
        double threshold = decisionThreshold(pre, validationReport, notes, details);
        if (validationReport != null && !Double.isNaN(threshold)) {
            validationReport = new Predictor(first.withDecisionThreshold(threshold)).evaluate(validation, List.of());
        }

        if (refit) {
            // The hold-out chose the epoch count; the final model learns from every row for that many
            // epochs, from the same initial weights and the same seed (so the same bits on any thread count).
            console.printf(Locale.ROOT, "Refitting on all %,d rows for %d epochs%n", all.size(), bestEpochs);
            console.flush();
            network = network(pre, hidden, seed);
            Trainer again = trainer(network, loss, Optimizers.named(optimizer, learningRate, weightDecay()), bestEpochs, classWeights, classification, seed);
            again.callbacks(new Progress(console, mode, all.size(), targetVariance));
            fitOrExplain(again, all, null);
            train = all;
            notes.add(String.format(Locale.ROOT, "Refit on all %,d rows for %d epochs, the best epoch count on the hold-out (--refit;"
                    + " the model without it saw %,d); the validation figures are those of the model before the refit",
                    all.size(), bestEpochs, all.size() - validation.size()));
            details.put("refit", Map.of("examples", all.size(), "epochs", bestEpochs));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        details.put("seconds", Math.round(seconds * 10) / 10.0);
        Model model = new Model(network, loss.name(), pre, null, threshold);
        Evaluation trainReport = new Predictor(model).evaluate(train, List.of());
        return new Fitted(model, history, train, validation, trainReport, validationReport, details, notes, seconds, opt.name());
    }

    /** One member of an ensemble as it came out of training. */
    private record Member(Network network, History history, int bestEpochs, int trainRows, int[] validationRows, boolean restored,
                          float[] appliedClassWeights) {
    }

    /**
     * Trains an {@code --ensemble} of K networks, each from its own seed ({@link Ensemble#memberSeed}),
     * side by side on the kernels' threads. With a hold-out (no --validation-data and a
     * --validation-split above 0), member i trains on the rows outside fold i of a K-fold split
     * (stratified for classes) and early-stops on fold i, so every row trains K−1 members and is
     * predicted, out of fold, by the one that did not see it: those predictions are the validation
     * figures (and choose --threshold f1). With --validation-data every member trains on all rows
     * and early-stops on that file; with --validation-split 0 every member trains on all rows.
     */
    private Fitted fitEnsemble(Preprocessor pre, Dataset all, Dataset external, PrintWriter console, Progress.Mode mode,
                               ClassWeights classWeights, String sourceName) {
        boolean classification = pre.task() == Task.CLASSIFICATION;
        int k = ensemble;
        boolean crossFitted = external == null && validationSplit > 0;
        int[] fold = null;
        if (crossFitted) {
            if (all.size() < 2 * k) {
                throw new InvalidInputException(sourceName + ": " + all.size() + " examples are too few for an --ensemble of " + k
                        + " (each member holds out one of " + k + " folds, which needs at least 2 rows each); use a smaller --ensemble"
                        + " or --validation-split 0");
            }
            fold = all.foldOf(k, seed, classification);
        }
        Activation hidden = Activations.named(activation);
        Network first = network(pre, hidden, Ensemble.memberSeed(seed, 0));
        Loss loss = classification ? Losses.softmaxCrossEntropy(labelSmoothing) : Losses.mse();
        Optimizer opt = Optimizers.named(optimizer, learningRate, weightDecay());
        console.printf("Network: %s, %,d parameters, %d of them (an ensemble); %s, %s, learning rate %s%n",
                first.layers().stream().map(Layer::describe).toList(), first.parameterCount(), k, loss.describe(), opt.name(), learningRate);
        console.printf(Locale.ROOT, "Training %d networks on %,d examples%s%s, up to %d epochs of batches of %d, on %d thread%s%n", k, all.size(),
                crossFitted ? String.format(Locale.ROOT, ": network i on the rows outside fold i of a %d-fold split%s, validating on fold i", k,
                        classification ? " (stratified)" : "")
                        : external != null ? ", each validating on the rows of " + validationData : ", each on every row (no validation rows)",
                all.weights() != null ? ", weighted by column '" + weightColumn + "'" : "", epochs, batchSize,
                Kernels.get().threads(), Kernels.get().threads() == 1 ? "" : "s");
        console.flush();
        ModelFile.requireSavable(Model.ensemble(java.util.Collections.nCopies(k, first), loss.name(), pre, null, Double.NaN));
        double targetVariance = classification ? Double.NaN : square(pre.targetScaler().scale()[0]);

        long start = System.nanoTime();
        int[] folds = fold;
        java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
        List<Member> members = Ensemble.trainInParallel(k, i -> {
            long memberSeed = Ensemble.memberSeed(seed, i);
            int[] validationRows = folds == null ? null : Dataset.rowsOf(folds, i, true);
            Dataset train = folds == null ? all : all.subset(Dataset.rowsOf(folds, i, false));
            Dataset validation = folds == null ? external : all.subset(validationRows);
            Network network = i == 0 ? first : network(pre, hidden, memberSeed);
            Loss memberLoss = classification ? Losses.softmaxCrossEntropy(labelSmoothing) : Losses.mse();
            Trainer trainer = trainer(network, memberLoss, Optimizers.named(optimizer, learningRate, weightDecay()), epochs, classWeights,
                    classification, memberSeed);
            EarlyStopping stopping = null;
            if (validation != null && patience > 0) {
                stopping = new EarlyStopping(patience);
                trainer.callbacks(stopping);
            }
            History history = fitOrExplain(trainer, train, validation);
            boolean restored = stopping != null && stopping.bestEpoch() >= 0;
            int best = restored ? stopping.bestEpoch() + 1 : history.epochs();
            if (mode != Progress.Mode.NONE) { // members finish in any order; one line each, as they do
                synchronized (console) {
                    console.printf(Locale.ROOT, "  network %d of %d done (%d/%d): %d epochs%s, %.1f s%n", i + 1, k, finished.incrementAndGet(), k,
                            history.epochs(), restored ? ", kept epoch " + best : "", (System.nanoTime() - start) / 1e9);
                    console.flush();
                }
            }
            return new Member(network, history, best, train.size(), validationRows, restored, trainer.appliedClassWeights());
        });

        List<Network> networks = members.stream().map(Member::network).toList();
        Model model = Model.ensemble(networks, loss.name(), pre, null, Double.NaN);
        List<String> notes = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        List<Object> perMember = new ArrayList<>();
        int maxEpochs = 0;
        long bestSum = 0;
        for (int i = 0; i < k; i++) {
            Member m = members.get(i);
            maxEpochs = Math.max(maxEpochs, m.history().epochs());
            bestSum += m.bestEpochs();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("seed", Long.toString(Ensemble.memberSeed(seed, i))); // text: a JSON number would lose a 64-bit seed's digits
            info.put("train_examples", m.trainRows());
            if (m.validationRows() != null) {
                info.put("validation_fold", i + 1);
                info.put("validation_examples", m.validationRows().length);
            }
            info.put("epochs", m.history().epochs());
            info.put("best_epoch", m.bestEpochs());
            Double best = m.restored() && m.history().has("val_loss") && m.history().get("val_loss").size() >= m.bestEpochs()
                    ? m.history().get("val_loss").get(m.bestEpochs() - 1) * (Double.isNaN(targetVariance) ? 1 : targetVariance) : null;
            if (best != null) {
                info.put("validation_loss", best);
            }
            perMember.add(info);
            notes.add(String.format(Locale.ROOT, "Network %d of %d (seed %d): %,d training rows, %d epochs%s%s", i + 1, k,
                    Ensemble.memberSeed(seed, i), m.trainRows(), m.history().epochs(),
                    m.history().stopReason() == null ? "" : m.restored()
                            ? " (early stopping: no lower validation loss in the last " + patience + " epochs)" : " (" + m.history().stopReason() + ")",
                    m.restored() ? String.format(Locale.ROOT, "; kept the weights of epoch %d%s", m.bestEpochs(),
                            best == null ? "" : String.format(Locale.ROOT, ", validation loss %.4g", best)) : ""));
        }
        details.put("epochs", maxEpochs);
        details.put("best_epoch", (int) Math.round((double) bestSum / k));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("members", k);
        summary.put("validation", crossFitted ? "out of fold: network i early-stopped on fold i of a " + k + "-fold split and scores its rows"
                : external != null ? "every network early-stopped on " + validationData + "; the figures are the ensemble's on it"
                : "none: every network trained on every row");
        summary.put("networks", perMember);
        details.put("ensemble", summary);
        float[] applied = members.get(0).appliedClassWeights();
        if (applied != null) {
            Map<String, Object> cw = new LinkedHashMap<>();
            for (int c = 0; c < applied.length; c++) {
                cw.put(pre.classLabels().get(c), (double) applied[c]);
            }
            details.put("class_weights", cw);
        }

        Evaluation validationReport = null;
        Dataset validation = null;
        Matrix outOfFold = null;
        if (crossFitted) {
            outOfFold = new Matrix(all.size(), pre.outputWidth());
            for (int i = 0; i < k; i++) {
                int[] rows = members.get(i).validationRows();
                Matrix scored = new Predictor(new Model(networks.get(i), loss.name(), pre, null)).outputs(all.subset(rows).features());
                for (int r = 0; r < rows.length; r++) {
                    System.arraycopy(scored.data(), r * scored.columns(), outOfFold.data(), rows[r] * scored.columns(), scored.columns());
                }
            }
            validation = all;
            validationReport = new Predictor(model).evaluate(outOfFold, all, List.of());
            notes.add(String.format(Locale.ROOT, "Validation figures: out of fold, each of the %,d rows scored by the network that did not"
                    + " train on it (the ensemble's own figures on new rows are usually a little better)", all.size()));
        } else if (external != null) {
            validation = external;
            validationReport = new Predictor(model).evaluate(external, List.of());
        }
        double threshold = decisionThreshold(pre, validationReport, notes, details);
        if (validationReport != null && !Double.isNaN(threshold)) {
            Predictor withThreshold = new Predictor(model.withDecisionThreshold(threshold));
            validationReport = outOfFold != null ? withThreshold.evaluate(outOfFold, all, List.of()) : withThreshold.evaluate(external, List.of());
        }
        model = model.withDecisionThreshold(threshold);
        double seconds = (System.nanoTime() - start) / 1e9;
        details.put("seconds", Math.round(seconds * 10) / 10.0);
        Evaluation trainReport = new Predictor(model).evaluate(all, List.of());
        return new Fitted(model, members.get(0).history(), all, validation, trainReport, validationReport, details, notes, seconds, opt.name());
    }

    private static boolean applied(Trainer trainer) {
        return trainer.appliedClassWeights() != null;
    }

    private History fitOrExplain(Trainer trainer, Dataset train, Dataset validation) {
        try {
            return trainer.fit(train, validation);
        } catch (TrainingDivergedException e) {
            throw new IllegalStateException(e.getMessage() + (out == null ? "" : "; nothing was written to " + out)
                    + (checkpointDir == null ? "" : " and the checkpoints in " + checkpointDir + " are those of the last good epoch"), e);
        }
    }

    private Trainer trainer(Network network, Loss loss, Optimizer opt, int epochCount, ClassWeights classWeights, boolean classification,
                            long seed) {
        return new Trainer(network, loss, opt,
                TrainingConfig.DEFAULTS.withEpochs(epochCount).withBatchSize(batchSize).withSeed(seed)
                        .withSchedule(schedule(schedule, epochs)).withClassWeights(classWeights))
                .metrics(classification ? Metrics.accuracy() : Metrics.r2())
                .divergenceCheck(!noDivergenceCheck);
    }

    private static double square(double v) {
        return v * v;
    }

    /**
     * The decision threshold to save: --threshold's number; none for 'none' or a task that is not
     * binary; for 'f1' the F1-best threshold on the validation rows, when they hold
     * enough of each class.
     */
    private double decisionThreshold(Preprocessor pre, Evaluation validationReport, List<String> notes, Map<String, Object> details) {
        boolean binary = pre.task() == Task.CLASSIFICATION && pre.classLabels().size() == 2;
        String t = threshold.strip().toLowerCase(Locale.ROOT);
        if (t.equals("none") || !binary) {
            if (!binary && !t.equals("f1") && !t.equals("none")) {
                throw new IllegalArgumentException("--threshold applies to a binary classifier; this task has "
                        + (pre.task() == Task.CLASSIFICATION ? pre.classLabels().size() + " classes" : "a numeric target"));
            }
            return Double.NaN;
        }
        String positive = pre.classLabels().get(1);
        if (!t.equals("f1")) {
            double v = parseThreshold(threshold);
            notes.add(String.format(Locale.ROOT, "Decision threshold %.4g on P(%s), as --threshold gave it; predict and evaluate use it", v, positive));
            details.put("threshold", Map.of("value", v, "chosen_by", "--threshold"));
            return v;
        }
        if (validationReport == null || validationReport.binary() == null) {
            notes.add("Decision: the more probable class (no validation rows to choose a threshold on)");
            return Double.NaN;
        }
        var scores = validationReport.binary();
        if (scores.positives() < THRESHOLD_MIN_PER_CLASS || scores.negatives() < THRESHOLD_MIN_PER_CLASS) {
            notes.add(String.format(Locale.ROOT, "Decision: the more probable class (the validation rows hold %d %s and %d %s; a threshold is chosen from %d of each)",
                    scores.positives(), positive, scores.negatives(), pre.classLabels().get(0), THRESHOLD_MIN_PER_CLASS));
            return Double.NaN;
        }
        var best = scores.bestF1();
        notes.add(String.format(Locale.ROOT, "Decision threshold %.4g on P(%s), chosen on the %,d validation rows for the best F1 of %s (%.4f);"
                + " predict and evaluate use it (--threshold to override)", best.threshold(), positive, validationReport.examples(), positive, best.f1()));
        Map<String, Object> th = new LinkedHashMap<>();
        th.put("value", best.threshold());
        th.put("chosen_by", "f1 on the validation rows");
        th.put("validation_f1", best.f1());
        details.put("threshold", th);
        return best.threshold();
    }

    /** A threshold in [0, 1] from the command line, or an error naming the option and the value. */
    static double parseThreshold(String text) {
        try {
            double v = Double.parseDouble(text.strip());
            if (v >= 0 && v <= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--threshold must be a probability in [0, 1]" + " (or f1 or none when training), got '" + text + "'");
    }

    /** --class-weight as weights for the model's classes: none, balanced, or LABEL=WEIGHT,… (classes not named weigh 1). */
    ClassWeights classWeights(Preprocessor pre) {
        if (classWeight == null || classWeight.strip().equalsIgnoreCase("none")) {
            return ClassWeights.NONE;
        }
        if (pre.task() != Task.CLASSIFICATION) {
            throw new IllegalArgumentException("--class-weight needs a classification task; the target '" + pre.target() + "' is numeric");
        }
        if (classWeight.strip().equalsIgnoreCase("balanced")) {
            return ClassWeights.balanced();
        }
        List<String> labels = pre.classLabels();
        float[] w = new float[labels.size()];
        java.util.Arrays.fill(w, 1f);
        for (String part : classWeight.split(",")) {
            int eq = part.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--class-weight '" + classWeight + "': expected balanced or LABEL=WEIGHT,…, got '" + part + "'");
            }
            String label = part.substring(0, eq).strip();
            int c = labels.indexOf(label);
            if (c < 0) {
                throw new IllegalArgumentException("--class-weight names no class '" + label + "'; the classes are " + String.join(", ", labels));
            }
            String value = part.substring(eq + 1).strip();
            float v;
            try {
                v = Float.parseFloat(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--class-weight: the weight of '" + label + "' is '" + value + "', not a number");
            }
            if (!(v >= 0) || Float.isInfinite(v)) {
                throw new IllegalArgumentException("--class-weight: the weight of '" + label + "' is " + value + "; weights must be finite and >= 0");
            }
            w[c] = v;
        }
        return ClassWeights.of(w);
    }

    /** The rows of --validation-data, encoded by the preprocessing fitted on the training data. */
    private Dataset readValidation(DataSource trainingSource, Preprocessor pre, PrintWriter console) {
        if (trainingSource.isImages()) {
            throw new IllegalArgumentException("--validation-data takes a CSV file; for IDX images use --validation-split");
        }
        DataSource v = DataSource.open(validationData.toString(), null, csv.format());
        if (v.isImages()) {
            throw new IllegalArgumentException("--validation-data " + validationData + ": expected a CSV file");
        }
        List<String> warnings = new ArrayList<>();
        Dataset d = Scoring.dataset(pre, v, warnings);
        if (weightColumn != null) {
            d = d.withWeights(WeightColumn.read(v.table(), weightColumn, pre));
        }
        for (String w : warnings) {
            console.println("warning: " + validationData + ": " + w);
        }
        return d;
    }

    private void checkOptions() {
        checkTrainingOptions();
        checkOutputs();
    }

    /** The options that say how to train, checked before any data is read. */
    void checkTrainingOptions() {
        require(epochs > 0, "--epochs must be > 0, got " + epochs);
        require(batchSize > 0, "--batch-size must be > 0, got " + batchSize);
        require(learningRate > 0 && Float.isFinite(learningRate), "--learning-rate must be > 0, got " + learningRate);
        require(weightDecay == null || weightDecay >= 0 && Float.isFinite(weightDecay), "--weight-decay must be >= 0, got " + weightDecay);
        require(dropout >= 0 && dropout < 1, "--dropout must be in [0, 1), got " + dropout);
        require(labelSmoothing >= 0 && labelSmoothing < 1, "--label-smoothing must be in [0, 1), got " + labelSmoothing);
        if (!isAuto(numericEmbedding)) {
            NumericEmbedding.parse(numericEmbedding);
        }
        require(validationSplit >= 0 && validationSplit < 1, "--validation-split must be in [0, 1), got " + validationSplit);
        require(patience >= 0, "--early-stopping must be >= 0, got " + patience);
        int ensemble = isAuto(ensembleOption) ? 1 : members(ensembleOption);
        require(ensemble == 1 || !refitAll, "--refit retrains one network on all rows; an --ensemble of " + ensemble
                + " already trains every row into " + (ensemble - 1) + " of its members: leave out one of the two");
        require(ensemble == 1 || checkpointDir == null, "--checkpoint-dir saves one network's training; it cannot yet checkpoint an --ensemble of "
                + ensemble + ": leave out one of the two");
        for (int size : layers) {
            require(size > 0, "--layers sizes must be > 0, got " + size);
        }
        require(threads == null || threads > 0, "--threads must be > 0, got " + threads);
        Activations.named(activation); // an unknown name fails before the data is read
        Optimizers.named(optimizer, learningRate, weightDecay());
        require(!resume || checkpointDir != null, "--resume needs --checkpoint-dir, the folder to resume from");
        String t = threshold.strip().toLowerCase(Locale.ROOT);
        if (!t.equals("f1") && !t.equals("none")) {
            parseThreshold(threshold);
        }
        require(!(refitAll && t.equals("f1")), "--threshold f1 is chosen on the hold-out's predictions, which the model --refit trains"
                + " never made; give --threshold a number, or leave out --refit");
        if (validationData != null && !Files.isRegularFile(validationData)) {
            throw new IllegalArgumentException("--validation-data " + validationData + ": no such file");
        }
    }

    /** Every output checked before the data is read and the first epoch runs. */
    private void checkOutputs() {
        OutputPaths.requireWritableFile("--out", out);
        if (plots != null) {
            OutputPaths.requireWritableFolder("--plots", plots);
        }
        if (checkpointDir != null) {
            OutputPaths.requireWritableFolder("--checkpoint-dir", checkpointDir);
        }
    }

    private static boolean isAuto(String option) {
        return option.strip().equalsIgnoreCase("auto");
    }

    /** An explicit {@code --ensemble K}, checked. */
    private static int members(String option) {
        int k;
        try {
            k = Integer.parseInt(option.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--ensemble must be auto or a number of networks from 1 to " + Ensemble.MAX_MEMBERS + ", got '" + option + "'");
        }
        require(k >= 1 && k <= Ensemble.MAX_MEMBERS, "--ensemble must be from 1 to " + Ensemble.MAX_MEMBERS + " networks, got " + k);
        return k;
    }

    /**
     * Resolves {@code --ensemble auto} and {@code --numeric-embedding auto} for this table, the
     * defaults the tables benchmark chose (docs/tables.md): on a table under {@link #AUTO_MAX_ROWS}
     * rows, an ensemble of {@link #AUTO_MEMBERS} (unless --refit or --checkpoint-dir ask for one
     * network, or there are too few rows for its folds), and plr-lite embeddings when the table has
     * numeric columns and at most {@link #AUTO_MAX_NUMERIC_CELLS} numeric cells. Says what it chose.
     */
    void resolveDefaults(Preprocessor pre, Dataset all, Dataset external, PrintWriter console) {
        boolean small = all.size() < AUTO_MAX_ROWS;
        boolean foldsFit = external != null || validationSplit == 0 || all.size() >= 2 * AUTO_MEMBERS;
        ensemble = isAuto(ensembleOption) ? (small && !refitAll && checkpointDir == null && foldsFit ? AUTO_MEMBERS : 1) : members(ensembleOption);
        int numeric = pre.numericInputs().length;
        embedding = isAuto(numericEmbedding)
                ? (numeric >= 1 && (long) numeric * all.size() <= AUTO_MAX_NUMERIC_CELLS ? NumericEmbedding.parse("plr-lite") : NumericEmbedding.NONE)
                : NumericEmbedding.parse(numericEmbedding);
        List<String> chosen = new ArrayList<>();
        if (isAuto(ensembleOption)) {
            chosen.add(ensemble > 1 ? "an ensemble of " + ensemble + " networks" : "one network"
                    + (refitAll ? " (--refit)" : checkpointDir != null ? " (--checkpoint-dir)" : !small ? "" : !foldsFit ? " (too few rows for folds)" : ""));
        }
        if (isAuto(numericEmbedding)) {
            chosen.add(embedding.enabled() ? "plr-lite embeddings of the " + numeric + " numeric column" + (numeric == 1 ? "" : "s")
                    : "no numeric embeddings" + (numeric == 0 ? "" : String.format(Locale.ROOT, " (%,d rows × %d numeric columns = %,d cells, over %s)",
                    all.size(), numeric, (long) all.size() * numeric, AUTO_MAX_NUMERIC_CELLS_TEXT)));
        }
        if (!chosen.isEmpty()) {
            console.printf(Locale.ROOT, "Defaults for %,d rows%s: %s (auto; docs/tables.md)%n", all.size(),
                    small ? "" : " (" + AUTO_MAX_ROWS_TEXT + " or more)", String.join(", ", chosen));
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

    /** Parses --schedule: constant, cosine, exponential:G, step:N:G, each optionally after warmup:N, (warmup:N alone: then constant). */
    static LearningRateSchedule schedule(String spec, int epochs) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("warmup:")) {
                int comma = s.indexOf(',');
                if (comma < 0) { // warmup:N alone: the ramp, then the constant rate
                    return LearningRateSchedule.linearWarmup(Integer.parseInt(s.substring(7)), LearningRateSchedule.constant());
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

    Progress.Mode progressMode() {
        try {
            return Progress.Mode.valueOf(progress.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--progress must be auto, bar, lines or none, got '" + progress + "'");
        }
    }

    /** The preprocessing fitted on {@code source} and its encoded examples. */
    TableData read(DataSource source) {
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
                new ColumnChoice(features, ignore), weightColumn);
    }

    private Network network(Preprocessor pre, Activation hidden, long seed) {
        List<Layer> list = new ArrayList<>();
        int width = pre.inputWidth();
        List<Preprocessor.EmbeddedInput> embedded = pre.embeddedInputs();
        for (int i = embedded.size() - 1; i >= 0; i--) { // the last first, so the earlier inputs keep their positions
            Preprocessor.EmbeddedInput e = embedded.get(i);
            list.add(new dev.neurite.nn.Embedding(width, e.input(), e.vocabulary(), e.dimension()));
            width += e.dimension() - 1;
        }
        dev.neurite.nn.PeriodicEmbedding periodic = embedding.layer(pre, width);
        if (periodic != null) {
            list.add(periodic);
            width = periodic.outputSize(width);
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

    private Map<String, Object> settings(String optimizerName) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("layers", layers);
        s.put("activation", activation);
        s.put("dropout", dropout);
        if (embedding.enabled()) {
            s.put("numeric_embedding", embedding.describe());
        }
        List<String> auto = new ArrayList<>();
        if (isAuto(ensembleOption)) {
            auto.add("ensemble");
        }
        if (isAuto(numericEmbedding)) {
            auto.add("numeric_embedding");
        }
        if (!auto.isEmpty()) {
            s.put("auto", String.join(",", auto));
        }
        s.put("optimizer", optimizerName);
        s.put("learning_rate", learningRate);
        s.put("weight_decay", weightDecay());
        s.put("schedule", schedule);
        s.put("label_smoothing", labelSmoothing);
        s.put("batch_size", batchSize);
        s.put("max_epochs", epochs);
        s.put("validation_split", validationSplit);
        s.put("early_stopping", patience);
        s.put("seed", seed);
        if (ensemble > 1) {
            s.put("ensemble", ensemble);
        }
        if (classWeight != null) {
            s.put("class_weight", classWeight);
        }
        if (weightColumn != null) {
            s.put("weight_column", weightColumn);
        }
        if (validationData != null) {
            s.put("validation_data", validationData.toString());
        }
        s.put("refit", refitAll);
        s.put("threshold", threshold);
        if (checkpointDir != null) {
            s.put("checkpoint_dir", checkpointDir.toString());
        }
        return s;
    }

    /** Precision, recall, F1 and support of each class, as a map per class label. */
    static Map<String, Object> perClass(Evaluation report, List<String> labels) {
        Map<String, Object> out = new LinkedHashMap<>();
        long[][] counts = report.confusion().toArray();
        for (int c = 0; c < labels.size(); c++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("precision", report.confusion().precision(c));
            row.put("recall", report.confusion().recall(c));
            row.put("f1", report.confusion().f1(c));
            row.put("support", java.util.Arrays.stream(counts[c]).sum());
            out.put(labels.get(c), row);
        }
        return out;
    }

    /** The per-class table: precision, recall, F1 and the number of actual rows of each class. */
    static void printPerClass(PrintWriter out, Evaluation report, List<String> labels, String set) {
        int width = Math.max(12, labels.stream().mapToInt(String::length).max().orElse(1) + 2);
        out.printf(Locale.ROOT, "%-" + width + "s %10s %10s %10s %10s%n", "per class (" + set + ")", "precision", "recall", "f1", "support");
        long[][] counts = report.confusion().toArray();
        for (int c = 0; c < labels.size(); c++) {
            out.printf(Locale.ROOT, "%-" + width + "s %10.4f %10.4f %10.4f %,10d%n", "  " + labels.get(c), report.confusion().precision(c),
                    report.confusion().recall(c), report.confusion().f1(c), java.util.Arrays.stream(counts[c]).sum());
        }
    }

    static void printSummary(PrintWriter out, Evaluation train, Evaluation validation) {
        out.printf("%-16s %12s %12s%n", "", "training", validation == null ? "" : "validation");
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(train.figures().keySet());
        if (validation != null) {
            keys.addAll(validation.figures().keySet());
        }
        for (String key : keys) {
            out.printf(Locale.ROOT, "%-16s %12s %12s%n", key, figure(train, key), validation == null ? "" : figure(validation, key));
        }
    }

    /** A figure to 4 decimals, or n/a where it is undefined (an AUC over one class). */
    private static String figure(Evaluation report, String key) {
        Double v = report.figures().get(key);
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

}

package dev.neurite.cli;

import dev.neurite.data.ClassWeights;
import dev.neurite.data.Dataset;
import dev.neurite.data.MissingValues;
import dev.neurite.data.Preprocessor;
import dev.neurite.data.TableData;
import dev.neurite.data.TableRows;
import dev.neurite.data.Task;
import dev.neurite.data.UnseenCategories;
import dev.neurite.data.ColumnChoice;
import dev.neurite.io.Evaluation;
import dev.neurite.io.Json;
import dev.neurite.io.Predictor;
import dev.neurite.tensor.Kernels;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code neurite cv}: k-fold cross-validation of {@code neurite train} with the same options.
 * Each fold fits the preprocessing and trains on the other folds' rows exactly as {@code train}
 * would (hold-out, early stopping, refit, threshold), then scores the fold's rows; the folds
 * are stratified for classes and drawn from the seed.
 */
@Command(name = "cv", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cross-validates the training options of 'neurite train' (all of them apply; no model is written): K folds,",
                "stratified for classes and drawn from --seed; each fold's preprocessing and network are fitted on the other",
                "folds' rows, as train would, and scored on its own. Prints each fold and the mean ± standard deviation."})
final class CvCommand extends TrainCommand {
    @Option(names = "--folds", defaultValue = "5", paramLabel = "K", description = "Number of folds, at least 2 (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--json", description = "Print one JSON object: the figures of each fold, their mean and standard deviation.")
    boolean json;

    /** train's options that mean nothing to cv (it writes no model, plots or checkpoints): taken off its command line. */
    static final List<String> NOT_FOR_CV = List.of("--out", "--checkpoint-dir", "--resume", "--plots", "--validation-data");

    /** Removes {@link #NOT_FOR_CV} from cv's options, so that its help and parser know only what it uses. */
    static void trimOptions(CommandLine.Model.CommandSpec cv) {
        for (String name : NOT_FOR_CV) {
            CommandLine.Model.OptionSpec o = cv.findOption(name);
            if (o != null) {
                cv.remove(o);
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        checkTrainingOptions();
        if (folds < 2) {
            throw new IllegalArgumentException("--folds must be at least 2, got " + folds);
        }
        PrintWriter console = spec.commandLine().getOut();
        if (threads != null) {
            Kernels.use(Kernels.create(threads));
        }
        // Each fold's training talks only with --progress given; the folds' lines are the report.
        boolean verbose = spec.commandLine().getParseResult().hasMatchedOption("--progress");
        Progress.Mode mode = verbose ? progressMode() : Progress.Mode.NONE;
        PrintWriter foldConsole = verbose ? console : new PrintWriter(Writer.nullWriter());

        DataSource source = DataSource.open(data, labels, csv.format());
        TableData whole = read(source);
        Preprocessor pre = whole.preprocessor();
        Dataset all = whole.dataset();
        boolean classification = pre.task() == Task.CLASSIFICATION;
        if (folds > all.size()) {
            throw new IllegalArgumentException("--folds " + folds + " is more than the " + all.size() + " examples of " + source.name());
        }
        if (classification) {
            long[] counts = ClassWeights.classCounts(all, pre.classLabels().size());
            for (int c = 0; c < counts.length; c++) {
                if (counts[c] < 2) {
                    throw new IllegalArgumentException(source.name() + ": class '" + pre.classLabels().get(c) + "' has " + counts[c]
                            + " example; cross-validation needs at least 2 of each class, so that every fold trains on every class");
                }
            }
        }
        if (!json) {
            console.printf(Locale.ROOT, "Data: %s, %,d examples; %s%n", source.name(), all.size(), pre.describe());
            console.printf(Locale.ROOT, "%d-fold cross-validation%s, seed %d%n", folds, classification ? ", stratified for classes" : "", seed);
            console.flush();
        }
        int[] fold = all.foldOf(folds, seed, classification);
        int[] tableRows = source.isImages() ? null : rowsWithTarget(source.table(), pre);
        List<Map<String, Double>> results = new ArrayList<>();
        List<Map<String, Object>> foldInfo = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            int[] trainRows = Dataset.rowsOf(fold, f, false);
            int[] testRows = Dataset.rowsOf(fold, f, true);
            Preprocessor foldPre;
            Dataset train;
            Dataset test;
            List<String> warnings = new ArrayList<>();
            if (source.isImages()) {
                foldPre = pre;
                train = all.subset(trainRows);
                test = all.subset(testRows);
            } else {
                TableRows table = source.table();
                TableData fitted = TableData.fit(table.select(pick(tableRows, trainRows)), pre.target(), pre.task(),
                        naValues == null ? MissingValues.DEFAULTS : MissingValues.parse(naValues), new ColumnChoice(features, ignore), weightColumn);
                foldPre = fitted.preprocessor();
                if (!foldPre.classLabels().equals(pre.classLabels())) {
                    throw new IllegalStateException("fold " + (f + 1) + ": its training rows have the classes " + foldPre.classLabels()
                            + ", the whole table " + pre.classLabels());
                }
                train = fitted.dataset();
                test = foldPre.encode(table.select(pick(tableRows, testRows)), UnseenCategories.UNKNOWN, warnings);
            }
            if (verbose) {
                console.printf(Locale.ROOT, "%n-- fold %d of %d --%n", f + 1, folds);
            }
            Fitted fitted = fit(foldPre, train, null, foldConsole, mode, source.name());
            if (verbose) {
                fitted.notes().forEach(console::println);
            }
            Evaluation e = new Predictor(fitted.model()).evaluate(test, warnings);
            results.add(e.figures());
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("fold", f + 1);
            info.put("train_examples", train.size());
            info.put("test_examples", test.size());
            info.putAll(fitted.details());
            info.put("figures", e.figures());
            foldInfo.add(info);
            if (!json) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "fold %" + String.valueOf(folds).length() + "d/%d  %,d train, %,d test ",
                        f + 1, folds, train.size(), test.size()));
                e.figures().forEach((k, v) -> line.append(String.format(Locale.ROOT, " %s %.4f", k, v)));
                line.append(String.format(Locale.ROOT, "  (%d epochs%s, %.1f s)", (Integer) fitted.details().get("best_epoch"),
                        fitted.details().containsKey("refit") ? ", refit" : "", fitted.seconds()));
                console.println(line);
                for (String w : warnings) {
                    console.println("  warning: " + w);
                }
                console.flush();
            }
        }
        Map<String, Double> mean = new LinkedHashMap<>();
        Map<String, Double> std = new LinkedHashMap<>();
        summarize(results, mean, std);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("folds", foldInfo);
            out.put("mean", mean);
            out.put("std", std);
            console.println(Json.write(out));
        } else {
            console.println();
            console.printf(Locale.ROOT, "%-16s %10s %10s   (over %d folds; std: sample standard deviation)%n", "", "mean", "± std", folds);
            for (String k : mean.keySet()) {
                console.printf(Locale.ROOT, "%-16s %10.4f %10.4f%s%n", k, mean.get(k), std.get(k),
                        counted(results, k) < folds ? "   (" + counted(results, k) + " folds: undefined in the others)" : "");
            }
        }
        console.flush();
        return 0;
    }

    /** The mean and sample standard deviation (n − 1) of each figure over the folds that have it. */
    static void summarize(List<Map<String, Double>> results, Map<String, Double> mean, Map<String, Double> std) {
        Set<String> keys = new LinkedHashSet<>();
        results.forEach(r -> keys.addAll(r.keySet()));
        for (String k : keys) {
            double sum = 0;
            int n = 0;
            for (Map<String, Double> r : results) {
                if (r.containsKey(k)) {
                    sum += r.get(k);
                    n++;
                }
            }
            double m = sum / n;
            double ss = 0;
            for (Map<String, Double> r : results) {
                if (r.containsKey(k)) {
                    ss += (r.get(k) - m) * (r.get(k) - m);
                }
            }
            mean.put(k, m);
            std.put(k, n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0);
        }
    }

    private static int counted(List<Map<String, Double>> results, String key) {
        return (int) results.stream().filter(r -> r.containsKey(key)).count();
    }

    /** The table rows that became examples (those with a target), in order: example i is table row result[i]. */
    private static int[] rowsWithTarget(TableRows table, Preprocessor pre) {
        int column = table.header().indexOf(pre.target());
        int[] rows = new int[table.rowCount()];
        int n = 0;
        for (int r = 0; r < table.rowCount(); r++) {
            if (!pre.missingValues().isMissing(table.value(r, column))) {
                rows[n++] = r;
            }
        }
        return java.util.Arrays.copyOf(rows, n);
    }

    private static int[] pick(int[] from, int[] at) {
        int[] out = new int[at.length];
        for (int i = 0; i < at.length; i++) {
            out[i] = from[at[i]];
        }
        return out;
    }
}

package dev.neurite.cli;

import dev.neurite.io.AtomicFiles;
import dev.neurite.io.Model;
import dev.neurite.io.Predictions;
import dev.neurite.io.Predictor;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neurite predict}: one prediction per input row, written as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predicts every row of a CSV (the target column may be absent) or every image of an IDX file, and writes",
                "a CSV: 'prediction' (the label or the value), then for a classifier one probability column per class."})
final class PredictCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ModelAndData input;

    @Option(names = "--out", required = true, paramLabel = "PREDICTIONS.csv", description = "CSV file to write.")
    Path out;

    @Option(names = "--keep", split = ",", paramLabel = "COL,…",
            description = {"Columns of the input copied to the output before the prediction, to join the results back",
                    "(default: the columns training left out as identifiers, when the file has them)."})
    List<String> keep;

    @Option(names = "--threshold", paramLabel = "T",
            description = "A binary classifier predicts its second class where that class's probability is >= T (default: the threshold saved in the model, else the more probable class).")
    String threshold;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputPaths.requireWritableFile("--out", out);
        Model model = Models.load(input.model);
        Predictor predictor = Scoring.predictor(model, input.unseen(), threshold);
        DataSource source = input.open(passedThrough(predictor.preprocessor()));
        Predictions predictions = Scoring.predict(predictor, source);
        for (String w : predictions.warnings()) {
            spec.commandLine().getErr().println("warning: " + w);
        }
        spec.commandLine().getErr().flush();
        List<String> classes = predictions.classLabels();
        int[] kept = keptColumns(source, predictor.preprocessor());
        AtomicFiles.write(out, stream -> {
            Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            StringBuilder header = new StringBuilder();
            for (int c : kept) {
                header.append(csv(source.table().header().get(c))).append(',');
            }
            header.append("prediction");
            for (String c : classes) {
                header.append(',').append(csv("p_" + c));
            }
            w.write(header.append('\n').toString());
            StringBuilder line = new StringBuilder();
            for (int r = 0; r < predictions.size(); r++) {
                line.setLength(0);
                for (int c : kept) {
                    String v = source.table().value(r, c);
                    line.append(csv(v == null ? "" : v)).append(',');
                }
                line.append(csv(predictions.label(r)));
                for (int c = 0; c < classes.size(); c++) {
                    line.append(',').append(Predictions.plain(predictions.probability(r, c)));
                }
                w.write(line.append('\n').toString());
            }
            w.flush();
        });
        spec.commandLine().getOut().printf("%,d predictions written to %s%n", predictions.size(), out);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The names of the columns that may be copied to the output, read as text exactly as written (leading zeros and all). */
    private java.util.Set<String> passedThrough(dev.neurite.data.Preprocessor pre) {
        java.util.Set<String> names = new java.util.HashSet<>();
        if (keep != null) {
            keep.forEach(k -> names.add(k.strip()));
        } else {
            for (var role : pre.roles()) {
                if (role.role().equals("left out") && role.reason().startsWith("an identifier")) {
                    names.add(role.name());
                }
            }
        }
        return names;
    }

    /** The columns to copy: --keep's (names or numbers from 1), else the identifiers training left out that the file has. */
    private int[] keptColumns(DataSource source, dev.neurite.data.Preprocessor pre) {
        if (source.isImages()) {
            if (keep != null) {
                throw new IllegalArgumentException("--keep copies columns of a CSV file; " + source.name() + " is an IDX image file");
            }
            return new int[0];
        }
        List<String> header = source.table().header();
        List<Integer> columns = new java.util.ArrayList<>();
        if (keep == null) {
            for (var role : pre.roles()) {
                if (role.role().equals("left out") && role.reason().startsWith("an identifier") && header.contains(role.name())) {
                    columns.add(header.indexOf(role.name()));
                }
            }
        } else {
            for (String name : keep) {
                String n = name.strip();
                int i = header.indexOf(n);
                if (i < 0 && n.matches("[0-9]{1,6}") && Integer.parseInt(n) >= 1 && Integer.parseInt(n) <= header.size()) {
                    i = Integer.parseInt(n) - 1;
                }
                if (i < 0) {
                    throw new IllegalArgumentException("--keep names no column '" + name + "' of " + source.name() + "; the columns are "
                            + String.join(", ", header));
                }
                columns.add(i);
            }
        }
        return columns.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
    static String csv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}

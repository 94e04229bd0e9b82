package dev.neurite.cli;

import dev.neurite.data.Task;
import dev.neurite.io.AtomicFiles;
import dev.neurite.io.Model;
import dev.neurite.tensor.Matrix;
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

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputPaths.requireWritableFile("--out", out);
        Model model = Models.load(input.model);
        var pre = Scoring.preprocessor(model);
        DataSource source = input.open();
        Matrix predictions = Scoring.predict(model, Scoring.features(pre, source));
        boolean classifier = pre.task() == Task.CLASSIFICATION;
        List<String> classes = pre.classLabels();
        AtomicFiles.write(out, stream -> {
            Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            StringBuilder header = new StringBuilder("prediction");
            for (String c : classes) {
                header.append(',').append(csv("p_" + c));
            }
            w.write(header.append('\n').toString());
            int[] chosen = classifier ? Scoring.classes(predictions) : null;
            StringBuilder line = new StringBuilder();
            for (int r = 0; r < predictions.rows(); r++) {
                line.setLength(0);
                if (classifier) {
                    line.append(csv(classes.get(chosen[r])));
                    for (int c = 0; c < classes.size(); c++) {
                        line.append(',').append(predictions.get(r, c));
                    }
                } else {
                    line.append(predictions.get(r, 0));
                }
                w.write(line.append('\n').toString());
            }
            w.flush();
        });
        spec.commandLine().getOut().printf("%,d predictions written to %s%n", predictions.rows(), out);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
    static String csv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}

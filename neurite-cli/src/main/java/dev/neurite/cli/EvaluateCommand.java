package dev.neurite.cli;

import dev.neurite.io.Evaluation;
import dev.neurite.io.Json;
import dev.neurite.io.Model;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neurite evaluate}: a model's metrics on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scores a model on labelled data: accuracy, macro F1, log-loss, per-class precision/recall/F1 and the",
                "confusion matrix for a classifier, with ROC-AUC and PR-AUC (average precision) for two classes;",
                "MSE, MAE and R² (in the target's units) for a regressor."})
final class EvaluateCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ModelAndData input;

    @Option(names = "--json", description = "Print one JSON object (accuracy, f1_macro, confusion_matrix; or mse, mae, r2).")
    boolean json;

    @Option(names = "--plots", paramLabel = "DIR",
            description = "Write the confusion matrix (with ROC and precision-recall curves for two classes) or predicted-vs-actual picture here.")
    Path plots;

    @Option(names = "--threshold", paramLabel = "T",
            description = "A binary classifier predicts its second class where that class's probability is >= T (default: the threshold saved in the model, else the more probable class).")
    String threshold;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Model model = Models.load(input.model);
        DataSource source = input.open();
        Evaluation report = Scoring.evaluate(Scoring.predictor(model, input.unseen(), threshold), source);
        for (String w : report.warnings()) {
            spec.commandLine().getErr().println("warning: " + w);
        }
        spec.commandLine().getErr().flush();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>(report.figures());
            result.put("examples", report.examples());
            if (report.confusion() != null) {
                result.put("labels", model.preprocessor().classLabels());
                List<List<Long>> rows = new ArrayList<>();
                for (long[] row : report.confusion().toArray()) {
                    rows.add(Arrays.stream(row).boxed().toList());
                }
                result.put("confusion_matrix", rows);
                result.put("per_class", TrainCommand.perClass(report, model.preprocessor().classLabels()));
                if (!Double.isNaN(report.threshold())) {
                    result.put("threshold", report.threshold());
                }
            }
            out.println(Json.write(result));
        } else {
            out.printf(Locale.ROOT, "%s on %s (%,d examples)%n", input.model, source.name(), report.examples());
            report.figures().forEach((k, v) -> out.printf(Locale.ROOT, "  %-16s %.4f%n", k, v));
            if (report.confusion() != null) {
                List<String> labels = model.preprocessor().classLabels();
                if (!Double.isNaN(report.threshold())) {
                    out.printf(Locale.ROOT, "  decision: %s where P(%s) >= %.4g (%s), else %s%n", labels.get(1), labels.get(1), report.threshold(),
                            threshold != null ? "--threshold" : "saved in the model", labels.get(0));
                }
                out.println();
                TrainCommand.printPerClass(out, report, labels, report.examples() + " examples");
                out.println();
                printConfusion(out, report, labels);
            }
        }
        if (plots != null) {
            List<Path> files = new ArrayList<>();
            if (report.confusion() != null) {
                files.add(Plots.confusionMatrix(report.confusion(), model.preprocessor().classLabels(),
                        "Confusion matrix (" + report.examples() + " examples)", plots));
                files.addAll(PlotsForModel.binaryCurves(report, model.preprocessor().classLabels(), "(" + report.examples() + " examples)", plots));
            } else {
                files.add(Plots.predictedVsActual(report.actual(), report.predicted(), model.preprocessor().target(), plots));
            }
            if (!json) {
                out.println((files.size() == 1 ? "Plot: " : "Plots: ") + String.join(", ", files.stream().map(Path::toString).toList()));
            }
        }
        out.flush();
        return 0;
    }

    static void printConfusion(PrintWriter out, Evaluation report, List<String> labels) {
        int width = Math.max(6, labels.stream().mapToInt(String::length).max().orElse(1) + 1);
        out.println("confusion matrix (rows: actual, columns: predicted)");
        out.printf("%" + width + "s", "");
        for (String l : labels) {
            out.printf(" %" + width + "s", l);
        }
        out.println();
        long[][] counts = report.confusion().toArray();
        for (int a = 0; a < counts.length; a++) {
            out.printf("%" + width + "s", labels.get(a));
            for (long c : counts[a]) {
                out.printf(" %" + width + "d", c);
            }
            out.println();
        }
    }
}

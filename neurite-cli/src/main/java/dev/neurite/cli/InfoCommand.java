package dev.neurite.cli;

import dev.neurite.InvalidInputException;
import dev.neurite.data.Preprocessor;
import dev.neurite.io.Json;
import dev.neurite.io.Model;
import dev.neurite.io.ModelFile;
import dev.neurite.io.onnx.Onnx;
import dev.neurite.io.onnx.OnnxGraph;
import dev.neurite.io.onnx.OnnxProgram;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neurite info}: what a model file holds. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Shows a model's layers, parameter count, expected inputs and training summary.")
final class InfoCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file written by neurite train, or an ONNX file.")
    Path modelPath;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One line per column of the training table: its role and why (at most 40 columns, then a count). */
    static void printRoles(PrintWriter out, Preprocessor pre) {
        int width = Math.min(24, pre.roles().stream().mapToInt(r -> r.name().length()).max().orElse(4));
        int shown = 0;
        for (var r : pre.roles()) {
            if (shown++ == 40) {
                out.printf("  … and %d more columns%n", pre.roles().size() - 40);
                break;
            }
            out.printf("  %-" + width + "s  %-9s %s%n", r.name(), r.role(), r.reason());
        }
    }

    private static String opsets(OnnxGraph g) {
        Map<String, Long> named = new TreeMap<>();
        g.opsets().forEach((domain, version) -> named.put(domain.isEmpty() ? "ai.onnx" : domain, version));
        return named.toString();
    }

    private static String shape(OnnxGraph.ValueInfo v) {
        String type = switch (v.elementType()) {
            case 1 -> "float";
            case 7 -> "int64";
            case 8 -> "string";
            case 0 -> "(not a tensor)";
            default -> "type " + v.elementType();
        };
        return type + (v.shape() == null ? "" : Arrays.toString(v.shape()).replace("-1", "N"));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Model model;
        if (Onnx.isOnnx(modelPath)) {
            OnnxProgram program = Onnx.load(modelPath);
            OnnxGraph g = program.graph();
            out.println(modelPath + ": ONNX model, IR " + g.irVersion() + ", opsets " + opsets(g)
                    + (g.producer().isEmpty() ? "" : ", from " + g.producer()));
            Map<String, Integer> ops = new TreeMap<>();
            g.nodes().forEach(n -> ops.merge(n.qualifiedType(), 1, Integer::sum));
            out.println("  operators: " + ops);
            program.inputs().forEach(v -> out.println("  input  " + v.name() + " " + shape(v)));
            g.outputs().forEach(v -> out.println("  output " + v.name() + " " + shape(v)));
            try {
                model = Onnx.toModel(program, modelPath.toString());
            } catch (InvalidInputException e) {
                out.println("Runs in Neurite's ONNX interpreter (Java API: Onnx.load) but not as a network: " + e.getMessage());
                out.flush();
                return 0;
            }
            out.println("Imported as a Neurite network, loss " + model.loss());
        } else {
            model = ModelFile.load(modelPath);
            out.println(modelPath + ": Neurite model, format version " + ModelFile.versionFor(model) + ", loss " + model.loss());
        }
        out.println();
        out.print(model.network().summary());
        if (model.isEnsemble()) {
            out.printf(Locale.ROOT, "An ensemble of %d networks of this architecture (%,d parameters in all); it predicts their mean%n",
                    model.members().size(), model.members().size() * model.network().parameterCount());
        }
        Preprocessor pre = model.preprocessor();
        if (pre != null) {
            out.println();
            out.println("Inputs: " + pre.describe());
            printRoles(out, pre);
            int shown = Math.min(pre.features().size(), 20);
            float[] fill = pre.fillValues();
            boolean[] indicator = pre.missingIndicators();
            for (int j = 0, k = 0; j < pre.features().size(); j++) {
                var e = pre.encoder(j);
                String kind = e == null
                        ? "numeric, missing → " + fill[k] + (indicator[k] ? " and a missing input" : "")
                        : "text, " + e.size() + " categories: " + String.join(", ", e.categories().subList(0, Math.min(8, e.size())).stream()
                                .map(dev.neurite.data.OneHotEncoder::display).toList()) + (e.size() > 8 ? ", …" : "");
                k += e == null ? 1 : 0;
                if (j < shown) {
                    out.printf("  %-24s %s%n", pre.features().get(j), kind);
                }
            }
            out.println("Missing: empty cells" + (pre.missingValues().tokens().isEmpty() ? "" : " and " + String.join(", ", pre.missingValues().tokens())));
            if (pre.features().size() > shown) {
                out.printf("  … and %d more numeric columns%n", pre.features().size() - shown);
            }
            out.println("Target: '" + pre.target() + "', " + pre.task().id()
                    + (pre.classLabels().isEmpty() ? "" : ", classes " + String.join(", ", pre.classLabels())));
            if (!Double.isNaN(model.decisionThreshold())) {
                out.printf(java.util.Locale.ROOT, "Decision: %s where P(%s) >= %.4g, else %s (predict and evaluate --threshold override it)%n",
                        pre.classLabels().get(1), pre.classLabels().get(1), model.decisionThreshold(), pre.classLabels().get(0));
            }
        }
        if (!model.training().isEmpty()) {
            out.println();
            out.println("Training:");
            model.training().forEach((k, v) -> out.printf("  %-12s %s%n", k, v instanceof String s ? s : Json.write(v)));
        }
        out.flush();
        return 0;
    }
}

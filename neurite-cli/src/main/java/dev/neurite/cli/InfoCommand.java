package dev.neurite.cli;

import dev.neurite.data.Preprocessor;
import dev.neurite.io.Json;
import dev.neurite.io.Model;
import dev.neurite.io.ModelFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neurite info}: what a model file holds. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Shows a model's layers, parameter count, expected inputs and training summary.")
final class InfoCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file written by neurite train.")
    Path modelPath;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Model model = ModelFile.load(modelPath);
        out.println(modelPath + ": Neurite model, format version " + ModelFile.VERSION + ", loss " + model.loss());
        out.println();
        out.print(model.network().summary());
        Preprocessor pre = model.preprocessor();
        if (pre != null) {
            out.println();
            out.println("Inputs: " + pre.describe());
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

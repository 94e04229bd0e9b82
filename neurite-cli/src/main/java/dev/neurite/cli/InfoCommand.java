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
            for (int j = 0; j < shown; j++) {
                var e = pre.encoder(j);
                out.printf("  %-24s %s%n", pre.features().get(j), e == null ? "numeric"
                        : "text, " + e.size() + " categories: " + String.join(", ", e.categories().subList(0, Math.min(8, e.size())))
                        + (e.size() > 8 ? ", …" : ""));
            }
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

package dev.neurite.cli;

import dev.neurite.InvalidInputException;
import dev.neurite.io.Model;
import dev.neurite.io.onnx.Onnx;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neurite export}: a model as an ONNX file that runs in ONNX Runtime and other ONNX engines. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes a model as ONNX (IR 8, opset 17). With --inputs columns (the default) the graph takes one input per",
                "table column (float for numeric, string for text) and holds the preprocessing (ai.onnx.ml 3); its outputs are",
                "'label' and 'probabilities' for a classifier, 'value' for a regressor. With --inputs tensor it takes one float",
                "matrix 'features' of encoded inputs and uses no ai.onnx.ml operator ('class_index' instead of 'label')."})
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file (Neurite or .onnx).")
    Path model;

    @Option(names = "--format", defaultValue = "onnx", paramLabel = "FORMAT", description = "Output format: onnx (the only one).")
    String format;

    @Option(names = "--inputs", defaultValue = "columns", paramLabel = "KIND", description = "columns (default) or tensor.")
    String inputs;

    @Option(names = "--out", required = true, paramLabel = "FILE.onnx", description = "File to write.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!format.equalsIgnoreCase("onnx")) {
            throw new InvalidInputException("--format " + format + ": the formats are: onnx");
        }
        Onnx.Inputs kind = Onnx.Inputs.named(inputs);
        OutputPaths.requireWritableFile("--out", out);
        Model m = Models.load(model);
        if (kind == Onnx.Inputs.COLUMNS && m.preprocessor() == null) {
            throw new InvalidInputException(model + " has no preprocessing, so its graph cannot start from table columns; use --inputs tensor");
        }
        Onnx.export(m, out, kind);
        spec.commandLine().getOut().printf("%s written (ONNX, %s inputs)%n", out, kind.name().toLowerCase(Locale.ROOT));
        spec.commandLine().getOut().flush();
        return 0;
    }
}

package dev.neurite.cli;

import dev.neurite.io.Model;
import dev.neurite.io.ModelFile;
import dev.neurite.io.onnx.Onnx;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neurite convert}: an ONNX MLP as a Neurite model file. */
@Command(name = "convert", aliases = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Imports an ONNX file whose graph is a chain of dense layers (PyTorch, scikit-learn, or Neurite's own export)",
                "and writes it as a Neurite model file."})
final class ConvertCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL.onnx", description = "ONNX file to import.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Neurite model file to write.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputPaths.requireWritableFile("--out", out);
        Model m = Onnx.loadModel(model);
        ModelFile.save(m, out);
        spec.commandLine().getOut().printf("%s written: %s%n", out, m.network());
        spec.commandLine().getOut().flush();
        return 0;
    }
}

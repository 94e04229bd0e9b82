package dev.neurite.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of the commands that apply a saved model to data: --model, --data, --labels. */
final class ModelAndData {
    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file written by neurite train, or an ONNX file (.onnx).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV file, IDX image file, or bundled:NAME.")
    String data;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX labels file, when --data is an IDX image file.")
    Path labels;

    DataSource open() {
        return DataSource.open(data, labels);
    }
}

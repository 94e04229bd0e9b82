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

    @Option(names = "--unknown", defaultValue = "unknown", paramLabel = "POLICY",
            description = {"A text value not seen in training: 'unknown' scores it with all of its column's inputs 0 and",
                    "counts it in a warning; 'error' refuses the file (default: ${DEFAULT-VALUE})."})
    String unknown;

    dev.neurite.data.UnseenCategories unseen() {
        return dev.neurite.data.UnseenCategories.named(unknown);
    }

    @picocli.CommandLine.Mixin
    CsvOptions csv;

    DataSource open() {
        return open(java.util.Set.of());
    }

    /** Opens --data, keeping the columns named in {@code textColumns} as text exactly as written (columns copied to an output). */
    DataSource open(java.util.Set<String> textColumns) {
        return DataSource.open(data, labels, csv.format(), textColumns);
    }
}

package dev.neurite.cli;

import dev.neurite.io.Model;
import dev.neurite.io.ModelFile;
import dev.neurite.io.onnx.Onnx;
import java.nio.file.Path;

/** Loads the model a command is given: a Neurite model file, or an ONNX file (by its .onnx extension) imported as one. */
final class Models {
    private Models() {
    }

    static Model load(Path path) {
        return Onnx.isOnnx(path) ? Onnx.loadModel(path) : ModelFile.load(path);
    }
}

package dev.neurite.io.onnx;

import dev.neurite.InvalidInputException;
import dev.neurite.io.AtomicFiles;
import dev.neurite.io.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * ONNX import and export.
 *
 * <pre>{@code
 * Model model = Onnx.loadModel(Path.of("mlp.onnx"));          // a PyTorch or scikit-learn MLP, as a Neurite model
 * OnnxProgram graph = Onnx.load(Path.of("any.onnx"));        // any graph of the supported operators
 * Onnx.export(model, Path.of("model.onnx"), Onnx.Inputs.COLUMNS);
 * }</pre>
 */
public final class Onnx {
    /** Files larger than this are refused before they are read. */
    private static final long MAX_FILE = Integer.MAX_VALUE - 64;

    /** What an exported graph takes. */
    public enum Inputs {
        /** One input per table column (float for numeric, string for text), with the preprocessing in the graph. */
        COLUMNS,
        /** One float matrix of already encoded features; no ai.onnx.ml operators. */
        TENSOR;

        public static Inputs named(String name) {
            for (Inputs i : values()) {
                if (i.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                    return i;
                }
            }
            throw new IllegalArgumentException("unknown ONNX inputs '" + name + "'; known: columns, tensor");
        }
    }

    private Onnx() {
    }

    /** True when {@code path} names an ONNX file (by its extension). */
    public static boolean isOnnx(Path path) {
        return path.getFileName() != null && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    /** Parses and binds the graph in {@code path}; an {@link InvalidInputException} names any problem. */
    public static OnnxProgram load(Path path) {
        return OnnxProgram.compile(OnnxFormat.read(bytes(path), path.toString()), path.toString());
    }

    /** Parses and binds an ONNX model from its bytes; {@code source} names it in messages. */
    public static OnnxProgram read(byte[] bytes, String source) {
        return OnnxProgram.compile(OnnxFormat.read(bytes, source), source);
    }

    /** The Neurite model in {@code path}: a graph of dense layers, with its preprocessing and labels when it has them. */
    public static Model loadModel(Path path) {
        return toModel(load(path), path.toString());
    }

    /** The Neurite model that {@code program} computes, or an {@link InvalidInputException} saying why it is not one. */
    public static Model toModel(OnnxProgram program, String source) {
        return OnnxImport.toModel(program.graph(), source);
    }

    /** Writes {@code model} as an ONNX file (IR 8, opset 17, ai.onnx.ml 3), atomically. */
    public static void export(Model model, Path path, Inputs inputs) throws IOException {
        byte[] bytes = OnnxFormat.write(OnnxExport.graph(model, inputs));
        AtomicFiles.write(path, out -> out.write(bytes));
    }

    /** The bytes of {@code model} as an ONNX file. */
    public static byte[] toBytes(Model model, Inputs inputs) {
        return OnnxFormat.write(OnnxExport.graph(model, inputs));
    }

    private static byte[] bytes(Path path) {
        try {
            long size = Files.size(path);
            if (size > MAX_FILE) {
                throw new InvalidInputException(path + ": " + size + " bytes, too large for an ONNX model");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(path + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot read: " + e.getMessage(), e);
        }
    }
}

package dev.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export, then info, predict, evaluate and convert on the .onnx file, through the command line. */
class OnnxCommandsTest {
    private static final Path FIXTURES = Path.of("../neurite-core/src/test/resources/dev/neurite/io/onnx/fixtures");

    @TempDir
    Path dir;
    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Main.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    private void ok(String... args) {
        int status = run(args);
        assertEquals(0, status, () -> String.join(" ", args) + "\nstdout:\n" + out + "\nstderr:\n" + err);
    }

    @Test
    void exportedModelPredictsAndEvaluatesLikeTheOriginal() throws IOException {
        Path model = dir.resolve("iris.model");
        ok("train", "--data", "bundled:iris", "--epochs", "20", "--out", model.toString());
        Path onnx = dir.resolve("iris.onnx");
        ok("export", "--model", model.toString(), "--format", "onnx", "--out", onnx.toString());
        assertTrue(Files.size(onnx) > 100);

        ok("info", "--model", onnx.toString());
        assertTrue(out.toString().contains("ONNX model, IR 8"), out.toString());
        assertTrue(out.toString().contains("Imported as a Neurite network"), out.toString());
        assertTrue(out.toString().contains("Target: 'species'"), out.toString());

        Path fromModel = dir.resolve("a.csv");
        Path fromOnnx = dir.resolve("b.csv");
        ok("predict", "--model", model.toString(), "--data", "bundled:iris", "--out", fromModel.toString());
        ok("predict", "--model", onnx.toString(), "--data", "bundled:iris", "--out", fromOnnx.toString());
        assertEquals(Files.readAllLines(fromModel), Files.readAllLines(fromOnnx));

        ok("evaluate", "--model", model.toString(), "--data", "bundled:iris", "--json");
        String original = out.toString();
        ok("evaluate", "--model", onnx.toString(), "--data", "bundled:iris", "--json");
        assertEquals(original, out.toString());

        Path converted = dir.resolve("back.model");
        ok("convert", "--model", onnx.toString(), "--out", converted.toString());
        Path fromConverted = dir.resolve("c.csv");
        ok("predict", "--model", converted.toString(), "--data", "bundled:iris", "--out", fromConverted.toString());
        assertEquals(Files.readAllLines(fromModel), Files.readAllLines(fromConverted));

        Path tensor = dir.resolve("iris-tensor.onnx");
        ok("export", "--model", model.toString(), "--inputs", "tensor", "--out", tensor.toString());
        ok("info", "--model", tensor.toString());
        assertTrue(out.toString().contains("input  features float[N, 4]"), out.toString());
    }

    @Test
    void pytorchMlpPredictsFromColumnsNamedX0Onwards() throws IOException {
        ok("info", "--model", FIXTURES.resolve("mlp_relu_opset9.onnx").toString());
        assertTrue(out.toString().contains("from pytorch"), out.toString());
        Path csv = dir.resolve("x.csv");
        Files.writeString(csv, "x0,x1,x2,x3\n0.1,0.2,0.3,0.4\n-1,0,1,2\n");
        Path predictions = dir.resolve("p.csv");
        ok("predict", "--model", FIXTURES.resolve("mlp_relu_opset9.onnx").toString(), "--data", csv.toString(), "--out", predictions.toString());
        assertEquals("prediction,p_0,p_1,p_2", Files.readAllLines(predictions).get(0));
        assertEquals(3, Files.readAllLines(predictions).size());
    }

    @Test
    void badOnnxFileIsOneLineWithStatusTwo() throws IOException {
        Path bad = dir.resolve("bad.onnx");
        Files.write(bad, new byte[] {0x3a, 0x7f, 0x01});
        assertEquals(2, run("info", "--model", bad.toString()));
        assertTrue(err.toString().startsWith("neurite: " + bad + ": field 7 claims 127 bytes but 1 are left"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
        Path out = dir.resolve("never.model");
        assertEquals(2, run("convert", "--model", bad.toString(), "--out", out.toString()));
        assertFalse(Files.exists(out));
    }
}

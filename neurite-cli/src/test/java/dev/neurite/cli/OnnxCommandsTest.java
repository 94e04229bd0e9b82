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
    /** What the last command printed: [0] standard output, [1] standard error. */
    private final StringWriter[] printed = new StringWriter[2];

    private int run(String... args) {
        printed[0] = new StringWriter();
        printed[1] = new StringWriter();
        return Main.run(args, new PrintWriter(printed[0]), new PrintWriter(printed[1]));
    }

    /** Runs a command that must succeed; returns its standard output. */
    private String ok(String... args) {
        assertEquals(0, run(args), () -> String.join(" ", args) + "\n" + printed[0] + printed[1]);
        return printed[0].toString();
    }

    @Test
    void exportedModelPredictsAndEvaluatesLikeTheOriginal() throws IOException {
        Path model = dir.resolve("iris.model");
        ok("train", "--data", "bundled:iris", "--epochs", "20", "--out", model.toString());
        Path onnx = dir.resolve("iris.onnx");
        ok("export", "--model", model.toString(), "--format", "onnx", "--out", onnx.toString());
        assertTrue(Files.size(onnx) > 100);

        String info = ok("info", "--model", onnx.toString());
        assertTrue(info.contains("ONNX model, IR 8"), info);
        assertTrue(info.contains("Imported as a Neurite network"), info);
        assertTrue(info.contains("Target: 'species'"), info);

        Path fromModel = dir.resolve("a.csv");
        Path fromOnnx = dir.resolve("b.csv");
        ok("predict", "--model", model.toString(), "--data", "bundled:iris", "--out", fromModel.toString());
        ok("predict", "--model", onnx.toString(), "--data", "bundled:iris", "--out", fromOnnx.toString());
        assertEquals(Files.readAllLines(fromModel), Files.readAllLines(fromOnnx));

        String original = ok("evaluate", "--model", model.toString(), "--data", "bundled:iris", "--json");
        assertEquals(original, ok("evaluate", "--model", onnx.toString(), "--data", "bundled:iris", "--json"));

        Path converted = dir.resolve("back.model");
        ok("convert", "--model", onnx.toString(), "--out", converted.toString());
        Path fromConverted = dir.resolve("c.csv");
        ok("predict", "--model", converted.toString(), "--data", "bundled:iris", "--out", fromConverted.toString());
        assertEquals(Files.readAllLines(fromModel), Files.readAllLines(fromConverted));

        Path tensor = dir.resolve("iris-tensor.onnx");
        ok("export", "--model", model.toString(), "--inputs", "tensor", "--out", tensor.toString());
        String tensorInfo = ok("info", "--model", tensor.toString());
        assertTrue(tensorInfo.contains("input  features float[N, 4]"), tensorInfo);
    }

    /** A table with every kind of column the CLI fits: numbers and dates with missing cells, booleans, text with missing cells, pooled and embedded text. */
    static String everyKind(int rows, long seed) {
        java.util.Random random = new java.util.Random(seed);
        StringBuilder csv = new StringBuilder("income,member,joined,color,city,user,answer\n");
        for (int r = 0; r < rows; r++) {
            double income = random.nextGaussian() * 20 + 50;
            boolean member = random.nextBoolean();
            int color = random.nextInt(3);
            int city = r < 4 ? 20 + r : random.nextInt(20);
            double s = (income - 50) / 20 + (member ? 1 : -1) + color - 1 + 0.3 * random.nextGaussian();
            csv.append(r % 17 == 0 ? "NA" : String.format(java.util.Locale.ROOT, "%.2f", income)).append(',')
                    .append(r % 19 == 0 ? "" : member ? "Yes" : "no").append(',')
                    .append(r % 23 == 0 ? "" : String.format(java.util.Locale.ROOT, "2021-%02d-%02dT%02d:00:00", 1 + r % 12, 1 + r % 28, r % 24)).append(',')
                    .append(r % 13 == 0 ? "?" : new String[] {"red", "green", "blue"}[color]).append(',')
                    .append('c').append(city).append(',')
                    .append('u').append(r < 10 ? 70 + r : random.nextInt(70)).append(',')
                    .append(s < -0.5 ? "low" : s < 0.8 ? "mid" : "high").append('\n');
        }
        return csv.toString();
    }

    @Test
    void everyKindOfColumnExportsAndPredictsFromTheOnnxFileAsFromTheModel() throws IOException {
        Path data = Files.writeString(dir.resolve("every.csv"), everyKind(300, 1));
        Path scoring = Files.writeString(dir.resolve("score.csv"), "income,member,joined,color,city,user\n"
                + "55,yes,2021-03-04,red,c1,u3\n,NO,2021-07-08T10:30:00,green,c2,u5\nna,n,,blue,c21,u75\n"
                + "61,Null,2020-01-01,purple,Paris,nobody\n62,TRUE,NaN,?,,\n");
        Path model = dir.resolve("every.model");
        ok("train", "--data", data.toString(), "--target", "answer", "--epochs", "3", "--layers", "8", "--out", model.toString());
        Path onnx = dir.resolve("every.onnx");
        ok("export", "--model", model.toString(), "--format", "onnx", "--out", onnx.toString());
        String info = ok("info", "--model", onnx.toString());
        assertTrue(info.contains("Imported as a Neurite network"), info);
        Path fromModel = dir.resolve("a.csv");
        Path fromOnnx = dir.resolve("b.csv");
        ok("predict", "--model", model.toString(), "--data", scoring.toString(), "--out", fromModel.toString());
        ok("predict", "--model", onnx.toString(), "--data", scoring.toString(), "--out", fromOnnx.toString());
        assertEquals(Files.readAllLines(fromModel), Files.readAllLines(fromOnnx));
        ok("export", "--model", model.toString(), "--format", "onnx", "--inputs", "tensor", "--out", dir.resolve("t.onnx").toString());

        // a binary target: its decision threshold (chosen for F1 on the validation rows) decides the label in the graph too
        Path binary = Files.writeString(dir.resolve("binary.csv"), everyKind(300, 2).replace(",low\n", ",no\n")
                .replace(",mid\n", ",yes\n").replace(",high\n", ",yes\n"));
        Path binaryModel = dir.resolve("binary.model");
        ok("train", "--data", binary.toString(), "--target", "answer", "--epochs", "3", "--layers", "8", "--out", binaryModel.toString());
        Path binaryOnnx = dir.resolve("binary.onnx");
        ok("export", "--model", binaryModel.toString(), "--out", binaryOnnx.toString());
        ok("predict", "--model", binaryModel.toString(), "--data", binary.toString(), "--out", fromModel.toString());
        ok("predict", "--model", binaryOnnx.toString(), "--data", binary.toString(), "--out", fromOnnx.toString());
        assertEquals(Files.readAllLines(fromModel), Files.readAllLines(fromOnnx));
    }

    @Test
    void pytorchMlpPredictsFromColumnsNamedX0Onwards() throws IOException {
        String info = ok("info", "--model", FIXTURES.resolve("mlp_relu_opset9.onnx").toString());
        assertTrue(info.contains("from pytorch"), info);
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
        String err = printed[1].toString();
        assertTrue(err.startsWith("neurite: " + bad + ": field 7 claims 127 bytes but 1 are left"), err);
        assertFalse(err.contains("\tat "), err);
        Path never = dir.resolve("never.model");
        assertEquals(2, run("convert", "--model", bad.toString(), "--out", never.toString()));
        assertFalse(Files.exists(never));
    }
}

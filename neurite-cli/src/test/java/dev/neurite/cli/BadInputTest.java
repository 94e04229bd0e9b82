package dev.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.data.IdxDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input the command meets: exit status 2, one or two lines naming the file, the line
 * or field and the value, no stack trace, and no output file created or damaged.
 */
class BadInputTest {
    @TempDir
    static Path dir;
    static Path goodModel;
    static byte[] goodBytes;
    static final byte[] PREVIOUS = "the previous output, which must survive\n".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void trainAModel() throws IOException {
        Path csv = dir.resolve("good.csv");
        StringBuilder s = new StringBuilder("a,b,color,y\n");
        for (int i = 0; i < 40; i++) {
            s.append(i % 7).append(',').append(i % 5).append(',').append(i % 2 == 0 ? "red" : "blue").append(',').append(i % 3 == 0 ? "x" : "z").append('\n');
        }
        Files.writeString(csv, s);
        goodModel = dir.resolve("good.model");
        int status = Main.run(new String[] {"train", "--data", csv.toString(), "--target", "y", "--out", goodModel.toString(),
                "--epochs", "2", "--layers", "64,32", "--ensemble", "1", "--numeric-embedding", "none", "--progress", "none"}, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertEquals(0, status);
        goodBytes = Files.readAllBytes(goodModel);
    }

    private static Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static Path bytes(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    /**
     * Runs {@code args} with {@code out} an existing file, expects exit 2, a message containing
     * every one of {@code expected}, and {@code out} unchanged.
     */
    private static void assertRefused(List<String> args, Path out, String... expected) throws IOException {
        Files.write(out, PREVIOUS);
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int status = Main.run(args.toArray(String[]::new), new PrintWriter(stdout), new PrintWriter(stderr));
        String message = stderr.toString().strip();
        assertEquals(Main.BAD_INPUT, status, String.join(" ", args) + "\n" + stdout + "\n" + message);
        for (String e : expected) {
            assertTrue(message.contains(e), "expected «" + e + "» in «" + message + "»");
        }
        assertTrue(message.startsWith("neurite: "), message);
        assertTrue(message.lines().count() <= 3, "one or two lines: " + message);
        assertFalse(message.contains("\tat ") || message.contains("Exception"), "no stack trace: " + message);
        assertArrayEquals(PREVIOUS, Files.readAllBytes(out), "the output file " + out + " was changed");
        try (var files = Files.list(out.getParent())) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    private static void train(String csvContent, String target, String... expected) throws IOException {
        Path csv = file("case.csv", csvContent);
        List<String> args = new ArrayList<>(List.of("train", "--data", csv.toString(), "--target", target,
                "--out", dir.resolve("out.model").toString(), "--epochs", "1"));
        assertRefused(args, dir.resolve("out.model"), expected);
    }

    @Test
    void csvProblems() throws IOException {
        train("", "y", "case.csv: the file is empty");
        train("a,y\n", "y", "case.csv: the file has a header but no data rows");
        train("a,y\n1,x\n2,z,9\n", "y", "case.csv line 3: 3 fields, but the header has 2 columns");
        train("a,b,y\n1,2,x\n3,z\n", "y", "case.csv line 3: 2 fields, but the header has 3 columns");
        train("a,y\n1,x\nabc,z\n3,x\n4,z\n", "y", "case.csv line 3: 'abc' in numeric column 'a'");
        train("a,y\n1,x\n2,z\n", "label", "case.csv: no column 'label'; the columns are a, y");
        train("a,y\n1,x\nInfinity,z\n3,x\n", "y", "case.csv line 3: 'Infinity' in numeric column 'a' is not a finite number");
        train("a,y\n1,x\n\"2,z\n3,x\n", "y", "case.csv line 3: a quoted field is not closed before the end of the file");
        train("a,y\n1,x\n2,x\n", "y", "the target 'y' has one class only ('x')");
    }

    @Test
    void aConstantColumnWarnsAndTrains() throws IOException {
        Path csv = file("constant.csv", "a,c,y\n1,5,x\n2,5,z\n3,5,x\n4,5,z\n");
        StringWriter out = new StringWriter();
        int status = Main.run(new String[] {"train", "--data", csv.toString(), "--target", "y", "--out", dir.resolve("c.model").toString(),
                "--epochs", "1", "--validation-split", "0", "--progress", "none"}, new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertEquals(0, status);
        assertTrue(out.toString().contains("warning: column 'c' is constant (5.0)"), out.toString());
    }

    @Test
    void idxProblems() throws IOException {
        Path labels = bytes("labels-idx1-ubyte", IdxDataset.encode(new int[] {2}, new byte[] {0, 1}));
        byte[] magic = IdxDataset.encode(new int[] {2, 1, 1}, new byte[] {1, 2});
        magic[2] = 0x0d;
        Path out = dir.resolve("idx.model");
        for (Object[] c : new Object[][] {
            {bytes("magic-idx3-ubyte", magic), labels, "IDX data type 0x0d is not supported"},
            {bytes("short-idx3-ubyte", IdxDataset.encode(new int[] {2, 4, 4}, new byte[] {1, 2})), labels, "need 32 data bytes, the file has 2"},
            {bytes("img-idx3-ubyte", IdxDataset.encode(new int[] {2, 1, 1}, new byte[] {1, 2})),
                bytes("l3-idx1-ubyte", IdxDataset.encode(new int[] {3}, new byte[] {0, 1, 1})), "3 labels, but"},
        }) {
            assertRefused(List.of("train", "--data", c[0].toString(), "--labels", c[1].toString(), "--out", out.toString()), out, (String) c[2]);
        }
        byte[] notIdx = "hello, world".getBytes(StandardCharsets.UTF_8);
        assertRefused(List.of("train", "--data", bytes("text-idx3-ubyte", notIdx).toString(), "--labels", labels.toString(), "--out", out.toString()),
                out, "wrong magic number 0x68656c6c");
    }

    /** The good model with its header text replaced ({@code from} → {@code to}, same length). */
    private static byte[] editedHeader(String from, String to) {
        assertEquals(from.length(), to.length());
        long n = ByteBuffer.wrap(goodBytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(goodBytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.contains(from), header);
        byte[] copy = goodBytes.clone();
        byte[] edited = header.replace(from, to).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(edited, 0, copy, 8, edited.length);
        return copy;
    }

    private static byte[] withHeaderLength(long length) {
        byte[] copy = goodBytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
        return copy;
    }

    @Test
    void modelFileProblems() throws IOException {
        long n = ByteBuffer.wrap(goodBytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(goodBytes, 8, (int) n, StandardCharsets.UTF_8);
        String weightShape = header.substring(header.indexOf("\"0.weight\""), header.indexOf("]", header.indexOf("\"0.weight\"")) + 1);
        String wrongShape = weightShape.replace("[4,", "[5,");
        byte[] notJson = goodBytes.clone();
        Arrays.fill(notJson, 8, 8 + 20, (byte) '#');
        Object[][] cases = {
            {Arrays.copyOf(goodBytes, goodBytes.length - 100), "tensor", "outside the"},
            {withHeaderLength(goodBytes.length), "the header length " + goodBytes.length + " does not fit the file"},
            {notJson, "invalid JSON at character 0"},
            {editedHeader(weightShape, wrongShape), "tensor '0.weight' has shape [5, 64]", "data_offsets cover"},
            {editedHeader("\\\"in\\\":4", "\\\"in\\\":5"), "the file is damaged: metadata 'architecture' has checksum"},
            {editedHeader("\"format_version\":\"2\"", "\"format_version\":\"7\""), "model format version 7; this Neurite reads versions 1 to 3"},
            {"sepal,petal\n1,2\n".getBytes(StandardCharsets.UTF_8), "does not fit the file", "not a model file"},
            {withHeaderLength(1L << 60), "the header length 1152921504606846976 does not fit the file"},
        };
        Path predictions = dir.resolve("pred.csv");
        for (Object[] c : cases) {
            Path model = bytes("bad.model", (byte[]) c[0]);
            String[] expected = Arrays.copyOfRange(c, 1, c.length, String[].class);
            assertRefused(List.of("predict", "--model", model.toString(), "--data", dir.resolve("good.csv").toString(),
                    "--out", predictions.toString()), predictions, expected);
            assertRefused(List.of("info", "--model", model.toString()), predictions, expected);
        }
    }

    @Test
    void predictionDataProblems() throws IOException {
        Path predictions = dir.resolve("p.csv");
        assertRefused(List.of("predict", "--model", goodModel.toString(), "--data", file("nocolor.csv", "a,b\n1,2\n").toString(),
                "--out", predictions.toString()), predictions, "nocolor.csv: missing column 'color' that the model was trained on");
        assertRefused(List.of("predict", "--model", goodModel.toString(), "--data", file("green.csv", "a,b,color\n1,2,green\n").toString(),
                "--out", predictions.toString(), "--unknown", "error"), predictions,
                "green.csv line 2: 'green' in column 'color' was not seen in training (known: blue, red)");
        assertRefused(List.of("predict", "--model", goodModel.toString(), "--data", file("green.csv", "a,b,color\n1,2,green\n").toString(),
                "--out", predictions.toString(), "--unknown", "maybe"), predictions, "--unknown must be 'unknown' or 'error', got 'maybe'");
    }

    @Test
    void debugShowsTheStackTrace() throws IOException {
        Path csv = file("debug.csv", "a,y\n1,x\nabc,z\n3,x\n");
        StringWriter err = new StringWriter();
        int status = Main.run(new String[] {"train", "--debug", "--data", csv.toString(), "--target", "y", "--out", dir.resolve("d.model").toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(Main.BAD_INPUT, status);
        assertTrue(err.toString().contains("\tat dev.neurite.data.Preprocessor"), err.toString());
        assertTrue(err.toString().contains("debug.csv line 3: 'abc' in numeric column 'a'"), err.toString());
    }

    @Test
    void aDivergingRunNamesEpochAndBatchAndKeepsTheOldModel() throws IOException {
        Path csv = dir.resolve("good.csv");
        Path out = dir.resolve("kept.model");
        Path checkpoints = dir.resolve("diverged-checkpoints");
        assertRefused(List.of("train", "--data", csv.toString(), "--target", "y", "--out", out.toString(), "--optimizer", "sgd",
                "--learning-rate", "1e30", "--epochs", "5", "--batch-size", "4", "--checkpoint-dir", checkpoints.toString()),
                out, "training diverged: the loss is", " at epoch ", ", batch ", "nothing was written to " + out);
    }

    @Test
    void impossibleHyperParameters() throws IOException {
        Path out = dir.resolve("h.model");
        String[][] cases = {
            {"--layers", "0", "--layers sizes must be > 0, got 0"},
            {"--layers", "16,-4", "--layers sizes must be > 0, got -4"},
            {"--learning-rate", "0", "--learning-rate must be > 0, got 0.0"},
            {"--learning-rate", "-0.5", "--learning-rate must be > 0, got -0.5"},
            {"--weight-decay", "-1", "--weight-decay must be >= 0, got -1.0"},
            {"--epochs", "0", "--epochs must be > 0, got 0"},
            {"--epochs", "-2", "--epochs must be > 0, got -2"},
            {"--batch-size", "0", "--batch-size must be > 0, got 0"},
            {"--dropout", "1", "--dropout must be in [0, 1), got 1.0"},
            {"--dropout", "-0.1", "--dropout must be in [0, 1), got -0.1"},
            {"--validation-split", "1", "--validation-split must be in [0, 1), got 1.0"},
            {"--early-stopping", "-1", "--early-stopping must be >= 0, got -1"},
            {"--epochs", "many", "Invalid value for option '--epochs': 'many' is not an int"},
        };
        for (String[] c : cases) {
            assertRefused(List.of("train", "--data", dir.resolve("good.csv").toString(), "--target", "y", "--out", out.toString(), c[0], c[1]), out, c[2]);
        }
    }
}

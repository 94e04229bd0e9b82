package dev.neurite.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.neurite.InvalidInputException;
import dev.neurite.data.CsvFormat;
import dev.neurite.data.CsvTable;
import dev.neurite.data.IdxDataset;
import dev.neurite.data.MissingValues;
import dev.neurite.data.Numbers;
import dev.neurite.data.Preprocessor;
import dev.neurite.data.TableRows;
import dev.neurite.data.UnseenCategories;
import dev.neurite.io.ModelFile;
import dev.neurite.io.onnx.Onnx;
import dev.neurite.io.onnx.OnnxGraph;
import dev.neurite.io.onnx.OnnxProgram;
import dev.neurite.io.onnx.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzz tests of the readers of untrusted files (CSV in its dialects, IDX, model files). The contract: any bytes either read, or
 * fail with {@link InvalidInputException}, the project's one documented input-error type; any
 * other exception or error (an index out of bounds, an out-of-memory from a size read off the
 * file, a stack overflow) is a bug. In a normal build these run over the committed inputs in
 * {@code src/test/resources/dev/neurite/fuzz/ReaderFuzzTestInputs/}; with {@code JAZZER_FUZZ=1}
 * Jazzer generates new ones.
 */
class ReaderFuzzTest {

    @FuzzTest(maxDuration = "4m")
    void csv(byte[] input) throws IOException {
        try {
            CsvTable table = CsvTable.read(new ByteArrayInputStream(input), "fuzz.csv");
            // Encode the table the way `neurite train` does, with its last column as the target.
            String target = table.header().get(table.columnCount() - 1);
            Preprocessor pre = Preprocessor.fit(table, target, null);
            pre.encode(table);
        } catch (InvalidInputException expected) {
            // the documented way to refuse bad input
        }
    }

    /**
     * The reader's limits, made small so that the fuzzer reaches them: a gzip file may expand to
     * 4 KB and 20 times its size, a row may have 256 characters, a value 64. Past them the only
     * answer is {@link InvalidInputException}, with the table read whole up to there.
     */
    @FuzzTest(maxDuration = "4m")
    void csvLimits(byte[] input) throws IOException {
        System.setProperty("neurite.maxDecompressedBytes", "4096");
        System.setProperty("neurite.maxCompressionRatio", "20");
        System.setProperty("neurite.maxRowChars", "256");
        System.setProperty("neurite.maxValueChars", "64");
        try {
            CsvTable table = CsvTable.read(new ByteArrayInputStream(input), "fuzz.csv");
            for (int r = 0; r < table.rowCount(); r++) {
                for (int c = 0; c < table.columnCount(); c++) {
                    if (table.value(r, c).length() > 64) {
                        throw new AssertionError("a value of " + table.value(r, c).length() + " characters passed the limit of 64");
                    }
                }
            }
        } catch (InvalidInputException expected) {
            // the documented way to refuse bad input
        } finally {
            for (String p : new String[] {"neurite.maxDecompressedBytes", "neurite.maxCompressionRatio", "neurite.maxRowChars",
                    "neurite.maxValueChars"}) {
                System.clearProperty(p);
            }
        }
    }

    private static final char[] DELIMITERS = {0, ',', ';', '\t', '|'};
    private static final char[] DECIMALS = {0, '.', ','};
    private static final Charset[] CHARSETS = {StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1,
        Charset.forName("windows-1252"), StandardCharsets.UTF_16};

    /**
     * The reader's dialects: the first byte picks the delimiter (detected or given), the decimal
     * separator, the text encoding and the missing-value tokens; the rest is the file. The table
     * is encoded as training does, then its first row again as a Java map.
     */
    @FuzzTest(maxDuration = "4m")
    void csvDialects(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        int b = input[0] & 0xff;
        char delimiter = DELIMITERS[b % 5];
        char decimal = DECIMALS[(b / 5) % 3];
        if (decimal == delimiter) {
            decimal = 0;
        }
        CsvFormat format = new CsvFormat(delimiter, decimal, CHARSETS[(b / 15) % 4]);
        MissingValues missing = (b / 60) % 2 == 0 ? MissingValues.DEFAULTS : MissingValues.parse("-,none,?,");
        try {
            CsvTable table = CsvTable.read(new ByteArrayInputStream(input, 1, input.length - 1), "fuzz.csv", format);
            String target = table.header().get(table.columnCount() - 1);
            Preprocessor pre = Preprocessor.fit(table, target, null, missing);
            List<String> warnings = new ArrayList<>();
            pre.encode(table, UnseenCategories.UNKNOWN, warnings);
            Map<String, Object> row = new HashMap<>();
            for (int c = 0; c < table.columnCount(); c++) {
                row.put(table.header().get(c), c % 2 == 0 ? table.value(0, c) : null);
            }
            pre.encodeFeatures(TableRows.ofMaps(List.of(row), "fuzz row"), UnseenCategories.UNKNOWN, warnings);
        } catch (InvalidInputException expected) {
            // the documented way to refuse bad input
        }
    }

    private static java.nio.file.Path columnsFile;

    /**
     * The columnar reader against the String reader it replaced ({@code ReferenceCsv}), in the
     * dialects of {@link #csvDialects} (the first byte picks them): both read the file, or both
     * refuse it with the same message; then every cell has the same text (a stored number the
     * same value), and fitting and encoding with the last column as the target give the same
     * result bit for bit, or the same message. Columns hold their numbers as numbers past 3
     * distinct values here, so that small inputs reach every storage and the change between them.
     */
    @FuzzTest(maxDuration = "4m")
    void csvColumns(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        int b = input[0] & 0xff;
        char delimiter = DELIMITERS[b % 5];
        char decimal = DECIMALS[(b / 5) % 3];
        if (decimal == delimiter) {
            decimal = 0;
        }
        CsvFormat format = new CsvFormat(delimiter, decimal, CHARSETS[(b / 15) % 4]);
        MissingValues missing = (b / 60) % 2 == 0 ? MissingValues.DEFAULTS : MissingValues.parse("-,none,?,");
        System.setProperty("neurite.columnTextLimit", "3");
        try {
            if (columnsFile == null) {
                columnsFile = java.nio.file.Files.createTempFile("fuzz", ".csv");
                columnsFile.toFile().deleteOnExit();
            }
            java.nio.file.Files.write(columnsFile, java.util.Arrays.copyOfRange(input, 1, input.length));
            Object ours = outcome(() -> CsvTable.read(columnsFile, format));
            Object theirs = outcome(() -> dev.neurite.data.ReferenceCsv.read(columnsFile, format));
            if (ours instanceof String || theirs instanceof String) {
                if (!ours.equals(theirs)) {
                    throw new AssertionError("the readers differ: «" + theirs + "» before, «" + ours + "» now");
                }
                return;
            }
            CsvTable table = (CsvTable) ours;
            TableRows reference = (TableRows) theirs;
            if (!table.header().equals(reference.header()) || table.rowCount() != reference.rowCount()
                    || table.decimalSeparator() != reference.decimalSeparator()) {
                throw new AssertionError("the readers differ in shape: " + reference.header() + " × " + reference.rowCount() + " before, "
                        + table.header() + " × " + table.rowCount() + " now");
            }
            for (int r = 0; r < table.rowCount(); r++) {
                for (int c = 0; c < table.columnCount(); c++) {
                    String now = table.value(r, c);
                    String before = reference.value(r, c);
                    if (!now.equals(before) && (float) Numbers.parse(before.strip(), table.decimalSeparator())
                            != (float) Numbers.parse(now, table.decimalSeparator())) {
                        throw new AssertionError("row " + r + " column " + c + ": '" + before + "' before, '" + now + "' now");
                    }
                }
            }
            String target = table.header().get(table.columnCount() - 1);
            Object a = outcome(() -> encoded(reference, target, missing));
            Object c = outcome(() -> encoded(table, target, missing));
            if (!a.equals(c)) {
                throw new AssertionError("the preprocessing differs: «" + a + "» before, «" + c + "» now");
            }
        } finally {
            System.clearProperty("neurite.columnTextLimit");
        }
    }

    private interface Attempt {
        Object get() throws IOException;
    }

    /** What {@code attempt} gives, or its message (the file's path taken out) when it refuses the input. */
    private static Object outcome(Attempt attempt) throws IOException {
        try {
            return attempt.get();
        } catch (InvalidInputException e) {
            return e.getMessage().replace(columnsFile.toString(), "FILE");
        }
    }

    /** Fits on {@code table} and encodes it: the roles, warnings and encoded numbers' bits, as text to compare. */
    private static String encoded(TableRows table, String target, MissingValues missing) {
        Preprocessor pre = Preprocessor.fit(table, target, null, missing);
        List<String> warnings = new ArrayList<>(pre.warnings());
        dev.neurite.data.Dataset data = pre.encode(table, UnseenCategories.UNKNOWN, warnings);
        StringBuilder s = new StringBuilder().append(pre.roles()).append(warnings).append(pre.classLabels());
        for (float v : data.features().data()) {
            s.append(Float.floatToRawIntBits(v)).append(',');
        }
        for (float v : data.targets().data()) {
            s.append(Float.floatToRawIntBits(v)).append(',');
        }
        return s.toString().replace(table.source(), "FILE");
    }

    @FuzzTest(maxDuration = "4m")
    void idx(byte[] input) {
        try {
            IdxDataset.parse(input, "fuzz.idx");
        } catch (InvalidInputException expected) {
            // the documented way to refuse bad input
        }
    }

    @FuzzTest(maxDuration = "4m")
    void modelFile(byte[] input) {
        try {
            ModelFile.read(input, "fuzz.model");
        } catch (InvalidInputException expected) {
            // the documented way to refuse bad input
        }
    }

    /**
     * An ONNX file: parsed, bound, recognised as a network when it is one, and run on a batch of
     * two rows of zeros (or empty strings) for inputs of at most 4,096 values.
     */
    @FuzzTest(maxDuration = "4m")
    void onnx(byte[] input) {
        try {
            OnnxProgram program = Onnx.read(input, "fuzz.onnx");
            try {
                Onnx.toModel(program, "fuzz.onnx");
            } catch (InvalidInputException expected) {
                // not a chain of dense layers
            }
            java.util.Map<String, Tensor> inputs = new java.util.HashMap<>();
            for (OnnxGraph.ValueInfo v : program.inputs()) {
                int[] shape = v.shape() == null ? new int[] {2, 1} : v.shape().clone();
                long n = 1;
                for (int k = 0; k < shape.length; k++) {
                    shape[k] = shape[k] < 0 ? 2 : shape[k];
                    n *= shape[k];
                    if (n > 4096) {
                        return;
                    }
                }
                inputs.put(v.name(), v.elementType() == 8 ? Tensor.strings(shape, java.util.Collections.nCopies((int) n, "").toArray(String[]::new))
                        : v.elementType() == 7 ? Tensor.longs(shape, new long[(int) n]) : Tensor.floats(shape, new float[(int) n]));
            }
            program.run(inputs);
        } catch (InvalidInputException expected) {
            // the documented way to refuse bad input
        }
    }
}

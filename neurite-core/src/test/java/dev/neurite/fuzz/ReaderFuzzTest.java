package dev.neurite.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.neurite.InvalidInputException;
import dev.neurite.data.CsvFormat;
import dev.neurite.data.CsvTable;
import dev.neurite.data.IdxDataset;
import dev.neurite.data.MissingValues;
import dev.neurite.data.Preprocessor;
import dev.neurite.data.TableRows;
import dev.neurite.data.UnseenCategories;
import dev.neurite.io.ModelFile;
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
}

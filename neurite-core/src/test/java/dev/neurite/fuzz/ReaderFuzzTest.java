package dev.neurite.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.neurite.InvalidInputException;
import dev.neurite.data.CsvTable;
import dev.neurite.data.IdxDataset;
import dev.neurite.data.Preprocessor;
import dev.neurite.io.ModelFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzz tests of the three readers of untrusted files. The contract: any bytes either read, or
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

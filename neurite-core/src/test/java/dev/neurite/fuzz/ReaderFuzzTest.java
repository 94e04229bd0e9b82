package dev.neurite.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.neurite.InvalidInputException;
import dev.neurite.data.CsvTable;
import dev.neurite.data.IdxDataset;
import dev.neurite.data.Preprocessor;
import dev.neurite.io.ModelFile;
import dev.neurite.io.onnx.Onnx;
import dev.neurite.io.onnx.OnnxGraph;
import dev.neurite.io.onnx.OnnxProgram;
import dev.neurite.io.onnx.Tensor;
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

package dev.neurite.io.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import dev.neurite.data.CsvTable;
import dev.neurite.data.Preprocessor;
import dev.neurite.data.Task;
import dev.neurite.io.Model;
import dev.neurite.nn.Network;
import dev.neurite.tensor.Matrix;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An ensemble exports as K branches and their mean: ONNX Runtime and Neurite's interpreter give
 * the ensemble's outputs (the mean of its members') within 1e-5, in the column form (every kind
 * of column, an embedded one among them, so each member has its own embedding branch) and the
 * tensor form; the import reads it back as the ensemble (see OnnxEnsembleImportTest).
 */
class OnnxEnsembleExportTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void startRuntime() {
        OnnxColumnsExportTest.env = OrtEnvironment.getEnvironment();
        OnnxExportTest.env = OnnxColumnsExportTest.env;
    }

    @AfterAll
    static void stopRuntime() {
        OnnxColumnsExportTest.env.close();
    }

    static Stream<String> tasks() {
        return Stream.of("multiclass", "binary", "regression");
    }

    /** Three networks of one architecture from three seeds, over the preprocessing of the first. */
    static Model ensemble(CsvTable table, String kind) {
        Model first = OnnxColumnsExportTest.model(table, kind, 3);
        List<Network> members = List.of(first.network(), OnnxColumnsExportTest.model(table, kind, 4).network(),
                OnnxColumnsExportTest.model(table, kind, 5).network());
        return Model.ensemble(members, first.loss(), first.preprocessor(), Map.of(), Double.NaN);
    }

    @ParameterizedTest(name = "{0}: the ensemble's mean in ONNX Runtime and the interpreter, columns and tensor; the import")
    @MethodSource("tasks")
    void theGraphGivesTheMeanOfTheMembers(String kind) throws Exception {
        Model model = ensemble(OnnxColumnsExportTest.training(kind, 2), kind);
        Preprocessor pre = model.preprocessor();
        assertTrue(pre.embeddedInputs().size() > 0, "the table has an embedded column, so the members' column branches differ");
        String output = pre.task() == Task.CLASSIFICATION ? "probabilities" : "value";
        CsvTable table = OnnxColumnsExportTest.scoring();
        Matrix expected = OnnxExportTest.neurite(model, table);
        Matrix firstOnly = OnnxExportTest.neurite(new Model(model.network(), model.loss(), pre, Map.of()), table);
        assertFalse(Arrays.equals(expected.data(), firstOnly.data()), "the mean differs from the first member's outputs");

        byte[] columns = Onnx.toBytes(model, Onnx.Inputs.COLUMNS);
        Map<String, Object> out = OnnxColumnsExportTest.run(columns, pre, table);
        OnnxExportTest.assertClose(expected, (float[][]) out.get(output), kind + " columns");
        if (pre.task() == Task.CLASSIFICATION) {
            assertArrayEquals(OnnxExportTest.labels(model, expected), (String[]) out.get("label"), kind + " labels");
        }
        Tensor interpreted = (Tensor) Onnx.read(columns, "e.onnx").run(OnnxColumnsExportTest.tensors(pre, table)).get(output);
        OnnxFixtureTest.assertClose(Arrays.copyOf(expected.data(), expected.size()), interpreted.floatData(), kind + " interpreter");

        Matrix encoded = pre.encodeFeatures(table);
        Matrix tensorExpected = pre.task() == Task.CLASSIFICATION ? model.predictProbabilities(encoded) : model.predict(encoded);
        if (pre.task() == Task.REGRESSION) {
            pre.decodeValuesInPlace(tensorExpected);
        }
        byte[] tensor = Onnx.toBytes(model, Onnx.Inputs.TENSOR);
        OnnxExportTest.assertClose(tensorExpected, (float[][]) OnnxExportTest.runTensor(tensor, encoded).get(output), kind + " tensor");

        Path file = dir.resolve(kind + ".onnx");
        Onnx.export(model, file, Onnx.Inputs.COLUMNS);
        Model imported = Onnx.loadModel(file);
        assertEquals(3, imported.members().size());
        assertArrayEquals(expected.data(), OnnxExportTest.neurite(imported, table).data(), kind + ": imported predictions, bit for bit");
    }
}

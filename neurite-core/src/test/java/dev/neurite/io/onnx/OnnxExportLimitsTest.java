package dev.neurite.io.onnx;

import static dev.neurite.nn.Activations.relu;
import static dev.neurite.nn.Layers.dense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.data.ColumnChoice;
import dev.neurite.data.CsvTable;
import dev.neurite.data.MissingValues;
import dev.neurite.data.TableData;
import dev.neurite.io.Model;
import dev.neurite.nn.Network;
import dev.neurite.tensor.Matrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the columns graph cannot express is refused by name, and the encoded-matrix graph still serves. */
class OnnxExportLimitsTest {
    @TempDir
    Path dir;

    @Test
    void aMissingTokenWithTooManySpellingsIsRefusedAsColumnsButExportsAsATensor() throws IOException {
        Path csv = Files.writeString(dir.resolve("t.csv"), "age,member,y\n41,yes,a\nnotavailableyet,no,b\n"
                + "35,yes,a\n52,no,b\n29,yes,a\n61,no,b\n");
        TableData data = TableData.fit(CsvTable.read(csv), "y", null, new MissingValues(List.of("NA", "notavailableyet")), ColumnChoice.AUTO);
        Network net = Network.of(1, dense(data.dataset().featureCount(), 4, relu()), dense(4, 2));
        Model model = new Model(net, "softmax_cross_entropy", data.preprocessor(), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Onnx.toBytes(model, Onnx.Inputs.COLUMNS));
        assertTrue(e.getMessage().contains("'notavailableyet'") && e.getMessage().contains("4096 spellings"), e.getMessage());

        Path file = dir.resolve("t.onnx");
        Onnx.export(model, file, Onnx.Inputs.TENSOR);
        Matrix x = data.dataset().features();
        assertArrayEquals(net.predict(x).data(), Onnx.loadModel(file).network().predict(x).data(), 1e-6f);
    }

    @Test
    void aNetworkWhoseEmbeddingsDoNotMatchThePreprocessingIsRefused() throws IOException {
        StringBuilder csv = new StringBuilder("user,y\n");
        for (int r = 0; r < 200; r++) {
            csv.append("u").append(r % 60).append(',').append(r % 2 == 0 ? "a" : "b").append('\n');
        }
        TableData data = TableData.fit(CsvTable.read(Files.writeString(dir.resolve("u.csv"), csv)), "y", null, MissingValues.DEFAULTS,
                ColumnChoice.AUTO);
        Network net = Network.of(1, dense(data.preprocessor().inputWidth(), 2)); // the index fed to a dense layer, no Embedding
        Model model = new Model(net, "softmax_cross_entropy", data.preprocessor(), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Onnx.toBytes(model, Onnx.Inputs.COLUMNS));
        assertTrue(e.getMessage().contains("'user' at input 0") && e.getMessage().contains("0 Embedding layers"), e.getMessage());
    }
}

package dev.neurite.io.onnx;

import static dev.neurite.nn.Activations.relu;
import static dev.neurite.nn.Layers.dense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.data.TableData;
import dev.neurite.io.Model;
import dev.neurite.nn.Network;
import dev.neurite.tensor.Matrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the columns graph cannot express yet is refused by name, and the encoded-matrix graph still serves. */
class OnnxExportLimitsTest {
    @TempDir
    Path dir;

    @Test
    void missingValuesBooleansAndDatesAreRefusedAsColumnsButExportAsATensor() throws IOException {
        Path csv = Files.writeString(dir.resolve("t.csv"), "age,member,joined,y\n41,yes,2020-01-03,a\n,no,2021-05-01,b\n"
                + "35,yes,2019-07-12,a\n52,no,2018-02-02,b\n29,yes,2022-11-30,a\n61,no,2017-03-15,b\n");
        TableData data = TableData.read(csv, "y");
        Network net = Network.of(1, dense(data.dataset().featureCount(), 4, relu()), dense(4, 2));
        Model model = new Model(net, "softmax_cross_entropy", data.preprocessor(), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Onnx.toBytes(model, Onnx.Inputs.COLUMNS));
        assertTrue(e.getMessage().contains("age (missing cells in training: a was-missing input)"), e.getMessage());
        assertTrue(e.getMessage().contains("member (boolean values read from text)"), e.getMessage());
        assertTrue(e.getMessage().contains("joined (date values read from text)"), e.getMessage());
        assertTrue(e.getMessage().contains("--inputs tensor"), e.getMessage());

        Path file = dir.resolve("t.onnx");
        Onnx.export(model, file, Onnx.Inputs.TENSOR);
        Matrix x = data.dataset().features();
        assertArrayEquals(net.predict(x).data(), Onnx.loadModel(file).network().predict(x).data(), 1e-6f);
    }
}

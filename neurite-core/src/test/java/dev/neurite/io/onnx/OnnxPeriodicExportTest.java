package dev.neurite.io.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.neurite.InvalidInputException;
import dev.neurite.data.CsvTable;
import dev.neurite.data.Preprocessor;
import dev.neurite.data.Task;
import dev.neurite.io.Model;
import dev.neurite.io.ModelFile;
import dev.neurite.nn.Activations;
import dev.neurite.nn.Dense;
import dev.neurite.nn.Embedding;
import dev.neurite.nn.Layer;
import dev.neurite.nn.Network;
import dev.neurite.nn.PeriodicEmbedding;
import dev.neurite.tensor.Matrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Periodic embeddings in both ONNX forms: on {@link OnnxColumnsExportTest}'s table with every kind
 * of column (the numbers and the date embedded, the boolean, was-missing inputs, one-hot and the
 * category embedding passed through), ONNX Runtime gives Neurite's outputs within 1e-5, and the
 * import gives back the same network, bit for bit.
 */
class OnnxPeriodicExportTest {
    static ai.onnxruntime.OrtEnvironment env;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRuntime() {
        env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        OnnxColumnsExportTest.env = env;
    }

    @AfterAll
    static void stopRuntime() {
        env.close();
    }

    /** The network neurite train builds with --numeric-embedding: category embeddings, then the periodic one over the numbers. */
    static Model model(CsvTable table, String kind, long seed, boolean lite) {
        Model plain = OnnxColumnsExportTest.model(table, kind, seed);
        Preprocessor pre = plain.preprocessor();
        List<Layer> layers = new ArrayList<>();
        int width = pre.inputWidth();
        List<Preprocessor.EmbeddedInput> embedded = pre.embeddedInputs();
        for (int i = embedded.size() - 1; i >= 0; i--) {
            Preprocessor.EmbeddedInput e = embedded.get(i);
            layers.add(new Embedding(width, e.input(), e.vocabulary(), e.dimension()));
            width += e.dimension() - 1;
        }
        int[] numeric = pre.numericInputs();
        for (int i = 0; i < numeric.length; i++) {
            int shift = 0;
            for (Preprocessor.EmbeddedInput e : embedded) {
                shift += e.input() < numeric[i] ? e.dimension() - 1 : 0;
            }
            numeric[i] += shift;
        }
        // σ 0.3 so that the cosines bend over the standardised values
        PeriodicEmbedding periodic = new PeriodicEmbedding(width, numeric, 5, 3, 0.3f, lite);
        layers.add(periodic);
        width = periodic.outputSize(width);
        layers.add(new Dense(width, 8, Activations.tanh()));
        layers.add(new Dense(8, pre.outputWidth(), Activations.identity()));
        Network net = Network.of(seed, layers.toArray(Layer[]::new));
        return new Model(net, pre.task() == Task.CLASSIFICATION ? "softmax_cross_entropy" : "mse", pre, Map.of());
    }

    static Stream<String> cases() {
        return Stream.of("multiclass", "binary", "regression", "multiclass lite", "regression lite");
    }

    @Test
    void theNumbersAndTheDateAreEmbeddedAndTheRestPassesThrough() {
        Model model = model(OnnxColumnsExportTest.training("multiclass", 1), "multiclass", 1, false);
        // income (with was-missing), age, member (boolean), joined (date, with was-missing), then the text columns
        assertArrayEquals(new int[] {0, 2, 5}, model.preprocessor().numericInputs());
        PeriodicEmbedding p = (PeriodicEmbedding) model.network().layers().get(1);
        assertEquals(3, p.columns().length);
    }

    @ParameterizedTest(name = "{0}: ONNX Runtime gives Neurite's outputs in both forms")
    @MethodSource("cases")
    void onnxRuntimeGivesNeuritesOutputs(String name) throws Exception {
        String kind = name.split(" ")[0];
        Model model = model(OnnxColumnsExportTest.training(kind, 2), kind, 3, name.endsWith("lite"));
        Preprocessor pre = model.preprocessor();
        byte[] onnx = Onnx.toBytes(model, Onnx.Inputs.COLUMNS);
        for (CsvTable table : List.of(OnnxColumnsExportTest.scoring(), OnnxColumnsExportTest.training(kind, 2))) {
            Matrix expected = OnnxExportTest.neurite(model, table);
            Map<String, Object> out = OnnxColumnsExportTest.run(onnx, pre, table);
            if (pre.task() == Task.CLASSIFICATION) {
                OnnxExportTest.assertClose(expected, (float[][]) out.get("probabilities"), name);
                assertArrayEquals(OnnxExportTest.labels(model, expected), (String[]) out.get("label"), name + " labels");
            } else {
                OnnxExportTest.assertClose(expected, (float[][]) out.get("value"), name);
            }
        }
        // the tensor form, from the encoded features
        CsvTable table = OnnxColumnsExportTest.training(kind, 2);
        Matrix encoded = pre.encodeFeatures(table);
        Matrix expected = pre.task() == Task.CLASSIFICATION ? model.network().predictProbabilities(encoded) : model.network().predict(encoded);
        String output = pre.task() == Task.CLASSIFICATION ? "probabilities" : "value";
        byte[] tensorForm = Onnx.toBytes(model, Onnx.Inputs.TENSOR);
        try (OrtSession session = env.createSession(tensorForm, new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(encoded.data(), 0, encoded.size()),
                     new long[] {encoded.rows(), encoded.columns()});
             OrtSession.Result result = session.run(Map.of("features", x))) {
            float[][] ort = (float[][]) result.get(output).get().getValue();
            if (pre.task() == Task.REGRESSION) {
                // the tensor form ends in the target's units as well
                Matrix units = expected.copy();
                pre.decodeValuesInPlace(units);
                expected = units;
            }
            OnnxExportTest.assertClose(expected, ort, name + " tensor form");
        }
    }

    @ParameterizedTest(name = "{0}: export, import, predict the same bits; the interpreter agrees; the imported model saves")
    @MethodSource("cases")
    void importGivesBackTheModel(String name) throws Exception {
        String kind = name.split(" ")[0];
        Model model = model(OnnxColumnsExportTest.training(kind, 4), kind, 5, name.endsWith("lite"));
        Preprocessor pre = model.preprocessor();
        Path file = dir.resolve(kind + ".onnx");
        Onnx.export(model, file, Onnx.Inputs.COLUMNS);
        Model imported = Onnx.loadModel(file);
        assertEquals(model.network().toString(), imported.network().toString());
        CsvTable table = OnnxColumnsExportTest.scoring();
        Matrix before = OnnxExportTest.neurite(model, table);
        assertArrayEquals(before.data(), OnnxExportTest.neurite(imported, table).data(), name + ": imported predictions");
        Path saved = dir.resolve(kind + ".model");
        ModelFile.save(imported, saved);
        assertArrayEquals(before.data(), OnnxExportTest.neurite(ModelFile.load(saved), table).data(), name + ": converted model file");
        Map<String, Object> run = Onnx.load(file).run(OnnxColumnsExportTest.tensors(pre, table));
        Tensor result = (Tensor) run.get(pre.task() == Task.CLASSIFICATION ? "probabilities" : "value");
        OnnxFixtureTest.assertClose(java.util.Arrays.copyOf(before.data(), before.size()), result.floatData(), name + " interpreter");
        // the tensor form comes back too (with a category embedding as well: OnnxEnsembleImportTest)
        boolean lite = name.endsWith("lite");
        Network net = Network.of(9, new PeriodicEmbedding(6, new int[] {0, 2, 5}, 5, 3, 0.3f, lite), new Dense(12, 4, Activations.relu()),
                new Dense(4, 1, Activations.identity()));
        Path tensorFile = dir.resolve(kind + "-tensor.onnx");
        Onnx.export(new Model(net, "mse", null, Map.of()), tensorFile, Onnx.Inputs.TENSOR);
        Network fromTensor = Onnx.loadModel(tensorFile).network();
        assertEquals(net.toString(), fromTensor.toString());
        Matrix x = dev.neurite.TestData.uniform(20, 6, 2f, 3);
        assertArrayEquals(net.predict(x).data(), fromTensor.predict(x).data(), name + ": tensor form imported");
    }

    @Test
    void aDamagedPeriodicGraphIsRefusedNamingWhatIsWrong() {
        Model model = model(OnnxColumnsExportTest.training("regression", 6), "regression", 7, false);
        OnnxGraph g = OnnxExport.graph(model, Onnx.Inputs.COLUMNS);
        List<OnnxGraph.Node> nodes = new ArrayList<>();
        for (OnnxGraph.Node n : g.nodes()) {
            nodes.add(n.opType().equals("Sin") ? new OnnxGraph.Node("Cos", n.domain(), n.name(), n.inputs(), n.outputs(), n.attributes()) : n);
        }
        OnnxGraph damaged = new OnnxGraph(g.irVersion(), g.opsets(), g.producer(), g.metadata(), nodes, g.initializers(), g.inputs(), g.outputs());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> OnnxImport.toModel(damaged, "d.onnx"));
        assertTrue(e.getMessage().contains("the angles do not go into Cos and Sin concatenated along axis 2"), e.getMessage());
    }
}

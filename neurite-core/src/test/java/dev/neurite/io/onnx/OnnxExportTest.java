package dev.neurite.io.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.neurite.data.CsvTable;
import dev.neurite.data.Dataset;
import dev.neurite.data.OneHotEncoder;
import dev.neurite.data.Preprocessor;
import dev.neurite.data.Task;
import dev.neurite.io.Model;
import dev.neurite.io.ModelFile;
import dev.neurite.loss.Losses;
import dev.neurite.nn.Activation;
import dev.neurite.nn.Activations;
import dev.neurite.nn.Layers;
import dev.neurite.nn.Network;
import dev.neurite.optim.Optimizers;
import dev.neurite.nn.ClassDecision;
import dev.neurite.tensor.Matrix;
import dev.neurite.train.Trainer;
import dev.neurite.train.TrainingConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exported graphs run in ONNX Runtime (Java) give Neurite's outputs within 1e-5 and the same
 * labels, for every activation, for multi-class and binary classifiers with text labels and for a
 * regressor, on numeric and text columns; and export → import gives back the same predictions.
 */
class OnnxExportTest {
    static final float TOLERANCE = 1e-5f;
    static OrtEnvironment env;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRuntime() {
        env = OrtEnvironment.getEnvironment();
    }

    @AfterAll
    static void stopRuntime() {
        env.close();
    }

    /** A table of two numeric and two text columns, and a target made by {@code target}. */
    static CsvTable table(int rows, long seed, String kind) throws IOException {
        Random random = new Random(seed);
        String[] colors = {"red", "green", "blue"};
        String[] sizes = {"S", "M", "L", "XL"};
        StringBuilder csv = new StringBuilder("x1,x2,color,size,target\n");
        for (int r = 0; r < rows; r++) {
            double x1 = random.nextGaussian() * 3 + 10;
            double x2 = random.nextGaussian();
            int color = random.nextInt(3);
            int size = random.nextInt(4);
            double score = (x1 - 10) / 3 + x2 + color - 1 + 0.3 * random.nextGaussian();
            String target = switch (kind) {
                case "multiclass" -> score < -0.7 ? "cat" : score < 0.7 ? "dog" : "bird, small";
                case "binary" -> score < 0 ? "no" : "yes";
                default -> String.format(Locale.ROOT, "%.4f", 5 * score + size + 100);
            };
            csv.append(String.format(Locale.ROOT, "%.5f,%.5f,%s,%s,\"%s\"%n", x1, x2, colors[color], sizes[size], target));
        }
        return CsvTable.read(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), "test.csv");
    }

    static Model model(CsvTable table, Activation hidden, boolean softmaxOutput, long seed) {
        Preprocessor pre = Preprocessor.fit(table, "target", null);
        int k = pre.outputWidth();
        Network net = Network.of(seed, Layers.dense(pre.inputWidth(), 8, hidden), Layers.dropout(0.1f),
                Layers.dense(8, 6), Layers.activation(hidden),
                softmaxOutput ? Layers.dense(6, k, Activations.softmax()) : Layers.dense(6, k));
        return new Model(net, pre.task() == Task.CLASSIFICATION ? "softmax_cross_entropy" : "mse", pre, Map.of());
    }

    /** Neurite's own predictions: probabilities, or values in the target's units (an ensemble's: the members' mean). */
    static Matrix neurite(Model model, CsvTable table) {
        Matrix x = model.preprocessor().encodeFeatures(table);
        if (model.preprocessor().task() == Task.CLASSIFICATION) {
            return model.predictProbabilities(x);
        }
        Matrix v = model.predict(x);
        model.preprocessor().decodeValuesInPlace(v);
        return v;
    }

    /** Runs the column-input graph in ONNX Runtime: one [N, 1] tensor per column. */
    static Map<String, Object> runColumns(byte[] onnx, Preprocessor pre, CsvTable table) throws OrtException {
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            try {
                long[] shape = {table.rowCount(), 1};
                for (int j = 0; j < pre.features().size(); j++) {
                    String name = pre.features().get(j);
                    int column = table.columnIndex(name);
                    if (pre.encoder(j) == null) {
                        float[] v = new float[table.rowCount()];
                        for (int r = 0; r < v.length; r++) {
                            v[r] = Float.parseFloat(table.value(r, column));
                        }
                        inputs.put(name, OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(v), shape));
                    } else {
                        String[] v = new String[table.rowCount()];
                        for (int r = 0; r < v.length; r++) {
                            v[r] = table.value(r, column);
                        }
                        inputs.put(name, OnnxTensor.createTensor(env, v, shape));
                    }
                }
                return results(session.run(inputs));
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }
    }

    static Map<String, Object> runTensor(byte[] onnx, Matrix features) throws OrtException {
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(features.data()),
                     new long[] {features.rows(), features.columns()})) {
            return results(session.run(Map.of("features", x)));
        }
    }

    private static Map<String, Object> results(OrtSession.Result result) throws OrtException {
        try (result) {
            Map<String, Object> out = new HashMap<>();
            for (Map.Entry<String, OnnxValue> e : result) {
                out.put(e.getKey(), e.getValue().getValue());
            }
            return out;
        }
    }

    static void assertClose(Matrix expected, float[][] actual, String what) {
        assertEquals(expected.rows(), actual.length, what + ": rows");
        for (int r = 0; r < expected.rows(); r++) {
            assertEquals(expected.columns(), actual[r].length, what + ": columns");
            for (int c = 0; c < expected.columns(); c++) {
                float e = expected.get(r, c);
                assertTrue(Math.abs(e - actual[r][c]) <= TOLERANCE * Math.max(1f, Math.abs(e)),
                        what + " row " + r + " column " + c + ": Neurite " + e + ", ONNX Runtime " + actual[r][c]);
            }
        }
    }

    static String[] labels(Model model, Matrix probabilities) {
        List<String> labels = model.preprocessor().classLabels();
        return java.util.Arrays.stream(ClassDecision.classes(probabilities, 0.5f)).mapToObj(labels::get).toArray(String[]::new);
    }

    static Stream<String> activations() {
        return Stream.of("identity", "sigmoid", "tanh", "relu", "leaky_relu(0.2)", "elu(0.5)", "gelu", "silu", "softplus", "softmax");
    }

    @ParameterizedTest(name = "{0}: multi-class, columns and tensor inputs, in ONNX Runtime")
    @MethodSource("activations")
    void everyActivationRunsInOnnxRuntime(String activation) throws Exception {
        CsvTable table = table(60, 1, "multiclass");
        Model model = model(table, Activations.named(activation), false, 7);
        Matrix expected = neurite(model, table);

        Map<String, Object> out = runColumns(Onnx.toBytes(model, Onnx.Inputs.COLUMNS), model.preprocessor(), table);
        assertClose(expected, (float[][]) out.get("probabilities"), activation);
        assertArrayEquals(labels(model, expected), (String[]) out.get("label"), activation + " labels");

        Map<String, Object> plain = runTensor(Onnx.toBytes(model, Onnx.Inputs.TENSOR), model.preprocessor().encodeFeatures(table));
        assertClose(expected, (float[][]) plain.get("probabilities"), activation + " (tensor input)");
        int[] classes = ClassDecision.classes(expected, 0.5f);
        long[] indices = (long[]) plain.get("class_index");
        for (int r = 0; r < classes.length; r++) {
            assertEquals(classes[r], indices[r], activation + " class of row " + r);
        }
    }

    @Test
    void binaryClassifierWithSoftmaxOutputRunsInOnnxRuntime() throws Exception {
        CsvTable table = table(50, 2, "binary");
        Model model = model(table, Activations.tanh(), true, 3);
        Matrix expected = neurite(model, table);
        Map<String, Object> out = runColumns(Onnx.toBytes(model, Onnx.Inputs.COLUMNS), model.preprocessor(), table);
        assertClose(expected, (float[][]) out.get("probabilities"), "binary");
        assertArrayEquals(labels(model, expected), (String[]) out.get("label"));
        assertEquals(List.of("no", "yes"), model.preprocessor().classLabels());
    }

    @Test
    void regressorRunsInOnnxRuntimeInTheTargetsUnits() throws Exception {
        CsvTable table = table(50, 3, "regression");
        Model model = model(table, Activations.relu(), false, 5);
        assertEquals(Task.REGRESSION, model.preprocessor().task());
        Matrix expected = neurite(model, table);
        Map<String, Object> out = runColumns(Onnx.toBytes(model, Onnx.Inputs.COLUMNS), model.preprocessor(), table);
        assertClose(expected, (float[][]) out.get("value"), "regression");
        Map<String, Object> plain = runTensor(Onnx.toBytes(model, Onnx.Inputs.TENSOR), model.preprocessor().encodeFeatures(table));
        assertClose(expected, (float[][]) plain.get("value"), "regression (tensor input)");
    }

    @Test
    void anUnseenCategoryIsScoredAsUnknownByOnnxRuntimeAsByNeurite() throws Exception {
        CsvTable table = table(30, 4, "multiclass");
        Model model = model(table, Activations.relu(), false, 1);
        CsvTable unseen = CsvTable.read(new ByteArrayInputStream("x1,x2,color,size\n1,2,purple,S\n".getBytes(StandardCharsets.UTF_8)), "new.csv");
        Matrix expected = neurite(model, unseen);
        Map<String, Object> out = runColumns(Onnx.toBytes(model, Onnx.Inputs.COLUMNS), model.preprocessor(), unseen);
        assertClose(expected, (float[][]) out.get("probabilities"), "an unseen colour");
    }

    @ParameterizedTest(name = "{0}: train, export, import, predict")
    @MethodSource("tasks")
    void roundTripGivesTheOriginalPredictions(String kind) throws Exception {
        CsvTable table = table(120, 5, kind);
        Model untrained = model(table, Activations.gelu(), false, 11);
        Preprocessor pre = untrained.preprocessor();
        Dataset data = pre.encode(table);
        new Trainer(untrained.network(), Losses.named(untrained.loss()), Optimizers.adam(0.01f),
                TrainingConfig.DEFAULTS.withEpochs(5).withBatchSize(16).withSeed(3)).fit(data);
        Model trained = new Model(untrained.network(), untrained.loss(), pre, Map.of("epochs", 5));
        Path file = dir.resolve("model.onnx");
        Onnx.export(trained, file, Onnx.Inputs.COLUMNS);

        Model imported = Onnx.loadModel(file);
        Matrix before = neurite(trained, table);
        Matrix after = neurite(imported, table);
        assertArrayEquals(before.data(), after.data(), kind + ": imported predictions");
        assertEquals(trained.network().outputsAreLogits(), imported.network().outputsAreLogits(), "logits stay logits");
        assertEquals(trained.loss(), imported.loss());
        assertEquals(pre.features(), imported.preprocessor().features());
        assertEquals(pre.classLabels(), imported.preprocessor().classLabels());
        assertEquals("target", imported.preprocessor().target());
        for (int j = 0; j < pre.features().size(); j++) {
            OneHotEncoder e = pre.encoder(j);
            assertEquals(e == null ? null : e.categories(),
                    imported.preprocessor().encoder(j) == null ? null : imported.preprocessor().encoder(j).categories());
        }
        // and the imported model saves as a Neurite model file that predicts the same
        Path saved = dir.resolve("model.neurite");
        ModelFile.save(imported, saved);
        assertArrayEquals(before.data(), neurite(ModelFile.load(saved), table).data(), kind + ": converted model file");
        // the interpreter agrees too
        Map<String, Object> run = Onnx.load(file).run(columnTensors(pre, table));
        Tensor result = (Tensor) run.get(pre.task() == Task.CLASSIFICATION ? "probabilities" : "value");
        OnnxFixtureTest.assertClose(java.util.Arrays.copyOf(before.data(), before.size()), result.floatData(), kind + " interpreter");
    }

    static Stream<String> tasks() {
        return Stream.of("multiclass", "binary", "regression");
    }

    static Map<String, Tensor> columnTensors(Preprocessor pre, CsvTable table) {
        Map<String, Tensor> inputs = new HashMap<>();
        int[] shape = {table.rowCount(), 1};
        for (int j = 0; j < pre.features().size(); j++) {
            int column = table.columnIndex(pre.features().get(j));
            List<String> values = new ArrayList<>();
            for (int r = 0; r < table.rowCount(); r++) {
                values.add(table.value(r, column));
            }
            if (pre.encoder(j) == null) {
                float[] v = new float[values.size()];
                for (int r = 0; r < v.length; r++) {
                    v[r] = Float.parseFloat(values.get(r));
                }
                inputs.put(pre.features().get(j), Tensor.floats(shape, v));
            } else {
                inputs.put(pre.features().get(j), Tensor.strings(shape, values.toArray(String[]::new)));
            }
        }
        return inputs;
    }
}

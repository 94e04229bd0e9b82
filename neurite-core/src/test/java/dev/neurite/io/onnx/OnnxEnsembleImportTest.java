package dev.neurite.io.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import dev.neurite.InvalidInputException;
import dev.neurite.data.ColumnChoice;
import dev.neurite.data.CsvTable;
import dev.neurite.data.MissingValues;
import dev.neurite.data.OneHotEncoder;
import dev.neurite.data.Preprocessor;
import dev.neurite.data.TableData;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An ensemble exported to ONNX (K branches and their mean) imports as a {@link Model} of K
 * members: the same preprocessing, each member's layers (category embeddings, the periodic
 * embedding, dense layers) and the same predictions, bit for bit, in the column form (with an
 * embedded text column, so that each member has its own encoding branch, and without one, so that
 * they share it) and in the tensor form; ONNX Runtime agrees within 1e-5. Graphs of another shape
 * are refused, naming what is wrong.
 */
class OnnxEnsembleImportTest {
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

    /** The preprocessing of {@link OnnxColumnsExportTest}'s table: with its embedded 'user' column, or without that column. */
    static Preprocessor preprocessing(CsvTable table, boolean embedded) {
        return TableData.fit(table, "target", null, MissingValues.DEFAULTS,
                embedded ? ColumnChoice.AUTO : new ColumnChoice(List.of(), List.of("user"))).preprocessor();
    }

    /** The network neurite train builds: category embeddings, optionally the periodic embedding (plr-lite), dense layers. */
    static Network network(Preprocessor pre, boolean plr, long seed) {
        List<Layer> layers = new ArrayList<>();
        int width = pre.inputWidth();
        List<Preprocessor.EmbeddedInput> embedded = pre.embeddedInputs();
        for (int i = embedded.size() - 1; i >= 0; i--) {
            Preprocessor.EmbeddedInput e = embedded.get(i);
            layers.add(new Embedding(width, e.input(), e.vocabulary(), e.dimension()));
            width += e.dimension() - 1;
        }
        if (plr) {
            int[] numeric = pre.numericInputs();
            for (int i = 0; i < numeric.length; i++) {
                int shift = 0;
                for (Preprocessor.EmbeddedInput e : embedded) {
                    shift += e.input() < numeric[i] ? e.dimension() - 1 : 0;
                }
                numeric[i] += shift;
            }
            PeriodicEmbedding periodic = new PeriodicEmbedding(width, numeric, 4, 3, 0.3f, true);
            layers.add(periodic);
            width = periodic.outputSize(width);
        }
        layers.add(new Dense(width, 8, Activations.tanh()));
        layers.add(new Dense(8, pre.outputWidth(), Activations.identity()));
        return Network.of(seed, layers.toArray(Layer[]::new));
    }

    static Model ensemble(Preprocessor pre, boolean plr, int members, long seed) {
        List<Network> networks = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            networks.add(network(pre, plr, seed + 31L * i));
        }
        return Model.ensemble(networks, pre.task() == Task.CLASSIFICATION ? "softmax_cross_entropy" : "mse", pre, Map.of(), Double.NaN);
    }

    static Stream<Arguments> columnCases() {
        List<Arguments> cases = new ArrayList<>();
        for (String kind : List.of("multiclass", "binary", "regression")) {
            for (int members : new int[] {2, 5}) {
                for (boolean plr : new boolean[] {false, true}) {
                    for (boolean embedded : new boolean[] {true, false}) {
                        if (kind.equals("binary") && (!embedded || members == 2)) {
                            continue; // binary: one case per member count is enough
                        }
                        cases.add(Arguments.of(kind, members, plr, embedded));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "columns, {0}, {1} members, plr-lite {2}, embedded text {3}: the same model and the same bits")
    @MethodSource("columnCases")
    void theColumnFormImportsAsTheEnsemble(String kind, int members, boolean plr, boolean embedded) throws Exception {
        CsvTable training = OnnxColumnsExportTest.training(kind, 4);
        Preprocessor pre = preprocessing(training, embedded);
        assertEquals(embedded, !pre.embeddedInputs().isEmpty());
        Model model = ensemble(pre, plr, members, 5);
        Path file = dir.resolve(kind + ".onnx");
        Onnx.export(model, file, Onnx.Inputs.COLUMNS);
        Model imported = Onnx.loadModel(file);

        assertEquals(members, imported.members().size());
        for (int i = 0; i < members; i++) {
            assertEquals(model.members().get(i).toString(), imported.members().get(i).toString(), "member " + i);
        }
        assertEquals(model.loss(), imported.loss());
        Preprocessor back = imported.preprocessor();
        assertEquals(pre.features(), back.features());
        assertEquals(pre.task(), back.task());
        assertEquals(pre.classLabels(), back.classLabels());
        assertArrayEquals(pre.fillValues(), back.fillValues());
        assertArrayEquals(pre.missingIndicators(), back.missingIndicators());
        for (int j = 0; j < pre.features().size(); j++) {
            OneHotEncoder e = pre.encoder(j);
            OneHotEncoder b = back.encoder(j);
            assertEquals(e == null, b == null, pre.features().get(j));
            if (e != null) {
                assertEquals(e.categories(), b.categories(), pre.features().get(j));
                assertEquals(e.embedded(), b.embedded(), pre.features().get(j));
            }
        }

        for (CsvTable table : List.of(OnnxColumnsExportTest.scoring(), training)) {
            Matrix expected = OnnxExportTest.neurite(model, table);
            Matrix firstOnly = OnnxExportTest.neurite(new Model(model.network(), model.loss(), pre, Map.of()), table);
            assertFalse(Arrays.equals(expected.data(), firstOnly.data()), "the members differ, so the mean is not the first member");
            assertArrayEquals(expected.data(), OnnxExportTest.neurite(imported, table).data(), "imported predictions");
            Map<String, Object> ort = OnnxColumnsExportTest.run(Onnx.toBytes(model, Onnx.Inputs.COLUMNS), pre, table);
            OnnxExportTest.assertClose(expected, (float[][]) ort.get(pre.task() == Task.CLASSIFICATION ? "probabilities" : "value"), "ONNX Runtime");
            if (pre.task() == Task.CLASSIFICATION) {
                assertArrayEquals(OnnxExportTest.labels(model, expected), (String[]) ort.get("label"), "labels");
            }
        }
        // converted to a model file, and exported again, it is the same graph
        Path saved = dir.resolve(kind + ".model");
        ModelFile.save(imported, saved);
        Model reloaded = ModelFile.load(saved);
        assertEquals(members, reloaded.members().size());
        assertArrayEquals(OnnxExportTest.neurite(model, OnnxColumnsExportTest.scoring()).data(),
                OnnxExportTest.neurite(reloaded, OnnxColumnsExportTest.scoring()).data(), "converted model file");
        assertArrayEquals(Onnx.toBytes(model, Onnx.Inputs.COLUMNS), Onnx.toBytes(imported, Onnx.Inputs.COLUMNS), "exported again");
    }

    static Stream<Arguments> tensorCases() {
        List<Arguments> cases = new ArrayList<>();
        for (String kind : List.of("classification", "regression")) {
            for (int members : new int[] {1, 2, 5}) {
                for (boolean plr : new boolean[] {false, true}) {
                    for (boolean embedded : new boolean[] {false, true}) {
                        cases.add(Arguments.of(kind, members, plr, embedded));
                    }
                }
            }
        }
        return cases.stream();
    }

    /** The tensor form, its category embedding a Slice-Round-Cast-Gather of the index column (one member: one network). */
    @ParameterizedTest(name = "tensor, {0}, {1} members, plr-lite {2}, a category embedding {3}: the same networks and the same bits")
    @MethodSource("tensorCases")
    void theTensorFormImportsAsTheEnsemble(String kind, int members, boolean plr, boolean embedded) throws Exception {
        boolean classifier = kind.equals("classification");
        int outputs = classifier ? 3 : 1;
        List<Network> networks = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            List<Layer> layers = new ArrayList<>();
            int width = 6;
            if (embedded) {
                layers.add(new Embedding(6, 3, 5, 3)); // column 3: an index 0 … 4
                width = 8;
            }
            if (plr) {
                PeriodicEmbedding p = new PeriodicEmbedding(width, embedded ? new int[] {0, 2, 7} : new int[] {0, 2, 5}, 4, 3, 0.3f, true);
                layers.add(p);
                width = p.outputSize(width);
            }
            layers.add(new Dense(width, 5, Activations.relu()));
            layers.add(new Dense(5, outputs, Activations.identity()));
            networks.add(Network.of(11 + i, layers.toArray(Layer[]::new)));
        }
        Model model = Model.ensemble(networks, classifier ? "softmax_cross_entropy" : "mse", null, Map.of(), Double.NaN);
        Path file = dir.resolve(kind + "-tensor.onnx");
        Onnx.export(model, file, Onnx.Inputs.TENSOR);
        Model imported = Onnx.loadModel(file);
        assertEquals(members, imported.members().size());
        assertEquals(model.loss(), imported.loss());
        Matrix x = dev.neurite.TestData.uniform(30, 6, 2f, 3);
        for (int r = 0; r < x.rows(); r++) {
            x.set(r, 3, r % 5);
        }
        Matrix expected = classifier ? model.predictProbabilities(x) : model.predict(x);
        Matrix got = classifier ? imported.predictProbabilities(x) : imported.predict(x);
        assertArrayEquals(expected.data(), got.data(), "imported predictions");
        for (int i = 0; i < members; i++) {
            assertEquals(networks.get(i).toString(), imported.members().get(i).toString(), "member " + i);
            assertArrayEquals(networks.get(i).predict(x).data(), imported.members().get(i).predict(x).data(), "member " + i);
        }
        Map<String, Object> ort = OnnxExportTest.runTensor(Onnx.toBytes(model, Onnx.Inputs.TENSOR), x);
        OnnxExportTest.assertClose(expected, (float[][]) ort.get(classifier ? "probabilities" : "value"), "ONNX Runtime");
    }

    /** The column graph of a 3-member classifier with an embedded column, changed by {@code change}, and its import's message. */
    private static String refusal(UnaryOperator<OnnxGraph> change) {
        Preprocessor pre = preprocessing(OnnxColumnsExportTest.training("multiclass", 6), true);
        OnnxGraph g = change.apply(OnnxExport.graph(ensemble(pre, true, 3, 7), Onnx.Inputs.COLUMNS));
        return assertThrows(InvalidInputException.class, () -> OnnxImport.toModel(g, "e.onnx")).getMessage();
    }

    private static OnnxGraph withMetadata(OnnxGraph g, String key, String value) {
        Map<String, String> m = new HashMap<>(g.metadata());
        m.put(key, value);
        return new OnnxGraph(g.irVersion(), g.opsets(), g.producer(), m, g.nodes(), g.initializers(), g.inputs(), g.outputs());
    }

    private static OnnxGraph withConstant(OnnxGraph g, String name, Tensor t) {
        Map<String, Tensor> init = new java.util.LinkedHashMap<>(g.initializers());
        init.put(name, t);
        return new OnnxGraph(g.irVersion(), g.opsets(), g.producer(), g.metadata(), g.nodes(), init, g.inputs(), g.outputs());
    }

    /** The name of the scalar the members' mean multiplies by. */
    private static String meanFactor(OnnxGraph g) {
        for (OnnxGraph.Node n : g.nodes()) {
            Tensor t = g.initializers().get(n.input(1));
            if (n.opType().equals("Mul") && t != null && t.size() == 1 && t.floatData()[0] == 1f / 3) {
                return n.input(1);
            }
        }
        throw new AssertionError("no mean");
    }

    @Test
    void aGraphNotOfThatShapeIsRefusedNamingWhatIsWrong() {
        String count = refusal(g -> withMetadata(g, OnnxImport.MEMBERS_KEY, "4"));
        assertTrue(count.contains("averages 3 branches, but metadata 'neurite.members' says 4"), count);
        String notNumber = refusal(g -> withMetadata(g, OnnxImport.MEMBERS_KEY, "many"));
        assertTrue(notNumber.contains("metadata 'neurite.members' is 'many'"), notNumber);
        String factor = refusal(g -> withConstant(g, meanFactor(g), Tensor.floats(new int[0], new float[] {0.5f})));
        assertTrue(factor.contains("multiplies by 0.5, not by 1/3"), factor);
        // a member of another architecture: its second dense layer's weights and bias of another width
        String architecture = refusal(g -> {
            List<String> weights = new ArrayList<>();
            for (OnnxGraph.Node n : g.nodes()) {
                if (n.opType().equals("Gemm")) {
                    weights.add(n.input(1));
                }
            }
            // Gemms in member order: two per member; change member 2's first (8 hidden units → 9, and its second's inputs)
            OnnxGraph h = g;
            String first = weights.get(4);
            String second = weights.get(5);
            int in = g.initializers().get(first).dim(0);
            h = withConstant(h, first, Tensor.floats(new int[] {in, 9}, new float[in * 9]));
            int out = g.initializers().get(second).dim(1);
            h = withConstant(h, second, Tensor.floats(new int[] {9, out}, new float[9 * out]));
            for (OnnxGraph.Node n : g.nodes()) {
                if (n.opType().equals("Gemm") && n.input(1).equals(first)) {
                    h = withConstant(h, n.input(2), Tensor.floats(new int[] {9}, new float[9]));
                }
            }
            return h;
        });
        assertTrue(architecture.contains("ensemble member 2") && architecture.contains("architecture"), architecture);
        // without the metadata, the K branches are not one network
        String plain = refusal(g -> {
            Map<String, String> m = new HashMap<>(g.metadata());
            m.remove(OnnxImport.MEMBERS_KEY);
            return new OnnxGraph(g.irVersion(), g.opsets(), g.producer(), m, g.nodes(), g.initializers(), g.inputs(), g.outputs());
        });
        assertTrue(plain.contains("not a chain of dense layers"), plain);
    }
}

package dev.neurite.io.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
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
import dev.neurite.tensor.Matrix;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
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
 * The column graph of a model whose preprocessing has everything the CLI fits: numbers with
 * missing cells (median and a was-missing input), booleans, dates, a text column with missing
 * cells as a category, one with rare values pooled as 'other', and one embedded. ONNX Runtime gives
 * Neurite's outputs within 1e-5 and the same labels on rows with missing values (NaN, empty, NA
 * tokens in any case), unseen categories and pooled values; the import gives back the same model.
 */
class OnnxColumnsExportTest {
    static ai.onnxruntime.OrtEnvironment env;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRuntime() {
        env = ai.onnxruntime.OrtEnvironment.getEnvironment();
    }

    @AfterAll
    static void stopRuntime() {
        env.close();
    }

    static final String HEADER = "income,age,member,joined,color,city,user,target\n";

    /** 300 training rows: every kind of column, missing cells in each. */
    static CsvTable training(String kind, long seed) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder(HEADER);
        String[] colors = {"red", "green", "blue"};
        String[] bools = {"yes", "no", "Yes", "NO", "true", "False", "y", "n"};
        for (int r = 0; r < 300; r++) {
            double income = random.nextGaussian() * 20 + 50;
            double age = 20 + random.nextInt(50);
            int b = random.nextInt(bools.length);
            int color = random.nextInt(3);
            // city: 24 values, c20 … c23 seen once or twice (pooled as other); user: 80 values, the last ones once (other)
            int city = r < 4 ? 20 + r : random.nextInt(20);
            int user = r < 10 ? 70 + r : random.nextInt(70);
            double score = (income - 50) / 20 + (bools[b].toLowerCase(Locale.ROOT).startsWith("y") || bools[b].equalsIgnoreCase("true") ? 1 : -1)
                    + color - 1 + (city % 3) * 0.3 + 0.3 * random.nextGaussian();
            String target = switch (kind) {
                case "multiclass" -> score < -0.7 ? "cat" : score < 0.7 ? "dog" : "bird, small";
                case "binary" -> score < 0 ? "no" : "yes";
                default -> String.format(Locale.ROOT, "%.4f", 5 * score + 100);
            };
            String joined = r % 3 == 0 ? String.format(Locale.ROOT, "2020-%02d-%02d", 1 + r % 12, 1 + r % 28)
                    : String.format(Locale.ROOT, "2021-%02d-%02dT%02d:%02d:00", 1 + r % 12, 1 + r % 28, r % 24, r % 60);
            csv.append(r % 17 == 0 ? "" : String.format(Locale.ROOT, "%.3f", income)).append(',')
                    .append(String.format(Locale.ROOT, "%.0f", age)).append(',')
                    .append(r % 19 == 0 ? "NA" : bools[b]).append(',')
                    .append(r % 23 == 0 ? "" : joined).append(',')
                    .append(r % 13 == 0 ? "?" : colors[color]).append(',')
                    .append("c").append(city).append(',')
                    .append("u").append(user).append(',')
                    .append('"').append(target).append("\"\n");
        }
        return read(csv.toString());
    }

    /** Rows to predict: missing cells written every way Neurite reads them, unseen and pooled values. */
    static CsvTable scoring() {
        return read(HEADER
                + "55.5,30,yes,2020-03-04,red,c1,u3,\n"
                + ",41,NO,2021-07-08T10:30:00,green,c2,u5,\n"            // a missing number
                + "NA,41,n,,blue,c3,u7,\n"                                 // a missing number as a token, a missing date
                + "48,na,Y,2019-01-01,,c4,u9,\n"                           // age missing as 'na' (never missing in training), color empty
                + "60,33,,2022-12-31T23:59:59,N/a,c21,u75,\n"              // boolean missing; color 'N/a'; a pooled city; a user seen once
                + "61,34,nUlL,2020-01-01,purple,Paris,nobody,\n"           // boolean 'nUlL'; unseen everywhere
                + "62,35,TRUE,nan,?,,,\n"                                  // date 'nan'; missing city and user
                + "nan,36,False,2020-02-29,RED,c22,U3,\n");                // 'nan' number; case-different categories are unseen
    }

    static CsvTable read(String csv) {
        try {
            return CsvTable.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "t.csv");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The network the CLI builds: an Embedding per embedded column (the last first), then dense layers. */
    static Model model(CsvTable table, String kind, long seed) {
        Preprocessor pre = TableData.fit(table, "target", null, MissingValues.DEFAULTS, dev.neurite.data.ColumnChoice.AUTO).preprocessor();
        List<Layer> layers = new ArrayList<>();
        int width = pre.inputWidth();
        List<Preprocessor.EmbeddedInput> embedded = pre.embeddedInputs();
        for (int i = embedded.size() - 1; i >= 0; i--) {
            Preprocessor.EmbeddedInput e = embedded.get(i);
            layers.add(new Embedding(width, e.input(), e.vocabulary(), e.dimension()));
            width += e.dimension() - 1;
        }
        layers.add(new Dense(width, 8, Activations.tanh()));
        layers.add(new Dense(8, pre.outputWidth(), Activations.identity()));
        Network net = Network.of(seed, layers.toArray(Layer[]::new));
        return new Model(net, pre.task() == Task.CLASSIFICATION ? "softmax_cross_entropy" : "mse", pre, Map.of());
    }

    static Stream<String> tasks() {
        return Stream.of("multiclass", "binary", "regression");
    }

    @Test
    void thePreprocessingHasEveryKindOfColumn() {
        Preprocessor pre = model(training("multiclass", 1), "multiclass", 1).preprocessor();
        assertEquals(List.of("income", "age", "member", "joined", "color", "city", "user"), pre.features());
        assertArrayEquals(new boolean[] {true, false, true, true}, pre.missingIndicators());
        assertArrayEquals(new Preprocessor.NumericKind[] {Preprocessor.NumericKind.NUMBER, Preprocessor.NumericKind.NUMBER,
                Preprocessor.NumericKind.BOOLEAN, Preprocessor.NumericKind.DATE}, pre.numericKinds());
        assertTrue(pre.encoder(4).categories().contains(OneHotEncoder.MISSING), "color has missing cells as a category");
        assertTrue(pre.encoder(5).hasOther() && !pre.encoder(5).embedded(), "city pools rare values");
        assertTrue(pre.encoder(6).embedded(), "user is embedded");
    }

    @ParameterizedTest(name = "{0}: ONNX Runtime gives Neurite's outputs on missing, unseen and pooled values")
    @MethodSource("tasks")
    void onnxRuntimeGivesNeuritesOutputs(String kind) throws Exception {
        Model model = model(training(kind, 2), kind, 3);
        Preprocessor pre = model.preprocessor();
        byte[] onnx = Onnx.toBytes(model, Onnx.Inputs.COLUMNS);
        for (CsvTable table : List.of(scoring(), training(kind, 2))) {
            Matrix expected = OnnxExportTest.neurite(model, table);
            Map<String, Object> out = run(onnx, pre, table);
            if (pre.task() == Task.CLASSIFICATION) {
                OnnxExportTest.assertClose(expected, (float[][]) out.get("probabilities"), kind);
                assertArrayEquals(OnnxExportTest.labels(model, expected), (String[]) out.get("label"), kind + " labels");
            } else {
                OnnxExportTest.assertClose(expected, (float[][]) out.get("value"), kind);
            }
        }
    }

    @ParameterizedTest(name = "{0}: export, import, predict; the interpreter agrees; the imported model saves")
    @MethodSource("tasks")
    void importGivesBackTheModel(String kind) throws Exception {
        Model model = model(training(kind, 4), kind, 5);
        Preprocessor pre = model.preprocessor();
        Path file = dir.resolve(kind + ".onnx");
        Onnx.export(model, file, Onnx.Inputs.COLUMNS);
        Model imported = Onnx.loadModel(file);
        Preprocessor back = imported.preprocessor();
        assertEquals(pre.features(), back.features());
        assertArrayEquals(pre.fillValues(), back.fillValues());
        assertArrayEquals(pre.missingIndicators(), back.missingIndicators());
        assertArrayEquals(pre.numericKinds(), back.numericKinds());
        assertEquals(pre.missingValues().tokens(), back.missingValues().tokens());
        for (int j = 0; j < pre.features().size(); j++) {
            OneHotEncoder e = pre.encoder(j);
            OneHotEncoder b = back.encoder(j);
            assertEquals(e == null, b == null, pre.features().get(j));
            if (e != null) {
                assertEquals(e.categories(), b.categories(), pre.features().get(j));
                assertEquals(e.hasOther(), b.hasOther(), pre.features().get(j));
                assertEquals(e.embedded(), b.embedded(), pre.features().get(j));
            }
        }
        CsvTable table = scoring();
        Matrix before = OnnxExportTest.neurite(model, table);
        assertArrayEquals(before.data(), OnnxExportTest.neurite(imported, table).data(), kind + ": imported predictions");
        Path saved = dir.resolve(kind + ".model");
        ModelFile.save(imported, saved);
        assertArrayEquals(before.data(), OnnxExportTest.neurite(ModelFile.load(saved), table).data(), kind + ": converted model file");
        Map<String, Object> run = Onnx.load(file).run(tensors(pre, table));
        Tensor result = (Tensor) run.get(pre.task() == Task.CLASSIFICATION ? "probabilities" : "value");
        OnnxFixtureTest.assertClose(java.util.Arrays.copyOf(before.data(), before.size()), result.floatData(), kind + " interpreter");
    }

    @Test
    void theTensorGraphEmbedsTheIndexColumnAsNeuriteDoes() throws Exception {
        Model model = model(training("multiclass", 6), "multiclass", 7);
        CsvTable table = scoring();
        Matrix encoded = model.preprocessor().encodeFeatures(table);
        Matrix expected = model.network().predictProbabilities(encoded);
        byte[] onnx = Onnx.toBytes(model, Onnx.Inputs.TENSOR);
        float[][] ort;
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(encoded.data(), 0, encoded.size()),
                     new long[] {encoded.rows(), encoded.columns()});
             OrtSession.Result result = session.run(Map.of("features", x))) {
            ort = (float[][]) result.get("probabilities").get().getValue();
        }
        OnnxExportTest.assertClose(expected, ort, "tensor input");
        Tensor interpreted = (Tensor) Onnx.read(onnx, "t.onnx").run(Map.of("features", Tensor.floats(
                new int[] {encoded.rows(), encoded.columns()}, java.util.Arrays.copyOf(encoded.data(), encoded.size())))).get("probabilities");
        OnnxFixtureTest.assertClose(java.util.Arrays.copyOf(expected.data(), expected.size()), interpreted.floatData(), "interpreter");
    }

    @Test
    void aBinaryClassifiersDecisionThresholdDecidesTheLabelInTheGraphAndComesBack() throws Exception {
        Model plain = model(training("binary", 12), "binary", 13);
        CsvTable table = training("binary", 12);
        Matrix p = OnnxExportTest.neurite(plain, table);
        // a threshold between two rows' probabilities, so that some labels differ from the most probable class's
        float[] positive = new float[p.rows()];
        for (int r = 0; r < positive.length; r++) {
            positive[r] = p.get(r, 1);
        }
        java.util.Arrays.sort(positive);
        double threshold = positive[positive.length / 4];
        Model model = plain.withDecisionThreshold(threshold);
        dev.neurite.io.Predictions expected = new dev.neurite.io.Predictor(model).predict(table);
        String[] labels = new String[expected.size()];
        int differ = 0;
        for (int r = 0; r < labels.length; r++) {
            labels[r] = expected.label(r);
            differ += labels[r].equals(OnnxExportTest.labels(plain, p)[r]) ? 0 : 1;
        }
        assertTrue(differ > 0, "the threshold changes some labels");
        byte[] onnx = Onnx.toBytes(model, Onnx.Inputs.COLUMNS);
        Map<String, Object> out = run(onnx, model.preprocessor(), table);
        assertArrayEquals(labels, (String[]) out.get("label"), "labels at the threshold");
        Model imported = Onnx.read(onnx, "t.onnx") == null ? null : Onnx.toModel(Onnx.read(onnx, "t.onnx"), "t.onnx");
        assertEquals((float) threshold, (float) imported.decisionThreshold(), "the threshold comes back");
        dev.neurite.io.Predictions back = new dev.neurite.io.Predictor(imported).predict(table);
        for (int r = 0; r < labels.length; r++) {
            assertEquals(labels[r], back.label(r), "row " + r);
        }
        Tensor interpreted = (Tensor) Onnx.read(onnx, "t.onnx").run(tensors(model.preprocessor(), table)).get("label");
        assertArrayEquals(labels, interpreted.stringData(), "interpreter labels");
    }

    @Test
    void aBooleanNeuriteRefusesGivesNanInTheGraph() throws Exception {
        Model model = model(training("binary", 8), "binary", 9);
        CsvTable table = read(HEADER + "55,30,maybe,2020-03-04,red,c1,u3,\n");
        Map<String, Object> out = run(Onnx.toBytes(model, Onnx.Inputs.COLUMNS), model.preprocessor(), table);
        float[][] p = (float[][]) out.get("probabilities");
        assertTrue(Float.isNaN(p[0][0]) && Float.isNaN(p[0][1]), "NaN probabilities for 'maybe'");
        assertThrows(dev.neurite.InvalidInputException.class, () -> model.preprocessor().encodeFeatures(table));
    }

    @Test
    void inputsSayWhatTheyTake() {
        Model model = model(training("binary", 10), "binary", 11);
        OnnxGraph g = OnnxFormat.read(Onnx.toBytes(model, Onnx.Inputs.COLUMNS), "t.onnx");
        Map<String, OnnxGraph.ValueInfo> inputs = new HashMap<>();
        g.inputs().forEach(v -> inputs.put(v.name(), v));
        assertEquals(OnnxFormat.FLOAT, inputs.get("joined").elementType());
        assertTrue(inputs.get("joined").docString().contains("days since 1970-01-01"), inputs.get("joined").docString());
        assertEquals(OnnxFormat.STRING, inputs.get("member").elementType());
        assertTrue(inputs.get("income").docString().contains("NaN for a missing value"), inputs.get("income").docString());
        assertEquals("NA\nN/A\nNaN\nnull\n?", g.metadata().get(ColumnInputs.NA_VALUES_KEY));
        assertEquals("joined", g.metadata().get(ColumnInputs.DATES_KEY));
    }

    @Test
    void missingTokensMatchInEveryCase() {
        assertEquals(List.of("na", "nA", "Na", "NA"), ColumnInputs.spellings("NA"));
        assertEquals(16, ColumnInputs.spellings("null").size());
        assertTrue(ColumnInputs.spellings("kg").contains("\u212Ag"), "Kelvin's sign lower-cases to k");
        for (String s : ColumnInputs.spellings("N/A")) {
            assertTrue(MissingValues.DEFAULTS.isMissing(s), s);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColumnInputs.spellings("notavailableatall"));
        assertTrue(e.getMessage().contains("'notavailableatall'"), e.getMessage());
    }

    /** Days since 1970-01-01 UTC as Neurite reads an ISO date or timestamp (the graph's date input). */
    static float days(String v) {
        if (v.length() == 10) {
            return (float) LocalDate.parse(v).toEpochDay();
        }
        LocalDateTime t = LocalDateTime.parse(v.replace(' ', 'T'));
        return (float) ((t.toEpochSecond(ZoneOffset.UTC) + t.getNano() / 1e9) / 86_400.0);
    }

    /** The graph's inputs for the rows of {@code table}: NaN for a missing number or date, strings as they are. */
    static Map<String, Tensor> tensors(Preprocessor pre, CsvTable table) {
        Map<String, Tensor> inputs = new HashMap<>();
        int[] shape = {table.rowCount(), 1};
        Preprocessor.NumericKind[] kinds = pre.numericKinds();
        for (int j = 0, k = 0; j < pre.features().size(); j++) {
            int column = table.columnIndex(pre.features().get(j));
            String[] raw = new String[table.rowCount()];
            for (int r = 0; r < raw.length; r++) {
                raw[r] = table.value(r, column) == null ? "" : table.value(r, column).strip();
            }
            Preprocessor.NumericKind kind = pre.encoder(j) == null ? kinds[k++] : null;
            if (kind == Preprocessor.NumericKind.NUMBER || kind == Preprocessor.NumericKind.DATE) {
                float[] v = new float[raw.length];
                for (int r = 0; r < v.length; r++) {
                    v[r] = pre.missingValues().isMissing(raw[r]) ? Float.NaN
                            : kind == Preprocessor.NumericKind.DATE ? days(raw[r]) : Float.parseFloat(raw[r]);
                }
                inputs.put(pre.features().get(j), Tensor.floats(shape, v));
            } else {
                inputs.put(pre.features().get(j), Tensor.strings(shape, raw));
            }
        }
        return inputs;
    }

    static Map<String, Object> run(byte[] onnx, Preprocessor pre, CsvTable table) throws OrtException {
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            try {
                long[] shape = {table.rowCount(), 1};
                for (Map.Entry<String, Tensor> e : tensors(pre, table).entrySet()) {
                    Tensor t = e.getValue();
                    inputs.put(e.getKey(), t.kind() == Tensor.Kind.FLOAT
                            ? OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(t.floatData()), shape)
                            : OnnxTensor.createTensor(env, t.stringData(), shape));
                }
                Map<String, Object> out = new HashMap<>();
                try (OrtSession.Result result = session.run(inputs)) {
                    for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
                        out.put(e.getKey(), e.getValue().getValue());
                    }
                }
                return out;
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }
    }
}

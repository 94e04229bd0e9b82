package dev.neurite.io;

import static dev.neurite.nn.Activations.leakyRelu;
import static dev.neurite.nn.Activations.tanh;
import static dev.neurite.nn.Layers.dense;
import static dev.neurite.nn.Layers.dropout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neurite.InvalidInputException;
import dev.neurite.TestData;
import dev.neurite.data.BundledData;
import dev.neurite.data.CsvTable;
import dev.neurite.data.MissingValues;
import dev.neurite.data.Preprocessor;
import dev.neurite.nn.Layers;
import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.nn.PeriodicEmbedding;
import dev.neurite.tensor.Matrix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    private static Model irisModel() {
        CsvTable table = BundledData.table("iris");
        Preprocessor pre = Preprocessor.fit(table, "species", null);
        Network net = Network.of(3, dense(4, 8, leakyRelu(0.2f)), dropout(0.2f), Layers.activation(tanh()), dense(8, 3));
        return new Model(net, "softmax_cross_entropy", pre, Map.of("epochs", 3, "note", "test"));
    }

    @Test
    void saveLoadPredictGivesTheSameNumbers() throws IOException {
        Model model = irisModel();
        Path file = dir.resolve("iris.model");
        ModelFile.save(model, file);
        Model loaded = ModelFile.load(file);
        Matrix x = model.preprocessor().encodeFeatures(BundledData.table("iris"));
        assertTrue(model.network().predict(x).contentEquals(loaded.network().predict(x)), "bitwise-identical predictions");
        assertEquals(model.network().toString(), loaded.network().toString());
        assertEquals(model.preprocessor().classLabels(), loaded.preprocessor().classLabels());
        assertArrayEquals(model.preprocessor().numericScaler().mean(), loaded.preprocessor().numericScaler().mean());
        assertEquals(3.0, loaded.training().get("epochs"));
        assertTrue(loaded.preprocessor().encodeFeatures(BundledData.table("iris")).contentEquals(x));
    }

    private static Model modelWithMissingValues() throws IOException {
        CsvTable table = CsvTable.parse(new java.io.StringReader("v,c,y\n1,red,a\nNA,blue,b\n3,,a\n8,red,b\n"), "m.csv");
        Preprocessor pre = Preprocessor.fit(table, "y", null, new MissingValues(java.util.List.of("NA", "-")));
        Network net = Network.of(3, dense(pre.inputWidth(), 4, tanh()), dense(4, 2));
        return new Model(net, "softmax_cross_entropy", pre, Map.of());
    }

    @Test
    void missingValueHandlingIsSavedAndLoaded() throws IOException {
        Model model = modelWithMissingValues();
        Path file = dir.resolve("missing.model");
        ModelFile.save(model, file);
        Preprocessor loaded = ModelFile.load(file).preprocessor();
        assertEquals(java.util.List.of("NA", "-"), loaded.missingValues().tokens());
        assertArrayEquals(new boolean[] {true}, loaded.missingIndicators());
        assertArrayEquals(new float[] {3f}, loaded.fillValues());
        assertEquals(java.util.List.of("", "blue", "red"), loaded.encoder(1).categories());
        CsvTable rows = CsvTable.parse(new java.io.StringReader("v,c\n-,red\n2,\n"), "new.csv");
        assertTrue(model.preprocessor().encodeFeatures(rows).contentEquals(loaded.encodeFeatures(rows)));
    }

    @Test
    void aVersionOneFileStillLoads() throws IOException {
        Path file = dir.resolve("v2.model");
        ModelFile.save(irisModel(), file);
        SafeTensors.Contents v2 = SafeTensors.read(Files.readAllBytes(file), "v2.model");
        Map<String, SafeTensors.Tensor> tensors = new java.util.LinkedHashMap<>(v2.tensors());
        tensors.remove("preprocessing.fill");
        Map<String, String> meta = new java.util.LinkedHashMap<>(v2.metadata());
        meta.put("format_version", "1");
        // a version 1 file recorded no checksums of its metadata (nor of preprocessing.fill)
        meta.put("checksums", meta.get("checksums").replaceAll(",?\"(__metadata__\\.[a-z_]+|preprocessing\\.fill)\":\"[0-9a-f]{8}\"", ""));
        meta.put("preprocessing", meta.get("preprocessing").replaceAll(",?\"missing_indicator\":false", "")
                .replaceAll("\"na_values\":\\[[^\\]]*\\],", ""));
        assertTrue(!meta.get("preprocessing").contains("missing") && !meta.get("preprocessing").contains("na_values"), meta.get("preprocessing"));
        Path old = dir.resolve("v1.model");
        try (var out = Files.newOutputStream(old)) {
            SafeTensors.write(out, tensors, meta);
        }
        Preprocessor pre = ModelFile.load(old).preprocessor();
        assertEquals(java.util.List.of(), pre.missingValues().tokens(), "version 1 read only empty cells as missing");
        assertArrayEquals(pre.numericScaler().mean(), pre.fillValues(), "and fills them with the mean");
        Matrix x = irisModel().preprocessor().encodeFeatures(BundledData.table("iris"));
        assertTrue(pre.encodeFeatures(BundledData.table("iris")).contentEquals(x));
    }

    @Test
    void anIndependentSafetensorsReaderFindsTheWeights() throws IOException {
        Model model = irisModel();
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(model, file);
        byte[] bytes = Files.readAllBytes(file);
        // The layout by hand: u64 little-endian header length, a JSON header, raw little-endian data.
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "the data starts 8-byte aligned");
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        assertEquals("neurite", header.get("__metadata__").get("format").asText());
        for (Parameter p : model.network().parameters()) {
            JsonNode entry = header.get(p.name());
            assertEquals("F32", entry.get("dtype").asText());
            long begin = entry.get("data_offsets").get(0).asLong();
            long end = entry.get("data_offsets").get(1).asLong();
            assertEquals(4L * p.value().size(), end - begin);
            float[] stored = new float[p.value().size()];
            ByteBuffer.wrap(bytes, (int) (8 + n + begin), (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(stored);
            assertArrayEquals(Arrays.copyOf(p.value().data(), p.value().size()), stored, p.name());
        }
        assertEquals(2, header.get("0.weight").get("shape").size());
        assertEquals(4, header.get("0.weight").get("shape").get(0).asInt(), "weights are [in, out]");
        assertEquals(1, header.get("0.bias").get("shape").size());
        JsonNode arch = new ObjectMapper().readTree(header.get("__metadata__").get("architecture").asText());
        assertEquals("leaky_relu(0.2)", arch.get("layers").get(0).get("activation").asText());
    }

    @Test
    void aFailedSaveLeavesThePreviousFileIntact() throws IOException {
        Path file = dir.resolve("keep.model");
        ModelFile.save(irisModel(), file);
        byte[] before = Files.readAllBytes(file);
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write(new byte[1000]);
            throw new IOException("disk full (simulated)");
        }));
        assertEquals(file.toAbsolutePath() + ": disk full (simulated)", e.getMessage(), "the failure names the file it was writing");
        assertArrayEquals(before, Files.readAllBytes(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aNewFileIsReadableByOthersAndAReplacedOneKeepsItsPermissions() throws IOException {
        Path file = dir.resolve("perm.model");
        ModelFile.save(irisModel(), file);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
        ModelFile.save(irisModel(), file);
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    private byte[] saved() throws IOException {
        Path file = dir.resolve("x.model");
        ModelFile.save(irisModel(), file);
        return Files.readAllBytes(file);
    }

    private void assertCorrupt(String expected, byte[] bytes) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelFile.read(bytes, "m.model"));
        assertTrue(e.getMessage().contains(expected), "expected «" + expected + "» in «" + e.getMessage() + "»");
    }

    /** A file whose header is {@code json} and whose data is {@code dataBytes} zero bytes. */
    private static byte[] withHeader(String json, int dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    @Test
    void corruptFilesAreNamedAndNeverOverAllocate() throws IOException {
        byte[] good = saved();
        assertCorrupt("too short for a safetensors file", new byte[] {1, 2, 3});
        assertCorrupt("does not fit the file", Arrays.copyOf(good, good.length / 2));
        byte[] hostile = good.clone();
        ByteBuffer.wrap(hostile).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 60);
        assertCorrupt("the header length 1152921504606846976 does not fit the file", hostile);
        assertCorrupt("invalid JSON", withHeader("{not json", 0));
        assertCorrupt("not a Neurite model file", withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
        String meta = "{\"__metadata__\":{\"format\":\"neurite\",\"format_version\":\"%s\",\"loss\":\"mse\","
                + "\"architecture\":\"{\\\"layers\\\":[{\\\"type\\\":\\\"dense\\\",\\\"in\\\":2,\\\"out\\\":1,\\\"activation\\\":\\\"identity\\\"}]}\"},"
                + "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[%s],\"data_offsets\":[0,%d]},"
                + "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[%d,%d]}}";
        assertEquals("ok", ModelFile.read(withHeader(String.format(meta, "1", "2,1", 8, 8, 12), 12), "m").loss().equals("mse") ? "ok" : "");
        assertCorrupt("model format version 7; this Neurite reads versions 1 to 3", withHeader(String.format(meta, "7", "2,1", 8, 8, 12), 12));
        assertCorrupt("tensor '0.weight' has shape [3, 1] but the architecture needs [2, 1]",
                withHeader(String.format(meta, "1", "3,1", 12, 12, 16), 16));
        assertCorrupt("tensor '0.weight' has shape [2, 1] (8 bytes) but data_offsets cover 12 bytes",
                withHeader(String.format(meta, "1", "2,1", 12, 12, 16), 16));
        assertCorrupt("outside the 12 data bytes", withHeader(String.format(meta, "1", "2,1", 8, 8, 1 << 30), 12));
        assertCorrupt("overlaps", withHeader(String.format(meta, "1", "2,1", 8, 4, 8), 12));
    }

    /**
     * Every single-bit flip anywhere in the header of a model with text categories, missing
     * values and a threshold is either refused or loads a model that predicts the same bits with
     * the same preprocessing (a flip in the training summary is reported as damaged).
     */
    @Test
    void noFlippedBitInTheHeaderLoadsAModelThatPredictsOtherwise() throws IOException {
        Model model = modelWithMissingValues().withDecisionThreshold(0.4);
        Path file = dir.resolve("flip.model");
        ModelFile.save(model.withTraining(Map.of("epochs", 3, "note", "summary")), file);
        byte[] good = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        CsvTable rows = CsvTable.parse(new java.io.StringReader("v,c\n-,red\n2,\n9,blue\n"), "new.csv");
        Matrix x = model.preprocessor().encodeFeatures(rows);
        Matrix expected = model.network().predict(x);
        int refused = 0;
        int summaryDamaged = 0;
        for (int i = 8; i < 8 + headerLength; i++) {
            for (int bit : new int[] {0, 5}) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) (1 << bit);
                Model loaded;
                try {
                    loaded = ModelFile.read(bad, "m.model");
                } catch (InvalidInputException e) {
                    refused++;
                    continue;
                }
                String where = "bit " + bit + " of header byte " + i + " ('" + (char) good[i] + "')";
                assertTrue(loaded.preprocessor().encodeFeatures(rows).contentEquals(x), where + " changed the encoding");
                assertTrue(loaded.network().predict(x).contentEquals(expected), where + " changed the predictions");
                assertEquals(model.network().toString(), loaded.network().toString(), where);
                assertEquals(model.decisionThreshold(), loaded.decisionThreshold(), where);
                assertEquals(model.preprocessor().classLabels(), loaded.preprocessor().classLabels(), where);
                if (loaded.training().containsKey("unreadable")) {
                    summaryDamaged++;
                } else {
                    assertEquals(Map.of("epochs", 3.0, "note", "summary"), loaded.training(), where);
                }
            }
        }
        assertTrue(refused > headerLength, "most flips are refused: " + refused);
        assertTrue(summaryDamaged > 0, "flips inside the summary are reported: " + summaryDamaged);
        assertCorrupt("metadata 'preprocessing' has checksum", flipped(good, "\"blue\""));
    }

    /** {@code good} with the first byte of {@code text} inside its header changed from its letter to the next. */
    private static byte[] flipped(byte[] good, String text) {
        String escaped = text.replace("\"", "\\\"");
        String all = new String(good, StandardCharsets.ISO_8859_1);
        int at = all.indexOf(escaped);
        assertTrue(at > 0, escaped);
        byte[] bad = good.clone();
        bad[at + 2]++;
        return bad;
    }

    @Test
    void aNetworkWithoutPreprocessingRoundTrips() throws IOException {
        Network net = Network.of(5, dense(3, 4, tanh()), dense(4, 2));
        Path file = dir.resolve("raw.model");
        ModelFile.save(new Model(net, "mse", null, null), file);
        Model loaded = ModelFile.load(file);
        Matrix x = TestData.uniform(7, 3, 1f, 2);
        assertTrue(net.predict(x).contentEquals(loaded.network().predict(x)));
        assertEquals(null, loaded.preprocessor());
    }

    @Test
    void periodicEmbeddingsRoundTripAndBadShapesAreNamed() throws IOException {
        CsvTable table = BundledData.table("iris");
        Preprocessor pre = Preprocessor.fit(table, "species", null);
        for (boolean lite : new boolean[] {false, true}) {
            Network net = Network.of(3, new PeriodicEmbedding(4, new int[] {0, 1, 3}, 6, 5, 0.3f, lite), dense(16, 8, tanh()), dense(8, 3));
            Path file = dir.resolve("plr-" + lite + ".model");
            ModelFile.save(new Model(net, "softmax_cross_entropy", pre, Map.of()), file);
            Model loaded = ModelFile.load(file);
            Matrix x = pre.encodeFeatures(table);
            assertTrue(net.predict(x).contentEquals(loaded.network().predict(x)), "bitwise-identical predictions, lite " + lite);
            assertEquals(net.toString(), loaded.network().toString());
        }
        // one embedded column of 2, k = 2, d = 1: frequencies [1, 2], weight [4, 1], bias [1]
        assertEquals("mse", ModelFile.read(periodicFile("[1]", "0.5", "false", 2, 4, 1), "m").loss());
        assertCorrupt("column 5 is outside 0 … 1", periodicFile("[5]", "0.5", "false", 2, 4, 1));
        assertCorrupt("columns must increase, 1 is followed by 0", periodicFile("[1, 0]", "0.5", "false", 2, 4, 1));
        assertCorrupt("has 'sigma' = -1.0, not a positive number", periodicFile("[1]", "-1", "false", 2, 4, 1));
        assertCorrupt("has 'lite' = yes, not true or false", periodicFile("[1]", "0.5", "\"yes\"", 2, 4, 1));
        assertCorrupt("has 'columns' = [], not a list of 1 to 2 column positions", periodicFile("[]", "0.5", "false", 2, 4, 1));
        assertCorrupt("tensor '0.frequencies' has shape [1, 3] but the architecture needs [1, 2]", periodicFile("[1]", "0.5", "false", 3, 4, 1));
        assertCorrupt("tensor '0.weight' has shape [6, 1] but the architecture needs [4, 1]", periodicFile("[1]", "0.5", "false", 2, 6, 1));
        assertCorrupt("tensor '0.bias' has shape [2] but the architecture needs [1]", periodicFile("[1]", "0.5", "false", 2, 4, 2));
    }

    /** A file of one periodic embedding (2 inputs, k = 2, d = 1) and a dense layer, with tensors of the given sizes. */
    private static byte[] periodicFile(String columns, String sigma, String lite, int frequencies, int weightRows, int biases) {
        String layers = "{\"layers\":[{\"type\":\"periodic_embedding\",\"in\":2,\"columns\":" + columns + ",\"frequencies\":2,"
                + "\"dimension\":1,\"sigma\":" + sigma + ",\"lite\":" + lite + "},"
                + "{\"type\":\"dense\",\"in\":2,\"out\":1,\"activation\":\"identity\"}]}";
        int[] sizes = {frequencies, weightRows, biases, 2, 1};
        String[] names = {"0.frequencies", "0.weight", "0.bias", "1.weight", "1.bias"};
        String[] shapes = {"1," + frequencies, weightRows + ",1", "" + biases, "2,1", "1"};
        StringBuilder h = new StringBuilder("{\"__metadata__\":{\"format\":\"neurite\",\"format_version\":\"2\",\"loss\":\"mse\",\"architecture\":")
                .append(Json.write(layers)).append("}");
        int offset = 0;
        for (int i = 0; i < names.length; i++) {
            h.append(",\"").append(names[i]).append("\":{\"dtype\":\"F32\",\"shape\":[").append(shapes[i]).append("],\"data_offsets\":[")
                    .append(offset).append(",").append(offset + 4 * sizes[i]).append("]}");
            offset += 4 * sizes[i];
        }
        return withHeader(h.append("}").toString(), offset);
    }
}

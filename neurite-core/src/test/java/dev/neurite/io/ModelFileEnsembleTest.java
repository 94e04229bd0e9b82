package dev.neurite.io;

import static dev.neurite.nn.Activations.tanh;
import static dev.neurite.nn.Layers.dense;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.InvalidInputException;
import dev.neurite.data.BundledData;
import dev.neurite.data.CsvTable;
import dev.neurite.data.Preprocessor;
import dev.neurite.nn.Network;
import dev.neurite.tensor.Matrix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ensemble predicts the mean of its members, saves as format version 3 with one set of
 * tensors per member and loads back bit for bit; a single network still saves as version 2 with
 * bare tensor names; files whose member list does not match their tensors are refused, naming
 * the problem.
 */
class ModelFileEnsembleTest {
    @TempDir
    Path dir;

    private static final CsvTable IRIS = BundledData.table("iris");

    private static Model ensemble(int k) {
        Preprocessor pre = Preprocessor.fit(IRIS, "species", null);
        List<Network> members = new java.util.ArrayList<>();
        for (int i = 0; i < k; i++) {
            members.add(Network.of(10 + i, dense(4, 6, tanh()), dense(6, 3)));
        }
        return Model.ensemble(members, "softmax_cross_entropy", pre, Map.of("note", "test"), Double.NaN);
    }

    @Test
    void theEnsemblePredictsTheMeanOfItsMembers() {
        Model model = ensemble(3);
        Matrix x = model.preprocessor().encodeFeatures(IRIS);
        Matrix mean = model.predictProbabilities(x);
        Matrix values = model.predict(x);
        List<Matrix> probabilities = model.members().stream().map(m -> m.predictProbabilities(x)).toList();
        List<Matrix> outputs = model.members().stream().map(m -> m.predict(x)).toList();
        for (int r = 0; r < x.rows(); r++) {
            double total = 0;
            for (int c = 0; c < 3; c++) {
                double p = 0;
                double v = 0;
                for (int i = 0; i < 3; i++) {
                    p += probabilities.get(i).get(r, c);
                    v += outputs.get(i).get(r, c);
                }
                assertEquals(p / 3, mean.get(r, c), 1e-6, "row " + r + " class " + c);
                assertEquals(v / 3, values.get(r, c), 1e-5, "row " + r + " output " + c);
                total += mean.get(r, c);
            }
            assertEquals(1, total, 1e-5, "the mean of probabilities sums to 1");
        }
        assertFalse(mean.contentEquals(probabilities.get(0)), "the mean is not the first member's");
        Predictions p = new Predictor(model).predictEncoded(x, List.of());
        assertTrue(p.outputs().contentEquals(mean), "the Predictor scores with the mean");
    }

    @Test
    void oneNetworkIsItsOwnEnsembleBitForBit() {
        Model single = ensemble(1);
        Matrix x = single.preprocessor().encodeFeatures(IRIS);
        assertFalse(single.isEnsemble());
        assertTrue(single.predictProbabilities(x).contentEquals(single.network().predictProbabilities(x)));
        assertTrue(single.predict(x).contentEquals(single.network().predict(x)));
    }

    @Test
    void anEnsembleRoundTripsAndASingleNetworkKeepsFormatTwo() throws IOException {
        Model model = ensemble(3).withDecisionThreshold(Double.NaN);
        Path file = dir.resolve("e.model");
        ModelFile.save(model, file);
        SafeTensors.Contents raw = SafeTensors.read(Files.readAllBytes(file), "e.model");
        assertEquals("3", raw.metadata().get("format_version"));
        assertEquals("3", raw.metadata().get("members"));
        assertTrue(raw.tensors().containsKey("member.2.1.bias") && !raw.tensors().containsKey("0.weight"), raw.tensors().keySet().toString());
        Model loaded = ModelFile.load(file);
        assertEquals(3, loaded.members().size());
        Matrix x = model.preprocessor().encodeFeatures(IRIS);
        for (int i = 0; i < 3; i++) {
            assertTrue(model.members().get(i).predict(x).contentEquals(loaded.members().get(i).predict(x)), "member " + i);
        }
        assertTrue(model.predictProbabilities(x).contentEquals(loaded.predictProbabilities(x)), "the ensemble's predictions");
        assertEquals(model.withTraining(Map.of()).members().size(), 3, "withTraining keeps the members");

        Path single = dir.resolve("s.model");
        ModelFile.save(ensemble(1), single);
        SafeTensors.Contents one = SafeTensors.read(Files.readAllBytes(single), "s.model");
        assertEquals("2", one.metadata().get("format_version"));
        assertNull(one.metadata().get("members"));
        assertTrue(one.tensors().containsKey("0.weight"));
        assertEquals(1, ModelFile.load(single).members().size());
    }

    @Test
    void membersOfAnotherArchitectureAreRefused() {
        Model model = ensemble(2);
        Network other = Network.of(1, dense(4, 5, tanh()), dense(5, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Model.ensemble(List.of(model.network(), other), model.loss(), model.preprocessor(), null, Double.NaN));
        assertTrue(e.getMessage().contains("ensemble member 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Model.ensemble(List.of(), "mse", null, null, Double.NaN));
    }

    /** The saved ensemble of {@code k} with its metadata and tensors edited, read back. */
    private String refused(int k, Consumer<Map<String, String>> metadata, Consumer<Map<String, SafeTensors.Tensor>> tensors) throws IOException {
        Path file = dir.resolve("m.model");
        ModelFile.save(ensemble(k), file);
        SafeTensors.Contents raw = SafeTensors.read(Files.readAllBytes(file), "m.model");
        Map<String, String> meta = new LinkedHashMap<>(raw.metadata());
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>(raw.tensors());
        meta.remove("checksums"); // files without checksums load as they are: the edits below reach the member checks
        metadata.accept(meta);
        tensors.accept(t);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(out, t, meta);
        return assertThrows(InvalidInputException.class, () -> ModelFile.read(out.toByteArray(), "m.model")).getMessage();
    }

    @Test
    void aChangedMemberCountIsCaughtByItsChecksum() throws IOException {
        Path file = dir.resolve("c.model");
        ModelFile.save(ensemble(3), file);
        SafeTensors.Contents raw = SafeTensors.read(Files.readAllBytes(file), "c.model");
        Map<String, String> meta = new LinkedHashMap<>(raw.metadata());
        meta.put("members", "2");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(out, raw.tensors(), meta);
        String m = assertThrows(InvalidInputException.class, () -> ModelFile.read(out.toByteArray(), "c.model")).getMessage();
        assertTrue(m.contains("members"), m);
    }

    @Test
    void anInconsistentMemberListIsRefusedWithAMessage() throws IOException {
        String m = refused(3, meta -> meta.put("members", "4"), t -> { });
        assertTrue(m.contains("tensor 'member.3.0.weight' is missing (the metadata says the ensemble has 4 members)"), m);
        m = refused(3, meta -> meta.put("members", "2"), t -> { });
        assertTrue(m.contains("member.2.0.weight") && m.contains("belong to no layer") && m.contains("2 members"), m);
        m = refused(3, meta -> meta.remove("members"), t -> { });
        assertTrue(m.contains("tensor '0.weight' is missing"), m);
        m = refused(3, meta -> meta.put("members", "1"), t -> { });
        assertTrue(m.contains("the ensemble's members '1' is not a number from 2 to 64"), m);
        m = refused(3, meta -> meta.put("members", "65"), t -> { });
        assertTrue(m.contains("'65' is not a number from 2 to 64"), m);
        m = refused(3, meta -> meta.put("members", "three"), t -> { });
        assertTrue(m.contains("'three' is not a number"), m);
        m = refused(3, meta -> meta.put("format_version", "2"), t -> { });
        assertTrue(m.contains("format version 2 has no ensembles, but the metadata names members '3'"), m);
        m = refused(3, meta -> { }, t -> t.remove("member.1.1.bias"));
        assertTrue(m.contains("tensor 'member.1.1.bias' is missing"), m);
        m = refused(1, meta -> { }, t -> t.put("member.1.0.weight", t.get("0.weight")));
        assertTrue(m.contains("belong to no layer") && m.contains("the metadata names no ensemble members"), m);
    }
}

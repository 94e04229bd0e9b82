package dev.neurite.io;

import static dev.neurite.nn.Activations.relu;
import static dev.neurite.nn.Layers.dense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.InvalidInputException;
import dev.neurite.data.BundledData;
import dev.neurite.data.CsvTable;
import dev.neurite.data.Preprocessor;
import dev.neurite.nn.Network;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged model is noticed on load; the writer never writes what the reader refuses. */
class ModelFileIntegrityTest {
    @TempDir
    Path dir;

    private static Model model(Map<String, Object> summary) {
        CsvTable table = BundledData.table("iris");
        return new Model(Network.of(3, dense(4, 8, relu()), dense(8, 3)), "softmax_cross_entropy",
                Preprocessor.fit(table, "species", null), summary);
    }

    private static int dataStart(byte[] bytes) {
        return 8 + (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void everyFlippedByteOfTheWeightsIsRefusedAsDamage() throws IOException {
        Path file = dir.resolve("m.model");
        ModelFile.save(model(Map.of()), file);
        byte[] good = Files.readAllBytes(file);
        int start = dataStart(good);
        int refused = 0;
        for (int at = start; at < good.length; at += 7) {
            byte[] bad = good.clone();
            bad[at] ^= 0x10;
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelFile.read(bad, "m.model"),
                    "a flipped bit at byte " + at + " loaded silently");
            assertTrue(e.getMessage().startsWith("m.model: the weights are damaged: tensor '"), e.getMessage());
            refused++;
        }
        assertTrue(refused > 20, "flipped " + refused + " bytes");
    }

    @Test
    void aFileWithoutChecksumsStillLoads() throws IOException {
        Path file = dir.resolve("old.model");
        ModelFile.save(model(Map.of()), file);
        SafeTensors.Contents c = SafeTensors.read(Files.readAllBytes(file), "old");
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.remove("checksums"); // as files written before checksums were recorded
        try (OutputStream out = Files.newOutputStream(file)) {
            SafeTensors.write(out, c.tensors(), meta);
        }
        assertEquals(3, ModelFile.load(file).network().outputSize());
    }

    @Test
    void anUnreadableTrainingSummaryNeverMakesAModelUnloadable() throws IOException {
        Path file = dir.resolve("m.model");
        ModelFile.save(model(Map.of("epochs", 3)), file);
        SafeTensors.Contents c = SafeTensors.read(Files.readAllBytes(file), "m");
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.put("training", "{\"epochs\": 3, oops");
        try (OutputStream out = Files.newOutputStream(file)) {
            SafeTensors.write(out, c.tensors(), meta);
        }
        Model loaded = ModelFile.load(file);
        assertTrue(loaded.training().containsKey("unreadable"), loaded.training().toString());
    }

    @Test
    void aModelTheReaderWouldRefuseIsNotWrittenAndTheOldFileStays() throws IOException {
        Path file = dir.resolve("m.model");
        ModelFile.save(model(Map.of()), file);
        byte[] before = Files.readAllBytes(file);
        Model huge = model(Map.of("note", "x".repeat((int) SafeTensors.MAX_HEADER)));
        InvalidInputException early = assertThrows(InvalidInputException.class, () -> ModelFile.requireSavable(huge));
        assertTrue(early.getMessage().contains("over the " + SafeTensors.MAX_HEADER + " that safetensors readers accept"),
                early.getMessage());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelFile.save(huge, file));
        assertTrue(e.getMessage().startsWith(file + ": cannot write it: its header would be "), e.getMessage());
        assertTrue(e.getMessage().contains("'training' has"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the previous model is untouched");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left");
        }
    }
}

package dev.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDatasetTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes, boolean gzip) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            out.write(bytes);
        }
        return p;
    }

    @Test
    void readsImagesAndLabelsRawAndGzip() throws IOException {
        byte[] pixels = new byte[3 * 2 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 20);
        }
        pixels[11] = (byte) 255;
        Path images = write("img-ubyte.gz", IdxDataset.encode(new int[] {3, 2, 2}, pixels), true);
        Path labels = write("lab-ubyte", IdxDataset.encode(new int[] {3}, new byte[] {2, 0, 1}), false);
        IdxDataset.Images d = IdxDataset.read(images, labels);
        assertEquals(2, d.rows());
        assertEquals(3, d.pixels().rows());
        assertEquals(4, d.pixels().columns());
        assertEquals(255f, d.pixels().get(2, 3));
        assertEquals(100f, d.pixels().get(1, 1));
        assertArrayEquals(new int[] {2, 0, 1}, d.labels());
        assertEquals(3, d.classes());
    }

    private void assertError(String expected, Path images, Path labels) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxDataset.read(images, labels));
        assertTrue(e.getMessage().contains(expected), "expected «" + expected + "» in «" + e.getMessage() + "»");
    }

    @Test
    void badFilesAreNamed() throws IOException {
        Path labels = write("l", IdxDataset.encode(new int[] {2}, new byte[] {0, 1}), false);
        byte[] wrongMagic = IdxDataset.encode(new int[] {2, 1, 1}, new byte[] {1, 2});
        wrongMagic[0] = 0x50;
        assertError("wrong magic number 0x50000803", write("a", wrongMagic, false), labels);
        assertError("need 8 data bytes, the file has 2",
                write("b", IdxDataset.encode(new int[] {2, 2, 2}, new byte[] {1, 2}), false), labels);
        assertError("3 labels, but", write("c", IdxDataset.encode(new int[] {2, 1, 1}, new byte[] {1, 2}), false),
                write("l3", IdxDataset.encode(new int[] {3}, new byte[] {0, 1, 1}), false));
        // A hostile header claims 2^31−1 × 2^31−1 × 255 images: nothing that size is allocated.
        byte[] hostile = IdxDataset.encode(new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, 255}, new byte[] {1});
        assertError("[2147483647, 2147483647, 255] need more than 9223372036854775807 data bytes, the file has 1",
                write("d", hostile, false), labels);
        assertError("too short for an IDX header", write("e", new byte[] {0, 0}, false), labels);
        assertError("no such file", dir.resolve("missing"), labels);
    }
}

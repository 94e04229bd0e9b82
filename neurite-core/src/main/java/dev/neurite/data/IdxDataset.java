package dev.neurite.data;

import dev.neurite.InvalidInputException;
import dev.neurite.tensor.Matrix;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads images and labels in the IDX format of MNIST and Fashion-MNIST (LeCun et al.), raw or
 * gzip-compressed: a 4-byte magic number {@code 00 00 08 d} (unsigned bytes, d dimensions),
 * d big-endian 32-bit sizes, then the bytes. Images are n×rows×cols (d = 3), labels n (d = 1).
 *
 * <p>The dimensions are checked against the data actually present before anything is sized
 * from them, so a damaged or hostile header cannot make the reader allocate what it claims.
 */
public final class IdxDataset {
    private IdxDataset() {
    }

    /** One IDX file: its dimensions and its bytes. */
    public record IdxFile(int[] dimensions, byte[] data) {
    }

    /** An image file and its label file as a dataset of raw pixel values (0 … 255) and class indices. */
    public record Images(Matrix pixels, int rows, int cols, int[] labels) {
        /** The number of classes: the largest label + 1. */
        public int classes() {
            int max = 0;
            for (int l : labels) {
                max = Math.max(max, l);
            }
            return max + 1;
        }
    }

    /** Reads images and their labels, checking that they pair up. */
    public static Images read(Path images, Path labels) {
        IdxFile img = readFile(images);
        if (img.dimensions().length != 3) {
            throw new InvalidInputException(images + ": an image file has 3 dimensions (count, rows, columns), this one has "
                    + img.dimensions().length);
        }
        IdxFile lab = readFile(labels);
        if (lab.dimensions().length != 1) {
            throw new InvalidInputException(labels + ": a label file has 1 dimension (count), this one has " + lab.dimensions().length);
        }
        int n = img.dimensions()[0];
        int rows = img.dimensions()[1];
        int cols = img.dimensions()[2];
        if (lab.dimensions()[0] != n) {
            throw new InvalidInputException(labels + ": " + lab.dimensions()[0] + " labels, but " + images + " has " + n + " images");
        }
        int width = rows * cols;
        Matrix pixels = new Matrix(n, width);
        float[] d = pixels.data();
        byte[] raw = img.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = raw[i] & 0xff;
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = lab.data()[i] & 0xff;
        }
        return new Images(pixels, rows, cols, y);
    }

    /** Reads one IDX file of unsigned bytes. */
    public static IdxFile readFile(Path path) {
        byte[] bytes;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            try (InputStream data = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in) : in) {
                bytes = data.readAllBytes();
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(path + ": no such file");
        } catch (ZipException | EOFException e) {
            throw new InvalidInputException(path + ": the gzip data is damaged or cut short (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot read: " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new InvalidInputException(path + ": too large to read into memory");
        }
        return parse(bytes, path.toString());
    }

    /** Parses the bytes of an IDX file, naming it {@code source} in messages. */
    public static IdxFile parse(byte[] bytes, String source) {
        if (bytes.length < 4) {
            throw new InvalidInputException(source + ": " + bytes.length + " bytes, too short for an IDX header");
        }
        if (bytes[0] != 0 || bytes[1] != 0) {
            throw new InvalidInputException(String.format("%s: wrong magic number 0x%02x%02x%02x%02x, not an IDX file "
                    + "(expected 0x000008 then the number of dimensions)", source, bytes[0], bytes[1], bytes[2], bytes[3]));
        }
        if (bytes[2] != 0x08) {
            throw new InvalidInputException(String.format("%s: IDX data type 0x%02x is not supported; only unsigned bytes (0x08)",
                    source, bytes[2]));
        }
        int dims = bytes[3] & 0xff;
        if (dims < 1 || dims > 3) {
            throw new InvalidInputException(source + ": " + dims + " dimensions; expected 1 (labels) or 3 (images)");
        }
        int header = 4 + 4 * dims;
        if (bytes.length < header) {
            throw new InvalidInputException(source + ": the header is cut short (" + bytes.length + " bytes, need " + header + ")");
        }
        int[] shape = new int[dims];
        long expected = 1;
        for (int i = 0; i < dims; i++) {
            int o = 4 + 4 * i;
            long size = ((bytes[o] & 0xffL) << 24) | ((bytes[o + 1] & 0xffL) << 16) | ((bytes[o + 2] & 0xffL) << 8) | (bytes[o + 3] & 0xffL);
            if (size > Integer.MAX_VALUE) {
                throw new InvalidInputException(source + ": dimension " + (i + 1) + " is " + size + ", too large");
            }
            shape[i] = (int) size;
            // Saturates instead of overflowing: three sizes up to 2^31 can exceed a long.
            expected = expected != 0 && size > Long.MAX_VALUE / expected ? Long.MAX_VALUE : expected * size;
        }
        long actual = bytes.length - header;
        if (expected != actual) {
            throw new InvalidInputException(source + ": the header's dimensions " + Arrays.toString(shape)
                    + " need " + (expected == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : Long.toString(expected))
                    + " data bytes, the file has " + actual);
        }
        return new IdxFile(shape, Arrays.copyOfRange(bytes, header, bytes.length));
    }

    /** Writes unsigned bytes as an IDX file (used by tests and tools). */
    public static byte[] encode(int[] dimensions, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dimensions.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) 8).put((byte) dimensions.length);
        for (int d : dimensions) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }
}

package dev.neurite.io;

import dev.neurite.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The safetensors layout (Hugging Face): an 8-byte little-endian header length N, N bytes of
 * JSON naming each tensor's dtype, shape and {@code data_offsets} [begin, end) into the data
 * that follows, plus an optional {@code "__metadata__"} object of strings; then the raw
 * little-endian data. Float32 ({@code "F32"}) and int32 ({@code "I32"}) tensors are written and read here.
 *
 * <p>Reading checks every length and offset against the bytes actually present before using
 * it, so a truncated or hostile file fails with a message instead of an allocation.
 */
public final class SafeTensors {
    private static final String METADATA = "__metadata__";
    /** Headers larger than this are refused, when read and before one is written (the format's own readers use 100 MB). */
    public static final long MAX_HEADER = 100L << 20;
    /** Files larger than this are refused, when read and before one is written: one Java array holds the file. */
    public static final long MAX_FILE = Integer.MAX_VALUE - 64;

    private SafeTensors() {
    }

    /**
     * A tensor: its shape and its values in row-major order, float32 ({@code values}) or int32
     * ({@code ints}, with {@code values} null).
     */
    public record Tensor(int[] shape, float[] values, int[] ints) {
        public Tensor {
            long n = 1;
            for (int d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
                }
                n *= d;
            }
            int length = values != null ? values.length : ints.length;
            if (n != length || (values == null) == (ints == null)) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                        + " values of one type, given " + length);
            }
        }

        /** A float32 tensor. */
        public Tensor(int[] shape, float[] values) {
            this(shape, values, null);
        }

        /** An int32 tensor. */
        public static Tensor ofInts(int[] shape, int[] ints) {
            return new Tensor(shape, null, ints);
        }

        public String dtype() {
            return values != null ? "F32" : "I32";
        }

        int length() {
            return values != null ? values.length : ints.length;
        }

        /**
         * The CRC-32C of the tensor's bytes as the file stores them (little-endian), in hex: what
         * a model file records per tensor so that a damaged weight is noticed on load.
         */
        public String checksum() {
            CRC32C crc = new CRC32C();
            ByteBuffer chunk = ByteBuffer.allocate(1 << 14).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0, n = length(); i < n; i++) {
                if (!chunk.hasRemaining()) {
                    crc.update(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
                chunk.putInt(values != null ? Float.floatToRawIntBits(values[i]) : ints[i]);
            }
            crc.update(chunk.array(), 0, chunk.position());
            return String.format("%08x", crc.getValue());
        }
    }

    /** A file's contents: tensors by name (in file order) and the metadata strings. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /** Writes {@code tensors} (in iteration order) and {@code metadata}. */
    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] json = header(tensors, metadata);
        int padded = (json.length + 7) / 8 * 8; // the data starts 8-byte aligned, as the reference writer does
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        out.write(lengthBytes.array());
        out.write(json);
        for (int i = json.length; i < padded; i++) {
            out.write(' ');
        }
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : tensors.values()) {
            for (int i = 0; i < t.length(); i++) {
                if (!chunk.hasRemaining()) {
                    out.write(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
                if (t.values() != null) {
                    chunk.putFloat(t.values()[i]);
                } else {
                    chunk.putInt(t.ints()[i]);
                }
            }
        }
        out.write(chunk.array(), 0, chunk.position());
    }

    /**
     * Throws {@link InvalidInputException} when {@code tensors} and {@code metadata} would make a
     * file that a reader refuses (a header over {@link #MAX_HEADER}, a file over {@link #MAX_FILE}):
     * the writer and the reader keep one set of limits, checked before a byte is written.
     */
    public static void requireWritable(Map<String, Tensor> tensors, Map<String, String> metadata) {
        header(tensors, metadata);
    }

    /** The JSON header of a file holding {@code tensors} and {@code metadata}, checked against the readers' limits. */
    private static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put(METADATA, metadata);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            long bytes = 4L * e.getValue().length();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", e.getValue().dtype());
            entry.put("shape", e.getValue().shape());
            entry.put("data_offsets", List.of(offset, offset + bytes));
            header.put(e.getKey(), entry);
            offset += bytes;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        long padded = (json.length + 7L) / 8 * 8;
        if (padded > MAX_HEADER) {
            throw new InvalidInputException("cannot write it: its header would be " + padded + " bytes, over the "
                    + MAX_HEADER + " that safetensors readers accept (" + largest(metadata) + ")");
        }
        if (8 + padded + offset > MAX_FILE) {
            throw new InvalidInputException("cannot write it: it would be " + (8 + padded + offset) + " bytes, over the "
                    + MAX_FILE + " a Neurite reader accepts");
        }
        return json;
    }

    private static String largest(Map<String, String> metadata) {
        return metadata.entrySet().stream().max(Map.Entry.comparingByValue((a, b) -> Integer.compare(a.length(), b.length())))
                .map(e -> "'" + e.getKey() + "' has " + e.getValue().length() + " characters").orElse("no metadata");
    }

    /** Reads the whole layout from {@code bytes}; {@code source} names it in messages. */
    public static Contents read(byte[] bytes, String source) {
        if (bytes.length < 8) {
            throw new InvalidInputException(source + ": " + bytes.length + " bytes, too short for a safetensors file (an 8-byte header length comes first)");
        }
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 2 || headerLength > bytes.length - 8L || headerLength > MAX_HEADER) {
            throw new InvalidInputException(source + ": the header length " + Long.toUnsignedString(headerLength)
                    + " does not fit the file (" + bytes.length + " bytes); the file is truncated or not a model file");
        }
        int dataStart = 8 + (int) headerLength;
        String json = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        Map<String, Object> header;
        try {
            header = Json.parseObject(json.stripTrailing(), source + " header");
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.getMessage() + " (not a safetensors model file?)");
        }
        long dataLength = bytes.length - dataStart;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            String name = e.getKey();
            if (name.equals(METADATA)) {
                if (!(e.getValue() instanceof Map<?, ?> m)) {
                    throw new InvalidInputException(source + ": __metadata__ is " + Json.kind(e.getValue()) + ", expected an object of strings");
                }
                for (Map.Entry<?, ?> kv : m.entrySet()) {
                    if (!(kv.getValue() instanceof String s)) {
                        throw new InvalidInputException(source + ": metadata '" + kv.getKey() + "' is " + Json.kind(kv.getValue()) + ", expected a string");
                    }
                    metadata.put((String) kv.getKey(), s);
                }
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> info)) {
                throw new InvalidInputException(source + ": tensor '" + name + "' is described by " + Json.kind(e.getValue()) + ", expected an object");
            }
            Object dtype = info.get("dtype");
            if (!"F32".equals(dtype) && !"I32".equals(dtype)) {
                throw new InvalidInputException(source + ": tensor '" + name + "' has dtype " + dtype + "; only F32 and I32 are supported");
            }
            int[] shape = shape(info.get("shape"), name, source);
            long[] offsets = offsets(info.get("data_offsets"), name, source);
            long count = 1;
            for (int d : shape) {
                count *= d;
                if (count > dataLength) {
                    break;
                }
            }
            if (offsets[0] > offsets[1] || offsets[1] > dataLength) {
                throw new InvalidInputException(source + ": tensor '" + name + "' has data_offsets [" + offsets[0] + ", " + offsets[1]
                        + "], outside the " + dataLength + " data bytes");
            }
            if (count * 4 != offsets[1] - offsets[0]) {
                throw new InvalidInputException(source + ": tensor '" + name + "' has shape " + Arrays.toString(shape)
                        + " (" + count * 4 + " bytes) but data_offsets cover " + (offsets[1] - offsets[0]) + " bytes");
            }
            for (long[] r : ranges) {
                if (offsets[0] < r[1] && r[0] < offsets[1]) {
                    throw new InvalidInputException(source + ": tensor '" + name + "' overlaps another tensor's data");
                }
            }
            ranges.add(offsets);
            ByteBuffer data = ByteBuffer.wrap(bytes, dataStart + (int) offsets[0], (int) (offsets[1] - offsets[0]))
                    .order(ByteOrder.LITTLE_ENDIAN);
            if ("F32".equals(dtype)) {
                float[] values = new float[(int) count];
                data.asFloatBuffer().get(values);
                tensors.put(name, new Tensor(shape, values));
            } else {
                int[] ints = new int[(int) count];
                data.asIntBuffer().get(ints);
                tensors.put(name, Tensor.ofInts(shape, ints));
            }
        }
        return new Contents(tensors, metadata);
    }

    private static int[] shape(Object value, String name, String source) {
        if (!(value instanceof List<?> list) || list.size() > 8) {
            throw new InvalidInputException(source + ": tensor '" + name + "' has no valid shape (" + value + ")");
        }
        int[] shape = new int[list.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = (int) integer(list.get(i), Integer.MAX_VALUE, "shape of tensor '" + name + "'", source);
        }
        return shape;
    }

    private static long[] offsets(Object value, String name, String source) {
        if (!(value instanceof List<?> list) || list.size() != 2) {
            throw new InvalidInputException(source + ": tensor '" + name + "' has no valid data_offsets (" + value + ")");
        }
        String what = "data_offsets of tensor '" + name + "'";
        return new long[] {integer(list.get(0), 1L << 50, what, source), integer(list.get(1), 1L << 50, what, source)};
    }

    private static long integer(Object value, long max, String what, String source) {
        if (!(value instanceof Double d) || d != Math.rint(d) || d < 0 || d > max) {
            throw new InvalidInputException(source + ": " + what + " holds " + value + ", not a size");
        }
        return d.longValue();
    }
}

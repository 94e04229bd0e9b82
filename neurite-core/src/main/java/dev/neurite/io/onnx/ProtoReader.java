package dev.neurite.io.onnx;

import dev.neurite.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the protobuf wire format from a byte range, checking every length against what is left
 * before it is used, so a hostile file can neither read out of bounds nor make it allocate more
 * than the file's own length. Errors are {@link InvalidInputException}s naming the source and
 * the byte offset.
 */
final class ProtoReader {
    private final byte[] buf;
    private final int end;
    private final String source;
    private int pos;
    private int field;
    private int wireType;

    ProtoReader(byte[] buf, int from, int to, String source) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
        this.source = source;
    }

    ProtoReader(byte[] buf, String source) {
        this(buf, 0, buf.length, source);
    }

    InvalidInputException error(String what) {
        return new InvalidInputException(source + ": " + what + " (byte " + pos + ")");
    }

    /** Moves to the next field; false at the end of the message. */
    boolean next() {
        if (pos >= end) {
            return false;
        }
        long key = varint();
        if (key >>> 3 == 0 || key >>> 3 > Integer.MAX_VALUE) {
            throw error("field number " + (key >>> 3) + " is not valid");
        }
        field = (int) (key >>> 3);
        wireType = (int) (key & 7);
        if (wireType != 0 && wireType != 1 && wireType != 2 && wireType != 5) {
            throw error("wire type " + wireType + " of field " + field + " is not supported");
        }
        return true;
    }

    int field() {
        return field;
    }

    int wireType() {
        return wireType;
    }

    long varint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw error("truncated varint");
            }
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw error("varint longer than 10 bytes");
    }

    private void expect(int type, String what) {
        if (wireType != type) {
            throw error("field " + field + " (" + what + ") has wire type " + wireType + ", expected " + type);
        }
    }

    long int64() {
        expect(0, "integer");
        return varint();
    }

    /** A varint that must fit an int in [min, max]. */
    int intIn(String what, long min, long max) {
        long v = int64();
        if (v < min || v > max) {
            throw error(what + " " + v + " is out of range [" + min + ", " + max + "]");
        }
        return (int) v;
    }

    float float32() {
        expect(5, "float");
        return Float.intBitsToFloat(fixed32());
    }

    private int fixed32() {
        if (end - pos < 4) {
            throw error("truncated fixed32");
        }
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    private long fixed64() {
        if (end - pos < 8) {
            throw error("truncated fixed64");
        }
        long lo = fixed32() & 0xFFFFFFFFL;
        long hi = fixed32() & 0xFFFFFFFFL;
        return lo | hi << 32;
    }

    /** The length of a length-delimited field, checked against the bytes left. */
    private int length() {
        expect(2, "length-delimited");
        long n = varint();
        if (n < 0 || n > end - pos) {
            throw error("field " + field + " claims " + n + " bytes but " + (end - pos) + " are left");
        }
        return (int) n;
    }

    /** A nested message of the current field. */
    ProtoReader message() {
        int n = length();
        ProtoReader r = new ProtoReader(buf, pos, pos + n, source);
        pos += n;
        return r;
    }

    byte[] bytes() {
        int n = length();
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    String string() {
        int n = length();
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** Appends the current field's int64 value(s), packed or not, to {@code out}. */
    void int64s(LongList out) {
        if (wireType == 0) {
            out.add(varint());
            return;
        }
        int n = length();
        int stop = pos + n;
        ProtoReader inner = new ProtoReader(buf, pos, stop, source);
        while (inner.pos < stop) {
            out.add(inner.varint());
        }
        pos = stop;
    }

    /** Appends the current field's float value(s), packed or not, to {@code out} as float bits (see {@link LongList#toFloatArray}). */
    void floats(LongList out) {
        if (wireType == 5) {
            out.add(fixed32());
            return;
        }
        int n = length();
        if (n % 4 != 0) {
            throw error("packed floats of " + n + " bytes, not a multiple of 4");
        }
        for (int stop = pos + n; pos < stop; ) {
            out.add(fixed32());
        }
    }

    /** Appends the current field's double value(s), packed or not, to {@code out} as float bits. */
    void doubles(LongList out) {
        if (wireType == 1) {
            out.add(Float.floatToRawIntBits((float) Double.longBitsToDouble(fixed64())));
            return;
        }
        int n = length();
        if (n % 8 != 0) {
            throw error("packed doubles of " + n + " bytes, not a multiple of 8");
        }
        for (int stop = pos + n; pos < stop; ) {
            out.add(Float.floatToRawIntBits((float) Double.longBitsToDouble(fixed64())));
        }
    }

    /** Skips the current field. */
    void skip() {
        switch (wireType) {
            case 0 -> varint();
            case 1 -> fixed64();
            case 2 -> {
                int n = length(); // before pos is read: length() moves pos past the length's varint
                pos += n;
            }
            case 5 -> fixed32();
            default -> throw error("wire type " + wireType);
        }
    }

    /** A growable long array (or of float bits); grows only as values are read, so its size is bounded by the file. */
    static final class LongList {
        private long[] values = new long[8];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }

        /** The values as floats, for a list filled by {@link #floats} or {@link #doubles} (float bits). */
        float[] toFloatArray() {
            float[] out = new float[size];
            for (int i = 0; i < size; i++) {
                out[i] = Float.intBitsToFloat((int) values[i]);
            }
            return out;
        }
    }
}

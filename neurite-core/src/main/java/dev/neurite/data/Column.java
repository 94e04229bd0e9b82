package dev.neurite.data;

import java.util.Arrays;

/**
 * One column of a table held as primitive arrays, filled one cell at a time as the file is read.
 * A column starts as text: each cell a number into the column's {@link Dictionary} (4 bytes a
 * cell, each distinct text once). When a column has more than {@link #TEXT_LIMIT} distinct texts
 * and most of its cells are numbers, its numbers are stored as numbers from then on (the
 * dictionary so far converted, not re-read): whole numbers as {@code int} while they fit, as
 * {@code double} while they are whole and of at most 15 characters, else as {@code float}, the
 * value {@code (float) Double.parseDouble(text)} that the preprocessing uses. The few cells of
 * such a column that are not numbers (empty, NA, a word, an overflow) keep their text in a
 * dictionary of their own, found through a bitmap. Storage never changes what a column
 * means: {@link #text} gives every cell's text (for a stored number, one that reads back as the
 * same value) and the {@link Preprocessor} reads the arrays directly.
 *
 * <p>Cells live in chunks of {@value #CHUNK} so that growing never copies the column.
 */
final class Column {
    /**
     * Distinct texts a column holds as text before its numbers are stored as numbers: 1,024, or
     * {@code -Dneurite.columnTextLimit} (the fuzz tests make it small so that small inputs reach
     * every storage).
     */
    static final int TEXT_LIMIT = 1024;
    private static final int SHIFT = 14;
    static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    /** How the cells that are numbers are held. */
    enum Storage {
        /** Every cell a dictionary number. */
        TEXT,
        /** Whole numbers in {@code int}. */
        INT,
        /** Whole numbers of at most 15 characters in {@code double} (exact below 2^53). */
        WIDE,
        /** Any number, as the float the preprocessing uses. */
        FLOAT
    }

    private final char decimal;
    private final boolean keepText;
    private Storage storage = Storage.TEXT;
    private int size;
    private int[][] codes = new int[4][];
    private int[][] ints;
    private double[][] wides;
    private float[][] floats;
    private Dictionary texts = new Dictionary();
    private long[] exceptional; // numbers stored: one bit per cell whose text is kept
    private int[] exceptionRows;
    private int[] exceptionCodes;
    private int exceptions;
    private int nextCheck = Math.max(1, Integer.getInteger("neurite.columnTextLimit", TEXT_LIMIT));
    private boolean lastInteger; // set by parse(): the text was a whole number of at most 15 characters

    /**
     * An empty column whose numbers use {@code decimal} ('.' or ','); with {@code keepText} every
     * cell stays text (a column passed through to the output as it was written).
     */
    Column(char decimal, boolean keepText) {
        this.decimal = decimal;
        this.keepText = keepText;
    }

    /** A text column of {@code table}'s column {@code column}, for tables that are not read from a file. */
    static Column of(TableRows table, int column) {
        Column c = new Column(table.decimalSeparator(), true);
        for (int r = 0; r < table.rowCount(); r++) {
            c.addText(table.value(r, column));
        }
        return c;
    }

    int size() {
        return size;
    }

    Storage storage() {
        return storage;
    }

    /** True when every cell is a dictionary number ({@link #code}); otherwise numbers are stored as numbers. */
    boolean isText() {
        return storage == Storage.TEXT;
    }

    /** The texts: of every cell for a text column, of the cells that are not numbers otherwise. */
    Dictionary texts() {
        return texts;
    }

    /** The dictionary number of row {@code row}'s text, or −1 when the cell is a stored number. */
    int code(int row) {
        if (storage == Storage.TEXT) {
            return codes[row >>> SHIFT][row & MASK];
        }
        if (exceptions == 0 || (exceptional[row >>> 6] & (1L << row)) == 0) {
            return -1;
        }
        return exceptionCodes[Arrays.binarySearch(exceptionRows, 0, exceptions, row)];
    }

    /** Cells that are stored numbers (0 for a text column). */
    int numberCount() {
        return storage == Storage.TEXT ? 0 : size - exceptions;
    }

    /** True when every stored number was written as a whole number of at most 15 characters. */
    boolean wholeNumbers() {
        return storage == Storage.INT || storage == Storage.WIDE;
    }

    /** The stored number of row {@code row} as float32; only for a row whose {@link #code} is −1. */
    float number(int row) {
        return switch (storage) {
            case INT -> ints[row >>> SHIFT][row & MASK];
            case WIDE -> (float) wides[row >>> SHIFT][row & MASK];
            case FLOAT -> floats[row >>> SHIFT][row & MASK];
            case TEXT -> throw new IllegalStateException("a text column stores no numbers");
        };
    }

    /** The stored whole number of row {@code row}, exactly; only when {@link #wholeNumbers()}. */
    double wholeNumber(int row) {
        return storage == Storage.INT ? ints[row >>> SHIFT][row & MASK] : wides[row >>> SHIFT][row & MASK];
    }

    /** The text of row {@code row}: as written, or for a stored number one that reads back as the same value. */
    String text(int row) {
        int code = code(row);
        if (code >= 0) {
            return texts.value(code);
        }
        String s = switch (storage) {
            case INT -> Integer.toString(ints[row >>> SHIFT][row & MASK]);
            case WIDE -> Long.toString((long) wides[row >>> SHIFT][row & MASK]);
            default -> Double.toString(floats[row >>> SHIFT][row & MASK]); // the float's exact value, which reads back to it
        };
        return decimal == ',' ? s.replace('.', ',') : s;
    }

    /**
     * A column of rows {@code rows[0]}, {@code rows[1]}, … of this one, in the same storage: each
     * cell copied as its number or its dictionary number, each text once, counted for the rows
     * picked.
     */
    Column select(int[] rows) {
        Column out = new Column(decimal, true);
        out.nextCheck = Integer.MAX_VALUE;
        out.storage = storage;
        int chunks = Math.max(1, (rows.length + MASK) >>> SHIFT);
        switch (storage) {
            case TEXT -> out.codes = new int[chunks][];
            case INT -> out.ints = new int[chunks][];
            case WIDE -> out.wides = new double[chunks][];
            case FLOAT -> out.floats = new float[chunks][];
        }
        int[] remap = new int[texts.size()];
        Arrays.fill(remap, -1);
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            int code = code(r);
            int k = i >>> SHIFT;
            if (code >= 0) {
                if (remap[code] < 0) {
                    remap[code] = out.texts.add(texts.value(code));
                } else {
                    out.texts.recount(remap[code]);
                }
                if (storage == Storage.TEXT) {
                    (out.codes[k] != null ? out.codes[k] : (out.codes[k] = new int[CHUNK]))[i & MASK] = remap[code];
                } else {
                    out.exception(i, remap[code]);
                }
            } else {
                switch (storage) {
                    case INT -> out.chunkOfInts(k)[i & MASK] = ints[r >>> SHIFT][r & MASK];
                    case WIDE -> out.chunkOfWides(k)[i & MASK] = wides[r >>> SHIFT][r & MASK];
                    default -> out.chunkOfFloats(k)[i & MASK] = floats[r >>> SHIFT][r & MASK];
                }
            }
            out.size = i + 1;
        }
        return out;
    }

    /** Appends a cell holding {@code text} (null: missing). */
    void addText(String text) {
        if (text != null) {
            char[] chars = text.toCharArray();
            add(chars, 0, chars.length);
        } else if (storage == Storage.TEXT) {
            setCode(texts.add((String) null));
        } else {
            exception(size, texts.add((String) null));
            size++;
        }
    }

    /** Appends a cell holding {@code chars[offset … offset+length−1]}. */
    void add(char[] chars, int offset, int length) {
        if (storage == Storage.TEXT) {
            setCode(texts.add(chars, offset, length));
            if (texts.size() > nextCheck && !keepText) {
                nextCheck *= 2;
                storeNumbersIfMostlyNumbers();
            }
            return;
        }
        double d = parse(chars, offset, length);
        if (Double.isNaN(d) || !Float.isFinite((float) d)) {
            exception(size, texts.add(chars, offset, length));
            size++;
            return;
        }
        store(size, d, lastInteger);
        size++;
    }

    private void setCode(int code) {
        int chunk = size >>> SHIFT;
        if (chunk == codes.length) {
            codes = Arrays.copyOf(codes, chunk * 2);
        }
        if (codes[chunk] == null) {
            codes[chunk] = new int[CHUNK];
        }
        codes[chunk][size & MASK] = code;
        size++;
    }

    /** Stores number {@code d} at {@code row}, moving the column to wider storage when it needs it. */
    private void store(int row, double d, boolean integer) {
        if (storage == Storage.INT && !(integer && fitsInt(d))) {
            widen(integer ? Storage.WIDE : Storage.FLOAT);
        } else if (storage == Storage.WIDE && !integer) {
            widen(Storage.FLOAT);
        }
        int chunk = row >>> SHIFT;
        switch (storage) {
            case INT -> chunkOfInts(chunk)[row & MASK] = (int) d;
            case WIDE -> chunkOfWides(chunk)[row & MASK] = d;
            default -> chunkOfFloats(chunk)[row & MASK] = (float) d;
        }
    }

    /** True when {@code d} is an int, and not −0, whose sign an int would lose. */
    private static boolean fitsInt(double d) {
        return d == (int) d && Double.doubleToRawLongBits(d) != Double.doubleToRawLongBits(-0.0);
    }

    private int[] chunkOfInts(int chunk) {
        if (chunk >= ints.length) {
            ints = Arrays.copyOf(ints, Math.max(chunk + 1, ints.length * 2));
        }
        return ints[chunk] != null ? ints[chunk] : (ints[chunk] = new int[CHUNK]);
    }

    private double[] chunkOfWides(int chunk) {
        if (chunk >= wides.length) {
            wides = Arrays.copyOf(wides, Math.max(chunk + 1, wides.length * 2));
        }
        return wides[chunk] != null ? wides[chunk] : (wides[chunk] = new double[CHUNK]);
    }

    private float[] chunkOfFloats(int chunk) {
        if (chunk >= floats.length) {
            floats = Arrays.copyOf(floats, Math.max(chunk + 1, floats.length * 2));
        }
        return floats[chunk] != null ? floats[chunk] : (floats[chunk] = new float[CHUNK]);
    }

    /**
     * Moves the stored numbers to {@code to}, chunk by chunk: int → double and int or double →
     * float give the same float as parsing the text would, as each is one correct rounding of
     * the same exact value.
     */
    private void widen(Storage to) {
        if (to == Storage.WIDE) {
            wides = new double[ints.length][];
            for (int k = 0; k < ints.length; k++) {
                if (ints[k] != null) {
                    wides[k] = new double[CHUNK];
                    for (int i = 0; i < CHUNK; i++) {
                        wides[k][i] = ints[k][i];
                    }
                    ints[k] = null;
                }
            }
            ints = null;
        } else {
            int n = storage == Storage.INT ? ints.length : wides.length;
            floats = new float[n][];
            for (int k = 0; k < n; k++) {
                if (storage == Storage.INT && ints[k] != null) {
                    floats[k] = new float[CHUNK];
                    for (int i = 0; i < CHUNK; i++) {
                        floats[k][i] = ints[k][i];
                    }
                    ints[k] = null;
                } else if (storage == Storage.WIDE && wides[k] != null) {
                    floats[k] = new float[CHUNK];
                    for (int i = 0; i < CHUNK; i++) {
                        floats[k][i] = (float) wides[k][i];
                    }
                    wides[k] = null;
                }
            }
            ints = null;
            wides = null;
        }
        storage = to;
    }

    private void exception(int row, int code) {
        if (exceptional == null || (row >>> 6) >= exceptional.length) {
            exceptional = Arrays.copyOf(exceptional == null ? new long[0] : exceptional, Math.max((row >>> 6) + 1, 2 * (exceptional == null ? 8 : exceptional.length)));
        }
        exceptional[row >>> 6] |= 1L << row;
        if (exceptionRows == null || exceptions == exceptionRows.length) {
            int n = exceptionRows == null ? 16 : exceptions * 2;
            exceptionRows = exceptionRows == null ? new int[n] : Arrays.copyOf(exceptionRows, n);
            exceptionCodes = exceptionCodes == null ? new int[n] : Arrays.copyOf(exceptionCodes, n);
        }
        exceptionRows[exceptions] = row;
        exceptionCodes[exceptions] = code;
        exceptions++;
    }

    /**
     * Stores the numbers of a text column as numbers when more than half its non-blank cells are
     * numbers (the usual missing-value tokens aside): only a column with many distinct values
     * gets here, and then a dictionary of numbers costs more than the numbers.
     */
    private void storeNumbersIfMostlyNumbers() {
        int n = texts.size();
        double[] value = new double[n];
        boolean[] integer = new boolean[n];
        long numbers = 0;
        long present = 0;
        boolean allInt = true;
        boolean allWhole = true;
        for (int code = 0; code < n; code++) {
            String t = texts.value(code);
            value[code] = t == null ? Double.NaN : parse(t.toCharArray(), 0, t.length());
            integer[code] = lastInteger;
            if (t == null || t.isBlank() || MissingValues.DEFAULTS.isMissing(t)) {
                continue;
            }
            present += texts.count(code);
            if (!Double.isNaN(value[code]) && Float.isFinite((float) value[code])) {
                numbers += texts.count(code);
                allWhole &= integer[code];
                allInt &= integer[code] && fitsInt(value[code]);
            } else {
                value[code] = Double.NaN;
            }
        }
        if (numbers * 2 <= present) {
            return;
        }
        Dictionary old = texts;
        int[][] oldCodes = codes;
        int[] exceptionCode = new int[n];
        texts = new Dictionary();
        codes = null;
        storage = allInt ? Storage.INT : allWhole ? Storage.WIDE : Storage.FLOAT;
        int chunks = oldCodes.length;
        switch (storage) {
            case INT -> ints = new int[chunks][];
            case WIDE -> wides = new double[chunks][];
            default -> floats = new float[chunks][];
        }
        Arrays.fill(exceptionCode, -1);
        for (int row = 0; row < size; row++) {
            int code = oldCodes[row >>> SHIFT][row & MASK];
            if ((row & MASK) == MASK) {
                oldCodes[row >>> SHIFT] = null;
            }
            double d = value[code];
            if (Double.isNaN(d)) {
                if (exceptionCode[code] < 0) {
                    String t = old.value(code);
                    exceptionCode[code] = t == null ? texts.add((String) null) : texts.add(t.toCharArray(), 0, t.length());
                } else {
                    texts.add(old.value(code)); // counts the cell
                }
                exception(row, exceptionCode[code]);
            } else {
                store(row, d, integer[code]);
            }
        }
    }

    /**
     * The number in {@code chars[offset … offset+length−1]}, exactly {@code Double.parseDouble}'s
     * value of what {@link Numbers#parse} accepts, or NaN; sets {@link #lastInteger}. The common
     * form (sign, up to 15 digits, the decimal separator, an exponent) is read here with one
     * correctly rounded multiplication or division (Clinger's fast path); anything else goes
     * through {@link Numbers#parse}.
     */
    double parse(char[] chars, int offset, int length) {
        int i = offset;
        int end = offset + length;
        lastInteger = false;
        if (length == 0 || length > 40) {
            return slowParse(chars, offset, length);
        }
        boolean negative = false;
        char c = chars[i];
        if (c == '-' || c == '+') {
            negative = c == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = 0;
        for (; i < end && (c = chars[i]) >= '0' && c <= '9'; i++) {
            mantissa = mantissa * 10 + (c - '0');
            digits++;
        }
        boolean whole = true;
        if (i < end && chars[i] == decimal) {
            whole = false;
            for (i++; i < end && (c = chars[i]) >= '0' && c <= '9'; i++) {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                fraction++;
            }
        }
        if (digits == 0 || digits > 15) {
            return slowParse(chars, offset, length);
        }
        int exponent = 0;
        if (i < end && (chars[i] == 'e' || chars[i] == 'E')) {
            whole = false;
            i++;
            boolean negativeExponent = false;
            if (i < end && (chars[i] == '-' || chars[i] == '+')) {
                negativeExponent = chars[i] == '-';
                i++;
            }
            int expDigits = 0;
            for (; i < end && (c = chars[i]) >= '0' && c <= '9' && expDigits < 4; i++) {
                exponent = exponent * 10 + (c - '0');
                expDigits++;
            }
            if (expDigits == 0) {
                return slowParse(chars, offset, length);
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        if (i != end) {
            return slowParse(chars, offset, length);
        }
        int power = exponent - fraction;
        if (power < -22 || power > 22) {
            return slowParse(chars, offset, length);
        }
        double v = mantissa;
        v = power >= 0 ? v * POWERS[power] : v / POWERS[-power];
        lastInteger = whole && length <= 15;
        return negative ? -v : v;
    }

    private static final double[] POWERS = new double[23];

    static {
        double p = 1;
        for (int k = 0; k < POWERS.length; k++) {
            POWERS[k] = p; // 10^k is exact in a double up to 10^22
            p *= 10;
        }
    }

    private double slowParse(char[] chars, int offset, int length) {
        if (length > 400 + 64) {
            return Double.NaN; // Numbers.parse takes up to 400 characters once stripped
        }
        String s = new String(chars, offset, length).strip();
        double d = Numbers.parse(s, decimal);
        lastInteger = !Double.isNaN(d) && s.length() <= 15 && Numbers.isInteger(s);
        return d;
    }

    /**
     * True when numbers are stored yet most non-blank cells are not numbers (the usual
     * missing-value tokens aside): a text column whose first many distinct values were numbers.
     */
    boolean mostlyText() {
        if (storage == Storage.TEXT) {
            return false;
        }
        long words = 0;
        for (int code = 0; code < texts.size(); code++) {
            String t = texts.value(code);
            if (t != null && !t.isBlank() && !MissingValues.DEFAULTS.isMissing(t)) {
                words += texts.count(code);
            }
        }
        return words >= numberCount();
    }

    /** Bytes the column holds, roughly. */
    long bytes() {
        long b = texts.bytes() + (exceptional == null ? 0 : 8L * exceptional.length) + 8L * (exceptionRows == null ? 0 : exceptionRows.length);
        int chunks = (size + MASK) >>> SHIFT;
        return b + (long) chunks * CHUNK * (storage == Storage.WIDE ? 8 : 4);
    }
}

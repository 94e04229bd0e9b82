package dev.neurite.tensor;

import java.util.Arrays;

/**
 * A dense float32 matrix stored row-major: element (r, c) is {@code data()[r * columns() + c]}.
 *
 * <p>A batch of examples is a matrix with one row per example. The backing array may be longer
 * than {@code rows × columns}: a buffer sized for a full batch is reused, through {@link
 * #reshapeInPlace}, for the smaller last batch of an epoch, so a training step allocates nothing.
 */
public final class Matrix {
    private final float[] data;
    private int rows;
    private int columns;

    /** A zero-filled {@code rows × columns} matrix. */
    public Matrix(int rows, int columns) {
        checkShape(rows, columns);
        this.data = new float[Math.multiplyExact(rows, columns)];
        this.rows = rows;
        this.columns = columns;
    }

    private Matrix(float[] data, int rows, int columns) {
        this.data = data;
        this.rows = rows;
        this.columns = columns;
    }

    /** Wraps {@code data} (not copied) as a {@code rows × columns} matrix. */
    public static Matrix wrap(float[] data, int rows, int columns) {
        checkShape(rows, columns);
        if ((long) rows * columns > data.length) {
            throw new IllegalArgumentException(
                    "a " + rows + "×" + columns + " matrix needs " + (long) rows * columns
                            + " values, the array has " + data.length);
        }
        return new Matrix(data, rows, columns);
    }

    /** A matrix copied from rows of equal length; {@code values[r][c]} becomes element (r, c). */
    public static Matrix of(float[]... values) {
        int rows = values.length;
        int columns = rows == 0 ? 0 : values[0].length;
        Matrix m = new Matrix(rows, columns);
        for (int r = 0; r < rows; r++) {
            if (values[r].length != columns) {
                throw new IllegalArgumentException(
                        "row " + r + " has " + values[r].length + " values, row 0 has " + columns);
            }
            System.arraycopy(values[r], 0, m.data, r * columns, columns);
        }
        return m;
    }

    /** A {@code n × 1} column matrix holding {@code values}. */
    public static Matrix column(float... values) {
        return new Matrix(values.clone(), values.length, 1);
    }

    /** A {@code 1 × n} row matrix holding {@code values}. */
    public static Matrix row(float... values) {
        return new Matrix(values.clone(), 1, values.length);
    }

    /**
     * Returns {@code buffer} reshaped to {@code rows × columns} when its array is large enough,
     * otherwise a new matrix; the usual way to size a reusable buffer without allocating.
     * The contents are unspecified.
     */
    public static Matrix reuseOrAllocate(Matrix buffer, int rows, int columns) {
        checkShape(rows, columns);
        if (buffer != null && (long) rows * columns <= buffer.data.length) {
            buffer.rows = rows;
            buffer.columns = columns;
            return buffer;
        }
        return new Matrix(rows, columns);
    }

    /** Changes the shape to {@code rows × columns} within the backing array's capacity. */
    public Matrix reshapeInPlace(int rows, int columns) {
        checkShape(rows, columns);
        if ((long) rows * columns > data.length) {
            throw new IllegalArgumentException("cannot reshape to " + rows + "×" + columns
                    + ": capacity is " + data.length + " values");
        }
        this.rows = rows;
        this.columns = columns;
        return this;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** Number of elements, {@code rows × columns}. */
    public int size() {
        return rows * columns;
    }

    /** The backing array (row-major, possibly longer than {@link #size()}); not a copy. */
    public float[] data() {
        return data;
    }

    public float get(int row, int column) {
        return data[index(row, column)];
    }

    public void set(int row, int column, float value) {
        data[index(row, column)] = value;
    }

    private int index(int row, int column) {
        if (row < 0 || row >= rows || column < 0 || column >= columns) {
            throw new IndexOutOfBoundsException(
                    "(" + row + ", " + column + ") is outside a " + shape() + " matrix");
        }
        return row * columns + column;
    }

    /** Row {@code row} as a new array. */
    public float[] rowCopy(int row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " of a " + shape() + " matrix");
        }
        return Arrays.copyOfRange(data, row * columns, (row + 1) * columns);
    }

    /** The contents as {@code float[rows][columns]}. */
    public float[][] toArray() {
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = rowCopy(r);
        }
        return out;
    }

    /** A new matrix with the same shape and contents. */
    public Matrix copy() {
        return new Matrix(Arrays.copyOf(data, size()), rows, columns);
    }

    /** Copies {@code source}, which must have this shape, into this matrix. */
    public void copyFrom(Matrix source) {
        requireSameShape(source, "copyFrom");
        System.arraycopy(source.data, 0, data, 0, size());
    }

    public void fill(float value) {
        Arrays.fill(data, 0, size(), value);
    }

    /** "rows×columns", as used in error messages. */
    public String shape() {
        return rows + "×" + columns;
    }

    /** Throws unless {@code other} has this matrix's shape; {@code what} names the operation. */
    public void requireSameShape(Matrix other, String what) {
        if (other.rows != rows || other.columns != columns) {
            throw new IllegalArgumentException(
                    what + ": shapes differ, " + shape() + " and " + other.shape());
        }
    }

    /** True when {@code other} has this matrix's shape. */
    public boolean sameShape(Matrix other) {
        return other.rows == rows && other.columns == columns;
    }

    /** True when both have the same shape and bitwise-identical elements. */
    public boolean contentEquals(Matrix other) {
        return other.rows == rows && other.columns == columns
                && Arrays.equals(data, 0, size(), other.data, 0, other.size());
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Matrix ").append(shape()).append(" [");
        int shown = Math.min(rows, 6);
        for (int r = 0; r < shown; r++) {
            s.append(r == 0 ? "[" : ", [");
            int cols = Math.min(columns, 8);
            for (int c = 0; c < cols; c++) {
                s.append(c == 0 ? "" : ", ").append(data[r * columns + c]);
            }
            s.append(columns > cols ? ", …]" : "]");
        }
        return s.append(rows > shown ? ", …]" : "]").toString();
    }

    private static void checkShape(int rows, int columns) {
        if (rows < 0 || columns < 0) {
            throw new IllegalArgumentException(
                    "matrix shape must not be negative, got " + rows + "×" + columns);
        }
    }
}

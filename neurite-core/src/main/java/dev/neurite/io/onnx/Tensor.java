package dev.neurite.io.onnx;

import java.util.Arrays;
import java.util.Objects;

/**
 * A value flowing through an ONNX graph: a shape and the elements in row-major order, as floats
 * (float and double tensors), longs (every integer and boolean type) or strings. Immutable by
 * convention: operators make new tensors.
 */
public final class Tensor {
    /** The element kinds Neurite computes with. */
    public enum Kind { FLOAT, INT64, STRING }

    private final Kind kind;
    private final int[] shape;
    private final float[] floats;
    private final long[] longs;
    private final String[] strings;

    private Tensor(Kind kind, int[] shape, float[] floats, long[] longs, String[] strings) {
        this.kind = kind;
        this.shape = shape.clone();
        this.floats = floats;
        this.longs = longs;
        this.strings = strings;
        long n = size(shape);
        int length = floats != null ? floats.length : longs != null ? longs.length : strings.length;
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " elements, given " + length);
        }
    }

    public static Tensor floats(int[] shape, float[] values) {
        return new Tensor(Kind.FLOAT, shape, Objects.requireNonNull(values), null, null);
    }

    public static Tensor longs(int[] shape, long[] values) {
        return new Tensor(Kind.INT64, shape, null, Objects.requireNonNull(values), null);
    }

    public static Tensor strings(int[] shape, String[] values) {
        return new Tensor(Kind.STRING, shape, null, null, Objects.requireNonNull(values));
    }

    /** The number of elements of {@code shape}, or −1 when a dimension is negative or the product passes 2³¹ − 1. */
    static long size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                return -1;
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return n;
    }

    public Kind kind() {
        return kind;
    }

    public int[] shape() {
        return shape.clone();
    }

    int rank() {
        return shape.length;
    }

    int dim(int axis) {
        return shape[axis];
    }

    public int size() {
        return kind == Kind.FLOAT ? floats.length : kind == Kind.INT64 ? longs.length : strings.length;
    }

    /** The elements of a float tensor (not a copy). */
    public float[] floatData() {
        requireKind(Kind.FLOAT);
        return floats;
    }

    /** The elements of an integer tensor (not a copy). */
    public long[] longData() {
        requireKind(Kind.INT64);
        return longs;
    }

    /** The elements of a string tensor (not a copy). */
    public String[] stringData() {
        requireKind(Kind.STRING);
        return strings;
    }

    private void requireKind(Kind k) {
        if (kind != k) {
            throw new IllegalStateException("a " + kind + " tensor, not " + k);
        }
    }

    /** The same elements with another shape of the same size. */
    Tensor reshaped(int[] newShape) {
        return new Tensor(kind, newShape, floats, longs, strings);
    }

    @Override
    public String toString() {
        return kind + Arrays.toString(shape);
    }
}

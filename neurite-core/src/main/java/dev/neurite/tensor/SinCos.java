package dev.neurite.tensor;

/**
 * {@code cos(a)} and {@code sin(a)} of many arguments at once, to float accuracy (under 1 ulp of
 * the float result; almost always the float nearest the exact value): FreeBSD's {@code sinf} /
 * {@code cosf} algorithm in double precision, the argument reduced by {@code π/2} in two parts
 * (Cody–Waite) and each quadrant's value a degree-9 (sine) or degree-8 (cosine) minimax polynomial.
 * Both values come from one reduction, and with the Vector API several arguments are computed at
 * once. The two paths run the same IEEE operations lane by lane (no fused multiply-add, no
 * library call), so they give the same bits as each other on any machine; arguments of magnitude
 * 10⁸ and above (and NaN, ±∞) are left to {@link Math#cos} and {@link Math#sin}.
 */
public final class SinCos {
    /** Arguments at or above this magnitude go to {@link Math}: the reduction's n must fit 28 bits. */
    static final double LIMIT = 1e8;
    /** 2/π, 53 bits. */
    static final double INV_PIO2 = 6.36619772367581382433e-01;
    /** The first 25 bits of π/2, so that n·PIO2_1 is exact for any n below 2²⁸. */
    static final double PIO2_1 = 1.57079631090164184570e+00;
    /** π/2 − PIO2_1. */
    static final double PIO2_1T = 1.58932547735281966916e-08;
    /** 1.5·2⁵²: adding and subtracting it rounds a double below 2⁵¹ to the nearest integer, ties to even. */
    static final double ROUND = 0x1.8p52;
    static final double S1 = -0x15555554cbac77.0p-55;
    static final double S2 = 0x111110896efbb2.0p-59;
    static final double S3 = -0x1a00f9e2cae774.0p-65;
    static final double S4 = 0x16cd878c3b46a7.0p-71;
    static final double C0 = -0x1ffffffd0c5e81.0p-54;
    static final double C1 = 0x155553e1053a42.0p-57;
    static final double C2 = -0x16c087e80f1e27.0p-62;
    static final double C3 = 0x199342e0ee5069.0p-68;

    /** The Vector-API path, or null where {@code jdk.incubator.vector} is absent. */
    private static final Batch VECTOR = loadVector();

    interface Batch {
        /** Fills {@code cos[i]}, {@code sin[i]} for i below {@code count}, as {@link #scalar} does. */
        void compute(double[] a, double[] cos, double[] sin, int count);
    }

    private SinCos() {
    }

    private static Batch loadVector() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            return (Batch) Class.forName("dev.neurite.tensor.VectorSinCos").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /**
     * {@code cos[i] = cos(a[i])}, {@code sin[i] = sin(a[i])} for {@code i} below {@code count},
     * each to be rounded to float by the caller: the Vector-API path when the module is present,
     * else {@link #scalar}; the bits are the same.
     */
    public static void compute(double[] a, double[] cos, double[] sin, int count) {
        check(a, cos, sin, count);
        if (VECTOR != null) {
            VECTOR.compute(a, cos, sin, count);
        } else {
            scalar(a, cos, sin, 0, count);
        }
    }

    /** True when {@link #compute} runs the Vector-API path. */
    static boolean vectorized() {
        return VECTOR != null;
    }

    /** The plain-Java path, for {@code i} in {@code from … to−1}. */
    public static void scalar(double[] a, double[] cos, double[] sin, int from, int to) {
        for (int i = from; i < to; i++) {
            double x = a[i];
            if (!(Math.abs(x) < LIMIT)) {
                cos[i] = Math.cos(x);
                sin[i] = Math.sin(x);
                continue;
            }
            double v = x * INV_PIO2 + ROUND;
            double fn = v - ROUND;
            long n = Double.doubleToRawLongBits(v);
            double y = (x - fn * PIO2_1) - fn * PIO2_1T;
            double z = y * y;
            double w = z * z;
            double s = z * y;
            double sy = (y + s * (S1 + z * S2)) + s * w * (S3 + z * S4);
            double cy = ((1.0 + z * C0) + w * C1) + (w * z) * (C2 + z * C3);
            // quadrant n: sin = s, c, −s, −c and cos = c, −s, −c, s for n mod 4 = 0, 1, 2, 3
            boolean swap = (n & 1) != 0;
            double sv = swap ? cy : sy;
            double cv = swap ? sy : cy;
            sin[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(sv) ^ ((n & 2) << 62));
            cos[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(cv) ^ (((n + 1) & 2) << 62));
        }
    }

    private static void check(double[] a, double[] cos, double[] sin, int count) {
        if (count < 0 || count > a.length || count > cos.length || count > sin.length) {
            throw new IllegalArgumentException("SinCos: " + count + " values asked of arrays of " + a.length + ", " + cos.length + " and " + sin.length);
        }
    }
}

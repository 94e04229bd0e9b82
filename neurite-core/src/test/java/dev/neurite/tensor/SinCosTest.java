package dev.neurite.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SinCosTest {

    /** Float arguments as the layer makes them: small ones, large ones, near multiples of π/2, and the special values. */
    private static double[] arguments(int count, long seed) {
        Random random = new Random(seed);
        double[] a = new double[count];
        for (int i = 0; i < count; i++) {
            float v = switch (i % 6) {
                case 0 -> (float) (random.nextGaussian() * 0.1);
                case 1 -> (float) (random.nextGaussian() * 10);
                case 2 -> (float) ((random.nextDouble() * 2 - 1) * 1e5);
                case 3 -> (float) (Math.PI / 2 * (random.nextInt(2001) - 1000)) + (random.nextInt(7) - 3) * Math.ulp(1f);
                case 4 -> Float.intBitsToFloat(random.nextInt());
                default -> (float) ((random.nextDouble() * 2 - 1) * 3e8);
            };
            a[i] = v;
        }
        double[] special = {0.0, -0.0, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 99_999_992f, 100_000_000f, 1e-30f};
        System.arraycopy(special, 0, a, 0, Math.min(special.length, count));
        return a;
    }

    @Test
    void theVectorAndScalarPathsGiveTheSameBits() {
        assertTrue(SinCos.vectorized(), "the tests run with jdk.incubator.vector, so the vector path must be in use");
        for (int count : new int[] {0, 1, 3, 7, 8, 9, 17, 1000, 20_011}) {
            double[] a = arguments(count, count);
            double[] cos = new double[count];
            double[] sin = new double[count];
            double[] scalarCos = new double[count];
            double[] scalarSin = new double[count];
            SinCos.compute(a, cos, sin, count);
            SinCos.scalar(a, scalarCos, scalarSin, 0, count);
            for (int i = 0; i < count; i++) {
                assertEquals(Double.doubleToRawLongBits(scalarCos[i]), Double.doubleToRawLongBits(cos[i]), "cos(" + a[i] + ")");
                assertEquals(Double.doubleToRawLongBits(scalarSin[i]), Double.doubleToRawLongBits(sin[i]), "sin(" + a[i] + ")");
            }
        }
    }

    @Test
    void valuesAreWithinOneFloatUlpOfMathAndMostlyEqual() {
        int count = 600_000;
        double[] a = arguments(count, 42);
        double[] cos = new double[count];
        double[] sin = new double[count];
        SinCos.compute(a, cos, sin, count);
        int differ = 0;
        for (int i = 0; i < count; i++) {
            for (int f = 0; f < 2; f++) {
                float got = (float) (f == 0 ? cos[i] : sin[i]);
                float want = (float) (f == 0 ? Math.cos(a[i]) : Math.sin(a[i]));
                if (Float.isNaN(want)) {
                    assertTrue(Float.isNaN(got), (f == 0 ? "cos(" : "sin(") + a[i] + ") = " + got + ", expected NaN");
                    continue;
                }
                if (got != want) {
                    differ++;
                    assertTrue(Math.abs(got - want) <= Math.ulp(want), (f == 0 ? "cos(" : "sin(") + a[i] + ") = " + got + ", Math gives " + want);
                }
            }
        }
        assertTrue(differ < count * 2 / 1000, differ + " of " + 2 * count + " values differ from Math's in the last bit");
    }

    @Test
    void aCountBeyondTheArraysIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SinCos.compute(new double[4], new double[4], new double[3], 4));
        assertTrue(e.getMessage().contains("4 values") && e.getMessage().contains("3"), e.getMessage());
    }
}

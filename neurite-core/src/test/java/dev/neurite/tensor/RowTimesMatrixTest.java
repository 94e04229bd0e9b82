package dev.neurite.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RowTimesMatrixTest {

    private static Matrix random(Random r, int rows, int columns) {
        Matrix m = new Matrix(rows, columns);
        for (int i = 0; i < m.size(); i++) {
            m.data()[i] = (float) r.nextGaussian();
        }
        return m;
    }

    @Test
    void aRowAtAnOffsetGivesTheOneRowProduct() {
        Random r = new Random(5);
        for (String kind : new String[] {"vector", "blocked", "reference"}) {
            Kernels kernels = Kernels.create(kind, 2);
            for (int[] shape : new int[][] {{96, 24}, {1, 1}, {7, 33}, {48, 16}}) {
                int k = shape[0];
                int n = shape[1];
                Matrix b = random(r, k, n);
                Matrix bias = random(r, 1, n);
                Matrix x = random(r, 3, k);
                float[] out = new float[n + 5];
                kernels.rowTimesMatrix(x.data(), k, b, bias, out, 5);
                // the kernels' own one-row product: gemmBias on row 1 alone
                Matrix one = Matrix.row(x.rowCopy(1));
                Matrix want = new Matrix(1, n);
                kernels.gemmBias(one, b, bias, want);
                float[] got = java.util.Arrays.copyOfRange(out, 5, 5 + n);
                if (kind.equals("reference")) {
                    for (int j = 0; j < n; j++) {
                        assertEquals(want.data()[j], got[j], 1e-4f * (1 + Math.abs(want.data()[j])), kind + " " + k + "×" + n + " column " + j);
                    }
                } else {
                    assertArrayEquals(want.data(), got, kind + " " + k + "×" + n);
                }
            }
        }
    }

    @Test
    void aRowBeyondTheArrayIsRefusedNamingTheSizes() {
        Kernels kernels = Kernels.create("vector", 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kernels.rowTimesMatrix(new float[10], 5, new Matrix(8, 3), new Matrix(1, 3), new float[3], 0));
        assertTrue(e.getMessage().contains("8 values at 5 of 10"), e.getMessage());
    }
}

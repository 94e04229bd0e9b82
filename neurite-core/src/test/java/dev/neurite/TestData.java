package dev.neurite;

import dev.neurite.data.Dataset;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;

/** Seeded random matrices for tests. */
public final class TestData {
    private TestData() {
    }

    /** Entries uniform in [−scale, scale). */
    public static Matrix uniform(int rows, int cols, float scale, long seed) {
        Rng rng = new Rng(seed);
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.data()[i] = (2 * rng.nextFloat() - 1) * scale;
        }
        return m;
    }

    /** Entries uniform in [−scale, scale), none closer than {@code gap} to zero (away from kinks at 0). */
    public static Matrix awayFromZero(int rows, int cols, float scale, float gap, long seed) {
        Matrix m = uniform(rows, cols, scale, seed);
        for (int i = 0; i < m.size(); i++) {
            float v = m.data()[i];
            if (Math.abs(v) < gap) {
                m.data()[i] = v < 0 ? v - gap : v + gap;
            }
        }
        return m;
    }

    /** Three Gaussian blobs in 4 dimensions, classes 0, 1, 2 in turn: easy to learn, not trivial. */
    public static Dataset blobs(int n, long seed) {
        Rng rng = new Rng(seed);
        float[][] x = new float[n][4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) (rng.nextGaussian() * 0.7 + (j == y[i] ? 2 : 0));
            }
        }
        return Dataset.ofClasses(x, y);
    }
}

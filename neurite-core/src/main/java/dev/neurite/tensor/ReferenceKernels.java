package dev.neurite.tensor;

import java.util.Arrays;

/**
 * Plain-Java kernels that run on every JVM. Each output element of a product is summed over
 * {@code k = 0 … K−1} in that order, so results are reproducible bit for bit.
 */
final class ReferenceKernels implements Kernels {
    static final ReferenceKernels INSTANCE = new ReferenceKernels();

    private ReferenceKernels() {
    }

    @Override
    public void gemm(Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix out) {
        Kernels.checkGemmShapes(a, transposeA, b, transposeB, out);
        int m = out.rows();
        int n = out.columns();
        int k = transposeA ? a.rows() : a.columns();
        float[] x = a.data();
        float[] y = b.data();
        float[] z = out.data();
        int lda = a.columns();
        int ldb = b.columns();
        if (!transposeB) {
            // Row i of the output accumulates a(i, p) · row p of b: unit stride on b and out.
            for (int i = 0; i < m; i++) {
                int zi = i * n;
                Arrays.fill(z, zi, zi + n, 0f);
                for (int p = 0; p < k; p++) {
                    float aip = transposeA ? x[p * lda + i] : x[i * lda + p];
                    int yp = p * ldb;
                    for (int j = 0; j < n; j++) {
                        z[zi + j] += aip * y[yp + j];
                    }
                }
            }
        } else {
            // out(i, j) = Σ_p a(i, p) · b(j, p): a dot product of two rows when a is not transposed.
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float s = 0f;
                    int yj = j * ldb;
                    if (transposeA) {
                        for (int p = 0; p < k; p++) {
                            s += x[p * lda + i] * y[yj + p];
                        }
                    } else {
                        int xi = i * lda;
                        for (int p = 0; p < k; p++) {
                            s += x[xi + p] * y[yj + p];
                        }
                    }
                    z[i * n + j] = s;
                }
            }
        }
    }

    @Override
    public String description() {
        return "reference loops, 1 thread";
    }

    @Override
    public void addRowVectorInPlace(Matrix m, Matrix v) {
        if (v.size() != m.columns()) {
            throw new IllegalArgumentException("addRowVector: a " + v.shape()
                    + " vector does not fit the rows of a " + m.shape() + " matrix");
        }
        float[] d = m.data();
        float[] w = v.data();
        int cols = m.columns();
        for (int r = 0, rows = m.rows(); r < rows; r++) {
            int o = r * cols;
            for (int c = 0; c < cols; c++) {
                d[o + c] += w[c];
            }
        }
    }

    @Override
    public void columnSums(Matrix m, Matrix out) {
        if (out.size() != m.columns()) {
            throw new IllegalArgumentException("columnSums: the output " + out.shape()
                    + " does not fit the columns of a " + m.shape() + " matrix");
        }
        float[] d = m.data();
        float[] s = out.data();
        int cols = m.columns();
        Arrays.fill(s, 0, cols, 0f);
        for (int r = 0, rows = m.rows(); r < rows; r++) {
            int o = r * cols;
            for (int c = 0; c < cols; c++) {
                s[c] += d[o + c];
            }
        }
    }

    @Override
    public double sumOfSquares(Matrix m) {
        float[] d = m.data();
        double s = 0;
        for (int i = 0, n = m.size(); i < n; i++) {
            s += (double) d[i] * d[i];
        }
        return s;
    }

    @Override
    public void scaleInPlace(Matrix m, float factor) {
        float[] d = m.data();
        for (int i = 0, n = m.size(); i < n; i++) {
            d[i] *= factor;
        }
    }

    @Override
    public String toString() {
        return description();
    }
}

package dev.neurite.tensor;

import java.util.Arrays;

/** The micro-kernel in plain Java: runs on every JVM; the JIT vectorises its inner loop where it can. */
final class ScalarMicroKernel implements MicroKernel {
    static final int MR = 4;
    static final int NR = 16;

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int mrInPlace() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public String name() {
        return "scalar " + MR + "x" + NR;
    }

    @Override
    public void tile(float[] a, int aOffset, float[] b, int bOffset, int kc,
                     float[] c, int cOffset, int ldc, int rows, int cols, boolean accumulate, float[] bias, int biasOffset) {
        tile(a, aOffset, 1, MR, MR, b, bOffset, kc, c, cOffset, ldc, rows, cols, accumulate, bias, biasOffset);
    }

    @Override
    public void tileRows(float[] a, int aOffset, int lda, int aRows, float[] b, int bOffset, int kc,
                         float[] c, int cOffset, int ldc, int rows, int cols, boolean accumulate, float[] bias, int biasOffset) {
        tile(a, aOffset, lda, 1, aRows, b, bOffset, kc, c, cOffset, ldc, rows, cols, accumulate, bias, biasOffset);
    }

    /** Both layouts of A: A(r, p) = {@code a[aOffset + min(r, aRows−1)·rowStride + p·step]}. */
    private static void tile(float[] a, int aOffset, int rowStride, int step, int aRows, float[] b, int bOffset, int kc,
                             float[] c, int cOffset, int ldc, int rows, int cols, boolean accumulate, float[] bias, int biasOffset) {
        float[] acc = ACC.get();
        Arrays.fill(acc, 0f);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                acc[r * NR + j] = accumulate ? c[cOffset + r * ldc + j] : bias == null ? 0f : bias[biasOffset + j];
            }
        }
        for (int p = 0; p < kc; p++) {
            int ap = aOffset + p * step;
            int bp = bOffset + p * NR;
            for (int r = 0; r < MR; r++) {
                float ar = a[ap + Math.min(r, aRows - 1) * rowStride];
                int o = r * NR;
                for (int j = 0; j < NR; j++) {
                    acc[o + j] += ar * b[bp + j];
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(acc, r * NR, c, cOffset + r * ldc, cols);
        }
    }

    private static final ThreadLocal<float[]> ACC = ThreadLocal.withInitial(() -> new float[MR * NR]);

    @Override
    public void rowTimesMatrix(float[] x, int xOffset, int k, float[] b, int n, float[] bias, float[] out, int outOffset) {
        for (int j = 0; j < n; j++) {
            out[outOffset + j] = bias == null ? 0f : bias[j];
        }
        for (int p = 0; p < k; p++) {
            float xp = x[xOffset + p];
            if (xp == 0f) {
                continue;
            }
            int row = p * n;
            for (int j = 0; j < n; j++) {
                out[outOffset + j] += xp * b[row + j];
            }
        }
    }

    @Override
    public void packColumns(float[] src, int srcOffset, int ld, int count, float[] dst, int dstOffset) {
        MicroKernel.packColumns(NR, src, srcOffset, ld, count, dst, dstOffset);
    }

    @Override
    public void reluBackward(float[] z, float[] g, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = z[i] > 0 ? g[i] : 0f;
        }
    }

    @Override
    public void relu(float[] c, int offset, int ldc, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            for (int j = offset + r * ldc, end = j + cols; j < end; j++) {
                c[j] = c[j] > 0 ? c[j] : 0f;
            }
        }
    }

    @Override
    public void packPieces(float[] src, int srcOffset, int count, float[] dst, int dstOffset, int stride) {
        for (int i = 0, s = srcOffset, d = dstOffset; i < count; i++, s += MR, d += stride) {
            for (int r = 0; r < MR; r++) {
                dst[d + r] = src[s + r];
            }
        }
    }

    @Override
    public void packRows(float[] src, int srcOffset, int ld, int count, float[] dst, int dstOffset) {
        for (int p = 0; p < count; p++) {
            System.arraycopy(src, srcOffset + p * ld, dst, dstOffset + p * NR, NR);
        }
    }
}

package dev.neurite.tensor;

/**
 * The innermost loop of the blocked matrix product: one MR×NR tile of the output from MR rows of
 * A and an NR-column panel of packed B, over kc steps of the sum, accumulated in registers.
 * Packed A holds, for each p, the MR values A[i0 … i0+MR)[p] ({@code a[aOffset + p·MR + r]}), and
 * packed B, for each p, the NR values
 * B[p][j0 … j0+NR); both are zero-padded past the edge, so an edge tile is computed exactly like
 * a full one and only its valid part is stored. A single index per operand, stepping by a
 * constant, is what lets the JIT drop the bounds checks from the loop and unroll it.
 */
interface MicroKernel {

    /** Rows of a tile from packed A ({@link #tile}): the height of a packed panel. */
    int mr();

    /** Rows of a tile read in place ({@link #tileRows}). */
    int mrInPlace();

    /** Columns of a tile. */
    int nr();

    /**
     * {@code C[r][c] = (accumulate ? C[r][c] : bias[c] or 0) + Σ_p A[r][p]·B[p][c]}, summed from
     * that start in order of p, for r &lt; rows, c &lt; cols, with C at {@code c[cOffset + r·ldc + col]}.
     * The bias is given only with the first block of the sum ({@code accumulate} false).
     */
    void tile(float[] a, int aOffset, float[] b, int bOffset, int kc,
              float[] c, int cOffset, int ldc, int rows, int cols, boolean accumulate, float[] bias, int biasOffset);

    /**
     * As {@link #tile}, with A read in place from a row-major matrix instead of a packed panel:
     * A(r, p) = {@code a[aOffset + min(r, aRows−1)·lda + p]} (rows past the edge repeat the last
     * one; their results are not stored). For A not transposed this saves packing it.
     */
    void tileRows(float[] a, int aOffset, int lda, int aRows, float[] b, int bOffset, int kc,
                  float[] c, int cOffset, int ldc, int rows, int cols, boolean accumulate, float[] bias, int biasOffset);

    /**
     * {@code out[j] = bias[j] (or 0) + Σ_p x[p]·B[p][j]} for one row x of length k and a row-major
     * k×n matrix B read in place, for j &lt; n: the product of a single example, with no packing.
     * Rows of B whose inputs are zero may be skipped, not read (pixels that are off, one-hot
     * columns not set, ReLU outputs at 0): with finite weights their terms are zeros, which
     * change no bit of the sum except perhaps the sign of a zero result. A NaN or infinite weight
     * in a skipped row does not reach the output as it would through 0·∞.
     */
    void rowTimesMatrix(float[] x, int xOffset, int k, float[] b, int n, float[] bias, float[] out, int outOffset);

    /** {@code c = c > 0 ? c : 0} over a rows×cols block at {@code c[offset]}, rows {@code ldc} apart: ReLU on a finished tile. */
    void relu(float[] c, int offset, int ldc, int rows, int cols);

    /** Copies {@code count} rows of NR floats, {@code ld} apart from {@code src[srcOffset]}, to {@code dst[dstOffset]} one after another: packing a full panel of B. */
    void packRows(float[] src, int srcOffset, int ld, int count, float[] dst, int dstOffset);

    /**
     * Copies {@code count} pieces of MR adjacent floats, one after another from
     * {@code src[srcOffset]}, to {@code dst[dstOffset]}, {@code dst[dstOffset + stride]}, …:
     * one line of a transposed A into its place in each of {@code count} full packed panels.
     */
    void packPieces(float[] src, int srcOffset, int count, float[] dst, int dstOffset, int stride);

    /**
     * {@code dst[dstOffset + p·NR + j] = src[srcOffset + j·ld + p]} for j &lt; NR, p &lt; count:
     * packing a full panel of a transposed B, each of NR rows of the source read in order.
     */
    void packColumns(float[] src, int srcOffset, int ld, int count, float[] dst, int dstOffset);

    /**
     * {@link #packColumns} for a panel {@code nr} wide. Each kernel calls it with its NR, a
     * constant there once this small method is inlined, so the strided writes keep no bounds
     * check in the loop.
     */
    static void packColumns(int nr, float[] src, int srcOffset, int ld, int count, float[] dst, int dstOffset) {
        for (int j = 0; j < nr; j++) {
            int s = srcOffset + j * ld;
            int d = dstOffset + j;
            for (int p = 0; p < count; p++) {
                dst[d + p * nr] = src[s + p];
            }
        }
    }

    /** {@code out[i] = z[i] > 0 ? g[i] : 0} for {@code from ≤ i < to}: ReLU's backward pass over a range. */
    void reluBackward(float[] z, float[] g, float[] out, int from, int to);

    /** A name for logs and benchmark output. */
    String name();
}

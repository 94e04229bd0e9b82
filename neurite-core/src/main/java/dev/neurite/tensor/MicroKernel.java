package dev.neurite.tensor;

/**
 * The innermost loop of the blocked matrix product: one MR×NR tile of the output from MR rows of
 * A and an NR-column panel of packed B, over kc steps of the sum, accumulated in registers.
 * A(r, p) is read at {@code a[aOffset + min(r, aRows−1)·aRowStride + p·aStep]}: a packed panel
 * (stride 1, step MR), which is all {@link Gemm} uses today, or rows of the matrix itself
 * (stride lda, step 1: measured faster for the MLP's small products, slower for large square
 * ones, so left for a per-shape choice); rows past the edge repeat the last one and are not stored. Packed B holds, for each p, the NR values
 * B[p][j0 … j0+NR), zero-padded past the edge, so an edge tile is computed exactly like a full
 * one and only its valid part is stored.
 */
interface MicroKernel {

    /** Rows of a tile. */
    int mr();

    /** Columns of a tile. */
    int nr();

    /**
     * {@code C[r][c] = (accumulate ? C[r][c] : bias[c] or 0) + Σ_p A[r][p]·B[p][c]}, summed from
     * that start in order of p, for r &lt; rows, c &lt; cols, with C at {@code c[cOffset + r·ldc + col]}.
     * The bias is given only with the first block of the sum ({@code accumulate} false).
     */
    void tile(float[] a, int aOffset, int aRowStride, int aStep, int aRows, float[] b, int bOffset, int kc,
              float[] c, int cOffset, int ldc, int rows, int cols, boolean accumulate, float[] bias, int biasOffset);

    /**
     * {@code out[j] = bias[j] (or 0) + Σ_p x[p]·B[p][j]} for one row x of length k and a row-major
     * k×n matrix B read in place, for j &lt; n: the product of a single example, with no packing.
     */
    void rowTimesMatrix(float[] x, int xOffset, int k, float[] b, int n, float[] bias, float[] out, int outOffset);

    /** A name for logs and benchmark output. */
    String name();
}

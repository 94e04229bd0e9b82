package dev.neurite.tensor;

/**
 * The numerical kernels a network needs: the matrix product in its transposed forms and the
 * reductions around it. Layers call these and nothing below them, so a faster implementation
 * can be swapped in without touching a layer.
 *
 * <p>Every method writes into an output the caller passes (its last argument) or says
 * {@code InPlace}; none allocates.
 */
public interface Kernels {

    /** The implementation in use. */
    static Kernels get() {
        return ScalarKernels.INSTANCE;
    }

    /**
     * {@code out = op(a) · op(b)}, where {@code op(m)} is {@code mᵀ} when the matching flag is
     * set. The three products of a dense layer are {@code X·W} (no flags), {@code dZ·Wᵀ}
     * ({@code transposeB}) and {@code Xᵀ·dZ} ({@code transposeA}).
     */
    void gemm(Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix out);

    /** {@code m[r][c] += v[c]} for every row {@code r}; {@code v} is {@code 1 × m.columns()}. */
    void addRowVectorInPlace(Matrix m, Matrix v);

    /** {@code out[c] = Σ_r m[r][c]}: the column sums, into a {@code 1 × m.columns()} matrix. */
    void columnSums(Matrix m, Matrix out);

    /** {@code Σ m[i]²} over every element, accumulated in double. */
    double sumOfSquares(Matrix m);

    /** {@code m[i] *= factor} for every element. */
    void scaleInPlace(Matrix m, float factor);

    /** Checks the shapes of {@code out = op(a) · op(b)} and names them when they don't fit. */
    static void checkGemmShapes(Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix out) {
        int m = transposeA ? a.columns() : a.rows();
        int k = transposeA ? a.rows() : a.columns();
        int kb = transposeB ? b.columns() : b.rows();
        int n = transposeB ? b.rows() : b.columns();
        if (k != kb || out.rows() != m || out.columns() != n) {
            throw new IllegalArgumentException("gemm: " + a.shape() + (transposeA ? "ᵀ" : "") + " · "
                    + b.shape() + (transposeB ? "ᵀ" : "") + " does not fit an output of " + out.shape());
        }
    }
}

package dev.neurite.tensor;

import java.util.Objects;

/**
 * The numerical kernels a network needs: the matrix product in its transposed forms and the
 * reductions around it. Layers call these and nothing below them, so a faster implementation
 * can be swapped in without touching a layer.
 *
 * <p>Every method writes into an output the caller passes (its last argument) or says
 * {@code InPlace}; none allocates.
 */
public interface Kernels {

    /**
     * The implementation in use: at start-up the fastest available on all cores (the Vector-API
     * micro-kernel when {@code jdk.incubator.vector} is present, else plain Java), unless the
     * system properties {@code neurite.kernels} ({@code vector}, {@code blocked} or {@code reference})
     * or {@code neurite.threads} say otherwise; then whatever {@link #use} set.
     */
    static Kernels get() {
        return KernelSelection.current;
    }

    /** Makes {@code kernels} the implementation every layer uses from now on. */
    static void use(Kernels kernels) {
        KernelSelection.current = Objects.requireNonNull(kernels, "kernels");
    }

    /** The best implementation available here, on {@code threads} threads. */
    static Kernels create(int threads) {
        return KernelSelection.create(KernelSelection.vectorAvailable() ? "vector" : "blocked", threads);
    }

    /**
     * An implementation by kind: {@code "vector"} (the Vector-API micro-kernel; fails when the
     * module is absent), {@code "blocked"} (the same blocked algorithm in plain Java) or
     * {@code "reference"} (straightforward loops, one thread), on {@code threads} threads.
     */
    static Kernels create(String kind, int threads) {
        return KernelSelection.create(kind, threads);
    }

    /** Threads a product is split over. */
    default int threads() {
        return 1;
    }

    /** What this implementation is, e.g. "vector 6x32 (512-bit), 2 threads". */
    String description();

    /** {@code out = a·b + bias}, the bias a {@code 1 × n} row added to every row: a dense layer's forward product. */
    default void gemmBias(Matrix a, Matrix b, Matrix bias, Matrix out) {
        gemm(a, false, b, false, out);
        addRowVectorInPlace(out, bias);
    }

    /**
     * {@code out = max(0, a·b + bias)} (0 where the sum is not above 0, NaN included): the forward
     * pass of a dense ReLU layer. The fast kernels apply the activation to each tile of the output
     * as it is finished, while it is in cache, instead of in a second pass over the output.
     */
    default void gemmBiasRelu(Matrix a, Matrix b, Matrix bias, Matrix out) {
        gemmBias(a, b, bias, out);
        float[] o = out.data();
        for (int i = 0, n = out.size(); i < n; i++) {
            o[i] = o[i] > 0 ? o[i] : 0f;
        }
    }

    /**
     * {@code out[outOffset + j] = Σ_p x[xOffset + p]·b[p][j] + bias[j]} for one row x of length
     * {@code b.rows()}: a single example's product. Unlike a row of {@link #gemm}, whose sums
     * depend on the product's shape (fewer rows than a tile take another path), its bits depend
     * on nothing but this row, so a row gets the same values alone as among others.
     */
    default void rowTimesMatrix(float[] x, int xOffset, Matrix b, Matrix bias, float[] out, int outOffset) {
        int k = b.rows();
        int n = b.columns();
        checkRowTimesMatrix(x, xOffset, k, n, bias, out, outOffset);
        float[] w = b.data();
        float[] c = bias.data();
        for (int j = 0; j < n; j++) {
            float s = 0f;
            for (int p = 0; p < k; p++) {
                s += x[xOffset + p] * w[p * n + j];
            }
            out[outOffset + j] = s + c[j];
        }
    }

    static void checkRowTimesMatrix(float[] x, int xOffset, int k, int n, Matrix bias, float[] out, int outOffset) {
        if (bias.size() != n || xOffset < 0 || xOffset + k > x.length || outOffset < 0 || outOffset + n > out.length) {
            throw new IllegalArgumentException("rowTimesMatrix: a row of " + k + " values at " + xOffset + " of " + x.length
                    + ", a bias of " + bias.size() + " for " + n + " columns, the output at " + outOffset + " of " + out.length);
        }
    }

    /** {@code gradZ[i] = z[i] > 0 ? gradY[i] : 0}: the backward pass of ReLU. */
    default void reluBackward(Matrix z, Matrix gradY, Matrix gradZ) {
        float[] in = z.data();
        float[] g = gradY.data();
        float[] gx = gradZ.data();
        for (int i = 0, n = z.size(); i < n; i++) {
            gx[i] = in[i] > 0 ? g[i] : 0f;
        }
    }

    /** A loop body over the indices {@code [from, to)}, for {@link #forRanges}. */
    @FunctionalInterface
    interface RangeTask {
        void run(int from, int to);
    }

    /**
     * Runs {@code task} over {@code [0, n)} in contiguous ranges, on the threads the products use
     * when n is large enough to pay for the hand-off, else on the calling thread. For element-wise
     * work (an optimizer's update): each index must be computed on its own, so the result does not
     * depend on the split. Allocates nothing; the task should be a reused object, not a lambda
     * capturing values.
     */
    default void forRanges(int n, RangeTask task) {
        if (n > 0) {
            task.run(0, n);
        }
    }

    /**
     * Runs {@code task} over {@code [0, n)} in chunks of {@code chunk} indices ({@code [0, chunk)},
     * {@code [chunk, 2·chunk)}, …, the last one shorter), each chunk one call, handed to the
     * threads the products use as they come free. Products and ranges called from within the task
     * run on the thread that calls them, so each chunk is computed exactly as it would be on one
     * thread: for independent pieces of work (predictions for blocks of rows), the results do not
     * depend on the thread count. The task must be safe to run on several threads at once.
     */
    default void forChunks(int n, int chunk, RangeTask task) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be > 0, got " + chunk);
        }
        for (long from = 0; from < n; from += chunk) {
            task.run((int) from, (int) Math.min(n, from + chunk));
        }
    }

    /**
     * {@link #forChunks(int, int, RangeTask)} for work whose size is known, about
     * {@code multiplyAddsPerIndex} multiply-adds an index: the fast kernels hand chunks to other
     * threads only when each thread then gets enough work to pay for waking it and for its first
     * use of the task (a block of predictions on a thread builds that thread's buffers), else all
     * run on the calling thread. The results are the same either way.
     */
    default void forChunks(int n, int chunk, long multiplyAddsPerIndex, RangeTask task) {
        if (multiplyAddsPerIndex < 0) {
            throw new IllegalArgumentException("multiplyAddsPerIndex must be >= 0, got " + multiplyAddsPerIndex);
        }
        forChunks(n, chunk, task);
    }

    /**
     * {@code out = op(a) · op(b)}, where {@code op(m)} is {@code mᵀ} when the matching flag is
     * set. The three products of a dense layer are {@code X·W} (no flags), {@code dZ·Wᵀ}
     * ({@code transposeB}) and {@code Xᵀ·dZ} ({@code transposeA}).
     */
    void gemm(Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix out);

    /**
     * A dense layer's backward products: {@code weightGrad = xᵀ·dZ}, {@code biasGrad} the column
     * sums of {@code dZ}, and, unless {@code gradInput} is null, {@code gradInput = dZ·wᵀ}. The
     * two products are independent and take the same number of multiply-adds, so the fast kernels
     * on two threads compute them at once, one per thread, instead of splitting each in turn. Each
     * output is computed as {@link #gemm} and {@link #columnSums} compute it, so the results are
     * the same either way.
     */
    default void denseBackward(Matrix x, Matrix dZ, Matrix w, Matrix weightGrad, Matrix biasGrad, Matrix gradInput) {
        checkDenseBackwardShapes(x, dZ, w, weightGrad, biasGrad, gradInput);
        gemm(x, true, dZ, false, weightGrad);
        columnSums(dZ, biasGrad);
        if (gradInput != null) {
            gemm(dZ, false, w, true, gradInput);
        }
    }

    /** {@code m[r][c] += v[c]} for every row {@code r}; {@code v} is {@code 1 × m.columns()}. */
    void addRowVectorInPlace(Matrix m, Matrix v);

    /** {@code out[c] = Σ_r m[r][c]}: the column sums, into a {@code 1 × m.columns()} matrix. */
    void columnSums(Matrix m, Matrix out);

    /** {@code Σ m[i]²} over every element, accumulated in double. */
    double sumOfSquares(Matrix m);

    /** {@code m[i] *= factor} for every element. */
    void scaleInPlace(Matrix m, float factor);

    /** Checks every shape of {@link #denseBackward} before any output is written. */
    static void checkDenseBackwardShapes(Matrix x, Matrix dZ, Matrix w, Matrix weightGrad, Matrix biasGrad, Matrix gradInput) {
        checkGemmShapes(x, true, dZ, false, weightGrad);
        if (biasGrad.size() != dZ.columns()) {
            throw new IllegalArgumentException("denseBackward: a bias gradient of " + biasGrad.shape()
                    + " for " + dZ.columns() + " output columns");
        }
        if (gradInput != null) {
            checkGemmShapes(dZ, false, w, true, gradInput);
        }
    }

    /** Checks the shapes of {@code out = op(a) · op(b)} and names them when they don't fit; the output must not alias an input. */
    static void checkGemmShapes(Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix out) {
        if (a == out || b == out) {
            throw new IllegalArgumentException("gemm: the output must not alias an input");
        }
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

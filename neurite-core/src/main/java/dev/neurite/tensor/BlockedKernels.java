package dev.neurite.tensor;

/**
 * The fast kernels: the blocked, packed, multi-threaded {@link Gemm} with the micro-kernel
 * chosen at start-up, and the plain loops of {@link ScalarKernels} for the reductions (which the
 * JIT vectorises). Batches smaller than a tile (a single example) take a direct path with no
 * packing and no thread hand-off.
 */
final class BlockedKernels implements Kernels {
    private final Gemm gemm;
    private final String description;

    BlockedKernels(MicroKernel kernel, int threads) {
        this.gemm = new Gemm(kernel, new WorkerPool(threads));
        this.description = kernel.name() + ", " + threads + " thread" + (threads == 1 ? "" : "s");
    }

    @Override
    public void gemm(Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix out) {
        if (!transposeA && !transposeB && out.rows() < gemm.kernel().mr()) {
            Kernels.checkGemmShapes(a, false, b, false, out);
            rows(a, b, null, out);
            return;
        }
        gemm.multiply(a, transposeA, b, transposeB, out, null);
    }

    @Override
    public void gemmBias(Matrix a, Matrix b, Matrix bias, Matrix out) {
        if (out.rows() < gemm.kernel().mr()) {
            Kernels.checkGemmShapes(a, false, b, false, out);
            if (bias.size() != out.columns()) {
                throw new IllegalArgumentException("gemm: a bias of " + bias.size() + " values for " + out.columns() + " output columns");
            }
            rows(a, b, bias.data(), out);
            return;
        }
        gemm.multiply(a, false, b, false, out, bias);
    }

    /** Fewer rows than a tile (a single example): each row times B in place, on the calling thread. */
    private void rows(Matrix a, Matrix b, float[] bias, Matrix out) {
        int k = a.columns();
        int n = out.columns();
        for (int i = 0; i < out.rows(); i++) {
            gemm.kernel().rowTimesMatrix(a.data(), i * k, k, b.data(), n, bias, out.data(), i * n);
        }
    }

    @Override
    public void addRowVectorInPlace(Matrix m, Matrix v) {
        ScalarKernels.INSTANCE.addRowVectorInPlace(m, v);
    }

    @Override
    public void columnSums(Matrix m, Matrix out) {
        ScalarKernels.INSTANCE.columnSums(m, out);
    }

    @Override
    public double sumOfSquares(Matrix m) {
        return ScalarKernels.INSTANCE.sumOfSquares(m);
    }

    @Override
    public void scaleInPlace(Matrix m, float factor) {
        ScalarKernels.INSTANCE.scaleInPlace(m, factor);
    }

    @Override
    public int threads() {
        return gemm.pool().size();
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description();
    }
}

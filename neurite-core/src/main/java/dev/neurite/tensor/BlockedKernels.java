package dev.neurite.tensor;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fast kernels: the blocked, packed, multi-threaded {@link Gemm} with the micro-kernel
 * chosen at start-up, and the plain loops of {@link ReferenceKernels} for the reductions (which the
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
        if (!transposeA && !transposeB && out.rows() < gemm.kernel().mrInPlace()) {
            Kernels.checkGemmShapes(a, false, b, false, out);
            rows(a, b, null, out);
            return;
        }
        gemm.multiply(a, transposeA, b, transposeB, out, null, false);
    }

    @Override
    public void gemmBias(Matrix a, Matrix b, Matrix bias, Matrix out) {
        gemmBias(a, b, bias, out, false);
    }

    @Override
    public void gemmBiasRelu(Matrix a, Matrix b, Matrix bias, Matrix out) {
        gemmBias(a, b, bias, out, true);
    }

    private void gemmBias(Matrix a, Matrix b, Matrix bias, Matrix out, boolean relu) {
        if (out.rows() < gemm.kernel().mrInPlace()) {
            Kernels.checkGemmShapes(a, false, b, false, out);
            if (bias.size() != out.columns()) {
                throw new IllegalArgumentException("gemm: a bias of " + bias.size() + " values for " + out.columns() + " output columns");
            }
            rows(a, b, bias.data(), out);
            if (relu) {
                gemm.kernel().relu(out.data(), 0, out.columns(), out.rows(), out.columns());
            }
            return;
        }
        gemm.multiply(a, false, b, false, out, bias, relu);
    }

    /**
     * The two backward products of a dense layer, one per thread, when there are exactly two
     * threads and each product is worth a thread of its own ({@link Gemm#fillsAThread}); otherwise as the interface
     * says, each split over the threads in turn. Either way each product is computed whole by
     * {@link #gemm}, whose results do not depend on the split, so the bits are the same.
     *
     * <p>Why: at the MLP's middle layer (256 × 128, batch 128), each product is too small to gain
     * much from being split between two threads, while the two side by side, each whole on its
     * own thread, need no hand-off between them. The output layer's products (128 × 10) are too
     * small even to pair, and with more threads each product split over all of them keeps every
     * thread busy. (Measured: docs/performance-log.md, "BlockedKernels.denseBackward".)
     */
    @Override
    public void denseBackward(Matrix x, Matrix dZ, Matrix w, Matrix weightGrad, Matrix biasGrad, Matrix gradInput) {
        WorkerPool pool = gemm.pool();
        if (gradInput == null || pool.available() != 2 || !gemm.fillsAThread((long) x.rows() * x.columns() * dZ.columns())) {
            Kernels.super.denseBackward(x, dZ, w, weightGrad, biasGrad, gradInput);
            return;
        }
        Kernels.checkDenseBackwardShapes(x, dZ, w, weightGrad, biasGrad, gradInput);
        BackwardPair job = backwardPairs.get();
        job.x = x;
        job.dZ = dZ;
        job.w = w;
        job.weightGrad = weightGrad;
        job.biasGrad = biasGrad;
        job.gradInput = gradInput;
        try {
            pool.run(job, 2);
        } finally {
            job.x = job.dZ = job.w = job.weightGrad = job.biasGrad = job.gradInput = null;
        }
    }

    /** Part 0: the weight and bias gradients; part 1: the input gradient. Reused per calling thread. */
    private final class BackwardPair implements WorkerPool.Job {
        Matrix x;
        Matrix dZ;
        Matrix w;
        Matrix weightGrad;
        Matrix biasGrad;
        Matrix gradInput;

        @Override
        public void run(int part, int parts) {
            if (part == 0) {
                gemm(x, true, dZ, false, weightGrad);
                columnSums(dZ, biasGrad);
            } else {
                gemm(dZ, false, w, true, gradInput);
            }
        }
    }

    private final ThreadLocal<BackwardPair> backwardPairs = ThreadLocal.withInitial(BackwardPair::new);

    @Override
    public void rowTimesMatrix(float[] x, int xOffset, Matrix b, Matrix bias, float[] out, int outOffset) {
        Kernels.checkRowTimesMatrix(x, xOffset, b.rows(), b.columns(), bias, out, outOffset);
        gemm.kernel().rowTimesMatrix(x, xOffset, b.rows(), b.data(), b.columns(), bias.data(), out, outOffset);
    }

    /** Fewer rows than a tile (a single example): each row times B in place, on the calling thread. */
    private void rows(Matrix a, Matrix b, float[] bias, Matrix out) {
        int k = a.columns();
        int n = out.columns();
        for (int i = 0; i < out.rows(); i++) {
            gemm.kernel().rowTimesMatrix(a.data(), i * k, k, b.data(), n, bias, out.data(), i * n);
        }
    }

    /**
     * Element-wise work (an optimizer's update, a batch's gather) is split into parts of at least
     * this many elements, else it stays on the calling thread: below it (Adam on the MLP's 256 × 128 weights, 32,768), the data just
     * written by one thread, such as a gradient, must cross to the other, which costs more than
     * the second thread saves; above it (the 784 × 256 weights) the split pays. (Measured:
     * docs/performance-log.md, "BlockedKernels.RANGE_GRAIN".)
     */
    static final int RANGE_GRAIN = 32_768;
    /**
     * The grain of ReLU's backward pass, a compare and a blend per element: so little work per
     * element that a batch's worth (128 × 256 values, its inputs written by both threads) stays
     * on one thread. (Measured: docs/performance-log.md, "BlockedKernels.RELU_GRAIN".)
     */
    private static final int RELU_GRAIN = 65_536;

    /** Splits [0, n) into {@code parts} ranges at multiples of 16 floats (whole cache lines), reused. */
    private static final class RangeJob implements WorkerPool.Job {
        RangeTask task;
        int n;

        @Override
        public void run(int part, int parts) {
            int blocks = (n + 15) / 16;
            int from = Math.min(n, (int) ((long) blocks * part / parts) * 16);
            int to = Math.min(n, (int) ((long) blocks * (part + 1) / parts) * 16);
            if (from < to) {
                task.run(from, to);
            }
        }
    }

    private final ThreadLocal<RangeJob> rangeJobs = ThreadLocal.withInitial(RangeJob::new);

    @Override
    public void forRanges(int n, RangeTask task) {
        forRanges(n, RANGE_GRAIN, task);
    }

    /**
     * The ranges {@code n} elements are split into when {@code threads} are free: one per whole
     * {@code grain}, so that every range has at least {@code grain} elements, at least 1 and at
     * most {@code threads}.
     */
    static int partsFor(int n, int grain, int threads) {
        return Math.max(1, Math.min(threads, n / grain));
    }

    /** {@link #forRanges(int, RangeTask)} with parts of at least {@code grain} elements. */
    private void forRanges(int n, int grain, RangeTask task) {
        if (n <= 0) {
            return;
        }
        int parts = partsFor(n, grain, gemm.pool().available());
        if (parts <= 1) {
            task.run(0, n);
            return;
        }
        RangeJob job = rangeJobs.get();
        job.task = task;
        job.n = n;
        try {
            gemm.pool().run(job, parts);
        } finally {
            job.task = null;
        }
    }

    @Override
    public void forChunks(int n, int chunk, RangeTask task) {
        forChunks(n, chunk, task, gemm.pool().available());
    }

    /**
     * The least multiply-adds each thread must get, per column of the micro-kernel's tile, before
     * {@link #forChunks(int, int, long, RangeTask)} hands chunks to other threads: 2²³ a column,
     * 2²⁸ a thread with AVX-512's 32-column tiles (~4 ms of work on one core). A chunked job is
     * one-off work (a block of predictions, an evaluation), so the worker has usually parked and
     * runs the task for the first time: waking it and building its own buffers cost milliseconds
     * (tens of them when it waits for a core on this project's loaded 2-core machine). (Measured:
     * docs/performance.md, "End to end".)
     */
    static final long CHUNK_GRAIN_PER_COLUMN = 1L << 23;

    /**
     * The threads {@code chunks} chunks of {@code work} multiply-adds in all are spread over when
     * {@code threads} are free: one per whole {@code grain} of work, at least 1, at most the
     * chunks and the threads.
     */
    static int chunkPartsFor(long work, long grain, int chunks, int threads) {
        return (int) Math.max(1, Math.min(Math.min(chunks, threads), work / grain));
    }

    @Override
    public void forChunks(int n, int chunk, long multiplyAddsPerIndex, RangeTask task) {
        if (multiplyAddsPerIndex < 0) {
            throw new IllegalArgumentException("multiplyAddsPerIndex must be >= 0, got " + multiplyAddsPerIndex);
        }
        long work = n <= 0 ? 0 : multiplyAddsPerIndex > Long.MAX_VALUE / n ? Long.MAX_VALUE : n * multiplyAddsPerIndex;
        int chunks = chunk < 1 || n <= 0 ? 0 : (int) ((n + (long) chunk - 1) / chunk);
        forChunks(n, chunk, task, chunkPartsFor(work, CHUNK_GRAIN_PER_COLUMN * gemm.kernel().nr(), chunks, gemm.pool().available()));
    }

    private void forChunks(int n, int chunk, RangeTask task, int threads) {
        int chunks = chunk < 1 || n <= 0 ? 0 : (int) ((n + (long) chunk - 1) / chunk);
        int parts = Math.min(chunks, threads);
        if (parts <= 1) {
            Kernels.super.forChunks(n, chunk, task);
            return;
        }
        gemm.pool().run(new ChunkJob(task, n, chunk, chunks), parts);
    }

    /** Hands out chunks [c·chunk, (c+1)·chunk) to whichever part asks next. */
    private static final class ChunkJob implements WorkerPool.Job {
        private final RangeTask task;
        private final int n;
        private final int chunk;
        private final int chunks;
        private final AtomicInteger next = new AtomicInteger();

        ChunkJob(RangeTask task, int n, int chunk, int chunks) {
            this.task = task;
            this.n = n;
            this.chunk = chunk;
            this.chunks = chunks;
        }

        @Override
        public void run(int part, int parts) {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                int from = (int) Math.min(n, (long) c * chunk);
                task.run(from, (int) Math.min(n, (long) from + chunk));
            }
        }
    }

    /** ReLU's backward pass over a range, reused per calling thread. */
    private final class ReluBackward implements RangeTask {
        float[] z;
        float[] g;
        float[] out;

        @Override
        public void run(int from, int to) {
            gemm.kernel().reluBackward(z, g, out, from, to);
        }
    }

    private final ThreadLocal<ReluBackward> reluBackwards = ThreadLocal.withInitial(ReluBackward::new);

    @Override
    public void reluBackward(Matrix z, Matrix gradY, Matrix gradZ) {
        z.requireSameShape(gradY, "reluBackward");
        z.requireSameShape(gradZ, "reluBackward");
        ReluBackward task = reluBackwards.get();
        task.z = z.data();
        task.g = gradY.data();
        task.out = gradZ.data();
        try {
            forRanges(z.size(), RELU_GRAIN, task);
        } finally {
            task.z = task.g = task.out = null;
        }
    }

    @Override
    public void addRowVectorInPlace(Matrix m, Matrix v) {
        ReferenceKernels.INSTANCE.addRowVectorInPlace(m, v);
    }

    @Override
    public void columnSums(Matrix m, Matrix out) {
        ReferenceKernels.INSTANCE.columnSums(m, out);
    }

    @Override
    public double sumOfSquares(Matrix m) {
        return ReferenceKernels.INSTANCE.sumOfSquares(m);
    }

    @Override
    public void scaleInPlace(Matrix m, float factor) {
        ReferenceKernels.INSTANCE.scaleInPlace(m, factor);
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

package dev.neurite.tensor;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The blocked matrix product {@code C = op(A)·op(B) (+ bias) (then ReLU)} behind
 * {@link Kernels#gemm}: the sum over k in blocks of {@link #KC} (or {@link #KC_PACKED}); within a block, B is packed
 * (its transpose resolved here) into NR-column panels that a {@link MicroKernel} reads
 * contiguously, A is read in place by rows or, transposed or large, packed into MR-row panels, and
 * each MR×NR tile of C is computed in registers. Work is split between threads by whole tiles of C, on a grid fixed by
 * the product's shape (which also decides whether A is packed, and so MR), so every element is
 * computed by the same operations in the same order whatever the thread count: results are
 * bitwise identical for 1 or N threads.
 */
final class Gemm {
    /** Most depth of one block of the sum: an MR×KC piece of A (4 KB) stays in L1, a KC×NR panel of B (16 KB) streams from L2. */
    static final int KC = 256;
    /**
     * Most depth of one block of the sum when A not transposed is packed (large products): a
     * 5×KC piece of A (10 KB) in L1, a KC×NR panel of B (32 KB) streaming from L2. Half as many
     * visits to each tile of C as with {@link #KC}, whose loads and stores are the tile's fixed
     * cost. A read in place (the MLP's first layer) gains nothing from the longer block and keeps
     * KC. (Measured: docs/performance-log.md, "Gemm.KC_PACKED".)
     */
    static final int KC_PACKED = 512;
    /** Row panels of A packed at a time: 32 × MR rows × KC floats, 128–160 KB of L2 beside the packed B. */
    private static final int MC_PANELS = 32;
    /**
     * A not transposed is read in place, except from this many rows (with {@link #PACK_A_COLUMNS}
     * columns of C or more): then each row panel's first tiles would wait on A from memory, rows
     * a matrix width apart, where packing it once, in order, streams it. Below, A is reused too
     * little for packing to pay for itself (as in a block of predictions, 256 × 784 × 256).
     * (Measured: docs/performance-log.md, "Gemm.PACK_A_ROWS".)
     */
    private static final int PACK_A_ROWS = 512;
    /** See {@link #PACK_A_ROWS}: narrower products reuse a packed A too little to pay for it. */
    private static final int PACK_A_COLUMNS = 128;
    /** The most floats of packed A a thread keeps between products (17 MB: a 2,048² A, its rows padded to whole panels). */
    private static final int RETAINED_A = 17 << 18;
    /** Columns of B packed at a time: a KC×NC block (256 KB) fits half of a 512 KB L2 beside the packed A. */
    static final int NC = 256;
    /**
     * The least multiply-adds each thread of a split product must get, per column of the
     * micro-kernel's tile ({@code nr}): 2²⁰ a thread for AVX2's 16-column tiles, 2²¹ for
     * AVX-512's 32 (a tile twice as wide does a multiply-add twice as fast, so the same time takes
     * twice the work). A part below it is done in ~10 µs or less, where handing it to another
     * thread (waking it when it parked, the operands crossing between the cores that wrote them)
     * costs as much as the second thread saves: a product splits into as many parts as it has
     * grains, at most the threads. (Measured: docs/performance.md, "Small tables", and
     * docs/performance-log.md, "Gemm.PART_GRAIN_PER_COLUMN".) The system property
     * {@code neurite.gemm.grainPerColumn} sets it for measurements (a whole number ≥ 1, read once at start-up).
     */
    static final long PART_GRAIN_PER_COLUMN = grainPerColumn(System.getProperty("neurite.gemm.grainPerColumn"));

    /** The grain from the system property's text, 2¹⁶ when it is not set; anything but a positive number is refused. */
    static long grainPerColumn(String text) {
        if (text == null) {
            return 1L << 16;
        }
        try {
            long v = Long.parseLong(text.strip());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("-Dneurite.gemm.grainPerColumn must be a whole number >= 1, got '" + text + "'");
    }

    private final MicroKernel kernel;
    private final WorkerPool pool;
    private final int nr;
    /** The least multiply-adds of one part of a split product: {@link #PART_GRAIN_PER_COLUMN} × nr. */
    private final long partGrain;
    private final ThreadLocal<float[][]> buffers = ThreadLocal.withInitial(() -> new float[2][0]);

    Gemm(MicroKernel kernel, WorkerPool pool) {
        this.kernel = kernel;
        this.pool = pool;
        this.nr = kernel.nr();
        this.partGrain = PART_GRAIN_PER_COLUMN * nr;
    }

    /**
     * The threads a product of {@code work} multiply-adds is split over when {@code threads} are
     * free: one per {@link #partGrain} of work, at least 1 and at most {@code threads}. Which
     * thread computes a tile never changes its bits, so this decides the speed alone.
     */
    int partsFor(long work, int threads) {
        return (int) Math.max(1, Math.min(threads, work / partGrain));
    }

    /** Whether a product of {@code work} multiply-adds is worth a thread of its own: at least one {@link #partGrain}. */
    boolean fillsAThread(long work) {
        return work >= partGrain;
    }

    MicroKernel kernel() {
        return kernel;
    }

    WorkerPool pool() {
        return pool;
    }

    /** One product: its operands and how its output is split. Reused, so a product allocates nothing. */
    private final class Product implements WorkerPool.Job {
        float[] a;
        float[] b;
        float[] c;
        float[] bias;
        boolean ta;
        boolean tb;
        /** op(A) is packed: always when transposed, else only when large (see {@link #PACK_A_ROWS}). */
        boolean packA;
        /** Rows of a tile and of a row panel: the kernel's packed height when A is packed, else its in-place height. */
        int mr;
        /** The depth of the blocks of the sum (the last may be shorter; see {@link #blockDepth}). */
        int kcMax;
        /** The blocks of the sum a column split computes now: [sumFrom, sumTo). */
        int sumFrom;
        int sumTo;
        int m;
        int n;
        int k;
        int lda;
        int ldb;
        boolean splitColumns;
        /** Apply max(0, ·) to each tile once its last block of the sum is in. */
        boolean relu;
        /** What run(part, parts) does: the static split, or the two phases of a column split. */
        int phase;
        /** All of op(A), packed once per product for the column split: block b of the sum at mPad·p0(b). */
        float[] sharedA = new float[0];
        final AtomicInteger nextChunk = new AtomicInteger();

        @Override
        public void run(int part, int parts) {
            if (phase == PACK_SHARED_A) {
                packSharedA(this, part, parts);
                return;
            }
            if (phase == COLUMN_CHUNKS) {
                computeColumnChunks(this);
                return;
            }
            if (phase == ROW_CHUNKS) {
                computeRowChunks(this);
                return;
            }
            int rowPanels = (m + mr - 1) / mr;
            int colPanels = (n + nr - 1) / nr;
            if (splitColumns) {
                int p0 = (int) ((long) colPanels * part / parts);
                int p1 = (int) ((long) colPanels * (part + 1) / parts);
                compute(this, 0, m, p0 * nr, Math.min(n, p1 * nr));
            } else {
                int p0 = (int) ((long) rowPanels * part / parts);
                int p1 = (int) ((long) rowPanels * (part + 1) / parts);
                compute(this, p0 * mr, Math.min(m, p1 * mr), 0, n);
            }
        }
    }

    private final ThreadLocal<Product> products = ThreadLocal.withInitial(Product::new);
    private static final int STATIC_SPLIT = 0;
    private static final int PACK_SHARED_A = 1;
    private static final int COLUMN_CHUNKS = 2;
    private static final int ROW_CHUNKS = 3;
    /** Most floats of op(B) for a row split, in which every thread packs all of it: 256 KB. */
    private static final long ROW_SPLIT_B = 1L << 16;
    /** NR panels a thread takes at a time in a column split. */
    private static final int CHUNK_PANELS = 2;
    /** The most NR panels in one chunk of a wide product: 8 × KC × NR floats (128 KB; 256 KB with KC_PACKED) of packed B in L2. */
    private static final int MAX_CHUNK_PANELS = 8;

    /**
     * {@code out = op(a)·op(b) + bias}, bias a row vector added to every row, or null; with
     * {@code relu}, {@code max(0, ·)} of that (0 where not above 0), applied tile by tile.
     */
    void multiply(Matrix a, boolean ta, Matrix b, boolean tb, Matrix out, Matrix bias, boolean relu) {
        Kernels.checkGemmShapes(a, ta, b, tb, out);
        int m = out.rows();
        int n = out.columns();
        int k = ta ? a.rows() : a.columns();
        if (bias != null && bias.size() != n) {
            throw new IllegalArgumentException("gemm: a bias of " + bias.size() + " values for " + n + " output columns");
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    out.data()[i * n + j] = bias == null ? 0f : bias.data()[j];
                }
            }
            if (relu) {
                kernel.relu(out.data(), 0, n, m, n);
            }
            return;
        }
        Product job = products.get();
        job.a = a.data();
        job.b = b.data();
        job.c = out.data();
        job.bias = bias == null ? null : bias.data();
        job.ta = ta;
        job.packA = ta || m >= PACK_A_ROWS && n >= PACK_A_COLUMNS;
        int mr = job.packA ? kernel.mr() : kernel.mrInPlace();
        job.mr = mr;
        job.kcMax = blockDepth(k, job.packA && !ta ? KC_PACKED : KC);
        job.tb = tb;
        job.relu = relu;
        job.m = m;
        job.n = n;
        job.k = k;
        job.lda = a.columns();
        job.ldb = b.columns();
        int rowPanels = (m + mr - 1) / mr;
        int colPanels = (n + nr - 1) / nr;
        int threads = pool.available();
        long work = (long) m * n * k;
        int parts = Math.min(partsFor(work, threads), Math.max(rowPanels, colPanels));
        job.splitColumns = colPanels >= rowPanels || colPanels >= 2 * parts;
        try {
            if (parts > 1 && ta && (long) k * n <= ROW_SPLIT_B && rowPanels >= 4 * parts) {
                // A weight gradient, Xᵀ·dZ: its B (dZ) is small, so each thread packs all of it
                // and takes rows: one hand-off, and each piece of Xᵀ it packs serves every column
                // while in L1, where the column split packs Xᵀ in a phase of its own and re-reads
                // it for every chunk. (Measured: docs/performance-log.md, "Gemm.multiply, row split".)
                job.nextChunk.set(0);
                job.phase = ROW_CHUNKS;
                pool.run(job, parts);
            } else if (parts > 1 && job.splitColumns || job.packA && !ta) {
                // Pack op(A) once, in parallel, then hand out column chunks to whichever thread
                // is free: no thread repacks A, and a late thread takes fewer chunks. A large A
                // takes this way on one thread too, packed once rather than once per block of
                // columns.
                if (job.packA) {
                    int needA = rowPanels * mr * k;
                    if (job.sharedA.length < needA) {
                        job.sharedA = new float[needA];
                    }
                    job.phase = PACK_SHARED_A;
                    pool.run(job, parts);
                }
                // With A packed, one block of the sum at a time, each through all the columns:
                // that block of packed A (2 MB for 2,048²) then serves every chunk from L3, where
                // otherwise each chunk streamed all of it (16 MB) from memory. (One hand-off per
                // block; each tile still gets the blocks in order.) (Measured: docs/performance-log.md,
                // "Gemm.multiply, one block of the sum at a time".)
                job.phase = COLUMN_CHUNKS;
                int blockEnd = job.packA ? job.kcMax : k;
                for (int p0 = 0; p0 < k; p0 = blockEnd, blockEnd = Math.min(k, blockEnd + job.kcMax)) {
                    job.sumFrom = p0;
                    job.sumTo = blockEnd;
                    job.nextChunk.set(0);
                    pool.run(job, parts);
                }
            } else {
                job.phase = STATIC_SPLIT;
                pool.run(job, parts);
            }
        } finally {
            job.a = job.b = job.c = job.bias = null;
            if (job.sharedA.length > RETAINED_A) {
                job.sharedA = new float[0]; // not kept for the next product: it may be far smaller
            }
        }
    }

    /** Rows [m0, m1) × columns [n0, n1) of C, on the calling thread. */
    private void compute(Product g, int m0, int m1, int n0, int n1) {
        int mr = g.mr;
        if (m0 >= m1 || n0 >= n1) {
            return;
        }
        float[][] buf = buffers.get();
        int nc = Math.max(nr, NC / nr * nr);
        int kcMax = g.kcMax;
        int needB = Math.min((n1 - n0 + nr - 1) / nr * nr, nc) * kcMax;
        int needA = MC_PANELS * mr * kcMax;
        if (buf[1].length < needB) {
            buf[1] = new float[needB];
        }
        if (buf[0].length < needA) {
            buf[0] = new float[needA];
        }
        float[] packedA = buf[0];
        float[] packedB = buf[1];
        int mc = MC_PANELS * mr;
        // Loop order of Goto and van de Geijn (2008): column blocks, sum blocks, row blocks, then tiles.
        // Each element's sum runs over the same blocks in the same order for any split of the output.
        for (int j0 = n0; j0 < n1; j0 += nc) {
            int j1 = Math.min(n1, j0 + nc);
            int bPanels = (j1 - j0 + nr - 1) / nr;
            for (int p0 = 0; p0 < g.k; p0 += kcMax) {
                int kc = Math.min(kcMax, g.k - p0);
                packB(g, p0, kc, j0, j1, packedB);
                for (int i0 = m0; i0 < m1; i0 += mc) {
                    int i1 = Math.min(m1, i0 + mc);
                    if (g.packA) {
                        packA(g, p0, kc, i0, i1, packedA);
                    }
                    int aPanels = (i1 - i0 + mr - 1) / mr;
                    // Tiles along a row panel: its MR×KC piece of A stays in L1 while the KC×NR
                    // panels of B stream past it from L2, and C is visited line after line, which
                    // the prefetchers follow (down a column of tiles, each C tile was a miss).
                    for (int ip = 0; ip < aPanels; ip++) {
                        int row = i0 + ip * mr;
                        for (int jp = 0; jp < bPanels; jp++) {
                            int col = j0 + jp * nr;
                            tile(g, packedA, ip * mr * kc, p0, kc, packedB, jp * nr * kc, row, col, Math.min(mr, i1 - row), Math.min(nr, j1 - col));
                        }
                    }
                }
            }
        }
    }

    /**
     * The rows×cols tile of C at (row, col), block [p0, p0+kc) of the sum: from the bias (first
     * block) or C (later ones), A from {@code packedA[aOffset]} when aᵀ was packed or read in
     * place otherwise, B from {@code packedB[bOffset]}; then ReLU if asked and this is the last block.
     */
    private void tile(Product g, float[] packedA, int aOffset, int p0, int kc, float[] packedB, int bOffset,
                      int row, int col, int rows, int cols) {
        boolean accumulate = p0 > 0;
        float[] bias = accumulate ? null : g.bias;
        int cOffset = row * g.n + col;
        if (g.packA) {
            kernel.tile(packedA, aOffset, packedB, bOffset, kc, g.c, cOffset, g.n, rows, cols, accumulate, bias, col);
        } else {
            kernel.tileRows(g.a, row * g.lda + p0, g.lda, rows, packedB, bOffset, kc, g.c, cOffset, g.n, rows, cols, accumulate, bias, col);
        }
        if (g.relu && p0 + kc == g.k) {
            kernel.relu(g.c, cOffset, g.n, rows, cols);
        }
    }

    /**
     * The longest block of the sum: k in equal blocks of at most {@code most} (784 = 4 × 196, not
     * 3 × 256 + 16: a short last block would pay a tile's fixed cost for little work). The blocks
     * depend on the shape alone, never on the thread count.
     */
    private static int blockDepth(int k, int most) {
        int blocks = (k + most - 1) / most;
        return (k + blocks - 1) / blocks;
    }

    /** Part {@code part} of the row panels of op(A), every block of the sum, into the product's shared buffer. */
    private void packSharedA(Product g, int part, int parts) {
        int mr = g.mr;
        int rowPanels = (g.m + mr - 1) / mr;
        int mPad = rowPanels * mr;
        int q0 = (int) ((long) rowPanels * part / parts);
        int q1 = (int) ((long) rowPanels * (part + 1) / parts);
        if (q0 >= q1) {
            return;
        }
        int kcMax = g.kcMax;
        for (int p0 = 0; p0 < g.k; p0 += kcMax) {
            int kc = Math.min(kcMax, g.k - p0);
            packA(g, p0, kc, q0 * mr, Math.min(g.m, q1 * mr), g.sharedA, mPad * p0 + q0 * mr * kc);
        }
    }

    /**
     * Panels handed out dynamically go in chunks of {@code width}, except the last 2·threads,
     * one at a time: the thread that finishes first then waits at most for one panel of another's.
     */
    private int tailPanels(int panels) {
        return Math.min(panels, 2 * pool.size());
    }

    /** How many chunks {@code panels} panels make (see {@link #tailPanels}). */
    private int chunkCount(int panels, int width) {
        int head = (panels - tailPanels(panels)) / width;
        return head + panels - head * width;
    }

    /** The first panel of chunk {@code chunk}; chunk c ends where chunk c + 1 starts ({@code panels} after the last). */
    private int chunkStart(int chunk, int panels, int width) {
        int head = (panels - tailPanels(panels)) / width;
        return chunk < head ? chunk * width : head * width + (chunk - head);
    }

    /**
     * Takes chunks of column panels until none is left and computes each over the blocks of the
     * sum from {@code sumFrom} to {@code sumTo}, in order: all of them, or, A packed, the one
     * block of this pass (see {@link #multiply}).
     */
    private void computeColumnChunks(Product g) {
        int mr = g.mr;
        int colPanels = (g.n + nr - 1) / nr;
        // Chunks of CHUNK_PANELS panels, or wider for wide products (up to MAX_CHUNK_PANELS), so
        // that A, streamed once per chunk, is streamed fewer times.
        int width = Math.max(CHUNK_PANELS, Math.min(MAX_CHUNK_PANELS, (colPanels - tailPanels(colPanels)) / (4 * pool.size())));
        int chunks = chunkCount(colPanels, width);
        int rowPanels = (g.m + mr - 1) / mr;
        int mPad = rowPanels * mr;
        int kcMax = g.kcMax;
        float[][] buf = buffers.get();
        int needB = width * nr * kcMax;
        if (buf[1].length < needB) {
            buf[1] = new float[needB];
        }
        float[] packedB = buf[1];
        for (int chunk = g.nextChunk.getAndIncrement(); chunk < chunks; chunk = g.nextChunk.getAndIncrement()) {
            int j0 = chunkStart(chunk, colPanels, width) * nr;
            int j1 = Math.min(g.n, chunkStart(chunk + 1, colPanels, width) * nr);
            int bPanels = (j1 - j0 + nr - 1) / nr;
            for (int p0 = g.sumFrom; p0 < g.sumTo; p0 += kcMax) {
                int kc = Math.min(kcMax, g.k - p0);
                packB(g, p0, kc, j0, j1, packedB);
                int aBlock = mPad * p0;
                // Tiles along each row panel, as in compute().
                for (int ip = 0; ip < rowPanels; ip++) {
                    int row = ip * mr;
                    for (int jp = 0; jp < bPanels; jp++) {
                        int col = j0 + jp * nr;
                        tile(g, g.sharedA, aBlock + ip * mr * kc, p0, kc, packedB, jp * nr * kc, row, col, Math.min(mr, g.m - row), Math.min(nr, j1 - col));
                    }
                }
            }
        }
    }

    /**
     * Each thread packs all of op(B) (small: {@link #ROW_SPLIT_B}), then takes chunks of row
     * panels until none is left, packs their piece of Aᵀ and computes them across every column,
     * all blocks of the sum in order: one hand-off per product, and each piece of A serves every
     * column while it is in L1.
     */
    private void computeRowChunks(Product g) {
        int mr = g.mr;
        int rowPanels = (g.m + mr - 1) / mr;
        int colPanels = (g.n + nr - 1) / nr;
        int nPad = colPanels * nr;
        int kcMax = g.kcMax;
        int width = Math.max(1, Math.min(MC_PANELS, rowPanels / (4 * pool.size())));
        float[][] buf = buffers.get();
        if (buf[1].length < nPad * g.k) {
            buf[1] = new float[nPad * g.k];
        }
        if (buf[0].length < width * mr * kcMax) {
            buf[0] = new float[width * mr * kcMax];
        }
        float[] packedA = buf[0];
        float[] packedB = buf[1];
        for (int p0 = 0; p0 < g.k; p0 += kcMax) {
            packB(g, p0, Math.min(kcMax, g.k - p0), 0, g.n, packedB, nPad * p0);
        }
        int chunks = chunkCount(rowPanels, width);
        for (int chunk = g.nextChunk.getAndIncrement(); chunk < chunks; chunk = g.nextChunk.getAndIncrement()) {
            int i0 = chunkStart(chunk, rowPanels, width) * mr;
            int i1 = Math.min(g.m, chunkStart(chunk + 1, rowPanels, width) * mr);
            for (int p0 = 0; p0 < g.k; p0 += kcMax) {
                int kc = Math.min(kcMax, g.k - p0);
                packA(g, p0, kc, i0, i1, packedA);
                int bBlock = nPad * p0;
                for (int row = i0, ip = 0; row < i1; row += mr, ip++) {
                    for (int jp = 0; jp < colPanels; jp++) {
                        int col = jp * nr;
                        tile(g, packedA, ip * mr * kc, p0, kc, packedB, bBlock + jp * nr * kc, row, col, Math.min(mr, g.m - row), Math.min(nr, g.n - col));
                    }
                }
            }
        }
    }

    /** Packs op(A), rows [i0, i1) × sum [p0, p0+kc), as MR-row panels, p-major within a panel. */
    private void packA(Product g, int p0, int kc, int i0, int i1, float[] dst) {
        packA(g, p0, kc, i0, i1, dst, 0);
    }

    /**
     * As {@link #packA(Product, int, int, int, int, float[])}, the panels written from
     * {@code dst[offset]}. For aᵀ, op(A)(i, p) = a[p][i], zero-padded past the edge:
     * row p of a holds the MR values of every panel side by side, so the loop runs over p
     * outside and reads each row of a once, in order; each panel's current line stays in L1.
     * (Panel by panel, every value read touched a new line of a.)
     */
    private void packA(Product g, int p0, int kc, int i0, int i1, float[] dst, int offset) {
        int mr = g.mr;
        float[] a = g.a;
        int lda = g.lda;
        if (!g.ta) {
            // op(A)(i, p) = a[i][p]: each of a panel's MR rows read in order (past the edge, the
            // last row again, as tileRows reads it; those results are not stored).
            int panelSize = mr * kc;
            for (int i = i0, o = offset; i < i1; i += mr, o += panelSize) {
                int rows = Math.min(mr, i1 - i);
                for (int r = 0; r < mr; r++) {
                    int src = (i + Math.min(r, rows - 1)) * lda + p0;
                    for (int p = 0; p < kc; p++) {
                        dst[o + p * mr + r] = a[src + p];
                    }
                }
            }
            return;
        }
        int full = (i1 - i0) / mr;
        int partial = (i1 - i0) - full * mr;
        int panelSize = mr * kc;
        for (int p = 0; p < kc; p++) {
            int src = (p0 + p) * lda + i0;
            int o = offset + p * mr;
            kernel.packPieces(a, src, full, dst, o, panelSize);
            src += full * mr;
            o += full * panelSize;
            if (partial > 0) {
                for (int r = 0; r < mr; r++) {
                    dst[o + r] = r < partial ? a[src + r] : 0f;
                }
            }
        }
    }

    /** Packs op(B)[p0 … p0+kc)[j0 … j1) as NR-column panels, p-major within a panel, zero-padded. */
    private void packB(Product g, int p0, int kc, int j0, int j1, float[] dst) {
        packB(g, p0, kc, j0, j1, dst, 0);
    }

    /** As {@link #packB(Product, int, int, int, int, float[])}, the panels written from {@code dst[offset]}. */
    private void packB(Product g, int p0, int kc, int j0, int j1, float[] dst, int offset) {
        float[] b = g.b;
        int ldb = g.ldb;
        int panels = (j1 - j0 + nr - 1) / nr;
        for (int jp = 0; jp < panels; jp++) {
            int base = offset + jp * nr * kc;
            int colStart = j0 + jp * nr;
            int cols = Math.min(nr, j1 - colStart);
            if (!g.tb && cols == nr) {
                // op(B)(p, j) = b[p][j]: NR adjacent values per p, copied as vectors.
                kernel.packRows(b, p0 * ldb + colStart, ldb, kc, dst, base);
            } else if (!g.tb) {
                // The last, partial panel: zero-padded.
                for (int p = 0; p < kc; p++) {
                    int o = base + p * nr;
                    int src = (p0 + p) * ldb + colStart;
                    for (int j = 0; j < cols; j++) {
                        dst[o + j] = b[src + j];
                    }
                    for (int j = cols; j < nr; j++) {
                        dst[o + j] = 0f;
                    }
                }
            } else if (cols == nr) {
                // op(B)(p, j) = b[j][p]: NR rows of b, each read in order.
                kernel.packColumns(b, colStart * ldb + p0, ldb, kc, dst, base);
            } else {
                // The last, partial panel of bᵀ: zero-padded.
                int src = colStart * ldb + p0;
                for (int p = 0; p < kc; p++) {
                    int o = base + p * nr;
                    for (int j = 0; j < cols; j++) {
                        dst[o + j] = b[src + j * ldb + p];
                    }
                    for (int j = cols; j < nr; j++) {
                        dst[o + j] = 0f;
                    }
                }
            }
        }
    }
}

package dev.neurite.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernel on the Vector API, two tiles of 2·L columns (L floats per vector: 8 with
 * AVX2, 16 with AVX-512), updated by fused multiply-adds in registers:
 * <ul>
 * <li>from packed A ({@link #tile}), 5 rows: ten accumulators, two B vectors and the broadcast
 * fit AVX2's sixteen registers. Not 4 rows: eight accumulators only just cover the
 * multiply-add's latency (on Zen 3, 4 cycles at 2 a cycle), so any delay stalls the loop, and
 * its index and branch instructions are shared by 8 multiply-adds instead of 10. Not 6 rows:
 * twelve accumulators spill to memory.
 * <li>from A read in place ({@link #tileRows}), 4 rows, unrolled by two steps of the sum: a
 * 5-row in-place loop (five row indices) spills general registers even without unrolling; and
 * a batch of 128 rows is 32 tiles of 4.
 * </ul>
 * <p>(Measured: docs/performance-log.md, "VectorMicroKernel.MR and MR_IN_PLACE".)
 *
 * <p>The code keeps to what C2 compiles into plain vector instructions: no masks (an edge tile
 * goes through a scratch tile), no vector passed to a method that might not be inlined, and no
 * vector chosen by a branch; each of these made the JIT box vectors here, allocating on every
 * call. The accumulators start from C (later blocks of the sum) or from the bias (the first),
 * so the bias is added in the same pass, for free.
 *
 * <p>The only class that uses {@code jdk.incubator.vector}; it is loaded only when that module
 * is present.
 */
final class VectorMicroKernel implements MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of a tile from packed A. */
    static final int MR = 5;
    /** Rows of a tile read in place. */
    static final int MR_IN_PLACE = 4;
    static final int NR = 2 * L;
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[MR * NR]);
    private static final float[] ZEROS = new float[NR];
    /** The first four of a piece's MR = 5 floats. */
    private static final VectorSpecies<Float> PIECE = FloatVector.SPECIES_128;

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int mrInPlace() {
        return MR_IN_PLACE;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public String name() {
        return "vector " + MR + "x" + NR + " packed, " + MR_IN_PLACE + "x" + NR + " in place (" + S.vectorBitSize() + "-bit)";
    }

    @Override
    public void tile(float[] a, int aOffset, float[] b, int bOffset, int kc,
                     float[] c, int cOffset, int ldc, int rows, int cols, boolean accumulate, float[] bias, int biasOffset) {
        boolean full = rows == MR && cols == NR;
        // Each accumulator starts from an array: C on later blocks of the sum, else the bias (or
        // zeros). An edge tile goes through a scratch tile, so no lane reads or writes past C.
        float[] t = full ? null : SCRATCH.get();
        if (!full) {
            prepareEdge(t, c, cOffset, ldc, rows, cols, accumulate, bias, biasOffset);
        }
        float[] init = full ? (accumulate ? c : (bias == null ? ZEROS : bias)) : t;
        int o0 = full ? (accumulate ? cOffset : (bias == null ? 0 : biasOffset)) : 0;
        int step = full ? (accumulate ? ldc : 0) : NR;
        FloatVector c00 = FloatVector.fromArray(S, init, o0);
        FloatVector c01 = FloatVector.fromArray(S, init, o0 + L);
        FloatVector c10 = FloatVector.fromArray(S, init, o0 + step);
        FloatVector c11 = FloatVector.fromArray(S, init, o0 + step + L);
        FloatVector c20 = FloatVector.fromArray(S, init, o0 + 2 * step);
        FloatVector c21 = FloatVector.fromArray(S, init, o0 + 2 * step + L);
        FloatVector c30 = FloatVector.fromArray(S, init, o0 + 3 * step);
        FloatVector c31 = FloatVector.fromArray(S, init, o0 + 3 * step + L);
        FloatVector c40 = FloatVector.fromArray(S, init, o0 + 4 * step);
        FloatVector c41 = FloatVector.fromArray(S, init, o0 + 4 * step + L);
        // One index per operand, a constant multiple of the trip counter: the form whose bounds
        // checks C2 hoists out of the loop (row indices stepping by a variable cost a compare
        // each and made the loop front-end bound).
        for (int p = 0; p < kc; p++) {
            int ap = aOffset + p * MR;
            int bp = bOffset + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ap + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
        }
        float[] out = full ? c : t;
        int q = full ? cOffset : 0;
        int ld = full ? ldc : NR;
        c00.intoArray(out, q);
        c01.intoArray(out, q + L);
        c10.intoArray(out, q + ld);
        c11.intoArray(out, q + ld + L);
        c20.intoArray(out, q + 2 * ld);
        c21.intoArray(out, q + 2 * ld + L);
        c30.intoArray(out, q + 3 * ld);
        c31.intoArray(out, q + 3 * ld + L);
        c40.intoArray(out, q + 4 * ld);
        c41.intoArray(out, q + 4 * ld + L);
        if (!full) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(t, r * NR, c, cOffset + r * ldc, cols);
            }
        }
    }

    @Override
    public void tileRows(float[] a, int aOffset, int lda, int aRows, float[] b, int bOffset, int kc,
                     float[] c, int cOffset, int ldc, int rows, int cols, boolean accumulate, float[] bias, int biasOffset) {
        // The start and the store repeat tile()'s on purpose: the accumulators cannot be handed
        // to a shared helper without C2 boxing them (see the class comment).
        boolean full = rows == MR_IN_PLACE && cols == NR;
        // Each accumulator starts from an array: C on later blocks of the sum, else the bias (or
        // zeros). An edge tile goes through a scratch tile, so no lane reads or writes past C.
        float[] t = full ? null : SCRATCH.get();
        if (!full) {
            prepareEdge(t, c, cOffset, ldc, rows, cols, accumulate, bias, biasOffset);
        }
        float[] init = full ? (accumulate ? c : (bias == null ? ZEROS : bias)) : t;
        int o0 = full ? (accumulate ? cOffset : (bias == null ? 0 : biasOffset)) : 0;
        int step = full ? (accumulate ? ldc : 0) : NR;
        FloatVector c00 = FloatVector.fromArray(S, init, o0);
        FloatVector c01 = FloatVector.fromArray(S, init, o0 + L);
        FloatVector c10 = FloatVector.fromArray(S, init, o0 + step);
        FloatVector c11 = FloatVector.fromArray(S, init, o0 + step + L);
        FloatVector c20 = FloatVector.fromArray(S, init, o0 + 2 * step);
        FloatVector c21 = FloatVector.fromArray(S, init, o0 + 2 * step + L);
        FloatVector c30 = FloatVector.fromArray(S, init, o0 + 3 * step);
        FloatVector c31 = FloatVector.fromArray(S, init, o0 + 3 * step + L);
        // Four row offsets fixed for the loop and one trip counter stepping by one: C2 hoists the
        // bounds checks. Rows past the edge read the last row again and are not stored.
        // Two steps of the sum per trip: half the loop's own instructions per multiply-add. (The
        // same unrolling in tile() made C2 hoist all eight broadcasts and spill accumulators to
        // the stack, seen with -XX:CompileCommand=print; measured: docs/performance-log.md,
        // "VectorMicroKernel.tileRows, unrolling".)
        int a0 = aOffset;
        int a1 = aOffset + Math.min(1, aRows - 1) * lda;
        int a2 = aOffset + Math.min(2, aRows - 1) * lda;
        int a3 = aOffset + Math.min(3, aRows - 1) * lda;
        FloatVector b0;
        FloatVector b1;
        FloatVector x;
        int pairs = kc >> 1;
        for (int q = 0; q < pairs; q++) {
            int p = 2 * q;
            int bp = bOffset + q * (2 * NR);
            b0 = FloatVector.fromArray(S, b, bp);
            b1 = FloatVector.fromArray(S, b, bp + L);
            x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            b0 = FloatVector.fromArray(S, b, bp + NR);
            b1 = FloatVector.fromArray(S, b, bp + NR + L);
            x = FloatVector.broadcast(S, a[a0 + p + 1]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p + 1]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p + 1]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        if ((kc & 1) != 0) {
            int p = kc - 1;
            int bp = bOffset + p * NR;
            b0 = FloatVector.fromArray(S, b, bp);
            b1 = FloatVector.fromArray(S, b, bp + L);
            x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        float[] out = full ? c : t;
        int q = full ? cOffset : 0;
        int ld = full ? ldc : NR;
        c00.intoArray(out, q);
        c01.intoArray(out, q + L);
        c10.intoArray(out, q + ld);
        c11.intoArray(out, q + ld + L);
        c20.intoArray(out, q + 2 * ld);
        c21.intoArray(out, q + 2 * ld + L);
        c30.intoArray(out, q + 3 * ld);
        c31.intoArray(out, q + 3 * ld + L);
        if (!full) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(t, r * NR, c, cOffset + r * ldc, cols);
            }
        }
    }

    /**
     * One example times a weight matrix, reading only the rows of B whose inputs are not zero
     * (dark pixels, unset one-hot columns and ReLU outputs at 0 are often most of them): first
     * the non-zero inputs' indices are listed, eight inputs at a time, without a branch (a
     * vector compare gives a mask, a table the mask's set lanes in order); then four listed rows
     * at a time are folded into the output row, which stays in L1. Each output column is summed
     * in order of p, one fused multiply-add at a time, from +0, and the bias added last; a
     * skipped term, a ±0 for finite weights, cannot change a sum begun at +0, so the bits are
     * those of the dense sum.
     *
     * <p>Listing the non-zero inputs one by one reads fewer weight rows than skipping only whole
     * groups of four zero inputs, for a small cost on an input with no zero (the listing pass);
     * listing input by input, with a compare each, costs more than it saves, hence the
     * branch-free listing eight at a time. (Measured: docs/performance-log.md,
     * "VectorMicroKernel.rowTimesMatrix".)
     */
    @Override
    public void rowTimesMatrix(float[] x, int xOffset, int k, float[] b, int n, float[] bias, float[] out, int outOffset) {
        Arrays.fill(out, outOffset, outOffset + n, 0f);
        int[] rows = NON_ZERO.get();
        if (rows.length < k + LIST_LANES) {
            rows = new int[k + LIST_LANES];
            NON_ZERO.set(rows);
        }
        int count = listNonZero(x, xOffset, k, rows);
        int nv = S.loopBound(n);
        int g = 0;
        for (; g + 4 <= count; g += 4) {
            int p0 = rows[g];
            int p1 = rows[g + 1];
            int p2 = rows[g + 2];
            int p3 = rows[g + 3];
            float v0 = x[xOffset + p0];
            float v1 = x[xOffset + p1];
            float v2 = x[xOffset + p2];
            float v3 = x[xOffset + p3];
            FloatVector x0 = FloatVector.broadcast(S, v0);
            FloatVector x1 = FloatVector.broadcast(S, v1);
            FloatVector x2 = FloatVector.broadcast(S, v2);
            FloatVector x3 = FloatVector.broadcast(S, v3);
            int r0 = p0 * n;
            int r1 = p1 * n;
            int r2 = p2 * n;
            int r3 = p3 * n;
            for (int j = 0; j < nv; j += L) {
                FloatVector acc = FloatVector.fromArray(S, out, outOffset + j);
                acc = x0.fma(FloatVector.fromArray(S, b, r0 + j), acc);
                acc = x1.fma(FloatVector.fromArray(S, b, r1 + j), acc);
                acc = x2.fma(FloatVector.fromArray(S, b, r2 + j), acc);
                acc = x3.fma(FloatVector.fromArray(S, b, r3 + j), acc);
                acc.intoArray(out, outOffset + j);
            }
            for (int j = nv; j < n; j++) {
                float acc = out[outOffset + j];
                acc = Math.fma(v0, b[r0 + j], acc);
                acc = Math.fma(v1, b[r1 + j], acc);
                acc = Math.fma(v2, b[r2 + j], acc);
                acc = Math.fma(v3, b[r3 + j], acc);
                out[outOffset + j] = acc;
            }
        }
        for (; g < count; g++) {
            int p = rows[g];
            float v = x[xOffset + p];
            FloatVector xp = FloatVector.broadcast(S, v);
            int r0 = p * n;
            for (int j = 0; j < nv; j += L) {
                xp.fma(FloatVector.fromArray(S, b, r0 + j), FloatVector.fromArray(S, out, outOffset + j)).intoArray(out, outOffset + j);
            }
            for (int j = nv; j < n; j++) {
                out[outOffset + j] = Math.fma(v, b[r0 + j], out[outOffset + j]);
            }
        }
        if (bias != null) {
            for (int c = 0; c < n; c++) {
                out[outOffset + c] += bias[c];
            }
        }
    }

    /**
     * Writes the indices p &lt; k with {@code x[xOffset + p] != 0} (NaN included, ±0 not) to
     * {@code rows}, in order, and returns how many. With 256-bit vectors or wider, eight inputs
     * at a time: their compare mask picks the row of {@link #SET_LANES} listing its set lanes,
     * stored whole at the list's end (which then grows by the mask's bit count), so
     * {@code rows} has {@link #LIST_LANES} spare places. Else one input at a time, also without
     * a branch.
     */
    static int listNonZero(float[] x, int xOffset, int k, int[] rows) {
        int count = 0;
        int p = 0;
        if (LIST_BY_MASK) {
            for (int upper = LIST_FLOATS.loopBound(k); p < upper; p += LIST_LANES) {
                int mask = (int) FloatVector.fromArray(LIST_FLOATS, x, xOffset + p).compare(VectorOperators.NE, 0f).toLong();
                IntVector.fromArray(LIST_INTS, SET_LANES, mask * LIST_LANES).add(p).intoArray(rows, count);
                count += Integer.bitCount(mask);
            }
        }
        for (; p < k; p++) {
            rows[count] = p;
            count += x[xOffset + p] != 0f ? 1 : 0;
        }
        return count;
    }

    /** The list of non-zero inputs takes eight at a time (see {@link #listNonZero}). */
    static final int LIST_LANES = 8;
    private static final VectorSpecies<Float> LIST_FLOATS = FloatVector.SPECIES_256;
    private static final VectorSpecies<Integer> LIST_INTS = IntVector.SPECIES_256;
    /** Only where 256-bit vectors are native: elsewhere the Vector API would emulate them, slowly. */
    private static final boolean LIST_BY_MASK = S.vectorBitSize() >= 256;
    /** Row m: the lanes set in the 8-bit mask m, in increasing order, then zeros. */
    private static final int[] SET_LANES = new int[256 * LIST_LANES];
    static {
        for (int mask = 0; mask < 256; mask++) {
            int c = 0;
            for (int lane = 0; lane < LIST_LANES; lane++) {
                if ((mask & 1 << lane) != 0) {
                    SET_LANES[mask * LIST_LANES + c++] = lane;
                }
            }
        }
    }
    private static final ThreadLocal<int[]> NON_ZERO = ThreadLocal.withInitial(() -> new int[0]);

    @Override
    public void relu(float[] c, int offset, int ldc, int rows, int cols) {
        FloatVector zero = FloatVector.zero(S);
        for (int r = 0; r < rows; r++) {
            int j = offset + r * ldc;
            int end = j + cols;
            for (; j + L <= end; j += L) {
                FloatVector v = FloatVector.fromArray(S, c, j);
                zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(c, j);
            }
            for (; j < end; j++) {
                c[j] = c[j] > 0 ? c[j] : 0f;
            }
        }
    }

    @Override
    public void packRows(float[] src, int srcOffset, int ld, int count, float[] dst, int dstOffset) {
        for (int p = 0; p < count; p++) {
            int s = srcOffset + p * ld;
            int d = dstOffset + p * NR;
            FloatVector.fromArray(S, src, s).intoArray(dst, d);
            FloatVector.fromArray(S, src, s + L).intoArray(dst, d + L);
        }
    }

    /**
     * Each piece of MR = 5 floats as one 128-bit vector and a float: the weight gradients'
     * packing of Aᵀ. JDK 17's C2 does not compile a 128-bit species beside the preferred one into
     * vector instructions (every piece allocated, the weight gradients ran 25× slower), so there
     * the pieces are copied as plain floats.
     */
    @Override
    public void packPieces(float[] src, int srcOffset, int count, float[] dst, int dstOffset, int stride) {
        if (!PIECES_AS_VECTORS) {
            for (int i = 0; i < count; i++) {
                System.arraycopy(src, srcOffset + i * MR, dst, dstOffset + i * stride, MR);
            }
            return;
        }
        for (int i = 0; i < count; i++) {
            int s = srcOffset + i * MR;
            int d = dstOffset + i * stride;
            FloatVector.fromArray(PIECE, src, s).intoArray(dst, d);
            dst[d + 4] = src[s + 4];
        }
    }

    private static final boolean PIECES_AS_VECTORS = Runtime.version().feature() >= 21;

    @Override
    public void packColumns(float[] src, int srcOffset, int ld, int count, float[] dst, int dstOffset) {
        MicroKernel.packColumns(NR, src, srcOffset, ld, count, dst, dstOffset);
    }

    @Override
    public void reluBackward(float[] z, float[] g, float[] out, int from, int to) {
        int i = from;
        for (int upper = from + S.loopBound(to - from); i < upper; i += L) {
            FloatVector zv = FloatVector.fromArray(S, z, i);
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector.zero(S).blend(gv, zv.compare(VectorOperators.GT, 0f)).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = z[i] > 0 ? g[i] : 0f;
        }
    }

    /** Fills the scratch tile with the accumulators' starting values: C's valid part, or the bias, zeros elsewhere. */
    private static void prepareEdge(float[] t, float[] c, int cOffset, int ldc, int rows, int cols,
                                    boolean accumulate, float[] bias, int biasOffset) {
        Arrays.fill(t, 0f);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                t[r * NR + j] = accumulate ? c[cOffset + r * ldc + j] : bias == null ? 0f : bias[biasOffset + j];
            }
        }
    }
}

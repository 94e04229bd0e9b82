package dev.neurite.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.TestData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kernel against a naive reference, on many shapes including 0, 1 and odd sizes. */
class KernelsTest {
    private static final int[] SIZES = {0, 1, 2, 3, 7, 16, 17, 33, 64, 65};
    private final Kernels kernels = Kernels.get();

    /** Every implementation: the simple loops, and the blocked product with each micro-kernel on 1 to 3 threads. */
    static List<Kernels> implementations() {
        List<Kernels> all = new ArrayList<>(List.of(Kernels.create("reference", 1), Kernels.create("blocked", 1), Kernels.create("blocked", 3)));
        if (KernelSelection.vectorAvailable()) {
            all.add(Kernels.create("vector", 1));
            all.add(Kernels.create("vector", 2));
            all.add(Kernels.create("vector", 3));
        }
        return all;
    }

    @Test
    void theVectorKernelIsInUseWhenTheModuleIsPresent() {
        // The build runs the tests with --add-modules jdk.incubator.vector: the fast path must be the one tested.
        assertTrue(KernelSelection.vectorAvailable(), "jdk.incubator.vector is absent from the test JVM");
        assertTrue(Kernels.get().description().startsWith("vector"), Kernels.get().description());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void blockedProductsMatchTheTripleLoopAcrossBlocks(Kernels impl) {
        // k beyond one block of the sum (256), m beyond one packed block of rows, odd edges
        // everywhere, n wide enough (600: 38 panels) for the column split's wide chunks, and A
        // large enough to be packed when not transposed (515 rows, 130 columns), also with k
        // beyond a block of the deeper sum used then (1,030: three blocks of 344).
        int[][] shapes = {{1, 1, 1}, {5, 7, 3}, {6, 33, 300}, {13, 97, 600}, {128, 256, 784}, {130, 10, 257}, {200, 65, 129}, {150, 600, 70}, {515, 130, 40}, {517, 131, 1030}};
        long seed = 1;
        for (int[] s : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    int m = s[0];
                    int n = s[1];
                    int k = s[2];
                    Matrix a = ta ? TestData.uniform(k, m, 1f, seed++) : TestData.uniform(m, k, 1f, seed++);
                    Matrix b = tb ? TestData.uniform(n, k, 1f, seed++) : TestData.uniform(k, n, 1f, seed++);
                    Matrix out = new Matrix(m, n);
                    out.fill(Float.NaN);
                    impl.gemm(a, ta, b, tb, out);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double expected = naive(a, ta, b, tb, i, j);
                            if (Math.abs(expected - out.get(i, j)) > 2e-5 * (1 + k)) {
                                throw new AssertionError(impl.description() + " " + m + "×" + k + "×" + n + " ta=" + ta + " tb=" + tb
                                        + " at (" + i + ", " + j + "): expected " + expected + ", got " + out.get(i, j));
                            }
                        }
                    }
                }
            }
            Matrix a = TestData.uniform(s[0], s[2], 1f, seed++);
            Matrix b = TestData.uniform(s[2], s[1], 1f, seed++);
            Matrix bias = TestData.uniform(1, s[1], 1f, seed++);
            Matrix out = new Matrix(s[0], s[1]);
            impl.gemmBias(a, b, bias, out);
            for (int i = 0; i < s[0]; i++) {
                for (int j = 0; j < s[1]; j++) {
                    assertEquals(naive(a, false, b, false, i, j) + bias.get(0, j), out.get(i, j), 2e-5 * (1 + s[2]));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void theReluProductIsTheBiasedProductClampedAtZero(Kernels impl) {
        // Shapes with one and several blocks of the sum (the activation must wait for the last),
        // single rows (the direct path), row and column splits, and k = 0 (bias alone).
        int[][] shapes = {{1, 1, 1}, {1, 37, 300}, {3, 17, 5}, {5, 7, 0}, {13, 97, 600}, {128, 256, 784}, {130, 10, 257}, {200, 65, 129}, {513, 129, 257}};
        long seed = 100;
        for (int[] s : shapes) {
            Matrix a = TestData.uniform(s[0], s[2], 1f, seed++);
            Matrix b = TestData.uniform(s[2], s[1], 1f, seed++);
            Matrix bias = TestData.uniform(1, s[1], 1f, seed++);
            Matrix plain = new Matrix(s[0], s[1]);
            Matrix fused = new Matrix(s[0], s[1]);
            fused.fill(Float.NaN);
            impl.gemmBias(a, b, bias, plain);
            impl.gemmBiasRelu(a, b, bias, fused);
            int zeros = 0;
            for (int i = 0; i < plain.size(); i++) {
                float expected = plain.data()[i] > 0 ? plain.data()[i] : 0f;
                // The same sums in the same order: bitwise equal, not just close.
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(fused.data()[i]),
                        () -> impl.description() + " " + Arrays.toString(s));
                zeros += expected == 0f ? 1 : 0;
            }
            assertTrue(plain.size() < 20 || zeros > 0 && zeros < plain.size(), "the data must have both signs");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void singleExamplesSkipZeroInputsCorrectly(Kernels impl) {
        // The single-example path leaves out rows of B whose inputs are zero: a lone non-zero
        // input at each place in a group of four or eight, in the tail, runs of zeros, −0, and
        // inputs that are all zero (the output is then the bias, to the bit).
        // (A lone non-zero is tried at the first 40 places, which span every place in a group.)
        long seed = 300;
        for (int k : new int[] {1, 3, 4, 5, 8, 13, 37, 300}) {
            for (int n : new int[] {1, 7, 8, 17, 256}) {
                Matrix b = TestData.uniform(k, n, 1f, seed++);
                Matrix bias = TestData.uniform(1, n, 1f, seed++);
                List<float[]> inputs = new ArrayList<>();
                inputs.add(new float[k]);
                for (int at = 0; at < Math.min(k, 40); at++) {
                    float[] x = new float[k];
                    x[at] = 0.75f;
                    if (at > 0) {
                        x[at - 1] = -0f;
                    }
                    inputs.add(x);
                }
                float[] runs = TestData.uniform(1, k, 1f, seed++).data();
                for (int p = 0; p < k; p++) {
                    runs[p] = (p / 6) % 2 == 0 ? 0f : runs[p];
                }
                inputs.add(runs);
                for (float[] x : inputs) {
                    for (int rows = 1; rows <= 3; rows++) {
                        Matrix a = new Matrix(rows, k);
                        for (int r = 0; r < rows; r++) {
                            System.arraycopy(x, 0, a.data(), r * k, k);
                        }
                        Matrix out = new Matrix(rows, n);
                        out.fill(Float.NaN);
                        impl.gemmBias(a, b, bias, out);
                        boolean allZero = true;
                        for (float v : x) {
                            allZero &= v == 0f;
                        }
                        for (int r = 0; r < rows; r++) {
                            for (int j = 0; j < n; j++) {
                                double expected = naive(a, false, b, false, r, j) + bias.get(0, j);
                                String where = impl.description() + " k=" + k + " n=" + n + " x=" + Arrays.toString(x) + " at (" + r + ", " + j + ")";
                                if (allZero) {
                                    assertEquals(Float.floatToRawIntBits(bias.get(0, j)), Float.floatToRawIntBits(out.get(r, j)), where);
                                } else {
                                    assertEquals(expected, out.get(r, j), 2e-5 * (1 + k), where);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void theVectorKernelListsEveryNonZeroInputInOrder() {
        // The list behind the single-example product, eight inputs at a time by a mask and a
        // table, then one at a time: NaN, the smallest subnormal and infinities count as
        // non-zero, ±0 not; every length around the eight-wide steps, from an offset.
        float[] values = {0f, -0f, 0.5f, Float.NaN, Float.MIN_VALUE, Float.NEGATIVE_INFINITY, -3f};
        Rng rng = new Rng(11);
        for (int k = 0; k <= 70; k++) {
            for (int offset : new int[] {0, 5}) {
                for (int density = 0; density <= 4; density++) {
                    float[] x = new float[offset + k + 3];
                    Arrays.fill(x, 1f); // around the input: must not be listed
                    List<Integer> expected = new ArrayList<>();
                    for (int p = 0; p < k; p++) {
                        boolean lit = rng.nextInt(4) < density;
                        x[offset + p] = lit ? values[2 + rng.nextInt(values.length - 2)] : values[rng.nextInt(2)];
                        if (lit) {
                            expected.add(p);
                        }
                    }
                    int[] rows = new int[k + VectorMicroKernel.LIST_LANES];
                    Arrays.fill(rows, -1);
                    int count = VectorMicroKernel.listNonZero(x, offset, k, rows);
                    List<Integer> listed = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        listed.add(rows[i]);
                    }
                    assertEquals(expected, listed, "k=" + k + " offset=" + offset + " x=" + Arrays.toString(x));
                }
            }
        }
    }

    @Test
    void theVectorKernelSumsASingleExampleInOrderFromZeroThenAddsTheBias() {
        // Skipping the rows of zero inputs must give the bits of the dense sum: each column
        // folded in order of p by fused multiply-adds from +0 (zeros included), the bias last.
        // Inputs from all zero to all lit, widths on and off the vector width, from offsets,
        // with the output's neighbours left alone.
        MicroKernel kernel = new VectorMicroKernel();
        Rng rng = new Rng(12);
        long seed = 900;
        for (int k : new int[] {1, 4, 5, 8, 9, 31, 64, 100, 784}) {
            for (int n : new int[] {1, 7, 8, 10, 17, 128, 256}) {
                Matrix b = TestData.uniform(k, n, 1f, seed++);
                float[] bias = TestData.uniform(1, n, 1f, seed++).data();
                for (int density = 0; density <= 4; density++) {
                    float[] x = new float[k + 2];
                    for (int p = 0; p < k; p++) {
                        x[2 + p] = rng.nextInt(4) < density ? rng.nextFloat() * 2 - 1 : (rng.nextInt(2) == 0 ? 0f : -0f);
                    }
                    float[] out = new float[n + 4];
                    Arrays.fill(out, Float.NaN);
                    kernel.rowTimesMatrix(x, 2, k, b.data(), n, bias, out, 3);
                    for (int j = 0; j < n; j++) {
                        float acc = 0f;
                        for (int p = 0; p < k; p++) {
                            acc = Math.fma(x[2 + p], b.data()[p * n + j], acc);
                        }
                        acc += bias[j];
                        int column = j;
                        assertEquals(Float.floatToRawIntBits(acc), Float.floatToRawIntBits(out[3 + j]),
                                () -> "k=" + k + " n=" + n + " column " + column);
                    }
                    assertTrue(Float.isNaN(out[0]) && Float.isNaN(out[1]) && Float.isNaN(out[2]) && Float.isNaN(out[n + 3]), "outside the output row");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void reluBackwardPassesTheGradientWhereTheInputIsPositive(Kernels impl) {
        // Sizes around the vector width and the threads' grain (65,536 values a thread: split from
        // 131,072), and the edge values.
        for (int n : new int[] {0, 1, 7, 8, 9, 17, 100, 16_385, 65_535, 65_536, 65_537, 131_071, 131_072, 140_001}) {
            Matrix z = TestData.uniform(1, n, 1f, n);
            Matrix g = TestData.uniform(1, n, 2f, n + 1L);
            float[] special = {0f, -0f, Float.NaN, Float.MIN_VALUE, -Float.MIN_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
            for (int i = 0; i < Math.min(n, special.length); i++) {
                z.data()[n - 1 - i] = special[i];
            }
            Matrix out = new Matrix(1, n);
            out.fill(Float.NaN);
            impl.reluBackward(z, g, out);
            for (int i = 0; i < n; i++) {
                float expected = z.data()[i] > 0 ? g.data()[i] : 0f;
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(out.data()[i]),
                        impl.description() + " n=" + n + " at " + i + " (z=" + z.data()[i] + ")");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void forRangesVisitsEveryIndexOnceInDisjointRanges(Kernels impl) {
        for (int n : new int[] {0, 1, 15, 16, 17, 16_384, 16_385, 50_000, 100_003}) {
            AtomicIntegerArray visits = new AtomicIntegerArray(Math.max(n, 1));
            AtomicInteger calls = new AtomicInteger();
            impl.forRanges(n, (from, to) -> {
                assertTrue(0 <= from && from < to && to <= n, "range [" + from + ", " + to + ") of " + n);
                calls.incrementAndGet();
                for (int i = from; i < to; i++) {
                    visits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, visits.get(i), impl.description() + " n=" + n + " index " + i);
            }
            assertTrue(calls.get() <= Math.max(1, impl.threads()), calls + " ranges for " + impl.threads() + " threads");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void forChunksRunsEveryChunkOnceWithProductsInsideOnTheirThread(Kernels impl) {
        // Each chunk task runs a product of its own (the nested call must stay on that thread
        // and give the bits of a product outside any task).
        Matrix a = TestData.uniform(37, 300, 1f, 11);
        Matrix b = TestData.uniform(300, 70, 1f, 12);
        Matrix expected = new Matrix(37, 70);
        impl.gemm(a, false, b, false, expected);
        for (int n : new int[] {0, 1, 5, 64, 65, 1000}) {
            for (int chunk : new int[] {1, 7, 64, 5000}) {
                AtomicIntegerArray visits = new AtomicIntegerArray(Math.max(n, 1));
                AtomicInteger mismatches = new AtomicInteger();
                impl.forChunks(n, chunk, (from, to) -> {
                    assertTrue(from % chunk == 0 && from < to && to == Math.min(n, from + chunk), "chunk [" + from + ", " + to + ") of " + n);
                    for (int i = from; i < to; i++) {
                        visits.incrementAndGet(i);
                    }
                    if (from / chunk % 16 == 0) {
                        Matrix out = new Matrix(37, 70);
                        impl.gemm(a, false, b, false, out);
                        mismatches.addAndGet(out.contentEquals(expected) ? 0 : 1);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, visits.get(i), impl.description() + " n=" + n + " chunk=" + chunk + " index " + i);
                }
                assertEquals(0, mismatches.get(), impl.description() + ": a product inside a chunk differs");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> impl.forChunks(10, 0, (from, to) -> { }));
    }

    @Test
    void productsAreBitwiseIdenticalForAnyThreadCount() {
        List<String> kinds = KernelSelection.vectorAvailable() ? List.of("blocked", "vector") : List.of("blocked");
        for (String kind : kinds) {
            Kernels one = Kernels.create(kind, 1);
            for (int threads : new int[] {2, 3, 4}) {
                Kernels many = Kernels.create(kind, threads);
                for (int[] s : new int[][] {{128, 256, 784}, {784, 256, 128}, {128, 784, 256}, {37, 300, 513}, {128, 10, 128}, {150, 600, 300}, {1030, 140, 300}, {517, 131, 1030}}) {
                    for (boolean ta : new boolean[] {false, true}) {
                        for (boolean tb : new boolean[] {false, true}) {
                            Matrix a = ta ? TestData.uniform(s[2], s[0], 1f, 1) : TestData.uniform(s[0], s[2], 1f, 1);
                            Matrix b = tb ? TestData.uniform(s[1], s[2], 1f, 2) : TestData.uniform(s[2], s[1], 1f, 2);
                            Matrix x = new Matrix(s[0], s[1]);
                            Matrix y = new Matrix(s[0], s[1]);
                            one.gemm(a, ta, b, tb, x);
                            many.gemm(a, ta, b, tb, y);
                            assertTrue(x.contentEquals(y), kind + " " + threads + " threads, shape " + Arrays.toString(s));
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void denseBackwardIsItsThreeKernelsBitForBit(Kernels impl) {
        // The middle layer's shape is paired on two threads (one product per thread); the output
        // layer's and the odd one are not. Either way each output must be what the kernels give one
        // at a time, bit for bit, with the input gradient or without it.
        for (int[] s : new int[][] {{128, 256, 128}, {128, 128, 10}, {37, 300, 65}, {1, 5, 3}}) {
            int batch = s[0];
            int in = s[1];
            int out = s[2];
            Matrix x = TestData.uniform(batch, in, 1f, 11);
            Matrix dZ = TestData.uniform(batch, out, 1f, 12);
            Matrix w = TestData.uniform(in, out, 1f, 13);
            Matrix wantW = new Matrix(in, out);
            Matrix wantB = new Matrix(1, out);
            Matrix wantX = new Matrix(batch, in);
            impl.gemm(x, true, dZ, false, wantW);
            impl.columnSums(dZ, wantB);
            impl.gemm(dZ, false, w, true, wantX);
            for (boolean withInput : new boolean[] {true, false}) {
                Matrix gotW = new Matrix(in, out);
                Matrix gotB = new Matrix(1, out);
                Matrix gotX = new Matrix(batch, in);
                gotX.fill(Float.NaN);
                impl.denseBackward(x, dZ, w, gotW, gotB, withInput ? gotX : null);
                String what = impl.description() + " " + Arrays.toString(s) + " input gradient " + withInput;
                assertTrue(gotW.contentEquals(wantW), what + ": weight gradient");
                assertTrue(gotB.contentEquals(wantB), what + ": bias gradient");
                if (withInput) {
                    assertTrue(gotX.contentEquals(wantX), what + ": input gradient");
                } else {
                    assertTrue(Float.isNaN(gotX.get(0, 0)), what + ": the input gradient was written though not asked for");
                }
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> impl.denseBackward(
                new Matrix(128, 256), new Matrix(128, 128), new Matrix(256, 129), new Matrix(256, 128), new Matrix(1, 128), new Matrix(128, 256)));
        assertTrue(e.getMessage().contains("256×129"), e.getMessage());
        Matrix untouched = new Matrix(256, 128);
        untouched.fill(7f);
        e = assertThrows(IllegalArgumentException.class, () -> impl.denseBackward(
                new Matrix(128, 256), new Matrix(128, 128), new Matrix(256, 128), untouched, new Matrix(1, 127), new Matrix(128, 256)));
        assertTrue(e.getMessage().contains("1×127"), e.getMessage());
        assertEquals(7f, untouched.get(0, 0), "an output was written before the shapes were checked");
    }

    @Test
    void aJobThatFailsOnTheCallingThreadWaitsForTheOtherParts() throws Exception {
        WorkerPool pool = new WorkerPool(2);
        AtomicBoolean otherDone = new AtomicBoolean();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run((part, parts) -> {
            if (part == 0) {
                throw new IllegalStateException("part 0 failed");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            otherDone.set(true);
        }, 2));
        assertEquals("part 0 failed", e.getMessage());
        // Returning earlier would free the pool while part 1 still writes its share of the output.
        assertTrue(otherDone.get(), "run() returned before part 1 finished");
        AtomicInteger ran = new AtomicInteger();
        pool.run((part, parts) -> ran.incrementAndGet(), 2);
        assertEquals(2, ran.get(), "the pool runs the next job after a failure");
    }

    private static double naive(Matrix a, boolean ta, Matrix b, boolean tb, int i, int j) {
        int k = ta ? a.rows() : a.columns();
        double s = 0;
        for (int p = 0; p < k; p++) {
            double x = ta ? a.get(p, i) : a.get(i, p);
            double y = tb ? b.get(j, p) : b.get(p, j);
            s += x * y;
        }
        return s;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void gemmMatchesTheTripleLoopForEveryTransposeAndShape(Kernels kernels) {
        long seed = 1;
        int checked = 0;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (int m : SIZES) {
                    for (int n : SIZES) {
                        for (int k : new int[] {0, 1, 5, 31, 64}) {
                            Matrix a = ta ? TestData.uniform(k, m, 1f, seed++) : TestData.uniform(m, k, 1f, seed++);
                            Matrix b = tb ? TestData.uniform(n, k, 1f, seed++) : TestData.uniform(k, n, 1f, seed++);
                            Matrix out = new Matrix(m, n);
                            out.fill(Float.NaN); // the product must overwrite, not accumulate
                            kernels.gemm(a, ta, b, tb, out);
                            for (int i = 0; i < m; i++) {
                                for (int j = 0; j < n; j++) {
                                    double expected = naive(a, ta, b, tb, i, j);
                                    assertEquals(expected, out.get(i, j), 1e-5 * (1 + k),
                                            () -> "gemm " + m + "×" + k + "×" + n + " ta=" + ta + " tb=" + tb);
                                }
                            }
                            checked++;
                        }
                    }
                }
            }
        }
        assertEquals(4 * SIZES.length * SIZES.length * 5, checked);
    }

    @Test
    void gemmWorksOnBuffersLargerThanTheirShape() {
        Matrix a = Matrix.reuseOrAllocate(new Matrix(10, 10), 3, 4);
        Matrix b = Matrix.reuseOrAllocate(new Matrix(10, 10), 4, 2);
        Matrix out = Matrix.reuseOrAllocate(new Matrix(10, 10), 3, 2);
        a.data()[0] = 2;
        b.data()[0] = 3;
        kernels.gemm(a, false, b, false, out);
        assertEquals(6f, out.get(0, 0));
    }

    @Test
    void gemmNamesMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kernels.gemm(new Matrix(2, 3), false, new Matrix(4, 5), false, new Matrix(2, 5)));
        assertTrue(e.getMessage().contains("2×3") && e.getMessage().contains("4×5"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> kernels.gemm(new Matrix(2, 3), false, new Matrix(3, 5), false, new Matrix(2, 4)));
    }

    @Test
    void reductionsAndRowBroadcast() {
        for (int rows : SIZES) {
            for (int cols : new int[] {1, 3, 17}) {
                Matrix m = TestData.uniform(rows, cols, 2f, rows * 31L + cols);
                Matrix sums = new Matrix(1, cols);
                kernels.columnSums(m, sums);
                double squares = 0;
                for (int c = 0; c < cols; c++) {
                    double s = 0;
                    for (int r = 0; r < rows; r++) {
                        s += m.get(r, c);
                        squares += (double) m.get(r, c) * m.get(r, c);
                    }
                    assertEquals(s, sums.get(0, c), 1e-5 * (1 + rows));
                }
                assertEquals(squares, kernels.sumOfSquares(m), 1e-9 * (1 + squares));

                Matrix v = TestData.uniform(1, cols, 1f, 99);
                Matrix before = m.copy();
                kernels.addRowVectorInPlace(m, v);
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        assertEquals(before.get(r, c) + v.get(0, c), m.get(r, c), 0f);
                    }
                }
                kernels.scaleInPlace(m, 0.5f);
                for (int r = 0; r < rows; r++) {
                    assertEquals((before.get(r, 0) + v.get(0, 0)) * 0.5f, m.get(r, 0), 0f);
                }
            }
        }
    }
}

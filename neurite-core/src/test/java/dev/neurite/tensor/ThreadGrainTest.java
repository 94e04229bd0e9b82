package dev.neurite.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.TestData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * How many threads each operation is given: a split product gets one thread per grain of work
 * (at most the threads), a range one per grain of elements, and whatever the decision, the bits
 * are those of one thread. Speed is measured in neurite-bench, never here.
 */
class ThreadGrainTest {
    /** The micro-kernels of this JVM: the plain-Java one (16 columns) and, with the module, the Vector-API one. */
    private static List<MicroKernel> microKernels() {
        List<MicroKernel> all = new ArrayList<>(List.of(new ScalarMicroKernel()));
        if (KernelSelection.vectorAvailable()) {
            all.add(new VectorMicroKernel());
        }
        return all;
    }

    @Test
    void aProductGetsOneThreadPerGrainOfWorkAndNoMoreThanThereAre() {
        for (MicroKernel k : microKernels()) {
            Gemm gemm = new Gemm(k, new WorkerPool(1));
            long grain = Gemm.PART_GRAIN_PER_COLUMN * k.nr();
            String what = k.name() + ", grain " + grain;
            assertEquals(1, gemm.partsFor(0, 8), what);
            assertEquals(1, gemm.partsFor(grain - 1, 8), what);
            assertEquals(1, gemm.partsFor(2 * grain - 1, 8), what);
            assertEquals(2, gemm.partsFor(2 * grain, 8), what);
            assertEquals(3, gemm.partsFor(3 * grain + 5, 8), what);
            assertEquals(8, gemm.partsFor(1000 * grain, 8), what);
            assertEquals(1, gemm.partsFor(1000 * grain, 1), what);
            assertFalse(gemm.fillsAThread(grain - 1), what);
            assertTrue(gemm.fillsAThread(grain), what);
        }
    }

    @Test
    void theWiderTileGetsTheLargerGrainAndFashionMnistsProductsStillSplit() {
        for (MicroKernel k : microKernels()) {
            Gemm gemm = new Gemm(k, new WorkerPool(1));
            // A batch of 128 through Fashion-MNIST's 784-256-128-10 network: the two large layers'
            // products split over two threads, and the middle layer's backward pair is worth a
            // thread each, on every micro-kernel; the output layer's products stay whole.
            assertEquals(2, gemm.partsFor(128L * 784 * 256, 2), k.name());
            assertEquals(2, gemm.partsFor(128L * 256 * 128, 2), k.name());
            assertTrue(gemm.fillsAThread(128L * 256 * 128), k.name());
            assertEquals(1, gemm.partsFor(128L * 128 * 10, 2), k.name());
        }
        if (KernelSelection.vectorAvailable() && new VectorMicroKernel().nr() == 32) {
            // AVX-512: the digits' widest product at a batch of 128 (64 → 64) stays on one thread.
            assertEquals(1, new Gemm(new VectorMicroKernel(), new WorkerPool(1)).partsFor(128L * 64 * 64, 2));
        }
    }

    @Test
    void aRangeGetsOneThreadPerWholeGrainOfElements() {
        int grain = BlockedKernels.RANGE_GRAIN;
        assertEquals(1, BlockedKernels.partsFor(1, grain, 4));
        assertEquals(1, BlockedKernels.partsFor(2 * grain - 1, grain, 4));
        assertEquals(2, BlockedKernels.partsFor(2 * grain, grain, 4));
        assertEquals(4, BlockedKernels.partsFor(100 * grain, grain, 4));
        assertEquals(1, BlockedKernels.partsFor(100 * grain, grain, 1));
        Kernels two = Kernels.create("blocked", 2);
        for (int[] nAndCalls : new int[][] {{2 * grain - 1, 1}, {2 * grain, 2}, {5 * grain + 3, 2}}) {
            AtomicInteger calls = new AtomicInteger();
            AtomicInteger covered = new AtomicInteger();
            two.forRanges(nAndCalls[0], (from, to) -> {
                calls.incrementAndGet();
                covered.addAndGet(to - from);
                assertTrue(to - from >= grain, "a range of " + (to - from) + " elements, below the grain of " + grain);
            });
            assertEquals(nAndCalls[1], calls.get(), "ranges for " + nAndCalls[0] + " elements");
            assertEquals(nAndCalls[0], covered.get());
        }
    }

    @Test
    void chunksGoToOtherThreadsOnlyForAWholeGrainOfWorkEach() {
        long grain = 1000;
        assertEquals(1, BlockedKernels.chunkPartsFor(0, grain, 7, 2));
        assertEquals(1, BlockedKernels.chunkPartsFor(2 * grain - 1, grain, 7, 2));
        assertEquals(2, BlockedKernels.chunkPartsFor(2 * grain, grain, 7, 2));
        assertEquals(2, BlockedKernels.chunkPartsFor(100 * grain, grain, 2, 8), "no more threads than chunks");
        assertEquals(8, BlockedKernels.chunkPartsFor(100 * grain, grain, 9, 8));
        assertEquals(1, BlockedKernels.chunkPartsFor(100 * grain, grain, 9, 1));
        assertEquals(1, BlockedKernels.chunkPartsFor(100 * grain, grain, 0, 2));
        for (MicroKernel k : microKernels()) {
            long g = BlockedKernels.CHUNK_GRAIN_PER_COLUMN * k.nr();
            // The final evaluation of the digits' 1,618 training rows through the default 64-128-64-10
            // network (17,226 parameters a row) stays on one thread; Fashion-MNIST's 10,000 test
            // images through 784-256-128-10 (235,146) are split.
            assertEquals(1, BlockedKernels.chunkPartsFor(1_618L * 17_226, g, 7, 2), k.name());
            assertEquals(2, BlockedKernels.chunkPartsFor(10_000L * 235_146, g, 40, 2), k.name());
            // Fashion-MNIST's network on 2,000 rows (470 M) stays on one AVX-512 thread (~6 ms);
            // ConcurrentPredictionTest's wide network (280,580 parameters) on 2,000 rows is split.
            assertEquals(k.nr() == 32 ? 1 : 2, BlockedKernels.chunkPartsFor(2_000L * 235_146, g, 8, 2), k.name());
            assertEquals(2, BlockedKernels.chunkPartsFor(2_000L * 280_580, g, 8, 2), k.name());
            // Dataset.subset's copy, an element counted as 32 multiply-adds: the digits' split
            // (1,618 rows of 64) stays on one thread, DatasetTest's 140,001 rows of 123 are shared.
            assertEquals(1, BlockedKernels.chunkPartsFor(1_618L * 64 * 32, g, 2, 2), k.name());
            assertEquals(2, BlockedKernels.chunkPartsFor(140_001L * 123 * 32, g, 263, 2), k.name());
        }
    }

    @Test
    void smallChunkedWorkStaysOnTheCallingThreadAndLargeWorkIsShared() throws Exception {
        for (MicroKernel k : microKernels()) {
            BlockedKernels two = new BlockedKernels(k, 2);
            long grain = BlockedKernels.CHUNK_GRAIN_PER_COLUMN * k.nr();
            int n = 1000;
            Thread caller = Thread.currentThread();
            java.util.Set<Thread> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            AtomicInteger covered = new AtomicInteger();
            two.forChunks(n, 100, (2 * grain - 1) / n, (from, to) -> {
                seen.add(Thread.currentThread());
                covered.addAndGet(to - from);
            });
            assertEquals(java.util.Set.of(caller), seen, k.name() + ": just under two grains of work");
            assertEquals(n, covered.get());
            // Two grains: the worker takes a part. The caller's first chunk waits for it, so the
            // caller cannot run every chunk before the worker starts.
            seen.clear();
            covered.set(0);
            java.util.concurrent.CountDownLatch other = new java.util.concurrent.CountDownLatch(1);
            two.forChunks(n, 100, 2 * grain / n + 1, (from, to) -> {
                seen.add(Thread.currentThread());
                if (Thread.currentThread() != caller) {
                    other.countDown();
                }
                covered.addAndGet(to - from);
                if (from == 0 && Thread.currentThread() == caller) {
                    try {
                        other.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            assertEquals(2, seen.size(), k.name() + ": two grains of work, threads " + seen);
            assertEquals(n, covered.get());
            assertThrows(IllegalArgumentException.class, () -> two.forChunks(10, 5, -1, (from, to) -> { }));
        }
    }

    @Test
    void productsAroundTheGrainAreBitwiseTheSameOnAnyThreadCount() {
        // Shapes whose work is just below, at and above one, two and three grains of either
        // micro-kernel (2¹⁸ and 2¹⁹ multiply-adds), in every transpose: whether a product is
        // split, and how, must never change its bits.
        int[][] shapes = {{128, 64, 32}, {128, 64, 64}, {127, 64, 64}, {128, 64, 65}, {128, 128, 64}, {192, 64, 128}, {128, 96, 128}, {179, 64, 64}};
        List<String> kinds = KernelSelection.vectorAvailable() ? List.of("blocked", "vector") : List.of("blocked");
        for (String kind : kinds) {
            Kernels one = Kernels.create(kind, 1);
            for (int threads : new int[] {2, 3, 5}) {
                Kernels many = Kernels.create(kind, threads);
                for (int[] s : shapes) {
                    for (boolean ta : new boolean[] {false, true}) {
                        for (boolean tb : new boolean[] {false, true}) {
                            Matrix a = ta ? TestData.uniform(s[2], s[0], 1f, 3) : TestData.uniform(s[0], s[2], 1f, 3);
                            Matrix b = tb ? TestData.uniform(s[1], s[2], 1f, 4) : TestData.uniform(s[2], s[1], 1f, 4);
                            Matrix x = new Matrix(s[0], s[1]);
                            Matrix y = new Matrix(s[0], s[1]);
                            one.gemm(a, ta, b, tb, x);
                            many.gemm(a, ta, b, tb, y);
                            assertTrue(x.contentEquals(y), kind + " " + threads + " threads, shape " + Arrays.toString(s) + " ta " + ta + " tb " + tb);
                        }
                    }
                    Matrix a = TestData.uniform(s[0], s[2], 1f, 5);
                    Matrix w = TestData.uniform(s[2], s[1], 1f, 6);
                    Matrix bias = TestData.uniform(1, s[1], 1f, 7);
                    Matrix x = new Matrix(s[0], s[1]);
                    Matrix y = new Matrix(s[0], s[1]);
                    one.gemmBiasRelu(a, w, bias, x);
                    many.gemmBiasRelu(a, w, bias, y);
                    assertTrue(x.contentEquals(y), kind + " " + threads + " threads, ReLU layer " + Arrays.toString(s));
                    Matrix dZ = TestData.uniform(s[0], s[1], 1f, 8);
                    Matrix[] want = {new Matrix(s[2], s[1]), new Matrix(1, s[1]), new Matrix(s[0], s[2])};
                    Matrix[] got = {new Matrix(s[2], s[1]), new Matrix(1, s[1]), new Matrix(s[0], s[2])};
                    one.denseBackward(a, dZ, w, want[0], want[1], want[2]);
                    many.denseBackward(a, dZ, w, got[0], got[1], got[2]);
                    for (int i = 0; i < 3; i++) {
                        assertTrue(want[i].contentEquals(got[i]), kind + " " + threads + " threads, backward output " + i + " " + Arrays.toString(s));
                    }
                }
            }
        }
    }

    @Test
    void theGrainPropertyIsReadOrNamedWhenBad() {
        assertEquals(1L << 16, Gemm.grainPerColumn(null));
        assertEquals(65_536, Gemm.grainPerColumn(" 65536 "));
        for (String bad : List.of("0", "-4", "lots", "1e5")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gemm.grainPerColumn(bad));
            assertTrue(e.getMessage().contains("-Dneurite.gemm.grainPerColumn must be a whole number >= 1, got '" + bad + "'"), e.getMessage());
        }
    }
}

package dev.neurite.nn;

import static dev.neurite.nn.Activations.relu;
import static dev.neurite.nn.Activations.tanh;
import static dev.neurite.nn.Layers.dense;
import static dev.neurite.nn.Layers.dropout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.TestData;
import dev.neurite.tensor.Kernels;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One network predicting from many threads at once gives, call for call, the single-thread results. */
class ConcurrentPredictionTest {

    @Test
    void predictionsHaveTheSameBitsForAnyThreadCountAndAreTheForwardPassOfEachBlock() {
        // 1,000 rows: three blocks of 256 and one of 232; 259 rows: a last block of 3 rows
        // (the single-example path). The blocks go to the kernel threads when there is enough work.
        Kernels before = Kernels.get();
        try {
            for (String kind : before.description().startsWith("vector") ? List.of("blocked", "vector") : List.of("blocked")) {
                List<Matrix> first = null;
                for (int threads : new int[] {1, 2, 3}) {
                    Kernels.use(Kernels.create(kind, threads));
                    Network net = Network.of(5, dense(30, 64, relu()), dense(64, 32, tanh()), dense(32, 4));
                    // Wide enough (280,580 parameters a row) that 2,000 rows are worth two threads
                    // on every micro-kernel (ThreadGrainTest checks the grain); the narrow one's
                    // predictions stay on the calling thread.
                    Network wide = Network.of(6, dense(30, 512, relu()), dense(512, 512, tanh()), dense(512, 4));
                    List<Matrix> got = new ArrayList<>();
                    for (Network n : List.of(net, wide)) {
                        for (int rows : n == net ? new int[] {1000, 259, 3} : new int[] {2000}) {
                            got.add(predictAndCheckBlocks(n, rows, kind + ", " + threads + " threads, " + rows + " rows"));
                        }
                    }
                    if (first == null) {
                        first = got;
                    }
                    for (int i = 0; i < got.size(); i++) {
                        assertTrue(first.get(i).contentEquals(got.get(i)), kind + ": " + threads + " threads differ from 1");
                    }
                }
            }
        } finally {
            Kernels.use(before);
        }
    }

    /** {@code net.predict} of {@code rows} rows, each block of 256 checked against the forward pass of that block alone. */
    private static Matrix predictAndCheckBlocks(Network net, int rows, String what) {
        Matrix x = TestData.uniform(rows, 30, 1f, rows);
        Matrix y = net.predict(x);
        int outputs = y.columns();
        for (int start = 0; start < rows; start += 256) {
            int n = Math.min(256, rows - start);
            Matrix block = Matrix.wrap(Arrays.copyOfRange(x.data(), start * 30, (start + n) * 30), n, 30);
            float[] direct = net.forward(block, false).data();
            for (int i = 0; i < n * outputs; i++) {
                assertEquals(Float.floatToRawIntBits(direct[i]), Float.floatToRawIntBits(y.data()[start * outputs + i]),
                        what + ": value " + (start * outputs + i));
            }
        }
        return y;
    }

    @Test
    void eightThreadsThousandsOfCallsSameBitsAsOneThread() throws Exception {
        // Wide enough that batch products are split over the kernel threads, which the callers share.
        Network net = Network.of(3, dense(40, 128, relu()), dropout(0.3f), dense(128, 64, tanh()), dense(64, 5));
        Matrix inputs = TestData.uniform(300, 40, 1f, 8);
        int[] sizes = {1, 2, 3, 7, 64, 300};
        List<Matrix> batches = new ArrayList<>();
        List<Matrix> expected = new ArrayList<>();
        Rng rng = new Rng(4);
        for (int i = 0; i < 40; i++) {
            int rows = sizes[i % sizes.length];
            int start = rng.nextInt(300 - rows + 1);
            Matrix batch = Matrix.wrap(Arrays.copyOfRange(inputs.data(), start * 40, (start + rows) * 40), rows, 40);
            batches.add(batch);
            expected.add(net.predict(batch));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger calls = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = t;
                futures.add(pool.submit(() -> {
                    Rng pick = new Rng(seed);
                    for (int call = 0; call < 500; call++) {
                        int i = pick.nextInt(batches.size());
                        Matrix got = net.predict(batches.get(i));
                        if (!got.contentEquals(expected.get(i))) {
                            throw new AssertionError("call " + call + " on thread " + seed + " differs for batch " + i);
                        }
                        calls.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(4000, calls.get());
        assertTrue(net.predictProbabilities(batches.get(0)).rows() >= 1);
    }
}

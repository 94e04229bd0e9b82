package dev.neurite.nn;

import static dev.neurite.nn.Activations.relu;
import static dev.neurite.nn.Activations.tanh;
import static dev.neurite.nn.Layers.dense;
import static dev.neurite.nn.Layers.dropout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.TestData;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One network predicting from many threads at once gives, call for call, the single-thread results. */
class ConcurrentPredictionTest {

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
            Matrix batch = Matrix.wrap(java.util.Arrays.copyOfRange(inputs.data(), start * 40, (start + rows) * 40), rows, 40);
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

package dev.neurite.train;

import static dev.neurite.nn.Activations.tanh;
import static dev.neurite.nn.Layers.dense;
import static dev.neurite.nn.Layers.dropout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.TestData;
import dev.neurite.data.Dataset;
import dev.neurite.loss.Losses;
import dev.neurite.nn.Network;
import dev.neurite.optim.Optimizers;
import dev.neurite.tensor.Kernels;
import dev.neurite.tensor.Matrix;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A warm training step allocates nothing. This runs in a JVM of its own (a Surefire execution of
 * its own), as a training process would: in one JVM after the kernel tests' thousands of odd
 * shapes, JDK 17's C2 gave up recompiling a Vector-API method and the step then allocated 10 MB
 * (JDK 21+ does not; see docs/performance.md).
 */
class AllocationTest {

    @Test
    void aTrainingStepAllocatesNothingOnceWarm() {
        Kernels before = Kernels.get();
        try {
            // Two threads, and wide enough that the first layer's products (4.9 M multiply-adds, two
            // grains of 2²¹ on AVX-512, four of 2²⁰ on AVX2) and
            // Adam's update of its 76,800 weights (two grains of 32,768) are split between them:
            // the pool's hand-offs are counted too.
            Kernels.use(Kernels.create(2));
            Network net = Network.of(1, dense(128, 600, tanh()), dropout(0.1f), dense(600, 3));
            Trainer trainer = new Trainer(net, Losses.softmaxCrossEntropy(), Optimizers.adam(1e-3f),
                    TrainingConfig.DEFAULTS.withGradientClipNorm(1f));
            Dataset data = TestData.blobs(64, 1);
            long allocated = bytesOfWarmSteps(trainer, TestData.uniform(64, 128, 1f, 3), data.targets());
            // The measuring call itself may allocate a few dozen bytes; 100 steps of a leak would be far more.
            assertTrue(allocated < 1024, "100 warm training steps allocated " + allocated + " bytes");
        } finally {
            Kernels.use(before);
        }
    }

    /** Bytes allocated by 100 training steps, after warming, by this thread and the kernels' workers. */
    private static long bytesOfWarmSteps(Trainer trainer, Matrix x, Matrix y) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // Warm: enough steps for C2 to compile both micro-kernel entry points (until then the
        // Vector API runs interpreted or in C1 code, which allocates every vector). On a busy
        // machine the compiler may lag (JDK 17's C2 takes longer over the Vector API), so up to
        // twenty rounds of warming and measuring; a step that allocates would allocate in every round.
        long allocated = 0;
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 2000; i++) {
                trainer.trainOnBatch(x, y);
            }
            long[] ids = measuredThreads();
            long before = Arrays.stream(threads.getThreadAllocatedBytes(ids)).sum();
            for (int i = 0; i < 100; i++) {
                trainer.trainOnBatch(x, y);
            }
            allocated = Arrays.stream(threads.getThreadAllocatedBytes(ids)).sum() - before;
            if (allocated < 1024) {
                break;
            }
        }
        return allocated;
    }

    private static long[] measuredThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t == Thread.currentThread() || t.getName().startsWith("neurite-worker-"))
                .mapToLong(Thread::getId).toArray();
    }
}

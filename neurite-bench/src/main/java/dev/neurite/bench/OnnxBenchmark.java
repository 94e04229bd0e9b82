package dev.neurite.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.neurite.io.Model;
import dev.neurite.io.onnx.Onnx;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One ONNX file (an MLP exported by PyTorch) run by Neurite, imported as a network, and by ONNX
 * Runtime for Java, alternating in one JVM: single-row latency (one row per call, as a service
 * scores one request) and batch throughput. Each round times a segment of calls on one side then
 * on the other; medians over the rounds. Both sides include making their input and reading their
 * output (Neurite: a new matrix per call; ONNX Runtime: an OnnxTensor and getValue()).
 *
 * <p>Each mode (single row, batch) is first warmed up for {@code warmupSeconds} of alternating
 * calls, not a count of calls: Neurite's kernels are Vector API code, which runs tens of times
 * slower until C2 has compiled it, and on a loaded machine the compiler threads get little CPU, so
 * a fixed few dozen batch calls left the batch timed before compilation (the 15× "gap" of an
 * earlier run). The spread of the rounds (fastest and slowest) is printed beside the medians so a
 * drift in the middle of a run shows.
 */
final class OnnxBenchmark {
    private OnnxBenchmark() {
    }

    static Map<String, Object> run(Path file, int threads, int rounds, int calls, int batch, double warmupSeconds, boolean batchFirst)
            throws Exception {
        Model model = Onnx.loadModel(file);
        int width = model.network().inputSize();
        Rng rng = new Rng(1);
        float[] rows = new float[batch * width];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) rng.nextGaussian();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        try (OrtSession session = env.createSession(Files.readAllBytes(file), options)) {
            String input = session.getInputNames().iterator().next();
            Side neurite = (x, n) -> {
                Matrix out = model.network().predict(Matrix.wrap(Arrays.copyOf(x, n * width), n, width));
                return out.data()[0];
            };
            Side ort = (x, n) -> {
                try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x, 0, n * width), new long[] {n, width});
                     OrtSession.Result r = session.run(Map.of(input, t))) {
                    return ((float[][]) r.get(0).getValue())[0][0];
                }
            };
            // agreement on the batch, before timing
            Matrix ours = model.network().predict(Matrix.wrap(rows.clone(), batch, width));
            float maxDifference;
            try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(rows), new long[] {batch, width});
                 OrtSession.Result r = session.run(Map.of(input, t))) {
                float[][] theirs = (float[][]) r.get(0).getValue();
                maxDifference = 0;
                for (int i = 0; i < batch; i++) {
                    for (int j = 0; j < theirs[i].length; j++) {
                        maxDifference = Math.max(maxDifference, Math.abs(theirs[i][j] - ours.get(i, j)));
                    }
                }
            }
            int batchCalls = Math.max(1, calls / batch * 4);
            double[][] batched = batchFirst ? alternate(neurite, ort, rows, batch, rounds, batchCalls, warmupSeconds) : null;
            double[][] single = alternate(neurite, ort, rows, 1, rounds, calls, warmupSeconds);
            if (!batchFirst) {
                batched = alternate(neurite, ort, rows, batch, rounds, batchCalls, warmupSeconds);
            }
            long singleBytes = allocatedPerCall(neurite, rows, 1, 200);
            long batchBytes = allocatedPerCall(neurite, rows, batch, 10);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("benchmark", "onnx");
            result.put("model", file.toString());
            result.put("network", model.network().toString());
            result.put("threads", threads);
            result.put("kernels", dev.neurite.tensor.Kernels.get().toString());
            result.put("jdk", Runtime.version().toString());
            result.put("rounds", rounds);
            result.put("warmup_s_per_mode", warmupSeconds);
            result.put("order", batchFirst ? "batch, then single rows" : "single rows, then batch");
            result.put("max_abs_difference", (double) maxDifference);
            double nSingle = median(single[0]);
            double oSingle = median(single[1]);
            result.put("single_row_us_neurite", round(nSingle / 1e3));
            result.put("single_row_us_onnxruntime", round(oSingle / 1e3));
            result.put("single_row_speed_ratio", round(oSingle / nSingle));
            result.put("single_row_us_neurite_range", range(single[0], 1e3));
            result.put("single_row_us_onnxruntime_range", range(single[1], 1e3));
            double nBatch = median(batched[0]);
            double oBatch = median(batched[1]);
            result.put("batch", batch);
            result.put("batch_rows_per_s_neurite", Math.round(batch / (nBatch / 1e9)));
            result.put("batch_rows_per_s_onnxruntime", Math.round(batch / (oBatch / 1e9)));
            result.put("batch_speed_ratio", round(oBatch / nBatch));
            result.put("batch_ms_neurite_range", range(batched[0], 1e6));
            result.put("batch_ms_onnxruntime_range", range(batched[1], 1e6));
            result.put("single_row_bytes_allocated_per_call_neurite", singleBytes);
            result.put("batch_bytes_allocated_per_call_neurite", batchBytes);
            result.put("note", "ratios are ONNX Runtime's time over Neurite's: above 1, Neurite is faster");
            return result;
        }
    }

    private interface Side {
        float call(float[] rows, int n) throws OrtException;
    }

    /** Nanoseconds per call of each side, one value per round; the sides alternate, first one then the other. */
    private static double[][] alternate(Side a, Side b, float[] rows, int n, int rounds, int calls, double warmupSeconds)
            throws OrtException {
        double[][] times = new double[2][rounds];
        float sink = 0;
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        for (int warm = 0; warm < 3 || System.nanoTime() < warmEnd; warm++) {
            for (int c = 0; c < calls; c++) {
                sink += a.call(rows, n) + b.call(rows, n);
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int s = 0; s < 2; s++) {
                Side side = (r + s) % 2 == 0 ? a : b;
                int index = side == a ? 0 : 1;
                long start = System.nanoTime();
                for (int c = 0; c < calls; c++) {
                    sink += side.call(rows, n);
                }
                times[index][r] = (System.nanoTime() - start) / (double) calls;
            }
        }
        if (sink == 42.4242f) {
            System.out.print("");
        }
        return times;
    }

    /**
     * Bytes the calling thread allocates per call of {@code side}, after the timing (−1 where the
     * JVM cannot say). The input copy and the output are the caller's; far more than those means
     * Vector-API values are being boxed, i.e. C2 did not compile the kernel into vector instructions.
     */
    private static long allocatedPerCall(Side side, float[] rows, int n, int calls) throws OrtException {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!(bean instanceof com.sun.management.ThreadMXBean counting) || !counting.isThreadAllocatedMemorySupported()) {
            return -1;
        }
        long id = Thread.currentThread().getId();
        long before = counting.getThreadAllocatedBytes(id);
        for (int c = 0; c < calls; c++) {
            side.call(rows, n);
        }
        return (counting.getThreadAllocatedBytes(id) - before) / calls;
    }

    /** "fastest–slowest" of the per-call times, divided by {@code unit}. */
    private static String range(double[] v, double unit) {
        double[] s = v.clone();
        Arrays.sort(s);
        return round(s[0] / unit) + "–" + round(s[s.length - 1] / unit);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

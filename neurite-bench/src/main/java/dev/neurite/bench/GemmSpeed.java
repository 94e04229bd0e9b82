package dev.neurite.bench;

import dev.neurite.tensor.Kernels;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GFLOP/s of {@code Kernels.gemm} as {@code peers/gemm_numpy.py} measures NumPy's: square sizes
 * (best of 3 rounds of enough repetitions for ~1 s), and the benchmark MLP's products (batch 128):
 * forward X·W, backward dZ·Wᵀ and Xᵀ·dZ of each layer. Prints one JSON line.
 */
final class GemmSpeed {
    /** name → {m, k, n, transposeA, transposeB}: the MLP 784-256-128-10's products at batch 128. */
    static final Map<String, int[]> MLP_SHAPES = new LinkedHashMap<>();

    static {
        MLP_SHAPES.put("fwd1_128x784x256", new int[] {128, 784, 256, 0, 0});
        MLP_SHAPES.put("dW1_784x128x256", new int[] {784, 128, 256, 1, 0});
        MLP_SHAPES.put("fwd2_128x256x128", new int[] {128, 256, 128, 0, 0});
        MLP_SHAPES.put("dX2_128x128x256", new int[] {128, 128, 256, 0, 1});
        MLP_SHAPES.put("dW2_256x128x128", new int[] {256, 128, 128, 1, 0});
    }

    private GemmSpeed() {
    }

    /** Times {@code kernels} at the square {@code sizes} (64 to 2,048 when empty) and the MLP's shapes; returns the JSON line's fields. */
    static Map<String, Object> run(Kernels kernels, List<Integer> sizes) {
        // Warm-up: every kind of product (plain, either operand transposed, large and small) runs
        // for a while first, so the JIT has compiled the kernels for all of them before any is
        // timed; without it the first sizes timed ran partly in the interpreter and C1 code.
        for (int round = 0; round < 2; round++) {
            for (int[] s : MLP_SHAPES.values()) {
                run(kernels, s[0], s[1], s[2], s[3] == 1, s[4] == 1, 0.25);
            }
            run(kernels, 512, 512, 512, false, false, 0.25);
        }
        Map<String, Object> square = new LinkedHashMap<>();
        for (int n : sizes.isEmpty() ? List.of(64, 128, 256, 512, 1024, 2048) : sizes) {
            square.put(Integer.toString(n), measure(kernels, n, n, n, false, false));
        }
        Map<String, Object> mlp = new LinkedHashMap<>();
        for (var e : MLP_SHAPES.entrySet()) {
            int[] s = e.getValue();
            mlp.put(e.getKey(), measure(kernels, s[0], s[1], s[2], s[3] == 1, s[4] == 1));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("system", "neurite 0.1.0 gemm (" + kernels.description() + ")");
        out.put("threads", kernels.threads());
        out.put("gflops", square);
        out.put("mlp_gflops", mlp);
        return out;
    }

    /** Runs an m×k by k×n product repeatedly for about {@code seconds}, untimed. */
    private static void run(Kernels kernels, int m, int k, int n, boolean ta, boolean tb, double seconds) {
        Rng rng = new Rng(7);
        Matrix a = ta ? random(k, m, rng) : random(m, k, rng);
        Matrix b = tb ? random(n, k, rng) : random(k, n, rng);
        Matrix c = new Matrix(m, n);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            kernels.gemm(a, ta, b, tb, c);
        }
    }

    /** GFLOP/s of an m×k by k×n product, best of 3 rounds. */
    static double measure(Kernels kernels, int m, int k, int n, boolean ta, boolean tb) {
        Rng rng = new Rng(m * 31L + n);
        Matrix a = ta ? random(k, m, rng) : random(m, k, rng);
        Matrix b = tb ? random(n, k, rng) : random(k, n, rng);
        Matrix c = new Matrix(m, n);
        double flops = 2.0 * m * n * k;
        int reps = (int) Math.max(3, 2e9 / flops);
        for (int i = 0; i < Math.min(reps, 50); i++) {
            kernels.gemm(a, ta, b, tb, c);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                kernels.gemm(a, ta, b, tb, c);
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e9 / reps);
        }
        return Math.round(flops / best / 1e9 * 10) / 10.0;
    }

    private static Matrix random(int rows, int cols, Rng rng) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.data()[i] = (float) rng.nextGaussian();
        }
        return m;
    }
}

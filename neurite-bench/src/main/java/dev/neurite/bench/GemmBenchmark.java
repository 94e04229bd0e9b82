package dev.neurite.bench;

import dev.neurite.tensor.Kernels;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The three products of a dense layer at the benchmark MLP's first layer (batch 128, 784 → 256):
 * forward {@code X·W}, backward {@code dZ·Wᵀ} and {@code Xᵀ·dZ}. GFLOP/s = 2·m·n·k / time.
 * The second layer: {@code -p in=256 -p out=128}; the third: {@code -p in=128 -p out=10}.
 *
 * <pre>bin/neurite-bench jmh '\.GemmBenchmark'</pre>
 * (JMH takes the name as a pattern: {@code GemmBenchmark} alone also matches {@code SquareGemmBenchmark}.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class GemmBenchmark {
    @Param({"128"})
    int batch;
    @Param({"784"})
    int in;
    @Param({"256"})
    int out;

    Matrix x;
    Matrix w;
    Matrix z;
    Matrix gradX;
    Matrix gradW;
    final Kernels kernels = Kernels.get();

    @Setup
    public void setUp() {
        Rng rng = new Rng(1);
        x = random(batch, in, rng);
        w = random(in, out, rng);
        z = random(batch, out, rng);
        gradX = new Matrix(batch, in);
        gradW = new Matrix(in, out);
    }

    /** A rows×cols matrix of values uniform in [−0.5, 0.5). */
    static Matrix random(int rows, int cols, Rng rng) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.data()[i] = rng.nextFloat() - 0.5f;
        }
        return m;
    }

    @Benchmark
    public Matrix forward() {
        kernels.gemm(x, false, w, false, z);
        return z;
    }

    @Benchmark
    public Matrix backwardInput() {
        kernels.gemm(z, false, w, true, gradX);
        return gradX;
    }

    @Benchmark
    public Matrix backwardWeights() {
        kernels.gemm(x, true, z, false, gradW);
        return gradW;
    }
}

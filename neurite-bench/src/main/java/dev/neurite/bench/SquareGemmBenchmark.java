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
 * Square products {@code C = A·B}, n × n by n × n, for n from 64 to 2048, as
 * {@code peers/gemm_numpy.py} times OpenBLAS. GFLOP/s = 2·n³ / time. The threads are the
 * kernels' default (the cores; {@code -jvmArgsAppend -Dneurite.threads=1} for one).
 *
 * <pre>bin/neurite-bench jmh SquareGemmBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class SquareGemmBenchmark {
    @Param({"64", "128", "256", "512", "1024", "2048"})
    int n;

    Matrix a;
    Matrix b;
    Matrix c;
    final Kernels kernels = Kernels.get();

    @Setup
    public void setUp() {
        Rng rng = new Rng(n);
        a = GemmBenchmark.random(n, n, rng);
        b = GemmBenchmark.random(n, n, rng);
        c = new Matrix(n, n);
    }

    @Benchmark
    public Matrix product() {
        kernels.gemm(a, false, b, false, c);
        return c;
    }
}

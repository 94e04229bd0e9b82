package dev.neurite.bench;

import dev.neurite.io.Json;
import dev.neurite.tensor.Kernels;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * The {@code neurite-bench} command: {@code mlp}, {@code gemm}, {@code scaling}, {@code small}, {@code onnx}, {@code serve} and {@code csv} print one
 * JSON line each; {@code jmh} hands its arguments to JMH. A bad option or value (an unknown
 * option, a count below 1, a malformed list) ends with a one-line message naming it and exit
 * status 2, before any benchmark starts.
 */
@Command(name = "neurite-bench",
        mixinStandardHelpOptions = true,
        version = "neurite-bench 0.1.0",
        description = "Neurite's benchmarks (see the README's Performance section).",
        subcommands = {Main.Mlp.class, Main.Gemm.class, Main.Scaling.class, Main.Small.class, Main.Onnx.class, Main.Serve.class, Main.Csv.class, Main.Jmh.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit status for bad arguments. */
    static final int BAD_ARGUMENTS = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a benchmark to run is missing: mlp, gemm, scaling, small, onnx, serve, csv or jmh");
    }

    /** Options that several benchmarks take. */
    static final class Common {
        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--threads", paramLabel = "N", description = "Threads the kernels use (default: ${DEFAULT-VALUE}).", defaultValue = "2")
        int threads;

        @Option(names = "--kernels", paramLabel = "KIND", description = "vector, blocked or reference (default: the best available).")
        String kernels;

        /** The kernels asked for, on {@link #threads} threads. */
        Kernels create() {
            return kernels == null ? Kernels.create(threads) : Kernels.create(kernels, threads);
        }

        /** Checks the values no option type can: called before a benchmark starts. */
        void check(int leastThreads) {
            atLeast(spec, "--threads", threads, leastThreads);
            if (kernels != null && !List.of("vector", "blocked", "reference").contains(kernels)) {
                throw new ParameterException(spec.commandLine(), "unknown --kernels '" + kernels + "'; known: vector, blocked, reference");
            }
        }
    }

    /** The benchmark MLP's hidden layers and batch size, which both training benchmarks take. */
    static final class Training {
        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--hidden", paramLabel = "WIDTH", split = ",", defaultValue = "256,128",
                description = "Hidden layers' widths, comma-separated (default: ${DEFAULT-VALUE}).")
        List<Integer> hidden;

        @Option(names = "--batch", paramLabel = "N", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
        int batch;

        /** 784, the widths, 10, once the widths and the batch size are checked. */
        List<Integer> layerSizes() {
            for (int width : hidden) {
                atLeast(spec, "--hidden", width, 1);
            }
            atLeast(spec, "--batch", batch, 1);
            return MlpBenchmark.layerSizes(hidden);
        }
    }

    static void atLeast(CommandLine.Model.CommandSpec spec, String option, long value, long least) {
        if (value < least) {
            throw new ParameterException(spec.commandLine(), option + " must be at least " + least + ", got " + value);
        }
    }

    @Command(name = "mlp", mixinStandardHelpOptions = true,
            description = "The MLP benchmark of shared/bench: Fashion-MNIST (seeded random data of its shape when the files are absent), "
                    + "784-256-128-10 ReLU, Adam, the first epoch a warm-up. One JSON line with the peers' keys.")
    static final class Mlp implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();
        @CommandLine.Mixin
        Training training = new Training();
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--epochs", paramLabel = "N", defaultValue = "3", description = "Epochs, the first a warm-up (default: ${DEFAULT-VALUE}).")
        int epochs;
        @Option(names = "--lr", paramLabel = "RATE", defaultValue = "1e-3", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
        float lr;

        @Override
        public Integer call() throws Exception {
            common.check(1);
            atLeast(spec, "--epochs", epochs, 1);
            if (!(lr > 0) || Float.isInfinite(lr)) {
                throw new ParameterException(spec.commandLine(), "--lr must be a finite number above 0, got " + lr);
            }
            List<Integer> sizes = training.layerSizes();
            Kernels.use(common.create());
            return print(spec, MlpBenchmark.run(sizes, epochs, training.batch, lr));
        }
    }

    @Command(name = "gemm", mixinStandardHelpOptions = true,
            description = "GFLOP/s of the matrix product: square sizes (64 to 2048 unless SIZEs are given) and the MLP's five products.")
    static final class Gemm implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "SIZE", arity = "0..*", description = "Square sizes to time instead of 64 to 2048.")
        List<Integer> sizes = new ArrayList<>();

        @Override
        public Integer call() {
            common.check(1);
            for (int n : sizes) {
                atLeast(spec, "SIZE", n, 1);
            }
            return print(spec, GemmSpeed.run(common.create(), sizes));
        }
    }

    @Command(name = "scaling", mixinStandardHelpOptions = true,
            description = "N threads against 1 in training, alternating short segments of steps in one JVM.")
    static final class Scaling implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();
        @CommandLine.Mixin
        Training training = new Training();
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--segments", paramLabel = "N", defaultValue = "300", description = "Pairs of segments timed (default: ${DEFAULT-VALUE}).")
        int segments;
        @Option(names = "--steps", paramLabel = "N", defaultValue = "20", description = "Training steps per segment (default: ${DEFAULT-VALUE}).")
        int steps;

        @Override
        public Integer call() {
            common.check(2);
            if (common.kernels != null) {
                throw new ParameterException(spec.commandLine(), "scaling always uses the best kernels available; --kernels is not taken here");
            }
            atLeast(spec, "--segments", segments, 1);
            atLeast(spec, "--steps", steps, 1);
            return print(spec, ScalingBenchmark.run(common.threads, training.layerSizes(), segments, steps, training.batch));
        }
    }

    @Command(name = "small", mixinStandardHelpOptions = true,
            description = "N threads against 1 on a small table (the command line's default network and batch), alternating "
                    + "rounds of whole epochs in one JVM.")
    static final class Small implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--data", paramLabel = "TABLE", defaultValue = "bundled:digits",
                description = "bundled:NAME or a CSV file (default: ${DEFAULT-VALUE}).")
        String data;
        @Option(names = "--target", paramLabel = "COLUMN", description = "The class column of a CSV file.")
        String target;
        @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Threads of the side timed against 1 (default: ${DEFAULT-VALUE}).")
        int threads;
        @Option(names = "--hidden", paramLabel = "WIDTH", split = ",", defaultValue = "64,32",
                description = "Hidden layers' widths, comma-separated (default: ${DEFAULT-VALUE}).")
        List<Integer> hidden;
        @Option(names = "--batch", paramLabel = "N", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
        int batch;
        @Option(names = "--epochs", paramLabel = "N", defaultValue = "5", description = "Epochs per side per round (default: ${DEFAULT-VALUE}).")
        int epochs;
        @Option(names = "--rounds", paramLabel = "N", defaultValue = "20", description = "Rounds timed, after 3 of warm-up (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Override
        public Integer call() {
            atLeast(spec, "--threads", threads, 2);
            for (int width : hidden) {
                atLeast(spec, "--hidden", width, 1);
            }
            atLeast(spec, "--batch", batch, 1);
            atLeast(spec, "--epochs", epochs, 1);
            atLeast(spec, "--rounds", rounds, 1);
            return print(spec, SmallBenchmark.run(data, SmallBenchmark.table(data, target), threads, hidden, batch, epochs, rounds));
        }
    }

    @Command(name = "onnx", mixinStandardHelpOptions = true,
            description = "An ONNX MLP (e.g. written by scripts/onnx_mlp.py) in Neurite and in ONNX Runtime for Java, alternating: "
                    + "single-row latency and batch throughput.")
    static final class Onnx implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--model", required = true, paramLabel = "FILE.onnx", description = "The ONNX file of a chain of dense layers.")
        java.nio.file.Path model;
        @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Threads for both runtimes (default: ${DEFAULT-VALUE}).")
        int threads;
        @Option(names = "--rounds", paramLabel = "N", defaultValue = "30", description = "Alternating rounds (default: ${DEFAULT-VALUE}).")
        int rounds;
        @Option(names = "--calls", paramLabel = "N", defaultValue = "2000", description = "Single-row calls per round (default: ${DEFAULT-VALUE}).")
        int calls;
        @Option(names = "--batch", paramLabel = "N", defaultValue = "256", description = "Rows per batch call (default: ${DEFAULT-VALUE}).")
        int batch;
        @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "5",
                description = "Alternating warm-up before each mode is timed, so both are compiled (default: ${DEFAULT-VALUE}).")
        double warmup;
        @Option(names = "--batch-first", description = "Time the batches before the single rows (the JIT then compiles the batch path first).")
        boolean batchFirst;

        @Override
        public Integer call() throws Exception {
            atLeast(spec, "--threads", threads, 1);
            atLeast(spec, "--rounds", rounds, 1);
            atLeast(spec, "--calls", calls, 1);
            atLeast(spec, "--batch", batch, 1);
            Kernels.use(Kernels.create(threads));
            if (!(warmup >= 0) || warmup > 600) {
                throw new ParameterException(spec.commandLine(), "--warmup must be 0 to 600 seconds, got " + warmup);
            }
            return print(spec, OnnxBenchmark.run(model, threads, rounds, calls, batch, warmup, batchFirst));
        }
    }

    @Command(name = "serve", description = {"neurite serve under load from wrk: requests/s, rows/s, p50/p99/p99.9 and errors per",
            "connection count and request size, beside in-process scoring; --soak samples memory under steady load."})
    static final class Serve implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model file with its preprocessing (or .onnx).")
        java.nio.file.Path model;
        @Option(names = "--servers", split = ",", defaultValue = "jetty", paramLabel = "KIND,…",
                description = "HTTP servers to compare, alternating: jetty (what neurite serve uses) and jdk (com.sun.net.httpserver) (default: ${DEFAULT-VALUE}).")
        List<String> servers;
        @Option(names = "--connections", split = ",", defaultValue = "1,16,64,256", paramLabel = "N,…", description = "Connection counts (default: ${DEFAULT-VALUE}).")
        List<Integer> connections;
        @Option(names = "--rows", split = ",", defaultValue = "1,1000", paramLabel = "N,…", description = "Rows per request (default: ${DEFAULT-VALUE}).")
        List<Integer> rows;
        @Option(names = "--seconds", defaultValue = "10", paramLabel = "S", description = "Seconds of load per point (default: ${DEFAULT-VALUE}).")
        int seconds;
        @Option(names = "--soak", defaultValue = "0", paramLabel = "S", description = "Then this many seconds of single-row load at 64 connections, sampling memory (default: ${DEFAULT-VALUE}, none).")
        int soak;
        @Option(names = "--wrk-threads", defaultValue = "2", paramLabel = "N", description = "wrk's threads (default: ${DEFAULT-VALUE}).")
        int wrkThreads;

        @Override
        public Integer call() throws Exception {
            for (String s : servers) {
                if (!List.of("jetty", "jdk").contains(s)) {
                    throw new ParameterException(spec.commandLine(), "unknown server '" + s + "' in --servers; known: jetty, jdk");
                }
            }
            for (int c : connections) {
                atLeast(spec, "--connections", c, 1);
            }
            for (int r : rows) {
                atLeast(spec, "--rows", r, 1);
            }
            atLeast(spec, "--seconds", seconds, 1);
            atLeast(spec, "--soak", soak, 0);
            atLeast(spec, "--wrk-threads", wrkThreads, 1);
            Map<String, Object> result = ServeBenchmark.run(model, servers, connections, rows, seconds, soak, wrkThreads);
            @SuppressWarnings("unchecked")
            List<ServeBenchmark.Point> points = (List<ServeBenchmark.Point>) result.get("points");
            spec.commandLine().getErr().print(ServeBenchmark.table(points));
            spec.commandLine().getErr().flush();
            List<Map<String, Object>> plain = new ArrayList<>();
            for (ServeBenchmark.Point p : points) {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                for (java.lang.reflect.RecordComponent c : ServeBenchmark.Point.class.getRecordComponents()) {
                    m.put(c.getName(), c.getAccessor().invoke(p));
                }
                plain.add(m);
            }
            result.put("points", plain);
            return print(spec, result);
        }
    }

    @Command(name = "csv", mixinStandardHelpOptions = true,
            description = "Reading a CSV for training (read, fit the preprocessing, encode to float32) in Neurite beside pandas.read_csv "
                    + "of the same file, each run in its own process for its peak RSS, alternating; files of 20 numeric and 3 text "
                    + "columns and a 3-class target are generated from a fixed seed unless given.")
    static final class Csv implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--rows", paramLabel = "N", split = ",", defaultValue = "100000,1000000,5000000",
                description = "Sizes of the generated files (default: ${DEFAULT-VALUE}).")
        List<Long> rows;
        @Option(names = "--file", paramLabel = "FILE.csv", description = "A CSV file (target column 'label') to read instead of generated ones; repeatable.")
        List<java.nio.file.Path> files = new ArrayList<>();
        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "csv-bench", description = "Where generated files are written and kept (default: ${DEFAULT-VALUE}).")
        java.nio.file.Path dir;
        @Option(names = "--seed", paramLabel = "N", defaultValue = "19", description = "Seed of the generated files (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--rounds", paramLabel = "N", defaultValue = "2", description = "Runs of each reader per file (default: ${DEFAULT-VALUE}).")
        int rounds;
        @Option(names = "--java-options", paramLabel = "OPTS", defaultValue = "-XX:MaxRAMPercentage=70",
                description = "Options of Neurite's JVM, as bin/neurite gives them (default: ${DEFAULT-VALUE}).")
        String javaOptions;
        @Option(names = "--python", paramLabel = "PATH", defaultValue = "/usr/bin/python3", description = "The Python with pandas (default: ${DEFAULT-VALUE}).")
        String python;
        @Option(names = "--pandas-script", paramLabel = "FILE.py", description = "scripts/csv_read.py (default: found beside the jar).")
        java.nio.file.Path script;

        @Override
        public Integer call() throws Exception {
            atLeast(spec, "--rounds", rounds, 1);
            List<java.nio.file.Path> inputs = new ArrayList<>(files);
            if (inputs.isEmpty()) {
                for (long n : rows) {
                    atLeast(spec, "--rows", n, 1);
                }
            }
            java.nio.file.Path peer = script;
            if (peer == null) {
                java.nio.file.Path jar = java.nio.file.Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                peer = jar.toAbsolutePath().getParent().resolveSibling("scripts").resolve("csv_read.py");
            }
            if (!java.nio.file.Files.exists(peer)) {
                throw new ParameterException(spec.commandLine(), "the pandas script " + peer + " is not there; give it with --pandas-script");
            }
            if (inputs.isEmpty()) {
                for (long n : rows) {
                    inputs.add(CsvBenchmark.generated(dir, n, seed));
                }
            }
            List<String> options = javaOptions.isBlank() ? List.of() : List.of(javaOptions.strip().split("\\s+"));
            return print(spec, CsvBenchmark.run(inputs, rounds, options, python, peer));
        }
    }

    @Command(name = "jmh", description = "Runs JMH with the arguments that follow (e.g. GemmBenchmark -p in=256).")
    static final class Jmh implements Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "ARG", description = "JMH's own arguments.")
        List<String> arguments = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            org.openjdk.jmh.Main.main(arguments.toArray(String[]::new));
            return 0;
        }
    }

    private static int print(CommandLine.Model.CommandSpec spec, Map<String, Object> result) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(Json.write(result));
        out.flush();
        return 0;
    }

    /** Runs the command line {@code args}, writing to {@code out} and {@code err}; returns the exit status. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        // JMH's options (-f 1, -p in=256, -h) pass through to it untouched.
        cli.getSubcommands().get("jmh").setUnmatchedOptionsArePositionalParams(true);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            err.println("neurite-bench: " + e.getMessage());
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
            err.flush();
            return BAD_ARGUMENTS;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                err.println("neurite-bench: " + e.getMessage());
                err.flush();
                return BAD_ARGUMENTS;
            }
            throw e;
        });
        int status = cli.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }
}

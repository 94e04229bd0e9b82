package dev.neurite.demo;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The demos of the classic "neural network from scratch" tutorials, by name. Each is a small,
 * readable program (see its class) that trains and prints what a learner should see.
 *
 * <pre>java -cp neurite-core.jar dev.neurite.demo.Demos parabola</pre>
 */
public final class Demos {
    /** A demo: trains, passing each of its trainers through {@code setup} first, and prints to {@code out}. */
    @FunctionalInterface
    private interface Demo {
        DemoResult run(long seed, PrintStream out, UnaryOperator<dev.neurite.train.Trainer> setup);
    }

    private static final Map<String, Demo> ALL = new LinkedHashMap<>();

    static {
        ALL.put("line", NoisyLine::run);
        ALL.put("parabola", NoisyParabola::run);
        ALL.put("xor", Xor::run);
        ALL.put("two-class", TwoClassTanh::run);
        ALL.put("softmax", SoftmaxSpiral::run);
    }

    /** The seed the demos use unless told otherwise. */
    public static final long DEFAULT_SEED = 1L;

    private Demos() {
    }

    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** Runs demo {@code name}, printing to {@code out}. */
    public static DemoResult run(String name, long seed, PrintStream out) {
        return demo(name).run(seed, out, trainer -> trainer);
    }

    /**
     * Runs demo {@code name}, printing to {@code out} the {@link dev.neurite.train.StepTrace
     * trace} of the first {@code traceSteps} training steps of each network it trains, as they
     * happen, before what it learned.
     */
    public static DemoResult run(String name, long seed, PrintStream out, int traceSteps) {
        if (traceSteps < 1) {
            throw new IllegalArgumentException("the number of steps to trace must be at least 1, got " + traceSteps);
        }
        return demo(name).run(seed, out, trainer -> trainer.traceSteps(traceSteps, trace -> {
            out.println(trace);
        }));
    }

    private static Demo demo(String name) {
        Demo demo = ALL.get(name);
        if (demo == null) {
            throw new IllegalArgumentException("unknown demo '" + name + "'; known: " + String.join(", ", names()));
        }
        return demo;
    }

    /** Runs the demos named in {@code args}, or all of them. */
    public static void main(String[] args) {
        List<String> names = args.length == 0 ? names() : List.of(args);
        for (String name : names) {
            System.out.println("== " + name + " ==");
            run(name, DEFAULT_SEED, System.out);
            System.out.println();
        }
    }
}

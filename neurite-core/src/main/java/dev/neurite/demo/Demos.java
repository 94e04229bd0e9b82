package dev.neurite.demo;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The demos of the classic "neural network from scratch" tutorials, by name. Each is a small,
 * readable program (see its class) that trains and prints what a learner should see.
 *
 * <pre>java -cp neurite-core.jar dev.neurite.demo.Demos parabola</pre>
 */
public final class Demos {
    private static final Map<String, BiFunction<Long, PrintStream, DemoResult>> ALL = new LinkedHashMap<>();

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
        var demo = ALL.get(name);
        if (demo == null) {
            throw new IllegalArgumentException("unknown demo '" + name + "'; known: " + String.join(", ", names()));
        }
        return demo.apply(seed, out);
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

package dev.neurite.tensor;

import java.util.List;
import java.util.Locale;

/** Chooses the kernels at start-up: the Vector-API micro-kernel when its module is present, plain Java otherwise. */
final class KernelSelection {
    static volatile Kernels current = initial();

    private KernelSelection() {
    }

    /** True when {@code jdk.incubator.vector} is in the boot layer (the JVM ran with --add-modules jdk.incubator.vector). */
    static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && loadVector() != null;
    }

    private static MicroKernel loadVector() {
        try {
            return (MicroKernel) Class.forName("dev.neurite.tensor.VectorMicroKernel").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /**
     * The kinds of kernels: {@code vector} (blocked, the Vector-API micro-kernel), {@code blocked}
     * (the same blocking with a plain-Java micro-kernel) and {@code reference} (straightforward
     * loops on one thread, the yardstick of the tests).
     */
    static final List<String> KINDS = List.of("vector", "blocked", "reference");

    static Kernels create(String kind, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be > 0, got " + threads);
        }
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "vector" -> {
                MicroKernel k = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? loadVector() : null;
                if (k == null) {
                    throw new IllegalStateException("the Vector API is not available: run java with --add-modules jdk.incubator.vector");
                }
                yield new BlockedKernels(k, threads);
            }
            case "blocked" -> new BlockedKernels(new ScalarMicroKernel(), threads);
            case "reference" -> ReferenceKernels.INSTANCE;
            default -> throw new IllegalArgumentException("unknown kernels '" + kind + "'; known: " + String.join(", ", KINDS));
        };
    }

    private static Kernels initial() {
        int threads = Integer.getInteger("neurite.threads", Runtime.getRuntime().availableProcessors());
        String kind = System.getProperty("neurite.kernels");
        if (kind == null) {
            kind = vectorAvailable() ? "vector" : "blocked";
            if (kind.equals("blocked")) {
                System.getLogger("dev.neurite").log(System.Logger.Level.WARNING, "Neurite runs its plain-Java kernels, several times"
                        + " slower than the Vector-API ones: start java with --add-modules jdk.incubator.vector");
            }
        }
        return create(kind, Math.max(1, threads));
    }
}

package dev.neurite.data;

import dev.neurite.InvalidInputException;
import java.util.Locale;

/**
 * Memory as a budget, not a crash: once a table has been read and its inputs are known, the
 * float matrices it will be encoded into are weighed against what the Java heap has left, and a
 * job that cannot fit is refused before they are allocated, naming the need and the heap.
 */
final class MemoryBudget {
    private MemoryBudget() {
    }

    /** Copies of the encoded table training holds at once: all of it, then its training and validation parts. */
    static final int COPIES = 2;

    /** Throws unless {@code rows × columns} floats, {@link #COPIES} times, fit in the heap's free room. */
    static void requireRoom(String source, long rows, long columns) {
        Runtime runtime = Runtime.getRuntime();
        String refusal = refusal(source, rows, columns, free(runtime), runtime.maxMemory());
        if (refusal != null) {
            System.gc(); // garbage of the read may still count as used: judge what is really taken
            refusal = refusal(source, rows, columns, free(runtime), runtime.maxMemory());
        }
        if (refusal != null) {
            throw new InvalidInputException(refusal);
        }
    }

    private static long free(Runtime runtime) {
        return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    }

    /** The message refusing the job, or null when it fits. */
    static String refusal(String source, long rows, long columns, long freeBytes, long maxBytes) {
        long need = COPIES * rows * columns * Float.BYTES;
        if (need <= freeBytes) {
            return null;
        }
        long suggestion = Math.max(1, (maxBytes + need - freeBytes + (1L << 30) - 1) >> 30);
        return String.format(Locale.ROOT, "%s: encoded, the table needs about %,d MB (%,d rows × %,d inputs as float32, %d copies"
                + " while training), but the Java heap has %,d MB left of its %,d MB; give the JVM more (at least -Xmx%dg; on the"
                + " command line NEURITE_JAVA_OPTS=-Xmx%dg) or train on fewer rows", source, need >> 20, rows, columns, COPIES,
                Math.max(0, freeBytes) >> 20, maxBytes >> 20, suggestion, suggestion);
    }
}

package dev.neurite.serve;

import java.util.function.Consumer;
import sun.misc.Signal;

/** SIGHUP and SIGTERM/SIGINT handlers, through the JDK's {@code sun.misc.Signal} (module jdk.unsupported). */
final class Signals {
    private Signals() {
    }

    /** Runs {@code hangUp} on SIGHUP and gives {@code stop} the signal's name on SIGTERM or SIGINT; false when signals cannot be handled. */
    static boolean install(Runnable hangUp, Consumer<String> stop) {
        try {
            Signal.handle(new Signal("HUP"), s -> hangUp.run());
            Signal.handle(new Signal("TERM"), s -> stop.accept("SIGTERM"));
            Signal.handle(new Signal("INT"), s -> stop.accept("SIGINT"));
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            return false;
        }
    }
}

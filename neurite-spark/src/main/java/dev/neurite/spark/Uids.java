package dev.neurite.spark;

import org.apache.spark.ml.util.Identifiable$;

/**
 * Spark's param traits create their params while the superclass constructor runs, asking
 * {@code uid()} for the owner before a Java subclass could set a field. A constructor therefore
 * reserves its uid here (in the argument of {@code this(…)}, before {@code super()}), and
 * {@code uid()} takes it on its first call.
 */
final class Uids {
    private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

    enum Token { RESERVED }

    private Uids() {
    }

    static Token reserve(String uid) {
        PENDING.set(uid);
        return Token.RESERVED;
    }

    static String take(String prefix) {
        String uid = PENDING.get();
        PENDING.remove();
        return uid != null ? uid : Identifiable$.MODULE$.randomUID(prefix);
    }
}

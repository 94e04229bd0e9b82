package dev.neurite.tensor;

/** Argument checks that fail with a message naming the problem and the value. */
public final class Checks {
    private Checks() {
    }

    /**
     * Throws {@link IllegalArgumentException} with {@code String.format(message, values)} unless
     * {@code condition} holds. For configuration, not for the per-batch hot path (the varargs
     * array is allocated on every call).
     */
    public static void require(boolean condition, String message, Object... values) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(message, values));
        }
    }

    /** Throws unless {@code value} is finite and {@code > 0}. */
    public static float requirePositive(float value, String name) {
        require(value > 0 && Float.isFinite(value), "%s must be > 0, got %s", name, value);
        return value;
    }

    /** Throws unless {@code value > 0}. */
    public static int requirePositive(int value, String name) {
        require(value > 0, "%s must be > 0, got %s", name, value);
        return value;
    }

    /** Throws unless {@code value} is finite and {@code >= 0}. */
    public static float requireNonNegative(float value, String name) {
        require(value >= 0 && Float.isFinite(value), "%s must be >= 0, got %s", name, value);
        return value;
    }

    /** Throws unless {@code 0 <= value < 1}. */
    public static float requireFraction(float value, String name) {
        require(value >= 0 && value < 1, "%s must be in [0, 1), got %s", name, value);
        return value;
    }
}

package dev.neurite.tensor;

/**
 * A seeded pseudo-random generator (SplitMix64, Steele, Lea and Flood 2014) whose whole state
 * is one {@code long}, so it can be saved, restored and split without Java serialization.
 *
 * <p>Every random choice in Neurite (initial weights, shuffling, dropout masks, splits) draws
 * from an {@code Rng} derived from the one training seed: the same seed gives the same bits.
 */
public final class Rng {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** The current state; {@code new Rng(s.state())} continues the same sequence. */
    public long state() {
        return state;
    }

    public void setState(long state) {
        this.state = state;
    }

    /**
     * Skips {@code draws} values in O(1): afterwards the generator continues as if
     * {@link #nextLong()} (or {@link #nextFloat()}, {@link #nextDouble()}, one draw each) had
     * been called {@code draws} times. Lets a worker that computes step {@code s} of a run
     * (a retried Spark task) take up a dropout stream where it stood, without replaying it.
     */
    public void advance(long draws) {
        state += draws * GOLDEN_GAMMA;
    }

    /** A new generator whose sequence is independent of this one's continuation. */
    public Rng split() {
        return new Rng(nextLong() ^ 0x5851f42d4c957f2dL);
    }

    /** 64 uniformly distributed bits. */
    public long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound), without modulo bias (Lemire's method). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0, got " + bound);
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xffffffffL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xffffffffL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Standard normal N(0, 1), by the Box–Muller transform (one value per call, no cached spare). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // in (0, 1], so the log is finite
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Shuffles {@code values} in place (Fisher–Yates). */
    public void shuffleInPlace(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /** A random permutation of {@code 0 … n−1}. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffleInPlace(p);
        return p;
    }
}

package dev.neurite.train;

import dev.neurite.tensor.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * What training an ensemble of networks needs beyond training one: each member's seed, derived
 * from the one training seed, and a way to train the members side by side on the kernels'
 * threads, each member on one thread, with the same bits for any thread count.
 */
public final class Ensemble {
    /** The most members an ensemble may have: as many as a model file holds. */
    public static final int MAX_MEMBERS = dev.neurite.io.Model.MAX_MEMBERS;

    private Ensemble() {
    }

    /**
     * Member {@code i}'s seed: {@code seed + i · φ} with φ = 0x9E3779B97F4A7C15 (the golden-ratio
     * step of SplitMix64), so member 0 keeps the training seed and the members' generators,
     * which mix their seed, draw unrelated streams.
     */
    public static long memberSeed(long seed, int member) {
        if (member < 0) {
            throw new IllegalArgumentException("member must be >= 0, got " + member);
        }
        return seed + member * 0x9E3779B97F4A7C15L;
    }

    /**
     * {@code member.apply(i)} for i = 0 … k−1, their results in member order. The members are
     * handed to the kernels' threads as they come free ({@link Kernels#forChunks}); the products
     * a member runs stay on its thread, so each member computes exactly what it would alone on
     * one thread, and the results do not depend on the thread count. {@code member} must be safe
     * to run on several threads at once (each call building its own network and optimizer).
     */
    public static <T> List<T> trainInParallel(int k, IntFunction<T> member) {
        if (k < 1 || k > MAX_MEMBERS) {
            throw new IllegalArgumentException("an ensemble has 1 to " + MAX_MEMBERS + " members, got " + k);
        }
        Object[] results = new Object[k];
        Kernels.get().forChunks(k, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                results[i] = member.apply(i);
            }
        });
        List<T> out = new ArrayList<>(k);
        for (Object r : results) {
            @SuppressWarnings("unchecked")
            T t = (T) r;
            out.add(t);
        }
        return out;
    }
}

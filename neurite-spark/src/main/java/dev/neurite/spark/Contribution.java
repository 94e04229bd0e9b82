package dev.neurite.spark;

import java.io.Serializable;

/**
 * What one partition sends back from a round, and what {@code treeAggregate} adds up: sums of
 * gradients (combining every step) or of weights and optimizer moments (after local steps), each
 * times the rows it was computed on, those rows ({@code weight}), and the training loss. Row
 * weights act inside each partition's loss ((1/n) Σ w ℓ over its part of the batch), so rows
 * are the right weight for the combine: Σ_p n_p g_p / Σ_p n_p is (1/N) Σ w ℓ's gradient. Sums
 * are kept in double, so that a contribution of one partition passes through unchanged: g·n/n is
 * g exactly for n < 2²⁹.
 */
final class Contribution implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Per parameter: Σ weight · gradient, or Σ weight · value. Null for an empty contribution. */
    double[][] sums;
    /** Per parameter and optimizer slot: Σ weight · slot (local steps only). */
    double[][][] slots;
    /** The rows behind the sums. */
    double weight;
    double lossSum;
    long lossRows;
    /** A non-finite batch loss seen, with where: the driver stops the fit with it. */
    float divergedLoss = Float.NaN;
    int divergedStep = -1;

    static Contribution empty() {
        return new Contribution();
    }

    boolean isEmpty() {
        return sums == null;
    }

    /** Adds {@code other} into this one (or returns {@code other} when this one is empty). */
    static Contribution merge(Contribution a, Contribution b) {
        if (a.divergedStep < 0 && b.divergedStep >= 0) {
            a.divergedStep = b.divergedStep;
            a.divergedLoss = b.divergedLoss;
        }
        if (b.isEmpty()) {
            a.lossSum += b.lossSum;
            a.lossRows += b.lossRows;
            return a;
        }
        if (a.isEmpty()) {
            b.lossSum += a.lossSum;
            b.lossRows += a.lossRows;
            if (b.divergedStep < 0) {
                b.divergedStep = a.divergedStep;
                b.divergedLoss = a.divergedLoss;
            }
            return b;
        }
        add(a.sums, b.sums);
        if (a.slots != null) {
            for (int i = 0; i < a.slots.length; i++) {
                add(a.slots[i], b.slots[i]);
            }
        }
        a.weight += b.weight;
        a.lossSum += b.lossSum;
        a.lossRows += b.lossRows;
        return a;
    }

    private static void add(double[][] into, double[][] from) {
        for (int i = 0; i < into.length; i++) {
            double[] t = into[i];
            double[] f = from[i];
            for (int j = 0; j < t.length; j++) {
                t[j] += f[j];
            }
        }
    }
}

package dev.neurite.spark;

import java.io.Serializable;

/**
 * Everything about a fit that every step's tasks share: the network, the loss, the optimizer
 * (used on the executors only when they take local steps), the seed, and the batch plan. A
 * global step takes {@code localBatch[p]} rows from partition p (its share of the batch size, in
 * proportion to its rows), so with one partition the batches are {@code Trainer.fit}'s.
 */
record Plan(String run, NetworkSpec spec, String loss, float labelSmoothing, String solver, float regParam, float clipNorm, long seed,
        int[] localBatch, int[] partitionRows, int stepsPerEpoch) implements Serializable {

    /** Rows of partition {@code p} in global step {@code step} of an epoch: [from, from + count). */
    int from(int p, int step) {
        return (int) Math.min((long) step * localBatch[p], partitionRows[p]);
    }

    int count(int p, int step) {
        return Math.max(0, Math.min(localBatch[p], partitionRows[p] - from(p, step)));
    }

    /** Global batch {@code batchSize} split over partitions of {@code rows} rows. */
    static Plan of(String run, NetworkSpec spec, String loss, float labelSmoothing, String solver, float regParam, float clipNorm, long seed,
            int batchSize, int[] rows) {
        long total = 0;
        for (int r : rows) {
            total += r;
        }
        int[] local = new int[rows.length];
        int steps = 0;
        for (int p = 0; p < rows.length; p++) {
            if (rows[p] == 0) {
                continue;
            }
            local[p] = (int) Math.max(1, Math.min(rows[p], (batchSize * (long) rows[p] + total - 1) / total));
            steps = Math.max(steps, (rows[p] + local[p] - 1) / local[p]);
        }
        return new Plan(run, spec, loss, labelSmoothing, solver, regParam, clipNorm, seed, local, rows, steps);
    }
}

package dev.neurite.spark;

import java.io.Serializable;

/**
 * Everything about a fit that every step's tasks share: the network, the loss, the optimizer
 * (used on the executors only when they take local steps), the seed, and the batch plan. A
 * global step takes {@code localBatch[p]} rows from partition p (its share of the batch size, in
 * proportion to its rows), so with one partition the batches are {@code Trainer.fit}'s.
 *
 * <p>{@code weighted}: the loss weighs each row by {@link RowWeights} (its {@code weightCol}
 * value, its class's {@code classWeights} entry, null for none, and {@code weightScale}, which
 * brings the training rows' weights to a mean of 1). {@code evaluationChunk}: rows per loss
 * evaluation on the validation rows, {@code Trainer.evaluate}'s.
 */
record Plan(String run, NetworkSpec spec, String loss, String solver, float regParam, float clipNorm, long seed,
        int[] localBatch, int[] partitionRows, int stepsPerEpoch, boolean weighted, float[] classWeights,
        float weightScale, int evaluationChunk, float labelSmoothing) implements Serializable {

    /** Rows of partition {@code p} in global step {@code step} of an epoch: [from, from + count). */
    int from(int p, int step) {
        return (int) Math.min((long) step * localBatch[p], partitionRows[p]);
    }

    int count(int p, int step) {
        return Math.max(0, Math.min(localBatch[p], partitionRows[p] - from(p, step)));
    }

    /** Global batch {@code batchSize} split over partitions of {@code rows} rows. */
    static Plan of(String run, NetworkSpec spec, String loss, String solver, float regParam, float clipNorm, long seed,
            int batchSize, int[] rows, boolean weighted, float[] classWeights, float weightScale, float labelSmoothing) {
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
        return new Plan(run, spec, loss, solver, regParam, clipNorm, seed, local, rows, steps, weighted, classWeights,
                weightScale, Math.max(batchSize, 256), labelSmoothing);
    }
}

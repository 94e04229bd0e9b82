package dev.neurite.spark;

import java.io.Serializable;

/**
 * One partition's rows as Neurite matrices, row-major: the training rows ({@code x}, {@code y},
 * optional weights {@code w}) and the validation rows ({@code vx}, {@code vy}, {@code vw}) when a
 * validation indicator column is set. Built once per fit and cached; {@link #problem} holds the
 * first bad value found, which the driver reports before any training job.
 */
final class Block implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition;
    final int features;
    final int rows;
    final float[] x;
    final float[] y;
    final float[] w;
    final int validationRows;
    final float[] vx;
    final float[] vy;
    final float[] vw;
    /** The largest label seen, for the classifier's number of classes. */
    final double maxLabel;
    /** Σ w over the training rows, each the float the block holds, added in row order (the row count when unweighted). */
    final double weightSum;
    /** Σ w over the validation rows, likewise. */
    final double validationWeightSum;
    /** How many training rows of each class 0..maxLabel (classification only; null otherwise). */
    final long[] classCounts;
    /** The first problem in this partition, or null. */
    final String problem;
    /** A 64-bit hash of every value above, so a checkpoint can tell this data from other data. */
    final long fingerprint;

    Block(int partition, int features, int rows, float[] x, float[] y, float[] w, int validationRows, float[] vx,
            float[] vy, float[] vw, double maxLabel, double weightSum, double validationWeightSum, long[] classCounts,
            String problem) {
        this.partition = partition;
        this.features = features;
        this.rows = rows;
        this.x = x;
        this.y = y;
        this.w = w;
        this.validationRows = validationRows;
        this.vx = vx;
        this.vy = vy;
        this.vw = vw;
        this.maxLabel = maxLabel;
        this.weightSum = weightSum;
        this.validationWeightSum = validationWeightSum;
        this.classCounts = classCounts;
        this.problem = problem;
        this.fingerprint = fingerprint(features, rows, x, y, w, validationRows, vx, vy, vw);
    }

    private static long fingerprint(int features, int rows, float[] x, float[] y, float[] w, int validationRows,
            float[] vx, float[] vy, float[] vw) {
        long h = 0x243f6a8885a308d3L;
        h = mix(h, features);
        h = mix(h, rows);
        h = mix(h, validationRows);
        for (float[] a : new float[][] {x, y, w, vx, vy, vw}) {
            h = mix(h, a == null ? -1 : a.length);
            if (a != null) {
                for (float v : a) {
                    h = mix(h, Float.floatToRawIntBits(v));
                }
            }
        }
        return h;
    }

    private static long mix(long h, int v) {
        long z = (h ^ (v & 0xffffffffL)) * 0x9e3779b97f4a7c15L;
        return z ^ (z >>> 29);
    }

    /** What the driver needs to check the data and plan the steps, without the rows. */
    Summary summary() {
        return new Summary(partition, features, rows, validationRows, maxLabel, weightSum, validationWeightSum,
                classCounts, problem, fingerprint);
    }

    record Summary(int partition, int features, int rows, int validationRows, double maxLabel, double weightSum,
            double validationWeightSum, long[] classCounts, String problem, long fingerprint) implements Serializable {
    }
}

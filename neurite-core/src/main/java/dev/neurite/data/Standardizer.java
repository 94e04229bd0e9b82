package dev.neurite.data;

import dev.neurite.tensor.Matrix;

/**
 * Per-column standardisation, {@code x' = (x − μ) / σ}, with μ and σ (the population standard
 * deviation) fitted on training data and applied unchanged to new data. A constant column gets
 * σ = 1, so it maps to 0 rather than dividing by zero.
 */
public final class Standardizer {
    private final float[] mean;
    private final float[] scale;

    public Standardizer(float[] mean, float[] scale) {
        if (mean.length != scale.length) {
            throw new IllegalArgumentException("standardizer: " + mean.length + " means but " + scale.length + " scales");
        }
        for (int c = 0; c < scale.length; c++) {
            if (!(scale[c] > 0) || !Float.isFinite(scale[c]) || !Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("standardizer column " + c + ": mean " + mean[c] + ", scale " + scale[c]
                        + " (the scale must be finite and > 0)");
            }
        }
        this.mean = mean.clone();
        this.scale = scale.clone();
    }

    /** Fits μ and σ on the columns of {@code data}. */
    public static Standardizer fit(Matrix data) {
        int cols = data.columns();
        int rows = data.rows();
        float[] mean = new float[cols];
        float[] scale = new float[cols];
        for (int c = 0; c < cols; c++) {
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                sum += data.get(r, c);
            }
            double mu = rows == 0 ? 0 : sum / rows;
            double sq = 0;
            for (int r = 0; r < rows; r++) {
                double d = data.get(r, c) - mu;
                sq += d * d;
            }
            double sigma = rows == 0 ? 0 : Math.sqrt(sq / rows);
            mean[c] = (float) mu;
            scale[c] = sigma > 1e-12 * Math.max(1, Math.abs(mu)) ? (float) sigma : 1f;
        }
        return new Standardizer(mean, scale);
    }

    /** The mean μ and the scale σ (1 when constant) of {@code values}, computed as {@link #fit} computes a column's. */
    static float[] moments(float[] values) {
        int rows = values.length;
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        double mu = rows == 0 ? 0 : sum / rows;
        double sq = 0;
        for (float v : values) {
            double d = v - mu;
            sq += d * d;
        }
        double sigma = rows == 0 ? 0 : Math.sqrt(sq / rows);
        return new float[] {(float) mu, sigma > 1e-12 * Math.max(1, Math.abs(mu)) ? (float) sigma : 1f};
    }

    /** True when column {@code c} was constant when fitted (its scale was set to 1). */
    public boolean wasConstant(int c) {
        return scale[c] == 1f;
    }

    public int columns() {
        return mean.length;
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] scale() {
        return scale.clone();
    }

    /** Standardises {@code data}'s columns in place. */
    public void transformInPlace(Matrix data) {
        requireColumns(data);
        float[] d = data.data();
        int cols = mean.length;
        for (int r = 0, rows = data.rows(); r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                d[r * cols + c] = (d[r * cols + c] - mean[c]) / scale[c];
            }
        }
    }

    /** Undoes {@link #transformInPlace}: {@code x = x'·σ + μ}. */
    public void inverseTransformInPlace(Matrix data) {
        requireColumns(data);
        float[] d = data.data();
        int cols = mean.length;
        for (int r = 0, rows = data.rows(); r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                d[r * cols + c] = d[r * cols + c] * scale[c] + mean[c];
            }
        }
    }

    private void requireColumns(Matrix data) {
        if (data.columns() != mean.length) {
            throw new IllegalArgumentException("standardizer fitted on " + mean.length + " columns, given " + data.columns());
        }
    }
}

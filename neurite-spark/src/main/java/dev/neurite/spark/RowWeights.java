package dev.neurite.spark;

/**
 * Each row's weight in the loss, computed as {@code Trainer.fit} computes it, so that a weighted
 * fit on one partition has the bits of {@code Trainer.fit}: e_r = (w_r · c_{y_r}) · s, with w_r the
 * row's weight as a float (1 without {@code weightCol}), c the class weights (1 without
 * {@code classWeight}), and s = N / Σ_r w_r · c_{y_r} over the N training rows (weights are
 * relative: scaled to a mean of 1 over the training rows; the validation rows get the same
 * factor). Float products, as the core's {@code ClassWeights.apply} and weight scaling take them.
 */
final class RowWeights {
    private RowWeights() {
    }

    /**
     * The rows' weights, or null when the fit is unweighted (no weight column, no class weights).
     *
     * @param w            the rows' weights, or null for all 1
     * @param labels       the rows' class indices (read only when {@code classWeights} is set)
     * @param classWeights per class index, or null for none
     * @param scale        s above (1 while it is being computed)
     */
    static float[] of(float[] w, float[] labels, int rows, float[] classWeights, float scale) {
        if (w == null && classWeights == null) {
            return null;
        }
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) {
            float v = w == null ? 1f : w[r];
            if (classWeights != null) {
                v = v * classWeights[(int) labels[r]];
            }
            if (scale != 1f) {
                v = v * scale;
            }
            out[r] = v;
        }
        return out;
    }

    /** Σ_r w_r · c_{y_r} in double, in row order, as {@code Trainer.fit} adds them up for the scale. */
    static double sum(float[] w, float[] labels, int rows, float[] classWeights) {
        float[] e = of(w, labels, rows, classWeights, 1f);
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            sum += e == null ? 1f : e[r];
        }
        return sum;
    }
}

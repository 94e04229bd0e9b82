package dev.neurite.nn;

import dev.neurite.tensor.Matrix;

/** Turning a row of scores into a class index: argmax, or a threshold for one column. */
public final class ClassDecision {
    private ClassDecision() {
    }

    /** The class of row {@code row}: the first column of the largest value, or {@code value ≥ threshold} for one column. */
    public static int classOf(Matrix scores, int row, float threshold) {
        int cols = scores.columns();
        float[] d = scores.data();
        int o = row * cols;
        if (cols == 1) {
            return d[o] >= threshold ? 1 : 0;
        }
        int best = 0;
        for (int j = 1; j < cols; j++) {
            if (d[o + j] > d[o + best]) {
                best = j;
            }
        }
        return best;
    }

    /** The class in row {@code row} of a target matrix: the index in a single column, else the argmax of a one-hot row. */
    public static int targetClassOf(Matrix targets, int row) {
        return targets.columns() == 1 ? Math.round(targets.data()[row]) : classOf(targets, row, 0.5f);
    }

    /** {@link #classOf} for every row. */
    public static int[] classes(Matrix scores, float threshold) {
        int[] out = new int[scores.rows()];
        for (int r = 0; r < out.length; r++) {
            out[r] = classOf(scores, r, threshold);
        }
        return out;
    }
}

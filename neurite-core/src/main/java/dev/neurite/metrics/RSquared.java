package dev.neurite.metrics;

import dev.neurite.tensor.Matrix;
import java.util.Arrays;

/**
 * The coefficient of determination R² = 1 − Σ(t − o)² / Σ(t − t̄)², averaged uniformly over
 * the output columns (as scikit-learn's {@code r2_score}). Accumulates sums, so batches combine
 * exactly.
 */
final class RSquared implements Metric {
    private double[] sumT = new double[0];
    private double[] sumT2 = new double[0];
    private double[] sumResidual2 = new double[0];
    private long count;

    @Override
    public String name() {
        return "r2";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public void reset() {
        Arrays.fill(sumT, 0);
        Arrays.fill(sumT2, 0);
        Arrays.fill(sumResidual2, 0);
        count = 0;
    }

    @Override
    public void update(Matrix output, Matrix target) {
        output.requireSameShape(target, name());
        int cols = output.columns();
        if (sumT.length != cols) {
            if (count > 0) {
                throw new IllegalArgumentException("r2: outputs changed from " + sumT.length + " to " + cols + " columns");
            }
            sumT = new double[cols];
            sumT2 = new double[cols];
            sumResidual2 = new double[cols];
        }
        float[] o = output.data();
        float[] t = target.data();
        for (int r = 0, rows = output.rows(); r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                double ti = t[i];
                double d = ti - o[i];
                sumT[c] += ti;
                sumT2[c] += ti * ti;
                sumResidual2[c] += d * d;
            }
        }
        count += output.rows();
    }

    @Override
    public double result() {
        if (count == 0) {
            return Double.NaN;
        }
        double total = 0;
        for (int c = 0; c < sumT.length; c++) {
            double mean = sumT[c] / count;
            double ssTotal = sumT2[c] - count * mean * mean;
            // A constant target: 1 for a perfect fit, 0 otherwise, as scikit-learn reports.
            total += ssTotal <= 0 ? (sumResidual2[c] == 0 ? 1 : 0) : 1 - sumResidual2[c] / ssTotal;
        }
        return total / sumT.length;
    }
}

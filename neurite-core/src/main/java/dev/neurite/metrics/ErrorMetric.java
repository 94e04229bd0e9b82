package dev.neurite.metrics;

import dev.neurite.tensor.Matrix;

/** Mean squared error (1/N) Σ (o − t)², or mean absolute error (1/N) Σ |o − t|, over all N elements. */
final class ErrorMetric implements Metric {
    private final boolean squared;
    private double sum;
    private long count;

    ErrorMetric(boolean squared) {
        this.squared = squared;
    }

    @Override
    public String name() {
        return squared ? "mse" : "mae";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public void reset() {
        sum = 0;
        count = 0;
    }

    @Override
    public void update(Matrix output, Matrix target) {
        output.requireSameShape(target, name());
        float[] o = output.data();
        float[] t = target.data();
        for (int i = 0, n = output.size(); i < n; i++) {
            double d = (double) o[i] - t[i];
            sum += squared ? d * d : Math.abs(d);
        }
        count += output.size();
    }

    @Override
    public double result() {
        return count == 0 ? Double.NaN : sum / count;
    }
}

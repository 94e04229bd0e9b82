package dev.neurite.metrics;

import dev.neurite.tensor.Matrix;

/** The regression measures of predictions against actual values: MSE, MAE and R². */
public record RegressionReport(double mse, double mae, double r2) {

    public static RegressionReport of(Matrix predicted, Matrix actual) {
        Metric mse = Metrics.mse();
        Metric mae = Metrics.mae();
        Metric r2 = Metrics.r2();
        for (Metric m : new Metric[] {mse, mae, r2}) {
            m.update(predicted, actual);
        }
        return new RegressionReport(mse.result(), mae.result(), r2.result());
    }
}

package dev.neurite.loss;

import dev.neurite.tensor.Matrix;

/** L = (1/N) Σ (o − t)², ∂L/∂o = 2 (o − t) / N, over all N elements. */
final class MeanSquaredError implements Loss {
    static final MeanSquaredError INSTANCE = new MeanSquaredError();

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public float compute(Matrix output, Matrix target, Matrix weights, Matrix gradOutput) {
        Loss.requireSameShape(name(), output, target);
        Loss.requireGradientShape(name(), output, gradOutput);
        Loss.requireWeightShape(name(), output, weights);
        float[] w = weights == null ? null : weights.data();
        int cols = output.columns();
        float[] o = output.data();
        float[] t = target.data();
        int n = output.size();
        float scale = 2f / n;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float wi = w == null ? 1f : w[i / cols];
            float d = o[i] - t[i];
            sum += (double) wi * d * d;
            if (gradOutput != null) {
                gradOutput.data()[i] = scale * d * wi;
            }
        }
        return (float) (sum / n);
    }
}

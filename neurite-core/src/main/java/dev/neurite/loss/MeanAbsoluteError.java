package dev.neurite.loss;

import dev.neurite.tensor.Matrix;

/** L = (1/N) Σ |o − t|, ∂L/∂o = sign(o − t) / N (0 where o = t, as PyTorch). */
final class MeanAbsoluteError implements Loss {
    static final MeanAbsoluteError INSTANCE = new MeanAbsoluteError();

    @Override
    public String name() {
        return "mae";
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
        float scale = 1f / n;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float wi = w == null ? 1f : w[i / cols];
            float d = o[i] - t[i];
            sum += wi * Math.abs(d);
            if (gradOutput != null) {
                gradOutput.data()[i] = scale * Math.signum(d) * wi;
            }
        }
        return (float) (sum / n);
    }
}

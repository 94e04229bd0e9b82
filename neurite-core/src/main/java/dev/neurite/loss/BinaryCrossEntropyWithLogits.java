package dev.neurite.loss;

import dev.neurite.tensor.Matrix;

/**
 * Binary cross-entropy on logits x with the sigmoid fused:
 * L = (1/N) Σ [max(x, 0) − x t + log(1 + e^−|x|)], the log-sigmoid form that stays finite for
 * any x; ∂L/∂x = (σ(x) − t) / N.
 */
final class BinaryCrossEntropyWithLogits implements Loss {
    static final BinaryCrossEntropyWithLogits INSTANCE = new BinaryCrossEntropyWithLogits();

    @Override
    public boolean classification() {
        return true;
    }

    @Override
    public String name() {
        return "bce_with_logits";
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
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float wi = w == null ? 1f : w[i / cols];
            double x = o[i];
            double e = Math.exp(-Math.abs(x));
            sum += wi * (Math.max(x, 0) - x * t[i] + Math.log1p(e));
            if (gradOutput != null) {
                double sigmoid = x >= 0 ? 1 / (1 + e) : e / (1 + e);
                gradOutput.data()[i] = (float) (wi * ((sigmoid - t[i]) / n));
            }
        }
        return (float) (sum / n);
    }
}

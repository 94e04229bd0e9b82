package dev.neurite.loss;

import dev.neurite.tensor.Matrix;

/**
 * L = −(1/N) Σ [t log p + (1 − t) log(1 − p)] on probabilities p, each log clamped at −100 and
 * ∂L/∂p = (p − t) / max(p (1 − p), 1e−12) / N, as PyTorch does. For logits prefer
 * {@link BinaryCrossEntropyWithLogits}, which is exact where p rounds to 0 or 1.
 */
final class BinaryCrossEntropy implements Loss {
    static final BinaryCrossEntropy INSTANCE = new BinaryCrossEntropy();
    private static final double LOG_FLOOR = -100;
    private static final double EPSILON = 1e-12;

    @Override
    public boolean classification() {
        return true;
    }

    @Override
    public String name() {
        return "bce";
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
            double p = o[i];
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("bce: output " + p + " at element " + i
                        + " is not a probability in [0, 1]; use bce_with_logits for logits");
            }
            double logP = Math.max(Math.log(p), LOG_FLOOR);
            double log1mP = Math.max(Math.log1p(-p), LOG_FLOOR);
            sum -= wi * (t[i] * logP + (1 - t[i]) * log1mP);
            if (gradOutput != null) {
                gradOutput.data()[i] = (float) (wi * ((p - t[i]) / Math.max(p * (1 - p), EPSILON) / n));
            }
        }
        return (float) (sum / n);
    }
}

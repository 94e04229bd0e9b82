package dev.neurite.loss;

import dev.neurite.tensor.Checks;
import dev.neurite.tensor.Matrix;

/**
 * L = (1/N) Σ h(o − t), with h(d) = ½ d² for |d| ≤ δ and δ (|d| − ½ δ) beyond (Huber 1964);
 * ∂L/∂o = clamp(d, −δ, δ) / N.
 */
final class Huber implements Loss {
    private final float delta;

    Huber(float delta) {
        this.delta = Checks.requirePositive(delta, "huber delta");
    }

    @Override
    public String name() {
        return "huber";
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
            float a = Math.abs(d);
            sum += wi * (a <= delta ? 0.5 * d * d : delta * (a - 0.5 * delta));
            if (gradOutput != null) {
                gradOutput.data()[i] = scale * Math.max(-delta, Math.min(delta, d)) * wi;
            }
        }
        return (float) (sum / n);
    }
}

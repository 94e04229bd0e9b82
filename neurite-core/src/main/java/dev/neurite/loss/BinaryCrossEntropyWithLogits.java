package dev.neurite.loss;

import dev.neurite.tensor.Matrix;

/**
 * Binary cross-entropy on logits x with the sigmoid fused:
 * L = (1/N) Σ [max(x, 0) − x t + log(1 + e^−|x|)], the log-sigmoid form that stays finite for
 * any x; ∂L/∂x = (σ(x) − t) / N.
 *
 * <p>With label smoothing ε every target t becomes t(1 − ε) + ε/2 (1 → 1 − ε/2, 0 → ε/2) before
 * the loss: the common convention for binary targets (that of Keras' {@code
 * BinaryCrossentropy(label_smoothing=ε)}, and of PyTorch users smoothing by hand, since PyTorch's
 * {@code BCEWithLogitsLoss} has no such parameter); it is softmax cross-entropy's ε/C with C = 2.
 */
final class BinaryCrossEntropyWithLogits implements Loss {
    static final BinaryCrossEntropyWithLogits INSTANCE = new BinaryCrossEntropyWithLogits(0f);

    private final float smoothing;

    BinaryCrossEntropyWithLogits(float smoothing) {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("bce_with_logits: label smoothing must be in [0, 1), got " + smoothing);
        }
        this.smoothing = smoothing;
    }

    @Override
    public float labelSmoothing() {
        return smoothing;
    }

    @Override
    public String describe() {
        return name() + (smoothing == 0 ? "" : "(label_smoothing=" + smoothing + ")");
    }

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
        double keep = 1 - (double) smoothing;
        double half = (double) smoothing / 2;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float wi = w == null ? 1f : w[i / cols];
            double x = o[i];
            double ti = smoothing == 0 ? t[i] : t[i] * keep + half;
            double e = Math.exp(-Math.abs(x));
            sum += wi * (Math.max(x, 0) - x * ti + Math.log1p(e));
            if (gradOutput != null) {
                double sigmoid = x >= 0 ? 1 / (1 + e) : e / (1 + e);
                gradOutput.data()[i] = (float) (wi * ((sigmoid - ti) / n));
            }
        }
        return (float) (sum / n);
    }
}

package dev.neurite.loss;

import dev.neurite.tensor.Matrix;

/**
 * Cross-entropy of softmax(logits) against class targets, fused in the log-sum-exp form:
 * per row, L = Σ_j t_j (lse(z) − z_j) with lse(z) = m + log Σ_k e^(z_k − m), m = max z; the
 * batch loss is the mean over rows, and ∂L/∂z_j = (softmax(z)_j · Σ_k t_k − t_j) / rows.
 *
 * <p>Targets are either one column of class indices (0 … C−1), or C columns of one-hot (or
 * any non-negative soft) labels. Logits of any magnitude give finite results.
 *
 * <p>With label smoothing ε and class weights c (both optional) the loss is PyTorch 1.13's
 * {@code CrossEntropyLoss(weight=c, label_smoothing=ε, reduction='none')}: each row's target t
 * (one-hot for a class index) becomes q_j = c_j((1 − ε) t_j + ε/C), the row's loss is
 * Σ_j q_j (lse(z) − z_j) and ∂/∂z_j = softmax(z)_j Σ_k q_k − q_j. So the smoothing term weighs
 * every class by its own weight, not by the weight of the row's class: for a class index y it is
 * (1 − ε) c_y (lse − z_y) + (ε/C) Σ_k c_k (lse − z_k), PyTorch's {@code (1 − ε)·nll + (ε/C)·smooth}.
 * Row weights multiply that and the batch loss is the sum over rows / rows, as {@link Loss} says.
 */
final class SoftmaxCrossEntropy implements Loss {
    static final SoftmaxCrossEntropy INSTANCE = new SoftmaxCrossEntropy(0f, null);

    private final float smoothing;
    private final float[] classWeights;

    SoftmaxCrossEntropy(float smoothing, float[] classWeights) {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("softmax_cross_entropy: label smoothing must be in [0, 1), got " + smoothing);
        }
        if (classWeights != null) {
            for (int c = 0; c < classWeights.length; c++) {
                if (!(classWeights[c] >= 0) || !Float.isFinite(classWeights[c])) {
                    throw new IllegalArgumentException("softmax_cross_entropy: the weight of class " + c
                            + " must be finite and >= 0, got " + classWeights[c]);
                }
            }
        }
        this.smoothing = smoothing;
        this.classWeights = classWeights == null ? null : classWeights.clone();
    }

    @Override
    public float labelSmoothing() {
        return smoothing;
    }

    @Override
    public Loss withClassWeights(float[] weights) {
        return smoothing == 0 ? null : new SoftmaxCrossEntropy(smoothing, weights);
    }

    @Override
    public String describe() {
        return name() + (smoothing == 0 ? "" : "(label_smoothing=" + smoothing + ")")
                + (classWeights == null ? "" : " with class weights " + java.util.Arrays.toString(classWeights));
    }

    @Override
    public boolean classification() {
        return true;
    }

    @Override
    public String name() {
        return "softmax_cross_entropy";
    }

    /** Scratch for one row's exponentials, per thread (a loss may serve several trainers at once). */
    private static final ThreadLocal<double[]> EXPS = ThreadLocal.withInitial(() -> new double[16]);

    @Override
    public float compute(Matrix output, Matrix target, Matrix weights, Matrix gradOutput) {
        int rows = output.rows();
        int classes = output.columns();
        if (classes < 2) {
            throw new IllegalArgumentException(name() + ": needs at least 2 output columns (classes), got "
                    + classes + "; for one output use bce_with_logits");
        }
        boolean indices = target.columns() == 1;
        if (target.rows() != rows || !(indices || target.columns() == classes)) {
            throw new IllegalArgumentException(name() + ": output is " + output.shape() + " but target is "
                    + target.shape() + "; expected " + rows + "×1 class indices or " + rows + "×" + classes
                    + " one-hot rows");
        }
        Loss.requireGradientShape(name(), output, gradOutput);
        Loss.requireWeightShape(name(), output, weights);
        if (classWeights != null && classWeights.length != classes) {
            throw new IllegalArgumentException(name() + ": " + classWeights.length + " class weights but the output has "
                    + classes + " classes");
        }
        if (smoothing != 0 || classWeights != null) {
            return smoothed(output, target, weights, gradOutput, indices);
        }
        float[] w = weights == null ? null : weights.data();
        float[] z = output.data();
        float[] t = target.data();
        // exp(z − max) of the row's classes, kept for the gradient: one exp per element, not two
        // (the exps are most of this loss's time; measured: docs/performance-log.md,
        // "SoftmaxCrossEntropy, one exp per element").
        double[] e = EXPS.get();
        if (e.length < classes) {
            e = new double[classes];
            EXPS.set(e);
        }
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, z[o + j]);
            }
            double sumExp = 0;
            for (int j = 0; j < classes; j++) {
                e[j] = Math.exp(z[o + j] - max);
                sumExp += e[j];
            }
            double lse = max + Math.log(sumExp);
            double wr = w == null ? 1 : w[r];
            double targetMass;
            if (indices) {
                int label = classIndex(t[r], r, classes);
                total += wr * (lse - z[o + label]);
                targetMass = 1;
            } else {
                targetMass = 0;
                for (int j = 0; j < classes; j++) {
                    targetMass += t[r * classes + j];
                    if (t[r * classes + j] != 0) {
                        total += wr * (t[r * classes + j] * (lse - z[o + j]));
                    }
                }
            }
            if (gradOutput != null) {
                float[] g = gradOutput.data();
                for (int j = 0; j < classes; j++) {
                    double p = e[j] / sumExp;
                    double tj = indices ? (j == (int) t[r] ? 1 : 0) : t[r * classes + j];
                    g[o + j] = (float) (wr * ((p * targetMass - tj) / rows));
                }
            }
        }
        return (float) (total / rows);
    }

    /** The general form: each row's target replaced by q_j = c_j((1 − ε) t_j + ε/C). */
    private float smoothed(Matrix output, Matrix target, Matrix weights, Matrix gradOutput, boolean indices) {
        int rows = output.rows();
        int classes = output.columns();
        float[] w = weights == null ? null : weights.data();
        float[] z = output.data();
        float[] t = target.data();
        double keep = 1 - (double) smoothing;
        double spread = (double) smoothing / classes;
        double[] e = EXPS.get();
        if (e.length < 2 * classes) {
            e = new double[2 * classes];
            EXPS.set(e);
        }
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * classes;
            int label = indices ? classIndex(t[r], r, classes) : -1;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, z[o + j]);
            }
            double sumExp = 0;
            for (int j = 0; j < classes; j++) {
                e[j] = Math.exp(z[o + j] - max);
                sumExp += e[j];
            }
            double lse = max + Math.log(sumExp);
            double mass = 0;
            double rowLoss = 0;
            for (int j = 0; j < classes; j++) {
                double tj = indices ? (j == label ? 1 : 0) : t[o + j];
                double q = keep * tj + spread;
                if (classWeights != null) {
                    q *= classWeights[j];
                }
                e[classes + j] = q;
                mass += q;
                rowLoss += q * (lse - z[o + j]);
            }
            double wr = w == null ? 1 : w[r];
            total += wr * rowLoss;
            if (gradOutput != null) {
                float[] g = gradOutput.data();
                for (int j = 0; j < classes; j++) {
                    g[o + j] = (float) (wr * ((e[j] / sumExp * mass - e[classes + j]) / rows));
                }
            }
        }
        return (float) (total / rows);
    }

    private int classIndex(float value, int row, int classes) {
        int label = (int) value;
        if (label != value || label < 0 || label >= classes) {
            throw new IllegalArgumentException(name() + ": target " + value + " in row " + row
                    + " is not a class index in 0…" + (classes - 1));
        }
        return label;
    }
}

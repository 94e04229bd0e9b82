package dev.neurite.nn;

import dev.neurite.tensor.Matrix;

/**
 * Row-wise y_j = e^(x_j − m) / Σ_k e^(x_k − m), with m = max_k x_k so no exponential overflows;
 * the backward pass is the Jacobian product gradX_j = y_j (gradY_j − Σ_k gradY_k y_k).
 *
 * <p>For classification, prefer an identity output with {@code SoftmaxCrossEntropy}, which
 * fuses the two in the log-sum-exp form.
 */
final class Softmax implements Activation {
    static final Softmax INSTANCE = new Softmax();

    @Override
    public String name() {
        return "softmax";
    }

    /** Writes the softmax of row {@code r} of {@code x} into the same row of {@code y}. */
    static void softmaxRow(float[] x, float[] y, int offset, int length) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < length; j++) {
            max = Math.max(max, x[offset + j]);
        }
        double sum = 0;
        for (int j = 0; j < length; j++) {
            float e = (float) Math.exp(x[offset + j] - max);
            y[offset + j] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int j = 0; j < length; j++) {
            y[offset + j] *= inv;
        }
    }

    @Override
    public void forward(Matrix x, Matrix y) {
        int cols = x.columns();
        for (int r = 0, rows = x.rows(); r < rows; r++) {
            softmaxRow(x.data(), y.data(), r * cols, cols);
        }
    }

    @Override
    public void backward(Matrix x, Matrix y, Matrix gradY, Matrix gradX) {
        float[] out = y.data();
        float[] g = gradY.data();
        float[] gx = gradX.data();
        int cols = y.columns();
        for (int r = 0, rows = y.rows(); r < rows; r++) {
            int o = r * cols;
            double dot = 0;
            for (int j = 0; j < cols; j++) {
                dot += (double) g[o + j] * out[o + j];
            }
            for (int j = 0; j < cols; j++) {
                gx[o + j] = (float) (out[o + j] * (g[o + j] - dot));
            }
        }
    }
}

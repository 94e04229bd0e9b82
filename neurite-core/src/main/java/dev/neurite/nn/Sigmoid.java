package dev.neurite.nn;

import dev.neurite.tensor.Matrix;

/** y = σ(x) = 1 / (1 + e^−x), dσ/dx = y (1 − y). */
final class Sigmoid implements Activation {
    static final Sigmoid INSTANCE = new Sigmoid();

    @Override
    public String name() {
        return "sigmoid";
    }

    /** σ(x), written so that neither branch overflows: for x &lt; 0, e^x / (1 + e^x). */
    static float sigmoid(float x) {
        if (x >= 0) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    @Override
    public void forward(Matrix x, Matrix y) {
        float[] in = x.data();
        float[] out = y.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            out[i] = sigmoid(in[i]);
        }
    }

    @Override
    public void backward(Matrix x, Matrix y, Matrix gradY, Matrix gradX) {
        float[] out = y.data();
        float[] g = gradY.data();
        float[] gx = gradX.data();
        for (int i = 0, n = y.size(); i < n; i++) {
            gx[i] = g[i] * out[i] * (1 - out[i]);
        }
    }
}

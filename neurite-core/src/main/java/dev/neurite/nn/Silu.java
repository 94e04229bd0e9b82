package dev.neurite.nn;

import dev.neurite.tensor.Matrix;

/** y = x·σ(x) (SiLU, "swish"); dy/dx = σ(x)·(1 + x·(1 − σ(x))). */
final class Silu implements Activation {
    static final Silu INSTANCE = new Silu();

    @Override
    public String name() {
        return "silu";
    }

    @Override
    public void forward(Matrix x, Matrix y) {
        float[] in = x.data();
        float[] out = y.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            out[i] = in[i] * Sigmoid.sigmoid(in[i]);
        }
    }

    @Override
    public void backward(Matrix x, Matrix y, Matrix gradY, Matrix gradX) {
        float[] in = x.data();
        float[] g = gradY.data();
        float[] gx = gradX.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            float s = Sigmoid.sigmoid(in[i]);
            gx[i] = g[i] * s * (1 + in[i] * (1 - s));
        }
    }
}

package dev.neurite.nn;

import dev.neurite.tensor.Matrix;

/**
 * y = log(1 + eˣ), computed as max(x, 0) + log1p(e^−|x|) so it never overflows; dy/dx = σ(x).
 * Like PyTorch, y = x above x = 20, where the two agree in float32.
 */
final class Softplus implements Activation {
    static final Softplus INSTANCE = new Softplus();
    private static final float THRESHOLD = 20f;

    @Override
    public String name() {
        return "softplus";
    }

    @Override
    public void forward(Matrix x, Matrix y) {
        float[] in = x.data();
        float[] out = y.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            float v = in[i];
            out[i] = v > THRESHOLD ? v : (float) (Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
        }
    }

    @Override
    public void backward(Matrix x, Matrix y, Matrix gradY, Matrix gradX) {
        float[] in = x.data();
        float[] g = gradY.data();
        float[] gx = gradX.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            gx[i] = in[i] > THRESHOLD ? g[i] : g[i] * Sigmoid.sigmoid(in[i]);
        }
    }
}

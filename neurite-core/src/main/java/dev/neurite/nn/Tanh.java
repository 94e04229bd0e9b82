package dev.neurite.nn;

import dev.neurite.tensor.Matrix;

/** y = tanh(x), d tanh/dx = 1 − y². */
final class Tanh implements Activation {
    static final Tanh INSTANCE = new Tanh();

    @Override
    public String name() {
        return "tanh";
    }

    @Override
    public void forward(Matrix x, Matrix y) {
        float[] in = x.data();
        float[] out = y.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            out[i] = (float) Math.tanh(in[i]);
        }
    }

    @Override
    public void backward(Matrix x, Matrix y, Matrix gradY, Matrix gradX) {
        float[] out = y.data();
        float[] g = gradY.data();
        float[] gx = gradX.data();
        for (int i = 0, n = y.size(); i < n; i++) {
            gx[i] = g[i] * (1 - out[i] * out[i]);
        }
    }
}

package dev.neurite.nn;

import dev.neurite.tensor.Kernels;
import dev.neurite.tensor.Matrix;

/** y = max(0, x), dy/dx = 1 for x &gt; 0 and 0 otherwise (0 at x = 0, as PyTorch). */
final class Relu implements Activation {
    static final Relu INSTANCE = new Relu();

    @Override
    public String name() {
        return "relu";
    }

    @Override
    public void forward(Matrix x, Matrix y) {
        float[] in = x.data();
        float[] out = y.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            out[i] = in[i] > 0 ? in[i] : 0f;
        }
    }

    @Override
    public void backward(Matrix x, Matrix y, Matrix gradY, Matrix gradX) {
        Kernels.get().reluBackward(x, gradY, gradX);
    }
}

package dev.neurite.nn;

import dev.neurite.tensor.Checks;
import dev.neurite.tensor.Matrix;

/** y = x for x &gt; 0, else a·x; dy/dx = 1 or a. PyTorch's default slope is a = 0.01. */
final class LeakyRelu implements Activation {
    private final float slope;

    LeakyRelu(float slope) {
        Checks.require(Float.isFinite(slope) && slope >= 0 && slope < 1,
                "leaky_relu slope must be in [0, 1), got %s", slope);
        this.slope = slope;
    }

    @Override
    public String name() {
        return "leaky_relu";
    }

    @Override
    public String spec() {
        return slope == 0.01f ? name() : name() + "(" + slope + ")";
    }

    @Override
    public void forward(Matrix x, Matrix y) {
        float[] in = x.data();
        float[] out = y.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            out[i] = in[i] > 0 ? in[i] : slope * in[i];
        }
    }

    @Override
    public void backward(Matrix x, Matrix y, Matrix gradY, Matrix gradX) {
        float[] in = x.data();
        float[] g = gradY.data();
        float[] gx = gradX.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            gx[i] = in[i] > 0 ? g[i] : slope * g[i];
        }
    }
}

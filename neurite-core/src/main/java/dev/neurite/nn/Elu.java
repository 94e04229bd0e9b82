package dev.neurite.nn;

import dev.neurite.tensor.Checks;
import dev.neurite.tensor.Matrix;

/** y = x for x &gt; 0, else α(eˣ − 1); dy/dx = 1, or y + α for x ≤ 0 (Clevert et al. 2015). */
final class Elu implements Activation {
    private final float alpha;

    Elu(float alpha) {
        Checks.requirePositive(alpha, "elu alpha");
        this.alpha = alpha;
    }

    @Override
    public String name() {
        return "elu";
    }

    @Override
    public String spec() {
        return alpha == 1f ? name() : name() + "(" + alpha + ")";
    }

    @Override
    public void forward(Matrix x, Matrix y) {
        float[] in = x.data();
        float[] out = y.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            out[i] = in[i] > 0 ? in[i] : alpha * (float) Math.expm1(in[i]);
        }
    }

    @Override
    public void backward(Matrix x, Matrix y, Matrix gradY, Matrix gradX) {
        float[] in = x.data();
        float[] out = y.data();
        float[] g = gradY.data();
        float[] gx = gradX.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            gx[i] = in[i] > 0 ? g[i] : g[i] * (out[i] + alpha);
        }
    }
}

package dev.neurite.nn;

import dev.neurite.tensor.Matrix;

/**
 * y = x·Φ(x), the exact form with Φ(x) = ½ erfc(−x/√2) (Hendrycks and Gimpel 2016);
 * dy/dx = Φ(x) + x·φ(x), with φ the standard normal density.
 */
final class Gelu implements Activation {
    static final Gelu INSTANCE = new Gelu();
    private static final double INV_SQRT2 = 0.7071067811865476;
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    @Override
    public String name() {
        return "gelu";
    }

    /** Φ(x), the standard normal cumulative distribution. */
    static double normalCdf(double x) {
        return 0.5 * erfc(-x * INV_SQRT2);
    }

    /**
     * The complementary error function, by the Chebyshev fit of Numerical Recipes (erfcc),
     * with a relative error below 1.2e-7 everywhere: finer than float32.
     */
    static double erfc(double z) {
        double a = Math.abs(z);
        double t = 1.0 / (1.0 + 0.5 * a);
        double r = t * Math.exp(-a * a - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return z >= 0 ? r : 2.0 - r;
    }

    @Override
    public void forward(Matrix x, Matrix y) {
        float[] in = x.data();
        float[] out = y.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            out[i] = (float) (in[i] * normalCdf(in[i]));
        }
    }

    @Override
    public void backward(Matrix x, Matrix y, Matrix gradY, Matrix gradX) {
        float[] in = x.data();
        float[] g = gradY.data();
        float[] gx = gradX.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            double v = in[i];
            double pdf = INV_SQRT_2PI * Math.exp(-0.5 * v * v);
            gx[i] = (float) (g[i] * (normalCdf(v) + v * pdf));
        }
    }
}

package dev.neurite.nn;

import dev.neurite.tensor.Checks;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;

/**
 * Inverted dropout (Srivastava et al. 2014): in training, each element is kept with probability
 * {@code 1 − rate} and scaled by {@code 1 / (1 − rate)}, so {@code y = x ⊙ m} with
 * {@code m ∈ {0, 1/(1−rate)}} and {@code ∂L/∂x = ∂L/∂y ⊙ m}. At inference it is the identity.
 */
public final class Dropout implements Layer {
    private final float rate;
    private Rng rng = new Rng(0);
    private Matrix mask;
    private Matrix y;
    private Matrix gradInput;
    private boolean lastTraining;

    public Dropout(float rate) {
        this.rate = Checks.requireFraction(rate, "dropout rate");
    }

    public float rate() {
        return rate;
    }

    @Override
    public void setRandom(Rng rng) {
        this.rng = rng;
    }

    @Override
    public void initialize(Rng rng) {
        this.rng = rng.split();
    }

    @Override
    public Matrix forward(Matrix x, boolean training) {
        lastTraining = training && rate > 0;
        if (!lastTraining) {
            return x;
        }
        int n = x.size();
        mask = Matrix.reuseOrAllocate(mask, x.rows(), x.columns());
        y = Matrix.reuseOrAllocate(y, x.rows(), x.columns());
        float keep = 1f / (1f - rate);
        float[] m = mask.data();
        float[] in = x.data();
        float[] out = y.data();
        for (int i = 0; i < n; i++) {
            m[i] = rng.nextFloat() >= rate ? keep : 0f;
            out[i] = in[i] * m[i];
        }
        return y;
    }

    @Override
    public Matrix backward(Matrix gradY, boolean needInputGradient) {
        if (!needInputGradient) {
            return null;
        }
        if (!lastTraining) {
            return gradY;
        }
        if (!mask.sameShape(gradY)) {
            mask.requireSameShape(gradY, describe() + " backward"); // builds the message only on failure
        }
        gradInput = Matrix.reuseOrAllocate(gradInput, gradY.rows(), gradY.columns());
        float[] m = mask.data();
        float[] g = gradY.data();
        float[] gx = gradInput.data();
        for (int i = 0, n = gradY.size(); i < n; i++) {
            gx[i] = g[i] * m[i];
        }
        return gradInput;
    }

    /** A dropout layer of the same rate; at inference (how copies are used) it draws nothing. */
    @Override
    public Layer withSharedParameters() {
        return new Dropout(rate);
    }

    @Override
    public Rng random() {
        return rng;
    }

    @Override
    public String describe() {
        return "Dropout(" + rate + ")";
    }
}

package dev.neurite.optim;

import dev.neurite.tensor.Kernels;

/**
 * Adam (Kingma and Ba 2015) as PyTorch computes it: with g = ∇w + λw and step t,
 * <pre>
 *   m ← β₁ m + (1 − β₁) g        v ← β₂ v + (1 − β₂) g²
 *   w ← w − η · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
 * </pre>
 */
public final class Adam extends Optimizer {
    private final AdamConfig config;

    public Adam(AdamConfig config) {
        super(config.learningRate());
        this.config = config;
    }

    public AdamConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    protected int slotCount() {
        return 2;
    }

    @Override
    protected void update(float[] w, float[] g, int n, State state, float lr) {
        adamUpdate(step, w, g, n, state, lr, config, config.weightDecay(), 1f);
    }

    private final AdamStep step = new AdamStep();

    /**
     * The Adam rule with an L2 term {@code l2}·w on the gradient, after {@code w ← decay·w} when
     * decay ≠ 1 (AdamW's decoupled decay; l2 = 0 there). Shared with {@link AdamW}. Each element
     * is updated on its own, so the pool's threads take ranges of it and the bits do not depend
     * on how many there are.
     */
    static void adamUpdate(AdamStep step, float[] w, float[] g, int n, State state, float lr, AdamConfig c, float l2, float decay) {
        long t = state.step();
        float b1 = c.beta1();
        float b2 = c.beta2();
        double bias1 = 1 - Math.pow(b1, t);
        double bias2 = 1 - Math.pow(b2, t);
        step.w = w;
        step.g = g;
        step.m = state.slots()[0];
        step.v = state.slots()[1];
        step.b1 = b1;
        step.b2 = b2;
        step.stepSize = (float) (lr / bias1);
        step.invSqrtBias2 = (float) (1 / Math.sqrt(bias2));
        step.eps = c.epsilon();
        step.l2 = l2;
        step.decay = decay;
        try {
            Kernels.get().forRanges(n, step);
        } finally {
            step.w = step.g = step.m = step.v = null;
        }
    }

    /** One Adam step over a range of one parameter's elements; reused, so a step allocates nothing. */
    static final class AdamStep implements Kernels.RangeTask {
        float[] w;
        float[] g;
        float[] m;
        float[] v;
        float b1;
        float b2;
        float stepSize;
        float invSqrtBias2;
        float eps;
        float l2;
        float decay;

        @Override
        public void run(int from, int to) {
            float[] w = this.w;
            float[] g = this.g;
            float[] m = this.m;
            float[] v = this.v;
            if (decay != 1f) {
                for (int i = from; i < to; i++) {
                    w[i] *= decay;
                }
            }
            for (int i = from; i < to; i++) {
                float gi = g[i] + l2 * w[i];
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                w[i] -= stepSize * m[i] / ((float) Math.sqrt(v[i]) * invSqrtBias2 + eps);
            }
        }
    }
}

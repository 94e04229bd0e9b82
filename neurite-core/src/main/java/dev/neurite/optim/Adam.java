package dev.neurite.optim;

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
        adamUpdate(w, g, n, state, lr, config, config.weightDecay());
    }

    /** The Adam rule with an L2 term {@code l2}·w on the gradient; shared with {@link AdamW} (l2 = 0). */
    static void adamUpdate(float[] w, float[] g, int n, State state, float lr, AdamConfig c, float l2) {
        float[] m = state.slots()[0];
        float[] v = state.slots()[1];
        long t = state.step();
        float b1 = c.beta1();
        float b2 = c.beta2();
        double bias1 = 1 - Math.pow(b1, t);
        double bias2 = 1 - Math.pow(b2, t);
        float stepSize = (float) (lr / bias1);
        float invSqrtBias2 = (float) (1 / Math.sqrt(bias2));
        float eps = c.epsilon();
        for (int i = 0; i < n; i++) {
            float gi = g[i] + l2 * w[i];
            m[i] = b1 * m[i] + (1 - b1) * gi;
            v[i] = b2 * v[i] + (1 - b2) * gi * gi;
            w[i] -= stepSize * m[i] / ((float) Math.sqrt(v[i]) * invSqrtBias2 + eps);
        }
    }
}

package dev.neurite.optim;

import java.util.List;

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
    protected List<String> stateNames() {
        return STATE_NAMES;
    }

    static final List<String> STATE_NAMES = List.of("exp_avg", "exp_avg_sq");

    @Override
    protected void update(float[] w, float[] g, State state, float lr, int from, int to) {
        adamUpdate(w, g, state, lr, config, config.weightDecay(), 1f, from, to);
    }

    /**
     * The Adam rule over {@code [from, to)} with an L2 term {@code l2}·w on the gradient, after
     * {@code w ← decay·w} when decay ≠ 1 (AdamW's decoupled decay; l2 = 0 there). Shared with
     * {@link AdamW}.
     */
    static void adamUpdate(float[] w, float[] g, State state, float lr, AdamConfig c, float l2, float decay, int from, int to) {
        long t = state.step();
        float b1 = c.beta1();
        float b2 = c.beta2();
        float stepSize = (float) (lr / (1 - Math.pow(b1, t)));
        float invSqrtBias2 = (float) (1 / Math.sqrt(1 - Math.pow(b2, t)));
        float eps = c.epsilon();
        float[] m = state.buffer("exp_avg");
        float[] v = state.buffer("exp_avg_sq");
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

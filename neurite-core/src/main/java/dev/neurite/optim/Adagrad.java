package dev.neurite.optim;

/**
 * Adagrad (Duchi et al. 2011) as PyTorch computes it: with g = ∇w + λw,
 * {@code s ← s + g²}, {@code w ← w − η g / (√s + ε)}.
 */
public final class Adagrad extends Optimizer {
    private final AdagradConfig config;

    public Adagrad(AdagradConfig config) {
        super(config.learningRate());
        this.config = config;
    }

    public AdagradConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    protected int slotCount() {
        return 1;
    }

    @Override
    protected void update(float[] w, float[] g, int n, State state, float lr) {
        float[] s = state.slots()[0];
        float lambda = config.weightDecay();
        float eps = config.epsilon();
        for (int i = 0; i < n; i++) {
            float gi = g[i] + lambda * w[i];
            s[i] += gi * gi;
            w[i] -= lr * gi / ((float) Math.sqrt(s[i]) + eps);
        }
    }
}

package dev.neurite.optim;

import java.util.List;

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
    protected List<String> stateNames() {
        return List.of("sum");
    }

    @Override
    protected void update(float[] w, float[] g, State state, float lr, int from, int to) {
        float[] s = state.buffer("sum");
        float lambda = config.weightDecay();
        float eps = config.epsilon();
        for (int i = from; i < to; i++) {
            float gi = g[i] + lambda * w[i];
            s[i] += gi * gi;
            w[i] -= lr * gi / ((float) Math.sqrt(s[i]) + eps);
        }
    }
}

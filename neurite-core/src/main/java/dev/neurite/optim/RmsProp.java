package dev.neurite.optim;

import java.util.List;

/**
 * RMSProp (Tieleman and Hinton 2012) as PyTorch computes it: with g = ∇w + λw,
 * {@code v ← ρ v + (1 − ρ) g²}, {@code w ← w − η g / (√v + ε)}.
 */
public final class RmsProp extends Optimizer {
    private final RmsPropConfig config;

    public RmsProp(RmsPropConfig config) {
        super(config.learningRate());
        this.config = config;
    }

    public RmsPropConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    protected List<String> stateNames() {
        return List.of("square_avg");
    }

    @Override
    protected void update(float[] w, float[] g, State state, float lr, int from, int to) {
        float[] v = state.buffer("square_avg");
        float rho = config.rho();
        float lambda = config.weightDecay();
        float eps = config.epsilon();
        for (int i = from; i < to; i++) {
            float gi = g[i] + lambda * w[i];
            v[i] = rho * v[i] + (1 - rho) * gi * gi;
            w[i] -= lr * gi / ((float) Math.sqrt(v[i]) + eps);
        }
    }
}

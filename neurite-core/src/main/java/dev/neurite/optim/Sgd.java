package dev.neurite.optim;

/**
 * SGD after PyTorch's {@code torch.optim.SGD} (dampening 0): with g = ∇w + λw,
 * <pre>
 *   plain:     w ← w − η g
 *   momentum:  b ← μ b + g  (b = g at the first step),  w ← w − η b
 *   Nesterov:  b as above,                               w ← w − η (g + μ b)
 * </pre>
 */
public final class Sgd extends Optimizer {
    private final SgdConfig config;

    public Sgd(SgdConfig config) {
        super(config.learningRate());
        this.config = config;
    }

    public SgdConfig config() {
        return config;
    }

    @Override
    public String name() {
        return config.momentum() == 0 ? "sgd" : config.nesterov() ? "nesterov" : "momentum";
    }

    @Override
    protected int slotCount() {
        return config.momentum() == 0 ? 0 : 1;
    }

    @Override
    protected void update(float[] w, float[] g, int n, State state, float lr) {
        float mu = config.momentum();
        float lambda = config.weightDecay();
        if (mu == 0) {
            for (int i = 0; i < n; i++) {
                w[i] -= lr * (g[i] + lambda * w[i]);
            }
            return;
        }
        float[] b = state.slots()[0];
        boolean first = state.step() == 1;
        for (int i = 0; i < n; i++) {
            float gi = g[i] + lambda * w[i];
            b[i] = first ? gi : mu * b[i] + gi;
            w[i] -= lr * (config.nesterov() ? gi + mu * b[i] : b[i]);
        }
    }
}

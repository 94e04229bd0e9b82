package dev.neurite.optim;

import java.util.List;

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
    protected List<String> stateNames() {
        return config.momentum() == 0 ? List.of() : List.of("momentum_buffer");
    }

    @Override
    protected void update(float[] w, float[] g, State state, float lr, int from, int to) {
        float mu = config.momentum();
        float lambda = config.weightDecay();
        if (mu == 0) {
            for (int i = from; i < to; i++) {
                w[i] -= lr * (g[i] + lambda * w[i]);
            }
            return;
        }
        float[] b = state.buffer("momentum_buffer");
        boolean first = state.step() == 1;
        boolean nesterov = config.nesterov();
        for (int i = from; i < to; i++) {
            float gi = g[i] + lambda * w[i];
            b[i] = first ? gi : mu * b[i] + gi;
            w[i] -= lr * (nesterov ? gi + mu * b[i] : b[i]);
        }
    }
}

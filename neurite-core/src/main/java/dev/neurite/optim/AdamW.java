package dev.neurite.optim;

import java.util.List;

/**
 * AdamW (Loshchilov and Hutter 2019): Adam with the weight decay decoupled from the gradient,
 * {@code w ← w (1 − ηλ)} first, then the {@link Adam} step on the plain gradient.
 */
public final class AdamW extends Optimizer {
    private final AdamConfig config;

    public AdamW(AdamConfig config) {
        super(config.learningRate());
        this.config = config;
    }

    public AdamConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "adamw";
    }

    @Override
    protected List<String> stateNames() {
        return Adam.STATE_NAMES;
    }

    @Override
    protected void update(float[] w, float[] g, State state, float lr, int from, int to) {
        Adam.adamUpdate(w, g, state, lr, config, 0f, 1 - lr * config.weightDecay(), from, to);
    }
}

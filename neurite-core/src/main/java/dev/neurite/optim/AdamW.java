package dev.neurite.optim;

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
    protected int slotCount() {
        return 2;
    }

    @Override
    protected void update(float[] w, float[] g, int n, State state, float lr) {
        Adam.adamUpdate(step, w, g, n, state, lr, config, 0f, 1 - lr * config.weightDecay());
    }

    private final Adam.AdamStep step = new Adam.AdamStep();
}

package dev.neurite.optim;

import dev.neurite.nn.Parameter;
import dev.neurite.tensor.Checks;
import dev.neurite.tensor.Kernels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients: {@code w ← w − f(g, state)}. Holds its own state
 * (moments, step counts) per parameter, keyed by the parameter's name and created at its first
 * step; a subclass writes only the update rule for a range of one parameter's elements, after
 * PyTorch's, and names its state arrays as PyTorch does ({@code exp_avg}, {@code exp_avg_sq},
 * {@code momentum_buffer}, …).
 *
 * <p>Every rule updates each element on its own, so the kernels' threads take ranges of a large
 * parameter and the bits do not depend on how many there are.
 *
 * <p>The learning rate in force can be changed between steps (by a schedule); the one given at
 * construction stays the base rate.
 */
public abstract class Optimizer {
    private final float baseLearningRate;
    private float learningRate;
    private final Map<String, State> states = new HashMap<>();
    private final RangeUpdate rangeUpdate = new RangeUpdate();

    protected Optimizer(float learningRate) {
        this.baseLearningRate = Checks.requirePositive(learningRate, "learning rate");
        this.learningRate = learningRate;
    }

    /** The per-parameter state: the number of steps taken and the rule's named arrays (moments). */
    public static final class State {
        private long step;
        private final List<String> names;
        private final float[][] buffers;

        State(List<String> names, int size) {
            this.names = names;
            this.buffers = new float[names.size()][size];
        }

        /** Steps taken on this parameter, counting the one in progress. */
        public long step() {
            return step;
        }

        /** Restores the step count (checkpoints); the arrays are restored through {@link #buffer}. */
        public void setStep(long step) {
            this.step = step;
        }

        /** The names of the rule's arrays, in PyTorch's words (Adam: {@code exp_avg}, {@code exp_avg_sq}). */
        public List<String> names() {
            return names;
        }

        /** The array called {@code name}, live (not a copy). */
        public float[] buffer(String name) {
            for (int k = 0; k < buffers.length; k++) {
                if (names.get(k).equals(name)) {
                    return buffers[k];
                }
            }
            throw new IllegalArgumentException("no optimizer state '" + name + "'; this rule keeps " + names);
        }

        int size() {
            return buffers.length == 0 ? -1 : buffers[0].length;
        }
    }

    /** The name used on the command line and in files, e.g. {@code "adam"}. */
    public abstract String name();

    /** The names of the arrays of the parameter's size that the rule keeps, as PyTorch's state dict names them. */
    protected abstract List<String> stateNames();

    /**
     * Updates {@code w[from … to−1]} in place from the gradient {@code g}, with the rule's state and
     * the learning rate in force; {@code state.step()} is already counted (1 on the first step).
     * Called for disjoint ranges, possibly on several threads at once: each element on its own.
     */
    protected abstract void update(float[] w, float[] g, State state, float learningRate, int from, int to);

    /** One update of every parameter from its current gradient. Allocates only on the first step. */
    public final void step(List<Parameter> parameters) {
        for (int i = 0, count = parameters.size(); i < count; i++) {
            Parameter p = parameters.get(i);
            int n = p.value().size();
            State state = states.get(p.name());
            if (state == null) {
                state = new State(stateNames(), n);
                states.put(p.name(), state);
            } else if (state.size() >= 0 && state.size() != n) {
                throw new IllegalStateException(name() + ": parameter '" + p.name() + "' has "
                        + n + " values, its optimizer state has " + state.size());
            }
            state.step++;
            rangeUpdate.w = p.value().data();
            rangeUpdate.g = p.gradient().data();
            rangeUpdate.state = state;
            rangeUpdate.learningRate = learningRate;
            try {
                Kernels.get().forRanges(n, rangeUpdate);
            } finally {
                rangeUpdate.w = rangeUpdate.g = null;
                rangeUpdate.state = null;
            }
        }
    }

    /** The update of one parameter, handed to the kernels' threads by ranges; reused, so a step allocates nothing. */
    private final class RangeUpdate implements Kernels.RangeTask {
        float[] w;
        float[] g;
        State state;
        float learningRate;

        @Override
        public void run(int from, int to) {
            update(w, g, state, learningRate, from, to);
        }
    }

    /** The state of parameter {@code name}, or null before its first step. */
    public State state(String name) {
        return states.get(name);
    }

    /** Creates (or returns) the state of a parameter with {@code size} values, e.g. to restore a checkpoint into. */
    public State stateFor(String name, int size) {
        return states.computeIfAbsent(name, k -> new State(stateNames(), size));
    }

    /** Forgets all state, as if no step had been taken. */
    public void reset() {
        states.clear();
    }

    public float baseLearningRate() {
        return baseLearningRate;
    }

    public float learningRate() {
        return learningRate;
    }

    /** Sets the learning rate for the following steps. */
    public void setLearningRate(float learningRate) {
        if (!(learningRate >= 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    @Override
    public String toString() {
        return name() + "(lr=" + learningRate + ")";
    }
}

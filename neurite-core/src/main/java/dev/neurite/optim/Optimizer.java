package dev.neurite.optim;

import dev.neurite.nn.Parameter;
import dev.neurite.tensor.Checks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients: {@code w ← w − f(g, state)}. Holds its own state
 * (moments, step counts) per parameter, keyed by the parameter's name and created at its first
 * step; a subclass writes only the update rule for one parameter, after PyTorch's.
 *
 * <p>The learning rate in force can be changed between steps (by a schedule); the one given at
 * construction stays the base rate.
 */
public abstract class Optimizer {
    private final float baseLearningRate;
    private float learningRate;
    private final Map<String, State> states = new HashMap<>();

    protected Optimizer(float learningRate) {
        this.baseLearningRate = Checks.requirePositive(learningRate, "learning rate");
        this.learningRate = learningRate;
    }

    /** The per-parameter state: the number of steps taken and the rule's arrays (moments). */
    public static final class State {
        private long step;
        private final float[][] slots;

        State(int slotCount, int size) {
            slots = new float[slotCount][size];
        }

        /** Steps taken on this parameter, counting the one in progress. */
        public long step() {
            return step;
        }

        /** The rule's arrays, e.g. Adam's first and second moments. Live, not copies. */
        public float[][] slots() {
            return slots;
        }

        /** Restores the step count (checkpoints); the arrays are restored through {@link #slots()}. */
        public void setStep(long step) {
            this.step = step;
        }
    }

    /** The name used on the command line and in files, e.g. {@code "adam"}. */
    public abstract String name();

    /** How many arrays of the parameter's size the rule keeps. */
    protected abstract int slotCount();

    /**
     * Updates {@code w[0 … n−1]} in place from the gradient {@code g}, with the rule's state and
     * the learning rate in force; {@code state.step()} is already counted (1 on the first step).
     */
    protected abstract void update(float[] w, float[] g, int n, State state, float learningRate);

    /** One update of every parameter from its current gradient. Allocates only on the first step. */
    public final void step(List<Parameter> parameters) {
        for (int i = 0, count = parameters.size(); i < count; i++) {
            Parameter p = parameters.get(i);
            int n = p.value().size();
            State state = states.get(p.name());
            if (state == null) {
                state = new State(slotCount(), n);
                states.put(p.name(), state);
            } else if (state.slots.length > 0 && state.slots[0].length != n) {
                throw new IllegalStateException(name() + ": parameter '" + p.name() + "' has "
                        + n + " values, its optimizer state has " + state.slots[0].length);
            }
            state.step++;
            update(p.value().data(), p.gradient().data(), n, state, learningRate);
        }
    }

    /** The state of parameter {@code name}, or null before its first step. */
    public State state(String name) {
        return states.get(name);
    }

    /** Creates (or returns) the state of a parameter with {@code size} values, e.g. to restore a checkpoint into. */
    public State stateFor(String name, int size) {
        return states.computeIfAbsent(name, k -> new State(slotCount(), size));
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

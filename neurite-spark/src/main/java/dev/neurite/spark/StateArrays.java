package dev.neurite.spark;

import dev.neurite.optim.Optimizer;

/** An optimizer state's arrays, live, in the order of their names: what a round ships and averages. */
final class StateArrays {
    private StateArrays() {
    }

    static float[][] live(Optimizer.State state) {
        float[][] arrays = new float[state.names().size()][];
        for (int k = 0; k < arrays.length; k++) {
            arrays[k] = state.buffer(state.names().get(k));
        }
        return arrays;
    }
}

package dev.neurite.spark;

import dev.neurite.nn.Activations;
import dev.neurite.nn.Layer;
import dev.neurite.nn.Layers;
import dev.neurite.nn.Network;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shape of the network a fit trains: inputs, hidden widths with their activation and
 * dropout, and linear outputs (logits for the classifier, values for the regressor). Shipped to
 * the executors, which each build the same network from it.
 */
record NetworkSpec(int inputs, int[] hidden, String activation, float dropout, int outputs, long seed)
        implements Serializable {

    /** The network with its initial weights, drawn from {@code seed} as {@code Network.of(seed, …)} does. */
    Network build() {
        List<Layer> layers = new ArrayList<>();
        int width = inputs;
        for (int h : hidden) {
            layers.add(Layers.dense(width, h, Activations.named(activation)));
            if (dropout > 0) {
                layers.add(Layers.dropout(dropout));
            }
            width = h;
        }
        layers.add(Layers.dense(width, outputs));
        return Network.of(seed, layers.toArray(Layer[]::new));
    }

    @Override
    public String toString() {
        return "NetworkSpec[" + inputs + " " + Arrays.toString(hidden) + " " + activation + " dropout " + dropout
                + " → " + outputs + ", seed " + seed + "]";
    }
}

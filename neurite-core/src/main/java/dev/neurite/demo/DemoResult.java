package dev.neurite.demo;

import dev.neurite.data.Dataset;
import dev.neurite.nn.Network;
import java.util.Map;

/**
 * What a demo produced: its trained network(s), its data, and the figures a learner should
 * look at (and a test asserts), in the order printed.
 */
public record DemoResult(String name, Map<String, Double> figures, Map<String, Network> networks, Dataset data) {

    public double figure(String key) {
        Double v = figures.get(key);
        if (v == null) {
            throw new IllegalArgumentException("demo " + name + " has no figure '" + key + "'; it has " + figures.keySet());
        }
        return v;
    }
}

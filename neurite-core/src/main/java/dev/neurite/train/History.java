package dev.neurite.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What training recorded, epoch by epoch: {@code "loss"} (the mean over the epoch's batches),
 * {@code "val_loss"}, each metric and its {@code "val_"} twin, and {@code "learning_rate"}.
 */
public final class History {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private int epochs;
    private String stopReason;

    /** Records one epoch's values. */
    void record(Map<String, Double> epochValues) {
        for (Map.Entry<String, Double> e : epochValues.entrySet()) {
            List<Double> list = values.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
            while (list.size() < epochs) {
                list.add(Double.NaN);
            }
            list.add(e.getValue());
        }
        epochs++;
    }

    void setStopReason(String reason) {
        this.stopReason = reason;
    }

    /** Number of epochs recorded. */
    public int epochs() {
        return epochs;
    }

    /** The names recorded, in order of first appearance. */
    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    /** Every epoch's value of {@code name}. */
    public List<Double> get(String name) {
        List<Double> list = values.get(name);
        if (list == null) {
            throw new IllegalArgumentException("history has no '" + name + "'; it has " + values.keySet());
        }
        return Collections.unmodifiableList(list);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The last epoch's value of {@code name}. */
    public double last(String name) {
        List<Double> list = get(name);
        return list.get(list.size() - 1);
    }

    /** Why training ended before its last epoch (early stopping), or null. */
    public String stopReason() {
        return stopReason;
    }

    /** All values, by name. */
    public Map<String, List<Double>> asMap() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    @Override
    public String toString() {
        return "History(" + epochs + " epochs, " + values.keySet() + ")";
    }
}

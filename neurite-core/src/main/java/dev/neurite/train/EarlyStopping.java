package dev.neurite.train;

import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.tensor.Checks;
import dev.neurite.tensor.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stops training when the monitored value has not improved by more than {@code minDelta} for
 * {@code patience} epochs, and optionally restores the weights of the best epoch at the end.
 * Values whose name contains "accuracy", "f1" or "r2" improve upwards, others downwards.
 */
public final class EarlyStopping implements Callback {
    private final String monitor;
    private final int patience;
    private final double minDelta;
    private final boolean restoreBest;
    private final boolean higherIsBetter;

    private double best;
    private int bestEpoch;
    private int wait;
    private List<Matrix> bestWeights;
    private List<Parameter> parameters;

    /** Watches {@code "val_loss"}, restoring the best weights. */
    public EarlyStopping(int patience) {
        this("val_loss", patience, 0, true);
    }

    public EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBest) {
        Checks.requirePositive(patience, "early stopping patience");
        Checks.require(minDelta >= 0, "min delta must be >= 0, got %s", minDelta);
        this.monitor = monitor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.restoreBest = restoreBest;
        this.higherIsBetter = monitor.contains("accuracy") || monitor.contains("f1") || monitor.contains("r2");
    }

    @Override
    public void onTrainBegin(Network network, int epochs, int batchesPerEpoch) {
        best = higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        bestEpoch = -1;
        wait = 0;
        parameters = network.parameters();
        bestWeights = new ArrayList<>();
        for (Parameter p : parameters) {
            bestWeights.add(p.value().copy());
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
        Double value = logs.get(monitor);
        if (value == null) {
            throw new IllegalStateException("early stopping monitors '" + monitor + "', which training does not record; it records "
                    + logs.keySet() + (monitor.startsWith("val_") ? " (give a validation set or a validation split)" : ""));
        }
        boolean improved = higherIsBetter ? value > best + minDelta : value < best - minDelta;
        if (improved) {
            best = value;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBest) {
                for (int i = 0; i < parameters.size(); i++) {
                    bestWeights.get(i).copyFrom(parameters.get(i).value());
                }
            }
        } else if (++wait >= patience) {
            control.stop(String.format("early stopping: %s did not improve for %d epochs (best %.6g at epoch %d)",
                    monitor, patience, best, bestEpoch + 1));
        }
    }

    @Override
    public void onTrainEnd(Network network, History history) {
        if (restoreBest && bestEpoch >= 0) {
            for (int i = 0; i < parameters.size(); i++) {
                parameters.get(i).value().copyFrom(bestWeights.get(i));
            }
        }
    }

    /** The best value, its epoch, the epochs waited and the best weights, by parameter name. */
    @Override
    public Saved save() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("best", Double.isFinite(best) ? best : null);
        values.put("best_epoch", (double) bestEpoch);
        values.put("wait", (double) wait);
        Map<String, float[]> arrays = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            Matrix m = bestWeights.get(i);
            arrays.put(parameters.get(i).name(), Arrays.copyOf(m.data(), m.size()));
        }
        return new Saved(values, arrays);
    }

    @Override
    public void restore(Saved saved) {
        Double b = saved.values().get("best");
        best = b != null ? b : higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        bestEpoch = saved.values().get("best_epoch").intValue();
        wait = saved.values().get("wait").intValue();
        for (int i = 0; i < parameters.size(); i++) {
            float[] w = saved.arrays().get(parameters.get(i).name());
            System.arraycopy(w, 0, bestWeights.get(i).data(), 0, bestWeights.get(i).size());
        }
    }

    /** The epoch (from 0) with the best monitored value, −1 before any. */
    public int bestEpoch() {
        return bestEpoch;
    }
}

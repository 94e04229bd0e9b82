package dev.neurite.train;

import dev.neurite.nn.Network;
import java.io.PrintStream;
import java.util.Map;

/** Prints one line every {@code every} epochs (and the last): epoch, recorded values, time. */
public final class ProgressLogger implements Callback {
    private final PrintStream out;
    private final int every;
    private int epochs;
    private long start;

    public ProgressLogger(PrintStream out, int every) {
        this.out = out;
        this.every = Math.max(1, every);
    }

    @Override
    public void onTrainBegin(Network network, int epochs, int batchesPerEpoch) {
        this.epochs = epochs;
        this.start = System.nanoTime();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
        if ((epoch + 1) % every != 0 && epoch + 1 != epochs) {
            return;
        }
        StringBuilder line = new StringBuilder(String.format("epoch %" + String.valueOf(epochs).length() + "d/%d", epoch + 1, epochs));
        logs.forEach((k, v) -> {
            if (!k.equals("learning_rate")) {
                line.append(String.format("  %s %.4f", k, v));
            }
        });
        line.append(String.format("  (%.1f s)", (System.nanoTime() - start) / 1e9));
        out.println(line);
    }
}

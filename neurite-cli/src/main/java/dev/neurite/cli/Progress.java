package dev.neurite.cli;

import dev.neurite.nn.Network;
import dev.neurite.train.Callback;
import dev.neurite.train.TrainingControl;
import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training progress for people: on a terminal, a progress bar per epoch (batches done, loss,
 * throughput, time left); otherwise one plain line per epoch, which reads well in logs.
 */
final class Progress implements Callback {
    enum Mode { AUTO, BAR, LINES, NONE }

    private final PrintWriter out;
    private final boolean bar;
    private final boolean quiet;
    private final int examples;
    private int epochs;
    private int batches;
    private ProgressBar current;
    private long epochStart;
    private double lossSum;
    private int lossCount;
    /** For a regressor trained on the standardised target, the target's variance: losses are shown as MSE in its units. */
    private final double lossScale;

    Progress(PrintWriter out, Mode mode, int examples) {
        this(out, mode, examples, Double.NaN);
    }

    /**
     * Progress whose losses are multiplied by {@code targetVariance} and called mse (NaN: shown as
     * they are): a mean squared error on the standardised target times the target's variance is
     * the mean squared error in the target's units.
     */
    Progress(PrintWriter out, Mode mode, int examples, double targetVariance) {
        this.lossScale = targetVariance;
        this.out = out;
        this.quiet = mode == Mode.NONE;
        this.bar = mode == Mode.BAR || (mode == Mode.AUTO && isTerminal());
        this.examples = examples;
    }

    /** True when standard output is an interactive terminal (JDK 22+ can tell a redirected console apart). */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only for a terminal
        }
    }

    @Override
    public void onTrainBegin(Network network, int epochs, int batchesPerEpoch) {
        this.epochs = epochs;
        this.batches = batchesPerEpoch;
        this.epochStart = System.nanoTime();
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batchesPerEpoch, float loss) {
        if (batch == 0) {
            lossSum = 0;
            lossCount = 0;
            if (bar) {
                current = new ProgressBarBuilder()
                        .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, epochs))
                        .setInitialMax(batchesPerEpoch)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUnit(" batches", 1)
                        .setUpdateIntervalMillis(200)
                        .continuousUpdate()
                        .clearDisplayOnFinish()
                        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                        .build();
            }
        }
        lossSum += loss;
        lossCount++;
        if (current != null) {
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            double perSecond = seconds > 0 ? (batch + 1) * (double) examples / batches / seconds : 0;
            current.stepTo(batch + 1);
            current.setExtraMessage(Double.isNaN(lossScale)
                    ? String.format(Locale.ROOT, " loss %.4f %,.0f/s", lossSum / lossCount, perSecond)
                    : String.format(Locale.ROOT, " mse %.4g %,.0f/s", lossSum / lossCount * lossScale, perSecond));
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
        if (current != null) {
            current.close();
            current = null;
        }
        if (quiet) {
            return;
        }
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %" + String.valueOf(epochs).length() + "d/%d", epoch + 1, epochs));
        logs.forEach((k, v) -> {
            if (!Double.isNaN(lossScale) && (k.equals("loss") || k.equals("val_loss"))) {
                line.append(String.format(Locale.ROOT, "  %s %.4g", k.replace("loss", "mse"), v * lossScale));
            } else if (!k.equals("learning_rate")) {
                line.append(String.format(Locale.ROOT, "  %s %.4f", k, v));
            }
        });
        line.append(String.format(Locale.ROOT, "  %.1f s  %,.0f examples/s", seconds, seconds > 0 ? examples / seconds : 0));
        out.println(line);
        out.flush();
        epochStart = System.nanoTime();
    }
}

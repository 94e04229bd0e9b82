package dev.neurite.metrics;

import dev.neurite.tensor.Matrix;

/** The macro-averaged F1 score over {@code classes} classes, from an accumulated {@link ConfusionMatrix}. */
final class MacroF1 implements Metric {
    private final ConfusionMatrix confusion;
    private final float threshold;

    MacroF1(int classes, float threshold) {
        this.confusion = new ConfusionMatrix(classes);
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return "f1_macro";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public void reset() {
        confusion.clear();
    }

    @Override
    public void update(Matrix output, Matrix target) {
        confusion.update(output, target, threshold);
    }

    @Override
    public double result() {
        return confusion.total() == 0 ? Double.NaN : confusion.macroF1();
    }
}

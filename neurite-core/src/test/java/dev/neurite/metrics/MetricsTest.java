package dev.neurite.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.neurite.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** Metrics against values worked out by hand (and as scikit-learn reports them). */
class MetricsTest {

    @Test
    void confusionMatrixPrecisionRecallF1() {
        int[] actual = {0, 0, 0, 1, 1, 2, 2, 2, 2, 1};
        int[] predicted = {0, 1, 0, 1, 2, 2, 2, 0, 2, 1};
        ConfusionMatrix m = ConfusionMatrix.of(actual, predicted, 3);
        assertArrayEquals(new long[] {2, 1, 0}, m.toArray()[0]);
        assertArrayEquals(new long[] {0, 2, 1}, m.toArray()[1]);
        assertArrayEquals(new long[] {1, 0, 3}, m.toArray()[2]);
        assertEquals(0.7, m.accuracy(), 1e-12);
        // class 0: P = 2/3, R = 2/3; class 1: P = 2/3, R = 2/3; class 2: P = 3/4, R = 3/4
        assertEquals(2.0 / 3, m.precision(0), 1e-12);
        assertEquals(3.0 / 4, m.recall(2), 1e-12);
        assertEquals(3.0 / 4, m.f1(2), 1e-12);
        assertEquals((2.0 / 3 + 2.0 / 3 + 3.0 / 4) / 3, m.macroF1(), 1e-12);
        assertEquals(m.macroF1(), m.macroPrecision(), 1e-12);
    }

    @Test
    void aClassNeverPredictedHasZeroPrecision() {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 1, 1}, new int[] {0, 0, 0}, 2);
        assertEquals(0, m.precision(1));
        assertEquals(0, m.f1(1));
        // class 0: predicted 3 times, right once: P = 1/3, R = 1, F1 = 2·(1/3)·1 / (4/3) = 1/2
        assertEquals(1.0 / 3, m.precision(0), 1e-12);
        assertEquals(1.0, m.recall(0), 1e-12);
        assertEquals(0.25, m.macroF1(), 1e-12);
    }

    @Test
    void accuracyFromArgmaxOneHotAndThresholds() {
        Matrix scores = Matrix.of(new float[] {0.1f, 0.7f, 0.2f}, new float[] {0.5f, 0.4f, 0.1f});
        Metric acc = Metrics.accuracy();
        acc.update(scores, Matrix.column(1, 2));
        assertEquals(0.5, acc.result());
        acc.reset();
        acc.update(scores, Matrix.of(new float[] {0, 1, 0}, new float[] {1, 0, 0}));
        assertEquals(1.0, acc.result());

        Matrix single = Matrix.column(0.6f, -0.2f, 0.3f);
        Matrix labels = Matrix.column(1, 0, 0);
        Metric probabilities = Metrics.accuracy();
        probabilities.update(single, labels);
        assertEquals(1.0, probabilities.result());
        Metric logits = Metrics.accuracyFromLogits();
        logits.update(single, labels);
        assertEquals(2.0 / 3, logits.result(), 1e-12);
    }

    @Test
    void regressionMeasuresAccumulateExactlyOverBatches() {
        Matrix predicted = Matrix.column(2.5f, 0f, 2f, 8f);
        Matrix actual = Matrix.column(3f, -0.5f, 2f, 7f);
        RegressionReport r = RegressionReport.of(predicted, actual);
        assertEquals(0.375, r.mse(), 1e-9);
        assertEquals(0.5, r.mae(), 1e-9);
        assertEquals(0.9486081370449679, r.r2(), 1e-7); // scikit-learn's r2_score example
        Metric r2 = Metrics.r2();
        r2.update(Matrix.column(2.5f, 0f), Matrix.column(3f, -0.5f));
        r2.update(Matrix.column(2f, 8f), Matrix.column(2f, 7f));
        assertEquals(r.r2(), r2.result(), 1e-12);
    }

    @Test
    void f1MacroMetricMatchesTheConfusionMatrix() {
        Matrix scores = Matrix.of(new float[] {0.9f, 0.1f}, new float[] {0.2f, 0.8f}, new float[] {0.6f, 0.4f});
        Matrix targets = Matrix.column(0, 1, 1);
        Metric f1 = Metrics.f1Macro(2, 0.5f);
        f1.update(scores, targets);
        assertEquals(ConfusionMatrix.of(scores, targets, 2, 0.5f).macroF1(), f1.result(), 1e-12);
        assertEquals((2.0 / 3 + 2.0 / 3) / 2, f1.result(), 1e-12);
    }
}

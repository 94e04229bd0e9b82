package dev.neurite.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.tensor.Matrix;
import org.junit.jupiter.api.Test;

/**
 * ROC-AUC, average precision, log-loss and the curves against scikit-learn 1.2's values on fixed
 * cases with ties, printed by neurite-core/src/test/python/binary_scores_reference.py:
 * <pre>
 * roc_auc_score(y, s), average_precision_score(y, s), log_loss(y, s, eps=1e-15),
 * roc_curve(y, s, drop_intermediate=False), precision_recall_curve(y, s)
 * </pre>
 */
class BinaryScoresTest {
    private static final int[] TIES_Y = {1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0};
    private static final double[] TIES_S = {0.9, 0.8, 0.8, 0.7, 0.4, 0.4, 0.4, 0.35, 0.35, 0.1, 0.1, 0.05};
    private static final int[] RARE_Y = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0};
    private static final double[] RARE_S = {0.02, 0.5, 0.1, 0.03, 0.2, 0.3, 0.04, 0.6, 0.01, 0.05};

    private static BinaryScores scores(int[] y, double[] s) {
        boolean[] p = new boolean[y.length];
        for (int i = 0; i < y.length; i++) {
            p[i] = y[i] == 1;
        }
        return BinaryScores.of(s, p);
    }

    @Test
    void matchScikitLearnWithTies() {
        BinaryScores b = scores(TIES_Y, TIES_S);
        assertEquals(0.7428571428571429, b.rocAuc(), 1e-12);
        assertEquals(0.6885281385281385, b.averagePrecision(), 1e-12);
        assertEquals(0.6294469698312779, b.logLoss(), 1e-12);
        BinaryScores.Curve roc = b.rocCurve();
        assertArrayEquals(new double[] {0.0, 0.0, 0.14285714285714285, 0.14285714285714285, 0.42857142857142855,
                0.7142857142857143, 0.8571428571428571, 1.0}, roc.x(), 1e-12);
        assertArrayEquals(new double[] {0.0, 0.2, 0.4, 0.6, 0.8, 0.8, 1.0, 1.0}, roc.y(), 1e-12);
        // scikit-learn lists the precision-recall curve lowest threshold first and ends it at (recall 0, precision 1).
        BinaryScores.Curve pr = b.precisionRecallCurve();
        assertArrayEquals(new double[] {1.0, 0.6666666666666666, 0.75, 0.5714285714285714, 0.4444444444444444,
                0.45454545454545453, 0.4166666666666667}, pr.y(), 1e-12);
        assertArrayEquals(new double[] {0.2, 0.4, 0.6, 0.8, 0.8, 1.0, 1.0}, pr.x(), 1e-12);
    }

    @Test
    void matchScikitLearnWithOneRarePositive() {
        BinaryScores b = scores(RARE_Y, RARE_S);
        assertEquals(0.7777777777777778, b.rocAuc(), 1e-12);
        assertEquals(0.3333333333333333, b.averagePrecision(), 1e-12);
        assertEquals(0.3294742323295608, b.logLoss(), 1e-12);
    }

    @Test
    void theF1ThresholdFallsBetweenScores() {
        // F1 by threshold: 0.9 → 1/3, 0.8 → 1/2, 0.7 → 2/3, 0.4 → 2/3, …: the highest of the tied best, 0.7, wins.
        BinaryScores.Threshold t = scores(TIES_Y, TIES_S).bestF1();
        assertEquals(2.0 / 3, t.f1(), 1e-12);
        // Any cut in (0.4, 0.7] decides the same; 0.5 is one of them, so 0.5 it is.
        assertEquals(0.5, t.threshold(), 1e-12);
        assertArrayEquals(new int[] {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0}, scores(TIES_Y, TIES_S).decide(0.5));
        // Halve the scores: the best cut admits 0.35 and not 0.2; 0.5 is not between them, so halfway.
        double[] half = java.util.Arrays.stream(TIES_S).map(v -> v / 2).toArray();
        BinaryScores.Threshold h = scores(TIES_Y, half).bestF1();
        assertEquals(2.0 / 3, h.f1(), 1e-12);
        assertEquals(0.275, h.threshold(), 1e-12);
    }

    @Test
    void perfectAndReversedRankings() {
        BinaryScores perfect = scores(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.2, 0.8, 0.9});
        assertEquals(1.0, perfect.rocAuc());
        assertEquals(1.0, perfect.averagePrecision());
        BinaryScores reversed = scores(new int[] {1, 1, 0, 0}, new double[] {0.1, 0.2, 0.8, 0.9});
        assertEquals(0.0, reversed.rocAuc());
        BinaryScores allTied = scores(new int[] {1, 0, 1, 0}, new double[] {0.5, 0.5, 0.5, 0.5});
        assertEquals(0.5, allTied.rocAuc());
        assertEquals(0.5, allTied.averagePrecision());
    }

    @Test
    void oneClassOnlyGivesNaNNotANumberPretendingToBeOne() {
        BinaryScores b = scores(new int[] {0, 0, 0}, new double[] {0.1, 0.5, 0.9});
        assertTrue(Double.isNaN(b.rocAuc()));
        assertTrue(Double.isNaN(b.averagePrecision()));
    }

    @Test
    void fromProbabilityColumnsAndClassTargets() {
        Matrix probs = new Matrix(4, 2);
        double[] p1 = {0.1, 0.8, 0.6, 0.3};
        for (int r = 0; r < 4; r++) {
            probs.set(r, 0, (float) (1 - p1[r]));
            probs.set(r, 1, (float) p1[r]);
        }
        BinaryScores b = BinaryScores.of(probs, Matrix.column(0, 1, 0, 1));
        assertEquals(0.75, b.rocAuc(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> BinaryScores.of(new Matrix(2, 3), Matrix.column(0, 1)));
    }
}

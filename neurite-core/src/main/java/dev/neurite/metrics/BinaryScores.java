package dev.neurite.metrics;

import dev.neurite.tensor.Matrix;
import java.util.Arrays;

/**
 * A binary classifier's scores (the probability of the positive class) against 0/1 labels:
 * ROC-AUC, average precision (PR-AUC), log-loss, the ROC and precision–recall curves, and
 * the threshold that maximises F1. Defined as scikit-learn defines them: tied scores form one
 * threshold (one step of the curves), so AUC counts a tied positive–negative pair as half.
 */
public final class BinaryScores {
    private final double[] scores;
    private final boolean[] positive;
    /** Distinct scores, descending, and the cumulative true and false positives at or above each. */
    private final double[] thresholds;
    private final long[] tp;
    private final long[] fp;
    private final long positives;
    private final long negatives;

    private BinaryScores(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + positive.length + " labels");
        }
        this.scores = scores.clone();
        this.positive = positive.clone();
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        double[] th = new double[n];
        long[] t = new long[n];
        long[] f = new long[n];
        int distinct = 0;
        long tpSum = 0;
        long fpSum = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (positive[i]) {
                tpSum++;
            } else {
                fpSum++;
            }
            if (k == n - 1 || scores[order[k + 1]] != scores[i]) {
                th[distinct] = scores[i];
                t[distinct] = tpSum;
                f[distinct] = fpSum;
                distinct++;
            }
        }
        thresholds = Arrays.copyOf(th, distinct);
        tp = Arrays.copyOf(t, distinct);
        fp = Arrays.copyOf(f, distinct);
        positives = tpSum;
        negatives = fpSum;
    }

    /** {@code scores[i]} of example i against {@code positive[i]}. */
    public static BinaryScores of(double[] scores, boolean[] positive) {
        return new BinaryScores(scores, positive);
    }

    /**
     * The positive-class probabilities of a binary classifier's outputs ({@code probabilities}:
     * one column of P(1), or two columns of P(0), P(1)) against targets (class indices 0/1, or
     * one-hot rows).
     */
    public static BinaryScores of(Matrix probabilities, Matrix targets) {
        int n = probabilities.rows();
        double[] s = new double[n];
        boolean[] p = new boolean[n];
        int col = probabilities.columns() - 1;
        if (col > 1) {
            throw new IllegalArgumentException("binary scores need 1 or 2 probability columns, got " + probabilities.columns());
        }
        for (int r = 0; r < n; r++) {
            s[r] = probabilities.get(r, col);
            p[r] = dev.neurite.nn.ClassDecision.targetClassOf(targets, r) == 1;
        }
        return new BinaryScores(s, p);
    }

    public long positives() {
        return positives;
    }

    public long negatives() {
        return negatives;
    }

    /**
     * Area under the ROC curve by the trapezoid rule over the distinct thresholds, as
     * scikit-learn's {@code roc_auc_score}; NaN when there are no positives or no negatives.
     */
    public double rocAuc() {
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double area = 0;
        long prevTp = 0;
        long prevFp = 0;
        for (int k = 0; k < thresholds.length; k++) {
            area += (double) (fp[k] - prevFp) * (tp[k] + prevTp) / 2.0;
            prevTp = tp[k];
            prevFp = fp[k];
        }
        return area / ((double) positives * negatives);
    }

    /**
     * Average precision, AP = Σ_k (R_k − R_{k−1}) P_k over the distinct thresholds from the
     * highest (no interpolation), as scikit-learn's {@code average_precision_score}; NaN when
     * there are no positives.
     */
    public double averagePrecision() {
        if (positives == 0) {
            return Double.NaN;
        }
        double ap = 0;
        long prevTp = 0;
        for (int k = 0; k < thresholds.length; k++) {
            double precision = (double) tp[k] / (tp[k] + fp[k]);
            ap += (double) (tp[k] - prevTp) / positives * precision;
            prevTp = tp[k];
        }
        return ap;
    }

    /**
     * Log-loss, −(1/n) Σ [y log p + (1 − y) log(1 − p)] with p clipped to [1e−15, 1 − 1e−15],
     * as scikit-learn's {@code log_loss} with {@code eps=1e-15}.
     */
    public double logLoss() {
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            double p = Math.min(Math.max(scores[i], EPS), 1 - EPS);
            sum -= positive[i] ? Math.log(p) : Math.log1p(-p);
        }
        return sum / scores.length;
    }

    static final double EPS = 1e-15;

    /** A curve: points (x[i], y[i]) reached at decision thresholds (positive when score ≥ threshold[i]). */
    public record Curve(double[] x, double[] y, double[] thresholds) {
    }

    /** The ROC curve: false positive rate (x) against true positive rate (y), from (0, 0) at threshold +∞. */
    public Curve rocCurve() {
        int m = thresholds.length + 1;
        double[] x = new double[m];
        double[] y = new double[m];
        double[] t = new double[m];
        t[0] = Double.POSITIVE_INFINITY;
        for (int k = 0; k < thresholds.length; k++) {
            x[k + 1] = negatives == 0 ? Double.NaN : (double) fp[k] / negatives;
            y[k + 1] = positives == 0 ? Double.NaN : (double) tp[k] / positives;
            t[k + 1] = thresholds[k];
        }
        return new Curve(x, y, t);
    }

    /** The precision–recall curve: recall (x) against precision (y), one point per distinct threshold, highest first. */
    public Curve precisionRecallCurve() {
        int m = thresholds.length;
        double[] x = new double[m];
        double[] y = new double[m];
        for (int k = 0; k < m; k++) {
            x[k] = positives == 0 ? Double.NaN : (double) tp[k] / positives;
            y[k] = (double) tp[k] / (tp[k] + fp[k]);
        }
        return new Curve(x, y, thresholds.clone());
    }

    /** A decision threshold and the F1 of the positive class it gives. */
    public record Threshold(double threshold, double f1) {
    }

    /**
     * The threshold with the highest F1 of the positive class (F1 = 2 TP / (2 TP + FP + FN)),
     * placed halfway between the score it admits last and the next lower score, so that a
     * score a little off either still falls on its side, or at 0.5 when 0.5 lies between the
     * two (it then decides those rows the same way); the highest threshold wins a tie.
     * With no positives, 0.5.
     */
    public Threshold bestF1() {
        if (positives == 0) {
            return new Threshold(0.5, 0);
        }
        int best = 0;
        double bestF1 = -1;
        for (int k = 0; k < thresholds.length; k++) {
            double f1 = 2.0 * tp[k] / (2.0 * tp[k] + fp[k] + (positives - tp[k]));
            if (f1 > bestF1) {
                bestF1 = f1;
                best = k;
            }
        }
        double next = best + 1 < thresholds.length ? thresholds[best + 1] : 0;
        // Every cut in (next, thresholds[best]] decides the same: prefer the usual 0.5 when it is one of them.
        double at = next < 0.5 && 0.5 <= thresholds[best] ? 0.5 : (thresholds[best] + next) / 2;
        return new Threshold(at, bestF1);
    }

    /** The class of each example at {@code threshold}: 1 when its score is ≥ it. */
    public int[] decide(double threshold) {
        int[] out = new int[scores.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = scores[i] >= threshold ? 1 : 0;
        }
        return out;
    }
}

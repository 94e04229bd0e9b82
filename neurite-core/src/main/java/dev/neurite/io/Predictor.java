package dev.neurite.io;

import dev.neurite.data.CsvTable;
import dev.neurite.data.Dataset;
import dev.neurite.InvalidInputException;
import dev.neurite.data.Preprocessor;
import dev.neurite.data.TableRows;
import dev.neurite.data.Task;
import dev.neurite.data.UnseenCategories;
import dev.neurite.metrics.BinaryScores;
import dev.neurite.metrics.ConfusionMatrix;
import dev.neurite.metrics.RegressionReport;
import dev.neurite.nn.ClassDecision;
import dev.neurite.tensor.Matrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scores raw rows with a model and its saved preprocessing: one row as a map from column name
 * to value (numbers, strings, booleans; null for missing), a batch of rows, a CSV file or a
 * table. Missing values are filled as in training; a text value not seen in training is scored
 * as unknown (all inputs of its column 0) and counted in {@link Predictions#warnings()}, unless
 * {@link #withUnseen} asks for {@link UnseenCategories#ERROR}.
 *
 * <pre>{@code
 * Predictor predictor = Predictor.load(Path.of("churn.model"));
 * Prediction p = predictor.predict(Map.of("age", 41, "city", "Berlin", "plan", "pro"));
 * p.label();          // "yes"
 * p.probabilities();  // {no=0.12, yes=0.88}
 * }</pre>
 *
 * <p>Immutable and safe to share between threads: every call encodes into its own matrices and
 * {@link dev.neurite.nn.Network#predict} may be called from many threads at once.
 */
public final class Predictor {
    private final Model model;
    private final Preprocessor pre;
    private final UnseenCategories unseen;
    private final double threshold;

    /** A predictor over {@code model}, which must carry its preprocessing. */
    public Predictor(Model model) {
        this(model, UnseenCategories.UNKNOWN, model.decisionThreshold());
    }

    private Predictor(Model model, UnseenCategories unseen, double threshold) {
        this.model = Objects.requireNonNull(model, "model");
        if (model.preprocessor() == null) {
            throw new InvalidInputException("the model has no preprocessing (it was saved from Java without one); raw rows need it");
        }
        this.pre = model.preprocessor();
        this.unseen = Objects.requireNonNull(unseen, "unseen");
        this.threshold = threshold;
    }

    /** Loads a model file written by {@code neurite train} or {@link ModelFile#save}. */
    public static Predictor load(Path modelFile) {
        return new Predictor(ModelFile.load(modelFile));
    }

    /** This predictor with another policy for text values not seen in training. */
    public Predictor withUnseen(UnseenCategories policy) {
        return new Predictor(model, policy, threshold);
    }

    /**
     * This predictor deciding a binary classifier's class at {@code threshold} on the positive
     * (second) class's probability, instead of the model's saved threshold; NaN: the most
     * probable class. Refused for a model that is not a binary classifier.
     */
    public Predictor withThreshold(double threshold) {
        if (!Double.isNaN(threshold)) {
            if (pre.task() != Task.CLASSIFICATION || pre.classLabels().size() != 2) {
                throw new InvalidInputException("a decision threshold applies to a binary classifier; this model "
                        + (pre.task() == Task.CLASSIFICATION ? "has " + pre.classLabels().size() + " classes" : "is a regressor"));
            }
            if (!(threshold >= 0 && threshold <= 1)) {
                throw new InvalidInputException("the decision threshold must be in [0, 1], got " + threshold);
            }
        }
        return new Predictor(model, unseen, threshold);
    }

    /** The decision threshold on the positive class's probability, or NaN when the most probable class wins. */
    public double threshold() {
        return threshold;
    }

    /** The class of each row of class probabilities: the positive class at or above the threshold, else the most probable. */
    private int[] decide(Matrix probabilities) {
        if (Double.isNaN(threshold)) {
            return ClassDecision.classes(probabilities, 0.5f);
        }
        int[] out = new int[probabilities.rows()];
        int positive = probabilities.columns() - 1;
        for (int r = 0; r < out.length; r++) {
            out[r] = probabilities.get(r, positive) >= threshold ? 1 : 0;
        }
        return out;
    }

    public Model model() {
        return model;
    }

    public Preprocessor preprocessor() {
        return pre;
    }

    /** The prediction for one row; keys the model does not use are ignored. */
    public Prediction predict(Map<String, ?> row) {
        return predict(List.of(row)).get(0);
    }

    /** The predictions for rows given as maps. */
    public Predictions predict(List<? extends Map<String, ?>> rows) {
        if (rows.isEmpty()) {
            return predictEncoded(new Matrix(0, pre.inputWidth()), List.of());
        }
        return predict(TableRows.ofMaps(rows, "input"));
    }

    /** The predictions for every row of a CSV file (plain or gzip; the target column may be absent). */
    public Predictions predictCsv(Path csv) {
        return predict(CsvTable.read(csv));
    }

    /** The predictions for every row of {@code table}. */
    public Predictions predict(TableRows table) {
        List<String> warnings = new ArrayList<>();
        Matrix x = pre.encodeFeatures(table, unseen, warnings);
        return predictEncoded(x, warnings);
    }

    /** The predictions for inputs already encoded by the preprocessing (one row per example). */
    public Predictions predictEncoded(Matrix features, List<String> warnings) {
        Matrix out = outputs(features);
        int[] classes = pre.task() == Task.CLASSIFICATION ? decide(out) : null;
        return new Predictions(pre.classLabels(), out, classes, warnings);
    }

    /**
     * Class probabilities (classification) or values in the target's units (regression) for
     * inputs already encoded by the preprocessing; for an ensemble, the mean of its members'.
     */
    public Matrix outputs(Matrix features) {
        if (features.rows() == 0) {
            return new Matrix(0, pre.outputWidth());
        }
        if (pre.task() == Task.CLASSIFICATION) {
            return model.predictProbabilities(features);
        }
        Matrix values = model.predict(features);
        pre.decodeValuesInPlace(values);
        return values;
    }

    /** Scores the model on the rows of {@code table} that have a target. */
    public Evaluation evaluate(TableRows table) {
        if (!table.header().contains(pre.target())) {
            throw new InvalidInputException(table.source() + ": no target column '" + pre.target() + "' to score against; the columns are "
                    + String.join(", ", table.header()));
        }
        List<String> warnings = new ArrayList<>();
        Dataset data = pre.encode(table, unseen, warnings);
        return evaluate(data, warnings);
    }

    /** Scores the model on encoded examples (targets as the preprocessing encodes them). */
    public Evaluation evaluate(Dataset data, List<String> warnings) {
        return evaluate(outputs(data.features()), data, warnings);
    }

    /**
     * Scores {@code predictions}, as {@link #outputs} gives them (class probabilities, or values
     * in the target's units), against the targets of {@code data}, with this predictor's
     * decision threshold: how an ensemble's out-of-fold predictions are scored.
     */
    public Evaluation evaluate(Matrix predictions, Dataset data, List<String> warnings) {
        if (predictions.rows() != data.size() || predictions.columns() != pre.outputWidth()) {
            throw new IllegalArgumentException("predictions " + predictions.shape() + " for " + data.size() + " examples of "
                    + pre.outputWidth() + " outputs");
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        if (pre.task() == Task.CLASSIFICATION) {
            int classes = pre.classLabels().size();
            int[] decided = decide(predictions);
            ConfusionMatrix cm = new ConfusionMatrix(classes);
            double logLoss = 0;
            for (int r = 0; r < decided.length; r++) {
                int actual = ClassDecision.targetClassOf(data.targets(), r);
                cm.add(actual, decided[r]);
                double p = predictions.columns() == 1 ? (actual == 1 ? predictions.get(r, 0) : 1 - predictions.get(r, 0))
                        : predictions.get(r, actual);
                logLoss -= Math.log(Math.min(Math.max(p, 1e-15), 1 - 1e-15));
            }
            figures.put("accuracy", cm.accuracy());
            figures.put("f1_macro", cm.macroF1());
            figures.put("precision_macro", cm.macroPrecision());
            figures.put("recall_macro", cm.macroRecall());
            figures.put("log_loss", logLoss / Math.max(1, decided.length));
            BinaryScores binary = null;
            if (classes == 2) {
                binary = BinaryScores.of(predictions, data.targets());
                if (binary.positives() > 0 && binary.negatives() > 0) { // undefined with one class only: left out, not NaN
                    figures.put("roc_auc", binary.rocAuc());
                    figures.put("pr_auc", binary.averagePrecision());
                }
            }
            return new Evaluation(data.size(), figures, cm, null, null, warnings, binary, threshold);
        }
        Matrix actual = data.targets().copy();
        pre.decodeValuesInPlace(actual);
        RegressionReport r = RegressionReport.of(predictions, actual);
        figures.put("mse", r.mse());
        figures.put("mae", r.mae());
        figures.put("r2", r.r2());
        double[] a = new double[actual.rows()];
        double[] p = new double[actual.rows()];
        for (int i = 0; i < a.length; i++) {
            a[i] = actual.get(i, 0);
            p[i] = predictions.get(i, 0);
        }
        return new Evaluation(data.size(), figures, null, a, p, warnings);
    }
}

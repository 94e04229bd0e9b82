package dev.neurite.cli;

import dev.neurite.InvalidInputException;
import dev.neurite.data.Dataset;
import dev.neurite.data.Preprocessor;
import dev.neurite.data.Task;
import dev.neurite.io.Model;
import dev.neurite.metrics.ConfusionMatrix;
import dev.neurite.metrics.RegressionReport;
import dev.neurite.nn.ClassDecision;
import dev.neurite.tensor.Matrix;
import java.util.LinkedHashMap;
import java.util.Map;

/** Encoding data for a model, predicting in the target's own terms, and scoring predictions. */
final class Scoring {
    private Scoring() {
    }

    /** The model's preprocessing, or an error saying the model file has none. */
    static Preprocessor preprocessor(Model model) {
        if (model.preprocessor() == null) {
            throw new InvalidInputException("the model has no preprocessing (it was saved from Java without one); the command line needs it");
        }
        return model.preprocessor();
    }

    /** The encoded inputs of every example. */
    static Matrix features(Preprocessor pre, DataSource data) {
        return data.isImages() ? pre.encodeNumericFeatures(data.images().pixels()) : pre.encodeFeatures(data.table());
    }

    /** Encoded inputs and targets; the data must have the target. */
    static Dataset dataset(Preprocessor pre, DataSource data) {
        if (data.isImages()) {
            Matrix y = new Matrix(data.rows(), 1);
            int[] labels = data.images().labels();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] >= pre.classLabels().size()) {
                    throw new InvalidInputException(data.name() + ": label " + labels[i] + " of image " + i
                            + " is not one of the model's " + pre.classLabels().size() + " classes");
                }
                y.set(i, 0, labels[i]);
            }
            return new Dataset(features(pre, data), y);
        }
        if (!data.table().hasColumn(pre.target())) {
            throw new InvalidInputException(data.name() + ": no target column '" + pre.target() + "' to score against; the columns are "
                    + String.join(", ", data.table().header()));
        }
        return pre.encode(data.table());
    }

    /** Class probabilities (classification) or values in the target's units (regression). */
    static Matrix predict(Model model, Matrix features) {
        if (preprocessor(model).task() == Task.CLASSIFICATION) {
            return model.network().predictProbabilities(features);
        }
        Matrix values = model.network().predict(features);
        model.preprocessor().decodeValuesInPlace(values);
        return values;
    }

    /** The figures of predictions on labelled data, in a fixed order; the confusion matrix for classification. */
    record Report(Map<String, Double> figures, ConfusionMatrix confusion, double[] actual, double[] predicted) {
    }

    static Report score(Model model, Dataset data) {
        Preprocessor pre = preprocessor(model);
        Matrix predictions = predict(model, data.features());
        Map<String, Double> figures = new LinkedHashMap<>();
        if (pre.task() == Task.CLASSIFICATION) {
            ConfusionMatrix cm = ConfusionMatrix.of(predictions, data.targets(), pre.classLabels().size(), 0.5f);
            figures.put("accuracy", cm.accuracy());
            figures.put("f1_macro", cm.macroF1());
            figures.put("precision_macro", cm.macroPrecision());
            figures.put("recall_macro", cm.macroRecall());
            return new Report(figures, cm, null, null);
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
        return new Report(figures, null, a, p);
    }

    /** The predicted class indices of classification outputs. */
    static int[] classes(Matrix probabilities) {
        return ClassDecision.classes(probabilities, 0.5f);
    }
}

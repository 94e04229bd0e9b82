package dev.neurite.cli;

import dev.neurite.InvalidInputException;
import dev.neurite.data.Dataset;
import dev.neurite.data.Preprocessor;
import dev.neurite.data.UnseenCategories;
import dev.neurite.io.Evaluation;
import dev.neurite.io.Model;
import dev.neurite.io.Predictions;
import dev.neurite.io.Predictor;
import dev.neurite.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line's bridge from a {@link DataSource} to the library's {@link Predictor}: tables
 * go to it as they are; IDX images are encoded here (their labels are not a table column).
 */
final class Scoring {
    private Scoring() {
    }

    /** A predictor over {@code model}, or an error saying the model file has no preprocessing. */
    static Predictor predictor(Model model, UnseenCategories unseen) {
        return new Predictor(model).withUnseen(unseen);
    }

    /** A predictor over {@code model} deciding at {@code threshold} (null: the model's own, if any). */
    static Predictor predictor(Model model, UnseenCategories unseen, String threshold) {
        Predictor p = predictor(model, unseen);
        return threshold == null ? p : p.withThreshold(TrainCommand.parseThreshold(threshold));
    }

    /** Encoded inputs and targets of the rows with a target; lines about left-out rows go to {@code warningsOut}. */
    static Dataset dataset(Preprocessor pre, DataSource data, List<String> warningsOut) {
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
            return new Dataset(pre.encodeNumericFeatures(data.images().pixels()), y);
        }
        if (!data.table().hasColumn(pre.target())) {
            throw new InvalidInputException(data.name() + ": no target column '" + pre.target() + "' to score against; the columns are "
                    + String.join(", ", data.table().header()));
        }
        return pre.encode(data.table(), UnseenCategories.UNKNOWN, warningsOut);
    }

    /** The predictions for every example of {@code data}. */
    static Predictions predict(Predictor predictor, DataSource data) {
        if (data.isImages()) {
            return predictor.predictEncoded(predictor.preprocessor().encodeNumericFeatures(data.images().pixels()), List.of());
        }
        return predictor.predict(data.table());
    }

    /** The model scored on the labelled examples of {@code data}. */
    static Evaluation evaluate(Predictor predictor, DataSource data) {
        if (data.isImages()) {
            List<String> warnings = new ArrayList<>();
            return predictor.evaluate(dataset(predictor.preprocessor(), data, warnings), warnings);
        }
        return predictor.evaluate(data.table());
    }
}

package dev.neurite.io;

import dev.neurite.metrics.BinaryScores;
import dev.neurite.metrics.ConfusionMatrix;
import java.util.List;
import java.util.Map;

/**
 * A model scored on labelled data: the figures in a fixed order (accuracy, f1_macro,
 * precision_macro, recall_macro, log_loss, and for two classes roc_auc and pr_auc; or mse, mae,
 * r2 in the target's units), the confusion matrix for a classifier, the positive class's scores
 * for a binary classifier (the ROC and precision–recall curves), the decision threshold the
 * classes were chosen at (NaN: the most probable class), the actual and predicted values for a
 * regressor, and the warnings of the encoding (rows left out for a missing target, values not
 * seen in training).
 */
public record Evaluation(int examples, Map<String, Double> figures, ConfusionMatrix confusion,
                         double[] actual, double[] predicted, List<String> warnings,
                         BinaryScores binary, double threshold) {
    public Evaluation {
        figures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(figures));
        warnings = List.copyOf(warnings);
    }

    /** An evaluation with no binary scores and no threshold. */
    public Evaluation(int examples, Map<String, Double> figures, ConfusionMatrix confusion,
                      double[] actual, double[] predicted, List<String> warnings) {
        this(examples, figures, confusion, actual, predicted, warnings, null, Double.NaN);
    }
}

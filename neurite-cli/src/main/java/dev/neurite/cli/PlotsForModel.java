package dev.neurite.cli;

import dev.neurite.data.Dataset;
import dev.neurite.data.Preprocessor;
import dev.neurite.data.Task;
import dev.neurite.io.Evaluation;
import dev.neurite.io.Model;
import dev.neurite.nn.ClassDecision;
import dev.neurite.tensor.Matrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The pictures of a trained model: how it scores, and for one or two numeric inputs, what it learned. */
final class PlotsForModel {
    private PlotsForModel() {
    }

    /**
     * The confusion matrix or predicted-vs-actual picture of {@code report} (scored on
     * {@code scored}), then the fitted curve (one numeric input, regression) or decision regions
     * (two numeric inputs, classification) over all of {@code source}.
     */
    static List<Path> draw(Model model, DataSource source, Dataset scored, Evaluation report, Path dir) throws IOException {
        return draw(model, source, scored, report, scored.size() == source.rows() ? "training" : "validation", dir);
    }

    /** As {@link #draw(Model, DataSource, Dataset, Evaluation, Path)}, naming the scored rows {@code rows} ("out-of-fold"). */
    static List<Path> draw(Model model, DataSource source, Dataset scored, Evaluation report, String rows, Path dir) throws IOException {
        Preprocessor pre = model.preprocessor();
        List<Path> files = new ArrayList<>();
        if (pre.task() == Task.CLASSIFICATION) {
            String set = rows + " set (" + scored.size() + " examples)";
            files.add(Plots.confusionMatrix(report.confusion(), pre.classLabels(), "Confusion matrix, " + set, dir));
            files.addAll(binaryCurves(report, pre.classLabels(), set, dir));
        } else {
            files.add(Plots.predictedVsActual(report.actual(), report.predicted(), pre.target(), dir));
        }
        if (source.isImages() || pre.features().stream().anyMatch(f -> pre.encoder(pre.features().indexOf(f)) != null)
                || pre.inputWidth() != pre.features().size() || hasMissing(source, pre)) {
            // Curves and regions are drawn over the raw numbers of complete rows only.
            return files;
        }
        float[] mean = pre.numericScaler().mean();
        float[] scale = pre.numericScaler().scale();
        Matrix raw = rawNumeric(source, pre);
        if (pre.features().size() == 1 && pre.task() == Task.REGRESSION) {
            double[] x = new double[raw.rows()];
            double[] y = new double[raw.rows()];
            Matrix targets = pre.encodeTargets(source.table());
            pre.decodeValuesInPlace(targets);
            for (int i = 0; i < x.length; i++) {
                x[i] = raw.get(i, 0);
                y[i] = targets.get(i, 0);
            }
            float tm = pre.targetScaler().mean()[0];
            float ts = pre.targetScaler().scale()[0];
            files.add(Plots.fittedCurve(x, y, model, v -> (v - mean[0]) / scale[0], v -> v * ts + tm,
                    pre.features().get(0), pre.target(), dir));
        } else if (pre.features().size() == 2 && pre.task() == Task.CLASSIFICATION) {
            double[][] points = new double[raw.rows()][];
            for (int i = 0; i < points.length; i++) {
                points[i] = new double[] {raw.get(i, 0), raw.get(i, 1)};
            }
            Matrix targets = pre.encodeTargets(source.table());
            int[] classes = new int[targets.rows()];
            for (int i = 0; i < classes.length; i++) {
                classes[i] = ClassDecision.targetClassOf(targets, i);
            }
            files.add(Plots.decisionRegions(points, classes, pre.classLabels(), model,
                    (a, b) -> new float[] {(float) ((a - mean[0]) / scale[0]), (float) ((b - mean[1]) / scale[1])},
                    pre.features().get(0), pre.features().get(1), dir));
        }
        return files;
    }

    /** The ROC and precision-recall curves of a binary classifier's report (none for other reports, or one class only). */
    static List<Path> binaryCurves(Evaluation report, List<String> labels, String set, Path dir) throws IOException {
        if (report.binary() == null || report.binary().positives() == 0 || report.binary().negatives() == 0) {
            return List.of();
        }
        String positive = labels.get(1);
        return List.of(Plots.rocCurve(report.binary(), positive, "ROC curve, " + set, dir),
                Plots.precisionRecallCurve(report.binary(), positive, "Precision-recall curve, " + set, dir));
    }

    private static boolean hasMissing(DataSource source, Preprocessor pre) {
        var table = source.table();
        List<String> columns = new ArrayList<>(pre.features());
        columns.add(pre.target());
        for (String name : columns) {
            int c = table.columnIndex(name);
            for (int r = 0; r < table.rowCount(); r++) {
                if (pre.missingValues().isMissing(table.value(r, c))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The numeric feature columns in their own units. */
    private static Matrix rawNumeric(DataSource source, Preprocessor pre) {
        Matrix m = new Matrix(source.rows(), pre.features().size());
        for (int j = 0; j < pre.features().size(); j++) {
            int column = source.table().columnIndex(pre.features().get(j));
            for (int r = 0; r < source.rows(); r++) {
                m.set(r, j, Preprocessor.parseNumber(source.table().value(r, column), source.table().where(r), pre.features().get(j)));
            }
        }
        return m;
    }
}

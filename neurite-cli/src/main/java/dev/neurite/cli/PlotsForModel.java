package dev.neurite.cli;

import dev.neurite.data.Dataset;
import dev.neurite.data.Preprocessor;
import dev.neurite.data.Task;
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
    static List<Path> draw(Model model, DataSource source, Dataset scored, Scoring.Report report, Path dir) throws IOException {
        Preprocessor pre = model.preprocessor();
        List<Path> files = new ArrayList<>();
        if (pre.task() == Task.CLASSIFICATION) {
            files.add(Plots.confusionMatrix(report.confusion(), pre.classLabels(), "Confusion matrix, " + (scored.size() == source.rows() ? "training" : "validation") + " set (" + scored.size() + " examples)", dir));
        } else {
            files.add(Plots.predictedVsActual(report.actual(), report.predicted(), pre.target(), dir));
        }
        if (source.isImages() || pre.features().stream().anyMatch(f -> pre.encoder(pre.features().indexOf(f)) != null)) {
            return files;
        }
        float[] mean = pre.numericScaler().mean();
        float[] scale = pre.numericScaler().scale();
        Matrix raw = rawNumeric(source, pre);
        if (pre.features().size() == 1 && pre.task() == Task.REGRESSION) {
            double[] x = new double[raw.rows()];
            double[] y = new double[raw.rows()];
            Matrix targets = Scoring.dataset(pre, source).targets();
            pre.decodeValuesInPlace(targets);
            for (int i = 0; i < x.length; i++) {
                x[i] = raw.get(i, 0);
                y[i] = targets.get(i, 0);
            }
            float tm = pre.targetScaler().mean()[0];
            float ts = pre.targetScaler().scale()[0];
            files.add(Plots.fittedCurve(x, y, model.network(), v -> (v - mean[0]) / scale[0], v -> v * ts + tm,
                    pre.features().get(0), pre.target(), dir));
        } else if (pre.features().size() == 2 && pre.task() == Task.CLASSIFICATION) {
            double[][] points = new double[raw.rows()][];
            for (int i = 0; i < points.length; i++) {
                points[i] = new double[] {raw.get(i, 0), raw.get(i, 1)};
            }
            Matrix targets = Scoring.dataset(pre, source).targets();
            int[] classes = new int[targets.rows()];
            for (int i = 0; i < classes.length; i++) {
                classes[i] = ClassDecision.targetClassOf(targets, i);
            }
            files.add(Plots.decisionRegions(points, classes, pre.classLabels(), model.network(),
                    (a, b) -> new float[] {(float) ((a - mean[0]) / scale[0]), (float) ((b - mean[1]) / scale[1])},
                    pre.features().get(0), pre.features().get(1), dir));
        }
        return files;
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

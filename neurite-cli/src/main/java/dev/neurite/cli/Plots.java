package dev.neurite.cli;

import dev.neurite.io.AtomicFiles;
import dev.neurite.metrics.ConfusionMatrix;
import dev.neurite.nn.ClassDecision;
import dev.neurite.io.Model;
import dev.neurite.nn.Network;
import dev.neurite.tensor.Matrix;
import dev.neurite.train.History;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The pictures people look at after training, drawn with XChart and written as PNG files. */
final class Plots {
    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /** Writes {@code chart} to {@code dir/name.png} atomically; returns the path. */
    static Path save(Chart<?, ?> chart, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        return file;
    }

    /** Training and validation loss by epoch; and the first metric, if any, in a second picture. */
    static List<Path> learningCurves(History history, Path dir) throws IOException {
        return learningCurves(history, Double.NaN, dir);
    }

    /**
     * {@link #learningCurves(History, Path)} with the losses multiplied by {@code targetVariance}
     * and called mse, for a regressor trained on its standardised target (NaN: as they are).
     */
    static List<Path> learningCurves(History history, double targetVariance, Path dir) throws IOException {
        return learningCurves(history, targetVariance, "", dir);
    }

    /** The same, with {@code whose} (e.g. " of network 1 of 5") added to each title. */
    static List<Path> learningCurves(History history, double targetVariance, String whose, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        List<String> metrics = history.names().stream()
                .filter(n -> !n.startsWith("val_") && !n.equals("learning_rate")).toList();
        for (String metric : metrics) {
            boolean scaled = metric.equals("loss") && !Double.isNaN(targetVariance);
            String shown = scaled ? "mse (target's units)" : metric;
            double scale = scaled ? targetVariance : 1;
            XYChart chart = new XYChartBuilder().width(800).height(500)
                    .title((metric.equals("loss") ? "Learning curves" : metric + " by epoch") + whose)
                    .xAxisTitle("epoch").yAxisTitle(shown).build();
            double[] epochs = IntStream.rangeClosed(1, history.epochs()).asDoubleStream().toArray();
            chart.addSeries("training " + shown, epochs, values(history, metric, scale)).setMarker(SeriesMarkers.NONE);
            if (history.has("val_" + metric)) {
                chart.addSeries("validation " + shown, epochs, values(history, "val_" + metric, scale)).setMarker(SeriesMarkers.NONE);
            }
            chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
            files.add(save(chart, dir, metric.equals("loss") ? "learning_curves" : "learning_curves_" + metric));
        }
        return files;
    }

    private static double[] values(History history, String name, double scale) {
        return history.get(name).stream().mapToDouble(v -> v * scale).toArray();
    }

    /** Counts of actual (rows) against predicted (columns) classes. */
    static Path confusionMatrix(ConfusionMatrix m, List<String> labels, String title, Path dir) throws IOException {
        int k = m.classes();
        HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(500, 60 * k + 250)).height(Math.max(450, 50 * k + 200))
                .title(title).xAxisTitle("predicted").yAxisTitle("actual").build();
        List<Number[]> cells = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) {
                cells.add(new Number[] {p, k - 1 - a, m.count(a, p)});
            }
        }
        List<String> reversed = new ArrayList<>(labels);
        Collections.reverse(reversed);
        chart.addSeries("count", labels, reversed, cells);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setRangeColors(new Color[] {new Color(247, 251, 255), new Color(107, 174, 214), new Color(8, 48, 107)});
        return save(chart, dir, "confusion_matrix");
    }

    /** The ROC curve of a binary classifier's scores, with the chance diagonal; its area in the legend. */
    static Path rocCurve(dev.neurite.metrics.BinaryScores scores, String positive, String title, Path dir) throws IOException {
        dev.neurite.metrics.BinaryScores.Curve c = scores.rocCurve();
        XYChart chart = new XYChartBuilder().width(650).height(600).title(title)
                .xAxisTitle("false positive rate").yAxisTitle("true positive rate (recall of " + positive + ")").build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        XYSeries curve = chart.addSeries(String.format(java.util.Locale.ROOT, "ROC (AUC %.4f)", scores.rocAuc()), c.x(), c.y());
        curve.setMarker(SeriesMarkers.NONE);
        XYSeries chance = chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
        chance.setMarker(SeriesMarkers.NONE);
        return save(chart, dir, "roc_curve");
    }

    /** The precision–recall curve of a binary classifier's scores, with the positives' share (a random ranking) as a line. */
    static Path precisionRecallCurve(dev.neurite.metrics.BinaryScores scores, String positive, String title, Path dir) throws IOException {
        dev.neurite.metrics.BinaryScores.Curve c = scores.precisionRecallCurve();
        XYChart chart = new XYChartBuilder().width(650).height(600).title(title)
                .xAxisTitle("recall of " + positive).yAxisTitle("precision of " + positive).build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        // A step from the highest threshold down, drawn as scikit-learn's PrecisionRecallDisplay draws it.
        double[] x = new double[c.x().length + 1];
        double[] y = new double[c.y().length + 1];
        x[0] = 0;
        y[0] = c.y().length == 0 ? 1 : c.y()[0];
        System.arraycopy(c.x(), 0, x, 1, c.x().length);
        System.arraycopy(c.y(), 0, y, 1, c.y().length);
        XYSeries curve = chart.addSeries(String.format(java.util.Locale.ROOT, "precision-recall (AP %.4f)", scores.averagePrecision()), x, y);
        curve.setMarker(SeriesMarkers.NONE);
        double share = (double) scores.positives() / (scores.positives() + scores.negatives());
        XYSeries base = chart.addSeries(String.format(java.util.Locale.ROOT, "share of positives (%.3f)", share),
                new double[] {0, 1}, new double[] {share, share});
        base.setMarker(SeriesMarkers.NONE);
        return save(chart, dir, "precision_recall_curve");
    }

    /** Each prediction against its actual value, with the line y = x. */
    static Path predictedVsActual(double[] actual, double[] predicted, String target, Path dir) throws IOException {
        XYChart chart = new XYChartBuilder().width(700).height(600).title("Predicted against actual " + target)
                .xAxisTitle("actual " + target).yAxisTitle("predicted " + target).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        chart.addSeries("examples", actual, predicted);
        double lo = Math.min(min(actual), min(predicted));
        double hi = Math.max(max(actual), max(predicted));
        XYSeries diagonal = chart.addSeries("perfect prediction", new double[] {lo, hi}, new double[] {lo, hi});
        diagonal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        diagonal.setMarker(SeriesMarkers.NONE);
        return save(chart, dir, "predicted_vs_actual");
    }

    /** For one input: the data and the network's curve over the input's range (x in original units). */
    static Path fittedCurve(double[] x, double[] y, Model net, DoubleUnaryOperator encode,
                            DoubleUnaryOperator decode, String xName, String yName, Path dir) throws IOException {
        return fittedCurve(x, y, net, encode, decode, xName, yName, dir, "fitted_curve", "Fitted curve");
    }

    static Path fittedCurve(double[] x, double[] y, Network net, DoubleUnaryOperator encode,
                            DoubleUnaryOperator decode, String xName, String yName, Path dir,
                            String file, String title) throws IOException {
        return fittedCurve(x, y, new Model(net, "mse", null, null), encode, decode, xName, yName, dir, file, title);
    }

    /** The curve of a model: of its network, or of the mean of an ensemble's networks. */
    static Path fittedCurve(double[] x, double[] y, Model net, DoubleUnaryOperator encode,
                            DoubleUnaryOperator decode, String xName, String yName, Path dir,
                            String file, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(550).title(title).xAxisTitle(xName).yAxisTitle(yName).build();
        chart.getStyler().setMarkerSize(5);
        XYSeries data = chart.addSeries("data", x, y);
        data.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        int n = 300;
        double lo = min(x);
        double hi = max(x);
        Matrix grid = new Matrix(n, 1);
        double[] gx = new double[n];
        for (int i = 0; i < n; i++) {
            gx[i] = lo + (hi - lo) * i / (n - 1);
            grid.set(i, 0, (float) encode.applyAsDouble(gx[i]));
        }
        Matrix out = net.predict(grid);
        double[] gy = new double[n];
        for (int i = 0; i < n; i++) {
            gy[i] = decode.applyAsDouble(out.get(i, 0));
        }
        XYSeries curve = chart.addSeries("network", gx, gy);
        curve.setMarker(SeriesMarkers.NONE);
        curve.setLineWidth(3);
        return save(chart, dir, file);
    }

    /** For two inputs: the class the network picks over a grid (small squares) with the data on top. */
    static Path decisionRegions(double[][] points, int[] classes, List<String> labels, Model net,
                                BiFunction<Double, Double, float[]> encode,
                                String xName, String yName, Path dir) throws IOException {
        return decisionRegions(points, classes, labels, net, encode, xName, yName, dir, "decision_regions", "Decision regions");
    }

    static Path decisionRegions(double[][] points, int[] classes, List<String> labels, Network net,
                                BiFunction<Double, Double, float[]> encode,
                                String xName, String yName, Path dir, String file, String title) throws IOException {
        return decisionRegions(points, classes, labels, new Model(net, "mse", null, null), encode, xName, yName, dir, file, title);
    }

    /** The regions of a model: of its network, or of the mean of an ensemble's networks' probabilities. */
    static Path decisionRegions(double[][] points, int[] classes, List<String> labels, Model net,
                                BiFunction<Double, Double, float[]> encode,
                                String xName, String yName, Path dir, String file, String title) throws IOException {
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = x0, y1 = x1;
        for (double[] p : points) {
            x0 = Math.min(x0, p[0]);
            x1 = Math.max(x1, p[0]);
            y0 = Math.min(y0, p[1]);
            y1 = Math.max(y1, p[1]);
        }
        double padX = (x1 - x0) * 0.08 + 1e-6;
        double padY = (y1 - y0) * 0.08 + 1e-6;
        x0 -= padX;
        x1 += padX;
        y0 -= padY;
        y1 += padY;
        int n = 90;
        Matrix grid = new Matrix(n * n, net.network().inputSize());
        double[][] coords = new double[n * n][];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double gx = x0 + (x1 - x0) * (i + 0.5) / n;
                double gy = y0 + (y1 - y0) * (j + 0.5) / n;
                coords[i * n + j] = new double[] {gx, gy};
                float[] row = encode.apply(gx, gy);
                System.arraycopy(row, 0, grid.data(), (i * n + j) * row.length, row.length);
            }
        }
        int[] regions = ClassDecision.classes(net.predictProbabilities(grid), 0.5f);
        XYChart chart = new XYChartBuilder().width(800).height(700).title(title)
                .xAxisTitle(xName).yAxisTitle(yName).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setXAxisMin(x0).setXAxisMax(x1).setYAxisMin(y0).setYAxisMax(y1);
        chart.getStyler().setPlotGridLinesVisible(false);
        int markerForGrid = 8;
        for (int c = 0; c < labels.size(); c++) {
            final int cls = c;
            double[] rx = IntStream.range(0, regions.length).filter(i -> regions[i] == cls).mapToDouble(i -> coords[i][0]).toArray();
            double[] ry = IntStream.range(0, regions.length).filter(i -> regions[i] == cls).mapToDouble(i -> coords[i][1]).toArray();
            if (rx.length == 0) {
                continue;
            }
            XYSeries s = chart.addSeries("region " + labels.get(c), rx, ry);
            s.setMarker(SeriesMarkers.SQUARE);
            s.setMarkerColor(light(PALETTE[c % PALETTE.length]));
            s.setShowInLegend(false);
        }
        chart.getStyler().setMarkerSize(markerForGrid);
        for (int c = 0; c < labels.size(); c++) {
            final int cls = c;
            double[] px = IntStream.range(0, points.length).filter(i -> classes[i] == cls).mapToDouble(i -> points[i][0]).toArray();
            double[] py = IntStream.range(0, points.length).filter(i -> classes[i] == cls).mapToDouble(i -> points[i][1]).toArray();
            if (px.length == 0) {
                continue;
            }
            XYSeries s = chart.addSeries(labels.get(c), px, py);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(PALETTE[c % PALETTE.length].darker());
        }
        return save(chart, dir, file);
    }

    private static Color light(Color c) {
        return new Color((c.getRed() + 3 * 255) / 4, (c.getGreen() + 3 * 255) / 4, (c.getBlue() + 3 * 255) / 4);
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(1);
    }
}

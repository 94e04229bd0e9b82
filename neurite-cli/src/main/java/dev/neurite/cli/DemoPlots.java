package dev.neurite.cli;

import dev.neurite.demo.DemoResult;
import dev.neurite.nn.ClassDecision;
import dev.neurite.nn.Network;
import dev.neurite.tensor.Matrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The tutorials' pictures of the demos: a fitted curve for one input, decision regions for two. */
final class DemoPlots {
    private DemoPlots() {
    }

    static List<Path> draw(DemoResult result, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        Matrix x = result.data().features();
        Matrix y = result.data().targets();
        for (Map.Entry<String, Network> e : result.networks().entrySet()) {
            String suffix = result.networks().size() == 1 ? "" : "_" + e.getKey();
            String label = result.networks().size() == 1 ? "" : " (" + e.getKey() + ")";
            if (x.columns() == 1) {
                double[] xs = new double[x.rows()];
                double[] ys = new double[x.rows()];
                for (int i = 0; i < xs.length; i++) {
                    xs[i] = x.get(i, 0);
                    ys[i] = y.get(i, 0);
                }
                files.add(Plots.fittedCurve(xs, ys, e.getValue(), v -> v, v -> v, "x", "y", dir,
                        result.name() + "_fitted_curve" + suffix, "Demo " + result.name() + ": fitted curve" + label));
            } else {
                double[][] points = new double[x.rows()][];
                int[] classes = new int[x.rows()];
                for (int i = 0; i < points.length; i++) {
                    points[i] = new double[] {x.get(i, 0), x.get(i, 1)};
                    classes[i] = y.columns() == 1 && e.getValue().outputSize() == 1 ? Math.round(y.get(i, 0)) : ClassDecision.targetClassOf(y, i);
                }
                int k = Math.max(2, e.getValue().outputSize());
                List<String> labels = new ArrayList<>();
                for (int c = 0; c < k; c++) {
                    labels.add("class " + c);
                }
                files.add(Plots.decisionRegions(points, classes, labels, e.getValue(),
                        (a, b) -> new float[] {a.floatValue(), b.floatValue()}, "x1", "x2", dir,
                        result.name() + "_decision_regions" + suffix, "Demo " + result.name() + ": decision regions" + label));
            }
        }
        return files;
    }
}

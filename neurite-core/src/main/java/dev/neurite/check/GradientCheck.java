package dev.neurite.check;

import dev.neurite.loss.Loss;
import dev.neurite.nn.Layer;
import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import dev.neurite.train.StepTrace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Checks a backward pass against central finite differences,
 * {@code ∂f/∂θ ≈ (f(θ + ε) − f(θ − ε)) / 2ε}, for every parameter value and every input value.
 *
 * <p>Each entry's error is {@code |analytic − numeric| / max(|analytic| + |numeric|, floor)}:
 * relative where gradients are large, absolute (scaled by 1/floor) where they are near zero,
 * so float32 rounding in tiny gradients does not count as a failure. Layers are evaluated in
 * inference mode; pick inputs away from kinks (ReLU at 0) where a derivative jumps.
 */
public final class GradientCheck {
    /** Default step ε. */
    public static final double EPSILON = 1e-3;
    /** Default denominator floor. */
    public static final double FLOOR = 1e-2;
    /** Default largest error accepted by {@link Result#passed()}. */
    public static final double TOLERANCE = 1e-2;

    private GradientCheck() {
    }

    /** The outcome: the largest error, where it was, and both gradients there. */
    public record Result(double maxError, String worst, double analytic, double numeric, int checked) {
        /** True when {@link #maxError()} ≤ {@link #TOLERANCE}. */
        public boolean passed() {
            return maxError <= TOLERANCE;
        }

        @Override
        public String toString() {
            return String.format("max error %.3g at %s (analytic %.6g, numeric %.6g) over %d values",
                    maxError, worst, analytic, numeric, checked);
        }
    }

    /**
     * Checks {@code layer} with the scalar objective {@code f = Σ R ⊙ layer(input)}, R a fixed
     * random matrix drawn from {@code seed}, whose gradient with respect to the output is R.
     */
    public static Result layer(Layer layer, Matrix input, long seed) {
        Matrix x = input.copy();
        Matrix out = layer.forward(x, false);
        Matrix weights = new Matrix(out.rows(), out.columns());
        Rng rng = new Rng(seed);
        for (int i = 0; i < weights.size(); i++) {
            weights.data()[i] = (float) rng.nextGaussian();
        }
        DoubleSupplier objective = () -> {
            Matrix y = layer.forward(x, false);
            double s = 0;
            for (int i = 0; i < y.size(); i++) {
                s += (double) y.data()[i] * weights.data()[i];
            }
            return s;
        };
        layer.forward(x, false);
        Matrix inputGrad = layer.backward(weights, true).copy();
        return compare(layer.parameters(), x, inputGrad, objective);
    }

    /** Checks a whole network and its loss: {@code f = loss(network(input), target)}. */
    public static Result network(Network network, Loss loss, Matrix input, Matrix target) {
        Matrix x = input.copy();
        DoubleSupplier objective = () -> loss.value(network.forward(x, false), target);
        Matrix out = network.forward(x, false);
        Matrix grad = new Matrix(out.rows(), out.columns());
        loss.compute(out, target, grad);
        Matrix inputGrad = network.backward(grad, true).copy();
        return compare(network.parameters(), x, inputGrad, objective);
    }

    /**
     * The finite-difference gradients of {@code f = loss(network(input), target)} with respect to
     * every parameter (by name, {@code "0.weight"}) and to the input ({@code "input"}), at the
     * network's current parameters: what backpropagation should have computed, the slow way.
     */
    public static Map<String, Matrix> numericGradients(Network network, Loss loss, Matrix input, Matrix target) {
        Matrix x = input.copy();
        DoubleSupplier objective = () -> loss.value(network.forward(x, false), target);
        Map<String, Matrix> result = new LinkedHashMap<>();
        for (Parameter p : network.parameters()) {
            result.put(p.name(), numeric(p.value(), objective));
        }
        result.put("input", numeric(x, objective));
        return result;
    }

    /**
     * Checks a traced training step ({@code Trainer.traceOnBatch}) against finite differences on
     * the same batch: every parameter's ∂L/∂W and ∂L/∂b as backpropagation computed them (before
     * any clipping), and the loss's ∂L/∂output. The network's parameters are set back to their
     * values before the step for the differences, and restored afterwards. Evaluated in inference
     * mode, so a network with dropout is not checkable this way.
     */
    public static Result trace(StepTrace trace, Network network) {
        Map<String, Matrix> analytic = new LinkedHashMap<>();
        for (StepTrace.LayerStep l : trace.layers()) {
            if (l.weightGradient() != null) {
                analytic.put(l.index() + ".weight", l.weightGradient());
                analytic.put(l.index() + ".bias", l.biasGradient());
            }
        }
        List<Matrix> now = new ArrayList<>();
        for (Parameter p : network.parameters()) {
            now.add(p.value().copy());
            p.value().copyFrom(trace.parameter(p.name()).before());
        }
        List<Gradients> all = new ArrayList<>();
        try {
            Map<String, Matrix> numeric = numericGradients(network, trace.loss(), trace.input(), trace.target());
            for (var e : analytic.entrySet()) {
                all.add(new Gradients(e.getKey(), e.getValue(), numeric.get(e.getKey())));
            }
        } finally {
            for (int i = 0; i < now.size(); i++) {
                network.parameters().get(i).value().copyFrom(now.get(i));
            }
        }
        Matrix output = trace.output().copy();
        all.add(new Gradients("dL/doutput", trace.lossGradient(),
                numeric(output, () -> trace.loss().value(output, trace.target()))));
        return worst(all);
    }

    /** Checks a loss's gradient with respect to the network output. */
    public static Result loss(Loss loss, Matrix output, Matrix target) {
        Matrix o = output.copy();
        Matrix grad = new Matrix(o.rows(), o.columns());
        loss.compute(o, target, grad);
        return compare(List.of(), o, grad, () -> loss.value(o, target));
    }

    /** Checks a weighted loss's gradient with respect to the network output ({@code weights}: one per row). */
    public static Result loss(Loss loss, Matrix output, Matrix target, Matrix weights) {
        Matrix o = output.copy();
        Matrix grad = new Matrix(o.rows(), o.columns());
        loss.compute(o, target, weights, grad);
        return compare(List.of(), o, grad, () -> loss.compute(o, target, weights, null));
    }

    /** Central differences of {@code f} with respect to every value of {@code m}, which is restored. */
    private static Matrix numeric(Matrix m, DoubleSupplier f) {
        Matrix g = new Matrix(m.rows(), m.columns());
        float[] v = m.data();
        for (int i = 0; i < m.size(); i++) {
            float saved = v[i];
            v[i] = (float) (saved + EPSILON);
            double plus = f.getAsDouble();
            v[i] = (float) (saved - EPSILON);
            double minus = f.getAsDouble();
            double step = (double) (float) (saved + EPSILON) - (double) (float) (saved - EPSILON);
            v[i] = saved;
            g.data()[i] = (float) ((plus - minus) / step);
        }
        f.getAsDouble();
        return g;
    }

    /** One tensor's gradient two ways: by backpropagation and by finite differences. */
    private record Gradients(String name, Matrix analytic, Matrix numeric) {
    }

    /** The largest error over every value of {@code pairs}. */
    private static Result worst(List<Gradients> pairs) {
        double worst = -1;
        String where = "nothing";
        double worstA = 0;
        double worstN = 0;
        int checked = 0;
        for (Gradients p : pairs) {
            int cols = p.analytic().columns();
            for (int i = 0; i < p.analytic().size(); i++) {
                double analytic = p.analytic().data()[i];
                double numeric = p.numeric().data()[i];
                double error = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic) + Math.abs(numeric), FLOOR);
                checked++;
                if (error > worst) {
                    worst = error;
                    where = p.name() + "[" + i / cols + "][" + i % cols + "]";
                    worstA = analytic;
                    worstN = numeric;
                }
            }
        }
        return new Result(Math.max(worst, 0), where, worstA, worstN, checked);
    }

    private static Result compare(List<Parameter> parameters, Matrix input, Matrix inputGrad, DoubleSupplier f) {
        List<Parameter> analytic = new ArrayList<>();
        for (Parameter p : parameters) {
            analytic.add(new Parameter(p.name(), p.value(), p.gradient().copy()));
        }
        analytic.add(new Parameter("input", input, inputGrad));
        List<Gradients> pairs = new ArrayList<>();
        for (Parameter p : analytic) {
            pairs.add(new Gradients(p.name(), p.gradient(), numeric(p.value(), f)));
        }
        return worst(pairs);
    }
}

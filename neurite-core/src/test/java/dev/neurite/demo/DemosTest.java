package dev.neurite.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The five tutorial demos reach the outcomes the tutorials promise, with the seed the CLI uses. */
class DemosTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private DemoResult run(String name) {
        DemoResult r = Demos.run(name, Demos.DEFAULT_SEED, out);
        assertTrue(printed.size() > 0, name + " printed nothing");
        return r;
    }

    @Test
    void noisyLineIsFittedToTheNoiseFloor() {
        DemoResult r = run("line");
        assertEquals(1.0, r.figure("slope"), 0.1);
        assertEquals(0.0, r.figure("intercept"), 0.05);
        assertEquals(0.04, r.figure("test_mse"), 0.01); // the noise's variance
    }

    @Test
    void parabolaNeedsANonLinearActivation() {
        DemoResult r = run("parabola");
        double bestLine = NoisyParabola.VARIANCE_OF_X_SQUARED + NoisyParabola.NOISE_VARIANCE;
        // Linear: stuck near the best straight line's error, Var(x²) + noise ≈ 0.129.
        assertEquals(bestLine, r.figure("linear_test_mse"), 0.015);
        assertTrue(r.figure("linear_curve_error") > 0.08, "linear curve error " + r.figure("linear_curve_error"));
        // ReLU: down to the noise, 0.04, and close to the true curve.
        assertEquals(NoisyParabola.NOISE_VARIANCE, r.figure("relu_test_mse"), 0.008);
        assertTrue(r.figure("relu_curve_error") < 0.01, "relu curve error " + r.figure("relu_curve_error"));
    }

    @Test
    void xorIsLearnedWithSigmoidUnits() {
        DemoResult r = run("xor");
        assertEquals(4, r.figure("correct"));
        assertTrue(r.figure("output_00") < 0.1 && r.figure("output_11") < 0.1);
        assertTrue(r.figure("output_01") > 0.9 && r.figure("output_10") > 0.9);
    }

    @Test
    void twoClassTanhSigmoidNetworkSeparatesTheFourPoints() {
        DemoResult r = run("two-class");
        assertEquals(4, r.figure("correct"));
        assertTrue(r.figure("loss") < 0.05, "loss " + r.figure("loss"));
        assertTrue(r.figure("noisy_accuracy") > 0.95, "noisy accuracy " + r.figure("noisy_accuracy"));
    }

    @Test
    void softmaxClassifierNeedsItsHiddenLayerForSpirals() {
        DemoResult r = run("softmax");
        assertTrue(r.figure("linear_test_accuracy") < 0.65, "linear " + r.figure("linear_test_accuracy"));
        assertTrue(r.figure("hidden_test_accuracy") >= 0.95, "hidden " + r.figure("hidden_test_accuracy"));
    }

    @Test
    void unknownDemoIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Demos.run("mnist", 1, out));
        assertTrue(e.getMessage().contains("unknown demo 'mnist'; known: line, parabola, xor, two-class, softmax"));
    }
}

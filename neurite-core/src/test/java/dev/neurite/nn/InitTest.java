package dev.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InitTest {

    @ParameterizedTest
    @EnumSource(Init.class)
    void drawsHaveTheDocumentedSpread(Init init) {
        int fanIn = 300;
        int fanOut = 200;
        Matrix w = new Matrix(fanIn, fanOut);
        init.fill(w, fanIn, fanOut, new Rng(5));
        double sum = 0;
        double sumSq = 0;
        double maxAbs = 0;
        for (int i = 0; i < w.size(); i++) {
            sum += w.data()[i];
            sumSq += (double) w.data()[i] * w.data()[i];
            maxAbs = Math.max(maxAbs, Math.abs(w.data()[i]));
        }
        double sigma = init.standardDeviation(fanIn, fanOut);
        double expected = switch (init) {
            case GLOROT_UNIFORM, GLOROT_NORMAL -> Math.sqrt(2.0 / (fanIn + fanOut));
            case HE_UNIFORM, HE_NORMAL -> Math.sqrt(2.0 / fanIn);
            case LECUN_UNIFORM, LECUN_NORMAL -> Math.sqrt(1.0 / fanIn);
        };
        assertEquals(expected, sigma, 1e-12);
        assertEquals(0, sum / w.size(), sigma * 0.02);
        assertEquals(sigma, Math.sqrt(sumSq / w.size()), sigma * 0.02);
        if (init.name().endsWith("UNIFORM")) {
            assertTrue(maxAbs <= Math.sqrt(3) * sigma, "uniform draws stay within √3·σ");
        } else {
            assertTrue(maxAbs > Math.sqrt(3) * sigma, "normal draws have tails");
        }
    }

    @ParameterizedTest
    @EnumSource(Init.class)
    void densePicksTheDefaultPerActivation(Init ignored) {
        assertSame(Init.HE_NORMAL, Init.defaultFor(Activations.relu()));
        assertSame(Init.GLOROT_UNIFORM, Init.defaultFor(Activations.tanh()));
        assertSame(Init.HE_UNIFORM, Init.named("he_uniform"));
    }
}

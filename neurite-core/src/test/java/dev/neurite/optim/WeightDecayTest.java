package dev.neurite.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.neurite.nn.Parameter;
import dev.neurite.tensor.Matrix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** L2 weight decay adds λw to the gradient (PyTorch's weight_decay); AdamW decays w directly. */
class WeightDecayTest {

    private static Parameter parameter(float value, float gradient) {
        return new Parameter("p", Matrix.row(value), Matrix.row(gradient));
    }

    @Test
    void sgdAddsTheL2TermToTheGradient() {
        Parameter p = parameter(2f, 0.5f);
        new Sgd(new SgdConfig(0.1f, 0f, false, 0.01f)).step(List.of(p));
        assertEquals(2f - 0.1f * (0.5f + 0.01f * 2f), p.value().get(0, 0), 1e-7);
    }

    @Test
    void adamWithL2AndAdamWDiffer() {
        // With a zero gradient, Adam+L2 sees g = λw and steps by lr·sign(w) at t = 1;
        // AdamW shrinks w by (1 − lr·λ) and then takes no Adam step.
        Parameter l2 = parameter(2f, 0f);
        new Adam(AdamConfig.DEFAULTS.withLearningRate(0.1f).withWeightDecay(0.01f)).step(List.of(l2));
        assertEquals(2f - 0.1f, l2.value().get(0, 0), 1e-5);
        Parameter decoupled = parameter(2f, 0f);
        new AdamW(AdamConfig.DEFAULTS.withLearningRate(0.1f).withWeightDecay(0.01f)).step(List.of(decoupled));
        assertEquals(2f * (1 - 0.1f * 0.01f), decoupled.value().get(0, 0), 1e-7);
    }

    @Test
    void namedOptimizersCarryTheirSettings() {
        assertEquals("nesterov", Optimizers.named("nesterov", 0.1f, 0f).name());
        assertEquals(0.9f, ((Sgd) Optimizers.named("momentum", 0.1f, 0f)).config().momentum());
        assertEquals(0.05f, ((AdamW) Optimizers.named("adamw", 0.1f, 0.05f)).config().weightDecay());
        assertEquals(0.1f, Optimizers.named("rmsprop", 0.1f, 0f).learningRate());
    }
}

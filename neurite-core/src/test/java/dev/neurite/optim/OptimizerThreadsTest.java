package dev.neurite.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.neurite.nn.Parameter;
import dev.neurite.tensor.Kernels;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Every update rule is split over the kernels' threads by element ranges, with the bits of one thread. */
class OptimizerThreadsTest {

    private static float[] train(Supplier<Optimizer> make, int threads) {
        Kernels before = Kernels.get();
        Kernels.use(Kernels.create("blocked", threads));
        try {
            Rng rng = new Rng(3);
            Parameter p = new Parameter("w", new Matrix(300, 400), new Matrix(300, 400)); // 120,000 values: split from two grains of 32,768
            for (int i = 0; i < p.value().size(); i++) {
                p.value().data()[i] = (float) rng.nextGaussian();
            }
            Optimizer o = make.get();
            for (int step = 0; step < 5; step++) {
                for (int i = 0; i < p.gradient().size(); i++) {
                    p.gradient().data()[i] = (float) rng.nextGaussian();
                }
                o.step(List.of(p));
            }
            return p.value().data().clone();
        } finally {
            Kernels.use(before);
        }
    }

    @Test
    void everyRuleGivesTheSameBitsOnOneAndThreeThreads() {
        for (String name : Optimizers.NAMES) {
            Supplier<Optimizer> make = () -> Optimizers.named(name, 0.01f, 0.001f);
            assertArrayEquals(train(make, 1), train(make, 3), name);
        }
    }

    @Test
    void stateArraysAreNamedAsPyTorchNamesThem() {
        assertEquals(List.of("exp_avg", "exp_avg_sq"), Optimizers.adam(0.1f).stateNames());
        assertEquals(List.of("exp_avg", "exp_avg_sq"), Optimizers.named("adamw", 0.1f, 0.01f).stateNames());
        assertEquals(List.of("momentum_buffer"), Optimizers.named("momentum", 0.1f, 0f).stateNames());
        assertEquals(List.of("momentum_buffer"), Optimizers.named("nesterov", 0.1f, 0f).stateNames());
        assertEquals(List.of(), Optimizers.named("sgd", 0.1f, 0f).stateNames());
        assertEquals(List.of("square_avg"), Optimizers.named("rmsprop", 0.1f, 0f).stateNames());
        assertEquals(List.of("sum"), Optimizers.named("adagrad", 0.1f, 0f).stateNames());
    }
}

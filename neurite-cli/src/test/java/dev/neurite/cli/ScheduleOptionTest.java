package dev.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.optim.LearningRateSchedule;
import org.junit.jupiter.api.Test;

class ScheduleOptionTest {

    @Test
    void schedulesParse() {
        assertEquals(1f, TrainCommand.schedule("constant", 10).learningRate(1f, 7));
        assertEquals(0.5f, TrainCommand.schedule("cosine", 10).learningRate(1f, 5), 1e-6);
        assertEquals(0.25f, TrainCommand.schedule("step:2:0.5", 10).learningRate(1f, 4), 1e-6);
        assertEquals(0.81f, TrainCommand.schedule("exponential:0.9", 10).learningRate(1f, 2), 1e-6);
        LearningRateSchedule warm = TrainCommand.schedule("warmup:1,cosine", 11);
        assertEquals(0.5f, warm.learningRate(1f, 0), 1e-6);
        assertEquals(1f, warm.learningRate(1f, 1), 1e-6);
        LearningRateSchedule ramp = TrainCommand.schedule("warmup:4", 100); // then constant
        assertEquals(0.2f, ramp.learningRate(1f, 0), 1e-6);
        assertEquals(0.8f, ramp.learningRate(1f, 3), 1e-6);
        assertEquals(1f, ramp.learningRate(1f, 4), 1e-6);
        assertEquals(1f, ramp.learningRate(1f, 90), 1e-6);
    }

    @Test
    void badSchedulesNameTheValue() {
        for (String bad : new String[] {"linear", "step:x:0.5", "exponential", "warmup:x", "warmup:-1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainCommand.schedule(bad, 10));
            assertTrue(e.getMessage().startsWith("--schedule '" + bad + "'"), e.getMessage());
        }
    }
}

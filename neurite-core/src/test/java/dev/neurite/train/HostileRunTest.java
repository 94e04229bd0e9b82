package dev.neurite.train;

import static dev.neurite.nn.Activations.relu;
import static dev.neurite.nn.Layers.dense;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.InvalidInputException;
import dev.neurite.TestData;
import dev.neurite.data.Dataset;
import dev.neurite.io.RunLock;
import dev.neurite.loss.Losses;
import dev.neurite.nn.Network;
import dev.neurite.optim.Optimizer;
import dev.neurite.optim.Optimizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The breaches a hostile run found in training: other data on resume, shared folders, stale files, divergence. */
class HostileRunTest {
    @TempDir
    Path dir;

    private static Trainer trainer(Optimizer optimizer, int epochs) {
        return new Trainer(Network.of(2, dense(4, 16, relu()), dense(16, 3)), Losses.softmaxCrossEntropy(), optimizer,
                TrainingConfig.DEFAULTS.withEpochs(epochs).withBatchSize(16).withSeed(5));
    }

    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void resumingWithOtherDataOfTheSameSizeIsRefusedNamingBoth() {
        Dataset first = TestData.blobs(120, 3);
        Dataset other = TestData.blobs(120, 4);
        Trainer interrupted = trainer(Optimizers.adam(0.01f), 4).checkpointTo(dir).callbacks(new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
                if (epoch == 1) {
                    throw new Crash();
                }
            }
        });
        assertThrows(Crash.class, () -> interrupted.fit(first));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> trainer(Optimizers.adam(0.01f), 4).resumeFrom(dir).fit(other));
        assertTrue(e.getMessage().contains("train_data " + first.fingerprint() + " there, " + other.fingerprint() + " here"),
                e.getMessage());
    }

    @Test
    void aFreshRunDoesNotDeleteAnotherRunsCheckpoints() throws IOException {
        Dataset data = TestData.blobs(120, 3);
        trainer(Optimizers.adam(0.01f), 2).checkpointTo(dir).fit(data);
        Path theirs = Checkpoint.newest(dir);
        Trainer otherSeed = new Trainer(Network.of(2, dense(4, 16, relu()), dense(16, 3)), Losses.softmaxCrossEntropy(),
                Optimizers.adam(0.01f), TrainingConfig.DEFAULTS.withEpochs(2).withBatchSize(16).withSeed(6)).checkpointTo(dir);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> otherSeed.fit(data));
        assertTrue(e.getMessage().startsWith(dir + " holds the checkpoints of another run"), e.getMessage());
        assertTrue(e.getMessage().contains("seed 5 there, 6 here"), e.getMessage());
        assertTrue(Files.exists(theirs), "their checkpoint is kept");
    }

    @Test
    void aSecondRunInTheSameFolderIsRefusedWhileTheFirstHoldsIt() throws IOException {
        try (RunLock held = Checkpoint.lock(dir)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> trainer(Optimizers.adam(0.01f), 2).checkpointTo(dir).fit(TestData.blobs(60, 3)));
            assertTrue(e.getMessage().startsWith(dir + " is in use by another training run (process "
                    + ProcessHandle.current().pid() + ", since "), e.getMessage());
        }
        trainer(Optimizers.adam(0.01f), 2).checkpointTo(dir).fit(TestData.blobs(60, 3));
        assertFalse(Files.exists(dir.resolve(".neurite-lock")), "the lock file goes with the run");
    }

    @Test
    void temporaryFilesOfAKilledWriteAreRemovedByTheNextRun() throws IOException {
        Files.createDirectories(dir);
        Path stale = Files.write(dir.resolve(".checkpoint-00002.safetensors.8123456789.tmp"), new byte[1000]);
        trainer(Optimizers.adam(0.01f), 1).checkpointTo(dir).fit(TestData.blobs(60, 3));
        assertFalse(Files.exists(stale));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "one checkpoint and nothing else");
        }
    }

    @Test
    void everyOptimizerAtAHugeLearningRateStopsAsDivergedInsteadOfWritingNonsense() {
        for (String name : Optimizers.NAMES) {
            Trainer t = trainer(Optimizers.named(name, 1e6f, 0f), 20);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.fit(TestData.blobs(240, 3)), name);
            assertTrue(e.getMessage().startsWith("training diverged: "), e.getMessage());
            assertTrue(e.getMessage().contains("more than 10,000-fold") || e.getMessage().contains("beyond ±1e+06")
                    || e.getMessage().contains("the loss is"), name + ": " + e.getMessage());
        }
    }

    @Test
    void theCheckCanBeTurnedOffForAHugeButDeliberateScale() {
        Trainer t = trainer(Optimizers.adam(1e6f), 3).divergenceCheck(false);
        try {
            t.fit(TestData.blobs(240, 3));
        } catch (TrainingDivergedException e) {
            assertTrue(e.getMessage().contains("the loss is"), "only a non-finite loss stops it: " + e.getMessage());
        }
    }
}

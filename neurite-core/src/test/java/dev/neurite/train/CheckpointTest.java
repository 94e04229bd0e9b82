package dev.neurite.train;

import static dev.neurite.nn.Activations.relu;
import static dev.neurite.nn.Layers.dense;
import static dev.neurite.nn.Layers.dropout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.InvalidInputException;
import dev.neurite.TestData;
import dev.neurite.data.Dataset;
import dev.neurite.io.SafeTensors;
import dev.neurite.loss.Losses;
import dev.neurite.metrics.Metrics;
import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.optim.LearningRateSchedule;
import dev.neurite.optim.Optimizers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming from a checkpoint gives the bits of a run never interrupted. */
class CheckpointTest {
    @TempDir
    Path dir;

    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private Trainer trainer(Network net, EarlyStopping stopping) {
        return new Trainer(net, Losses.softmaxCrossEntropy(), Optimizers.adam(0.01f),
                TrainingConfig.DEFAULTS.withEpochs(8).withBatchSize(16).withSeed(5).withValidationSplit(0.2f)
                        .withSchedule(LearningRateSchedule.cosine(8, 0f)))
                .metrics(Metrics.accuracy()).callbacks(stopping);
    }

    private static Network network() {
        return Network.of(11, dense(4, 32, relu()), dropout(0.25f), dense(32, 3));
    }

    @Test
    void aRunInterruptedAfterAnyEpochAndResumedEndsBitForBitLikeAnUninterruptedOne() throws IOException {
        Dataset data = dev.neurite.TestData.blobs(240, 3);
        Network reference = network();
        History expected = trainer(reference, new EarlyStopping("val_loss", 3, 0, true)).fit(data);

        int epochs = expected.epochs();
        assertTrue(epochs >= 3, "the reference run is long enough to interrupt: " + epochs);
        for (int crashAfter : new int[] {1, epochs / 2, epochs - 1}) {
            Path ckpt = dir.resolve("run" + crashAfter);
            Network first = network();
            Callback crash = new Callback() {
                @Override
                public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingControl control) {
                    if (epoch + 1 == crashAfter + 1) {
                        throw new Crash(); // dies during the epoch after the checkpoint of epoch crashAfter
                    }
                }
            };
            Trainer interrupted = trainer(first, new EarlyStopping("val_loss", 3, 0, true)).callbacks(crash).checkpointTo(ckpt);
            assertThrows(Crash.class, () -> interrupted.fit(data));
            assertTrue(Files.exists(Checkpoint.file(ckpt, crashAfter)), "the checkpoint of epoch " + crashAfter);

            Network resumed = network(); // fresh weights: everything must come from the checkpoint
            Trainer again = trainer(resumed, new EarlyStopping("val_loss", 3, 0, true)).resumeFrom(ckpt);
            History history = again.fit(data);
            assertEquals(crashAfter, again.resumedFromEpoch());
            for (int i = 0; i < reference.parameters().size(); i++) {
                Parameter p = reference.parameters().get(i);
                assertArrayEquals(Arrays.copyOf(p.value().data(), p.value().size()),
                        Arrays.copyOf(resumed.parameters().get(i).value().data(), p.value().size()),
                        "resumed after epoch " + crashAfter + ": " + p.name());
            }
            assertEquals(expected.asMap(), history.asMap(), "the whole history, before and after the interruption");
            assertEquals(expected.stopReason(), history.stopReason());
            try (var files = Files.list(ckpt)) {
                assertEquals(1, files.count(), "older checkpoints are removed");
            }
        }
    }

    @Test
    void aCheckpointOfOtherSettingsIsRefused() {
        Dataset data = dev.neurite.TestData.blobs(120, 3);
        trainer(network(), new EarlyStopping(3)).checkpointTo(dir).fit(data);
        Network wider = Network.of(11, dense(4, 48, relu()), dropout(0.25f), dense(48, 3));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> trainer(wider, new EarlyStopping(3)).resumeFrom(dir).fit(data));
        assertTrue(e.getMessage().contains("written by a run with other settings"), e.getMessage());
        assertTrue(e.getMessage().contains("Dense(4→48"), e.getMessage());
    }

    @Test
    void resumingWithNoCheckpointStartsAfresh() {
        Trainer t = trainer(network(), new EarlyStopping(3)).resumeFrom(dir.resolve("empty"));
        History h = t.fit(dev.neurite.TestData.blobs(120, 3));
        assertEquals(0, t.resumedFromEpoch());
        assertTrue(h.epochs() > 0);
    }

    @Test
    void aFormatOneCheckpointIsRefusedWithAMessage() throws IOException {
        Dataset data = TestData.blobs(120, 3);
        trainer(network(), new EarlyStopping(3)).checkpointTo(dir).fit(data);
        Path file = Checkpoint.newest(dir);
        SafeTensors.Contents contents = SafeTensors.read(Files.readAllBytes(file), file.toString());
        Map<String, String> meta = new LinkedHashMap<>(contents.metadata());
        meta.put("format_version", "1");
        try (OutputStream out = Files.newOutputStream(file)) {
            SafeTensors.write(out, contents.tensors(), meta);
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> trainer(network(), new EarlyStopping(3)).resumeFrom(dir).fit(data));
        assertTrue(e.getMessage().contains(file + ": checkpoint format 1, but this Neurite reads format 2"), e.getMessage());
        assertTrue(e.getMessage().contains("start again without resuming"), e.getMessage());
    }

    @Test
    void optimizerStateIsStoredUnderPyTorchsNames() throws IOException {
        Dataset data = TestData.blobs(120, 3);
        trainer(network(), new EarlyStopping(3)).checkpointTo(dir).fit(data);
        Map<String, SafeTensors.Tensor> tensors = SafeTensors.read(Files.readAllBytes(Checkpoint.newest(dir)), "x").tensors();
        assertTrue(tensors.containsKey("optimizer.0.weight.exp_avg"), tensors.keySet().toString());
        assertTrue(tensors.containsKey("optimizer.2.bias.exp_avg_sq"), tensors.keySet().toString());
        assertTrue(tensors.containsKey("callback.0.0.weight"), "early stopping's best weights: " + tensors.keySet());
    }
}

package dev.neurite.train;

import dev.neurite.InvalidInputException;
import dev.neurite.io.AtomicFiles;
import dev.neurite.io.Json;
import dev.neurite.io.RunLock;
import dev.neurite.io.SafeTensors;
import dev.neurite.nn.Layer;
import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.optim.Optimizer;
import dev.neurite.tensor.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Everything training needs to go on exactly where it stopped, taken at the end of an epoch:
 * the weights, the optimizer's moments and step counts, the position of the learning-rate
 * schedule (the epoch), the shuffling generator and the current order of the examples, each
 * dropout layer's generator, the history, and what each callback carries (early stopping's best
 * value and weights). A run resumed from it ends with weights bitwise identical to a run never
 * interrupted.
 *
 * <p>One safetensors file per epoch, {@code checkpoint-NNNNN.safetensors}, written atomically
 * (temporary file, forced to disk, renamed): a kill at any instant leaves the previous complete
 * checkpoint. Older ones are removed once a newer one is on disk.
 */
final class Checkpoint {
    static final String FORMAT = "neurite-checkpoint";
    /** 2: optimizer arrays named as PyTorch names them, callbacks' state in general. */
    static final int FORMAT_VERSION = 2;
    private static final String PREFIX = "checkpoint-";
    private static final String SUFFIX = ".safetensors";

    private Checkpoint() {
    }

    /** What a checkpoint restores into, besides the network and optimizer. */
    record State(int epoch, long shuffleState, int[] order, History history, String stopReason) {
    }

    private static final String LOCK = ".neurite-lock";

    /**
     * Takes {@code dir} (created when missing) for this run: a second run, in this process or
     * another, that gives the same folder is refused with a message. The operating system
     * releases the lock of a run that dies, so a killed run never blocks the next one.
     */
    static RunLock lock(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(LOCK);
        RunLock lock = RunLock.tryAcquire(file);
        if (lock == null) {
            String holder = RunLock.holder(file);
            throw new InvalidInputException(dir + " is in use by another training run" + (holder.isEmpty() ? "" : " (" + holder + ")")
                    + "; give this run another checkpoint folder, or wait for that one to end");
        }
        // Temporary files of a write that a killed run left behind: no other run can be writing here now.
        try (Stream<Path> files = Files.list(dir)) {
            for (Path stale : files.filter(p -> p.getFileName().toString().startsWith("." + PREFIX)
                    && p.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.deleteIfExists(stale);
            }
        } catch (IOException e) {
            lock.close(); // a failed clean-up must not leave the folder locked for the rest of the process
            throw e;
        }
        return lock;
    }

    /**
     * Refuses to start a fresh run in {@code dir} when it holds the checkpoints of a run with
     * other settings, which the fresh run would otherwise delete as it writes its own.
     */
    static void requireNoOtherRun(Path dir, String settings) throws IOException {
        Path newest = newest(dir);
        if (newest == null) {
            return;
        }
        String theirs;
        try {
            theirs = SafeTensors.read(Files.readAllBytes(newest), newest.toString()).metadata().get("settings");
        } catch (InvalidInputException e) {
            return; // not a checkpoint of ours: writing ours beside it deletes nothing of value
        }
        if (theirs != null && !theirs.equals(settings)) {
            throw new InvalidInputException(dir + " holds the checkpoints of another run (" + newest.getFileName() + ": "
                    + differences(theirs, settings) + "); resume that run, or give this one another checkpoint folder");
        }
    }

    /** The settings that differ between two settings strings, as "key: theirs there, ours here". */
    static String differences(String theirs, String ours) {
        Map<String, Object> a;
        Map<String, Object> b;
        try {
            a = Json.parseObject(theirs, "checkpoint settings");
            b = Json.parseObject(ours, "settings");
        } catch (InvalidInputException e) {
            return "other settings";
        }
        List<String> out = new ArrayList<>();
        for (String key : b.keySet()) {
            if (!Objects.equals(a.get(key), b.get(key))) {
                out.add(key + " " + a.get(key) + " there, " + b.get(key) + " here");
            }
        }
        return out.isEmpty() ? "other settings" : String.join("; ", out);
    }

    static Path file(Path dir, int epoch) {
        return dir.resolve(String.format("%s%05d%s", PREFIX, epoch, SUFFIX));
    }

    /** The newest checkpoint in {@code dir}, or null. Temporary files of an interrupted write are ignored. */
    static Path newest(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(PREFIX) && n.endsWith(SUFFIX);
            }).max(Path::compareTo).orElse(null);
        }
    }

    static void write(Path dir, String settings, int epoch, Network network, Optimizer optimizer, Rng shuffle, int[] order,
                      History history, List<Callback> callbacks, String stopReason) throws IOException {
        Files.createDirectories(dir);
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        Map<String, Object> steps = new LinkedHashMap<>();
        for (Parameter p : network.parameters()) {
            tensors.put(p.name(), vector(p.value().data(), p.value().size()));
            Optimizer.State s = optimizer.state(p.name());
            if (s != null) {
                steps.put(p.name(), s.step());
                for (String name : s.names()) {
                    float[] buffer = s.buffer(name);
                    tensors.put("optimizer." + p.name() + "." + name, vector(buffer, buffer.length));
                }
            }
        }
        tensors.put("shuffle.order", SafeTensors.Tensor.ofInts(new int[] {order.length}, order));
        Map<String, String> layerRandom = new LinkedHashMap<>();
        for (int k = 0; k < network.layers().size(); k++) {
            Rng r = network.layers().get(k).random();
            if (r != null) {
                layerRandom.put(Integer.toString(k), Long.toString(r.state()));
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", Integer.toString(FORMAT_VERSION));
        meta.put("epoch", Integer.toString(epoch));
        meta.put("settings", settings);
        meta.put("optimizer", Json.write(Map.of("name", optimizer.name(), "steps", steps)));
        meta.put("random", Json.write(Map.of("shuffle", Long.toString(shuffle.state()), "layers", layerRandom)));
        meta.put("history", Json.write(history.asMap()));
        if (stopReason != null) {
            meta.put("stop_reason", stopReason);
        }
        Map<String, Object> saved = new LinkedHashMap<>();
        for (int i = 0; i < callbacks.size(); i++) {
            Callback.Saved state = callbacks.get(i).save();
            if (state != null) {
                saved.put(Integer.toString(i), state.values());
                for (Map.Entry<String, float[]> a : state.arrays().entrySet()) {
                    tensors.put("callback." + i + "." + a.getKey(), vector(a.getValue(), a.getValue().length));
                }
            }
        }
        meta.put("callbacks", Json.write(saved));
        Path target = file(dir, epoch);
        AtomicFiles.write(target, out -> SafeTensors.write(out, tensors, meta));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path old : files.filter(p -> p.getFileName().toString().startsWith(PREFIX) && p.compareTo(target) < 0).toList()) {
                Files.deleteIfExists(old);
            }
        }
    }

    private static SafeTensors.Tensor vector(float[] data, int size) {
        return new SafeTensors.Tensor(new int[] {size}, Arrays.copyOf(data, size));
    }

    /**
     * Restores {@code file} into the network, optimizer, layers' generators and callbacks;
     * returns the rest. Fails, naming the file, when it was written for other settings.
     */
    @SuppressWarnings("unchecked")
    static State read(Path file, String settings, Network network, Optimizer optimizer, List<Callback> callbacks) throws IOException {
        String source = file.toString();
        SafeTensors.Contents c = SafeTensors.read(Files.readAllBytes(file), source);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new InvalidInputException(source + ": not a Neurite checkpoint");
        }
        if (!Integer.toString(FORMAT_VERSION).equals(meta.get("format_version"))) {
            throw new InvalidInputException(source + ": checkpoint format " + meta.get("format_version") + ", but this Neurite reads format "
                    + FORMAT_VERSION + " (optimizer state named as PyTorch names it); start again without resuming, or resume with the"
                    + " Neurite that wrote it");
        }
        if (!settings.equals(meta.get("settings"))) {
            throw new InvalidInputException(source + ": this checkpoint was written by a run with other settings, so it cannot be resumed here ("
                    + differences(meta.get("settings"), settings) + ")\n  checkpoint: " + meta.get("settings") + "\n  this run:   " + settings);
        }
        Map<String, SafeTensors.Tensor> t = c.tensors();
        Map<String, Object> opt = Json.parseObject(meta.get("optimizer"), source + " optimizer");
        if (!optimizer.name().equals(opt.get("name"))) {
            throw new InvalidInputException(source + ": written with optimizer " + opt.get("name") + ", this run uses " + optimizer.name());
        }
        Map<String, Object> steps = (Map<String, Object>) opt.get("steps");
        for (Parameter p : network.parameters()) {
            copy(t, p.name(), p.value().data(), p.value().size(), source);
            Object step = steps.get(p.name());
            if (step != null) {
                Optimizer.State s = optimizer.stateFor(p.name(), p.value().size());
                s.setStep(((Double) step).longValue());
                for (String name : s.names()) {
                    float[] buffer = s.buffer(name);
                    copy(t, "optimizer." + p.name() + "." + name, buffer, buffer.length, source);
                }
            }
        }
        Map<String, Object> random = Json.parseObject(meta.get("random"), source + " random");
        Map<String, Object> layers = (Map<String, Object>) random.get("layers");
        for (int k = 0; k < network.layers().size(); k++) {
            Layer layer = network.layers().get(k);
            if (layer.random() != null && layers.get(Integer.toString(k)) instanceof String state) {
                layer.random().setState(Long.parseLong(state));
            }
        }
        History history = new History();
        Map<String, Object> h = Json.parseObject(meta.get("history"), source + " history");
        int epochs = Integer.parseInt(meta.get("epoch"));
        for (int e = 0; e < epochs; e++) {
            Map<String, Double> row = new LinkedHashMap<>();
            for (Map.Entry<String, Object> entry : h.entrySet()) {
                List<Object> values = (List<Object>) entry.getValue();
                if (e < values.size() && values.get(e) instanceof Double v) {
                    row.put(entry.getKey(), v);
                }
            }
            history.record(row);
        }
        Map<String, Object> saved = Json.parseObject(meta.getOrDefault("callbacks", "{}"), source + " callbacks");
        for (int i = 0; i < callbacks.size(); i++) {
            Callback.Saved expected = callbacks.get(i).save();
            if (expected != null && saved.get(Integer.toString(i)) instanceof Map<?, ?> values) {
                Map<String, Double> numbers = new LinkedHashMap<>();
                for (String key : expected.values().keySet()) {
                    Object v = values.get(key);
                    if (v == null ? expected.values().get(key) != null : !(v instanceof Double)) {
                        throw new InvalidInputException(source + ": callback " + i + "'s '" + key + "' is missing or not a number");
                    }
                    numbers.put(key, (Double) v);
                }
                Map<String, float[]> arrays = new LinkedHashMap<>();
                for (Map.Entry<String, float[]> a : expected.arrays().entrySet()) {
                    float[] into = new float[a.getValue().length];
                    copy(t, "callback." + i + "." + a.getKey(), into, into.length, source);
                    arrays.put(a.getKey(), into);
                }
                callbacks.get(i).restore(new Callback.Saved(numbers, arrays));
            }
        }
        SafeTensors.Tensor order = t.get("shuffle.order");
        if (order == null || order.ints() == null) {
            throw new InvalidInputException(source + ": the checkpoint lacks the shuffled order");
        }
        return new State(epochs, Long.parseLong((String) random.get("shuffle")), order.ints(), history, meta.get("stop_reason"));
    }

    private static void copy(Map<String, SafeTensors.Tensor> t, String name, float[] into, int size, String source) {
        SafeTensors.Tensor tensor = t.get(name);
        if (tensor == null || tensor.values() == null || tensor.values().length != size) {
            throw new InvalidInputException(source + ": tensor '" + name + "' is missing or has the wrong size for this network");
        }
        System.arraycopy(tensor.values(), 0, into, 0, size);
    }
}

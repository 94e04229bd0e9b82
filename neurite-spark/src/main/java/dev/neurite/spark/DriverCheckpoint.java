package dev.neurite.spark;

import dev.neurite.InvalidInputException;
import dev.neurite.io.Json;
import dev.neurite.io.SafeTensors;
import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.optim.Optimizer;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The driver's checkpoint of a data-parallel fit, on any Hadoop file system: everything the
 * driver owns, so that a fit whose driver died goes on from the last checkpoint and ends with the
 * bits of a fit never interrupted. That is the weights, the optimizer's moments and step counts
 * (the driver owns the optimizer), the number of epochs done, the history, early stopping's best
 * weights and counters, the seed (every random stream of the executors is positioned from the
 * seed, the partition, the epoch and the step, so nothing else of the generators needs saving) and
 * the settings, data fingerprint included.
 *
 * <p>The file is neurite-core's checkpoint layout (a safetensors file, one tensor per parameter
 * under its name, {@code optimizer.<parameter>.<slot>} for the optimizer's arrays, the settings,
 * epoch, optimizer steps, seed and history in the metadata), named
 * {@code checkpoint-NNNNN.safetensors}, with format {@value #FORMAT} and a CRC-32 of the tensors'
 * bytes, so a damaged file is refused. Written to a temporary name, then renamed; older
 * checkpoints are deleted only once the new one is complete, so a driver killed at any instant
 * leaves the last complete checkpoint.
 */
final class DriverCheckpoint {
    static final String FORMAT = "neurite-spark-checkpoint";
    static final int FORMAT_VERSION = 1;
    static final String PREFIX = "checkpoint-";
    static final String SUFFIX = ".safetensors";
    private static final String TEMP_PREFIX = "." + PREFIX;
    private static final String TEMP_SUFFIX = ".tmp";

    /** What a checkpoint restores besides the network and the optimizer. */
    record State(int epochsDone, List<double[]> history, long[] localSteps, double best, float[][] bestWeights,
            int bestEpoch, int sinceBest, boolean stopped) {
    }

    private final FileSystem fs;
    private final Path dir;
    private final int interval;
    private final String settings;
    private final String owner;

    private DriverCheckpoint(FileSystem fs, Path dir, int interval, String settings, String owner) {
        this.fs = fs;
        this.dir = dir;
        this.interval = interval;
        this.settings = settings;
        this.owner = owner;
    }

    /** A checkpoint folder for a fit with {@code settings} (a JSON object of what must match to resume). */
    static DriverCheckpoint open(String dir, int interval, Map<String, Object> settings, Configuration conf, String owner) {
        Path path = new Path(dir);
        try {
            return new DriverCheckpoint(path.getFileSystem(conf), path, interval, Json.write(settings), owner);
        } catch (IOException e) {
            throw new UncheckedIOException(owner + ": cannot open checkpointDir " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether the end of epoch {@code epochsDone} (1-based count) gets a checkpoint. */
    boolean due(int epochsDone, int epochs, boolean stopping) {
        return interval > 0 && (epochsDone % interval == 0 || epochsDone == epochs || stopping);
    }

    /** The newest checkpoint file in the folder, or null; temporary files of an interrupted write are ignored. */
    Path newest() throws IOException {
        FileStatus[] files;
        try {
            files = fs.listStatus(dir);
        } catch (FileNotFoundException e) {
            return null;
        }
        Path newest = null;
        for (FileStatus f : files) {
            String n = f.getPath().getName();
            if (f.isFile() && n.startsWith(PREFIX) && n.endsWith(SUFFIX)
                    && (newest == null || n.compareTo(newest.getName()) > 0)) {
                newest = f.getPath();
            }
        }
        return newest;
    }

    /**
     * Restores the newest checkpoint into {@code network} and {@code optimizer} and returns the
     * rest, or returns null when the folder holds none. Refuses, naming the differing settings, a
     * checkpoint of another fit, and, naming the file, one that is damaged; in both cases nothing
     * in the folder is changed.
     */
    @SuppressWarnings("unchecked")
    State restore(Network network, Optimizer optimizer) {
        Path file;
        try {
            file = newest();
        } catch (IOException e) {
            throw new UncheckedIOException(owner + ": cannot list checkpointDir " + dir + ": " + e.getMessage(), e);
        }
        if (file == null) {
            return null;
        }
        String source = file.toString();
        String keep = "; nothing in " + dir + " was changed: move that file away to start afresh";
        byte[] bytes;
        try (InputStream in = fs.open(file)) {
            bytes = in.readAllBytes();
        } catch (org.apache.hadoop.fs.ChecksumException e) {
            throw new IllegalStateException(owner + ": the checkpoint " + source + " is damaged and cannot be resumed (the file"
                    + " system's checksum does not match: " + e.getMessage() + ")" + keep, e);
        } catch (IOException e) {
            throw new UncheckedIOException(owner + ": cannot read the checkpoint " + source + ": " + e.getMessage(), e);
        }
        SafeTensors.Contents c;
        try {
            c = SafeTensors.read(bytes, source);
        } catch (InvalidInputException e) {
            throw new IllegalStateException(owner + ": the checkpoint " + source + " is damaged and cannot be resumed ("
                    + e.getMessage() + ")" + keep, e);
        }
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new IllegalStateException(owner + ": " + source + " is not a neurite-spark checkpoint (format '"
                    + meta.get("format") + "')" + keep);
        }
        if (!Integer.toString(FORMAT_VERSION).equals(meta.get("format_version"))) {
            throw new IllegalStateException(owner + ": " + source + " has checkpoint format " + meta.get("format_version")
                    + ", this neurite-spark reads format " + FORMAT_VERSION + keep);
        }
        String crc = Long.toHexString(checksum(c.tensors()));
        if (!crc.equals(meta.get("crc32"))) {
            throw new IllegalStateException(owner + ": the checkpoint " + source + " is damaged: its tensors' CRC-32 is " + crc
                    + ", the file says " + meta.get("crc32") + keep);
        }
        String theirs = meta.get("settings");
        if (!settings.equals(theirs)) {
            throw new IllegalArgumentException(owner + ": checkpointDir " + dir + " holds the checkpoint of a fit with other settings ("
                    + file.getName() + ": " + differences(theirs, settings) + "); fit with that checkpoint's settings and data to"
                    + " resume it, or give this fit another checkpointDir");
        }
        try {
            Map<String, SafeTensors.Tensor> t = c.tensors();
            List<Parameter> params = network.parameters();
            Map<String, Object> opt = Json.parseObject(meta.get("optimizer"), source + " optimizer");
            if (!optimizer.name().equals(opt.get("name"))) {
                throw new IllegalStateException("written with optimizer " + opt.get("name") + ", this fit uses " + optimizer.name());
            }
            Map<String, Object> steps = (Map<String, Object>) opt.get("steps");
            Map<String, Object> localSteps = (Map<String, Object>) opt.get("local_steps");
            long[] local = new long[params.size()];
            for (int i = 0; i < params.size(); i++) {
                Parameter p = params.get(i);
                copy(t, p.name(), p.value().data(), p.value().size());
                local[i] = ((Double) Objects.requireNonNull(localSteps.get(p.name()), "local steps of " + p.name())).longValue();
                if (steps.get(p.name()) instanceof Double step) {
                    Optimizer.State s = optimizer.stateFor(p.name(), p.value().size());
                    s.setStep(step.longValue());
                    for (String name : s.names()) {
                        float[] buffer = s.buffer(name);
                        copy(t, "optimizer." + p.name() + "." + name, buffer, buffer.length);
                    }
                }
            }
            List<double[]> history = new ArrayList<>();
            for (Object row : (List<Object>) Json.parse(meta.get("history"), source + " history")) {
                List<Object> r = (List<Object>) row;
                history.add(new double[] {Double.parseDouble((String) r.get(0)), Double.parseDouble((String) r.get(1))});
            }
            int epochsDone = Integer.parseInt(meta.get("epoch"));
            if (history.size() != epochsDone) {
                throw new IllegalStateException("its history has " + history.size() + " epochs, its epoch is " + epochsDone);
            }
            Map<String, Object> es = Json.parseObject(meta.get("early_stopping"), source + " early_stopping");
            int bestEpoch = ((Double) es.get("best_epoch")).intValue();
            float[][] bestWeights = null;
            if (bestEpoch >= 0) {
                bestWeights = new float[params.size()][];
                for (int i = 0; i < params.size(); i++) {
                    bestWeights[i] = new float[params.get(i).value().size()];
                    copy(t, "best." + params.get(i).name(), bestWeights[i], bestWeights[i].length);
                }
            }
            return new State(epochsDone, history, local, Double.parseDouble((String) es.get("best")), bestWeights, bestEpoch,
                    ((Double) es.get("since_best")).intValue(), Boolean.parseBoolean(meta.get("stopped")));
        } catch (RuntimeException e) {
            throw new IllegalStateException(owner + ": the checkpoint " + source + " cannot be resumed: " + e.getMessage() + keep, e);
        }
    }

    /** Writes the checkpoint of the end of epoch {@code epochsDone}, then deletes the older ones. */
    void write(int epochsDone, Network network, Optimizer optimizer, long[] localSteps, List<double[]> history, double best,
            float[][] bestWeights, int bestEpoch, int sinceBest, boolean stopped) {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        Map<String, Object> steps = new LinkedHashMap<>();
        Map<String, Object> local = new LinkedHashMap<>();
        List<Parameter> params = network.parameters();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            tensors.put(p.name(), vector(p.value().data(), p.value().size()));
            local.put(p.name(), localSteps[i]);
            Optimizer.State s = optimizer.state(p.name());
            if (s != null) {
                steps.put(p.name(), s.step());
                for (String name : s.names()) {
                    float[] buffer = s.buffer(name);
                    tensors.put("optimizer." + p.name() + "." + name, vector(buffer, buffer.length));
                }
            }
        }
        if (bestWeights != null) {
            for (int i = 0; i < params.size(); i++) {
                tensors.put("best." + params.get(i).name(), vector(bestWeights[i], bestWeights[i].length));
            }
        }
        List<Object> rows = new ArrayList<>();
        for (double[] h : history) {
            rows.add(List.of(Double.toString(h[0]), Double.toString(h[1])));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", Integer.toString(FORMAT_VERSION));
        meta.put("epoch", Integer.toString(epochsDone));
        meta.put("settings", settings);
        meta.put("optimizer", Json.write(Map.of("name", optimizer.name(), "steps", steps, "local_steps", local)));
        meta.put("random", Json.write(Map.of("seed", Json.parseObject(settings, "settings").get("seed"),
                "streams", "every executor stream is positioned from the seed, partition, epoch and step")));
        meta.put("history", Json.write(rows));
        meta.put("early_stopping", Json.write(Map.of("best", Double.toString(best), "best_epoch", bestEpoch,
                "since_best", sinceBest)));
        meta.put("stopped", Boolean.toString(stopped));
        meta.put("crc32", Long.toHexString(checksum(tensors)));
        Path target = new Path(dir, String.format("%s%05d%s", PREFIX, epochsDone, SUFFIX));
        Path temp = new Path(dir, TEMP_PREFIX + String.format("%05d", epochsDone) + SUFFIX + TEMP_SUFFIX);
        try {
            fs.mkdirs(dir);
            try (FSDataOutputStream out = fs.create(temp, true)) {
                SafeTensors.write(out, tensors, meta);
                out.hsync();
            }
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(temp, target)) {
                throw new IOException("renaming " + temp + " to " + target + " failed");
            }
            for (FileStatus f : fs.listStatus(dir)) {
                String n = f.getPath().getName();
                if (n.startsWith(PREFIX) && n.endsWith(SUFFIX) && n.compareTo(target.getName()) < 0) {
                    fs.delete(f.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(owner + ": cannot write a checkpoint to checkpointDir " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes temporary files a driver that died while writing left behind (one fit per folder at a time). */
    void removeStaleTemporaries() {
        try {
            for (FileStatus f : fs.listStatus(dir)) {
                String n = f.getPath().getName();
                if (n.startsWith(TEMP_PREFIX) && n.endsWith(TEMP_SUFFIX)) {
                    fs.delete(f.getPath(), false);
                }
            }
        } catch (FileNotFoundException e) {
            // no folder yet
        } catch (IOException e) {
            throw new UncheckedIOException(owner + ": cannot list checkpointDir " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The settings that differ, as "key: theirs there, ours here". */
    static String differences(String theirs, String ours) {
        Map<String, Object> a;
        Map<String, Object> b;
        try {
            a = Json.parseObject(theirs, "checkpoint settings");
            b = Json.parseObject(ours, "settings");
        } catch (RuntimeException e) {
            return "other settings";
        }
        List<String> out = new ArrayList<>();
        for (String key : b.keySet()) {
            if (!Objects.equals(a.get(key), b.get(key))) {
                out.add(key + " " + (a.containsKey(key) ? Json.write(a.get(key)) : "unset") + " there, "
                        + Json.write(b.get(key)) + " here");
            }
        }
        for (String key : a.keySet()) {
            if (!b.containsKey(key)) {
                out.add(key + " " + Json.write(a.get(key)) + " there, unset here");
            }
        }
        return out.isEmpty() ? "other settings" : String.join("; ", out);
    }

    private static long checksum(Map<String, SafeTensors.Tensor> tensors) {
        CRC32 crc = new CRC32();
        for (Map.Entry<String, SafeTensors.Tensor> e : tensors.entrySet()) {
            crc.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            float[] v = e.getValue().values();
            if (v != null) {
                byte[] bytes = new byte[v.length * 4];
                java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().put(v);
                crc.update(bytes);
            }
        }
        return crc.getValue();
    }

    private static SafeTensors.Tensor vector(float[] data, int size) {
        return new SafeTensors.Tensor(new int[] {size}, Arrays.copyOf(data, size));
    }

    private static void copy(Map<String, SafeTensors.Tensor> t, String name, float[] into, int size) {
        SafeTensors.Tensor tensor = t.get(name);
        if (tensor == null || tensor.values() == null || tensor.values().length != size) {
            throw new IllegalStateException("tensor '" + name + "' is missing or has the wrong size for this network");
        }
        System.arraycopy(tensor.values(), 0, into, 0, size);
    }
}

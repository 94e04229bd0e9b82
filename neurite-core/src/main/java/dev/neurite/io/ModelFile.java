package dev.neurite.io;

import dev.neurite.InvalidInputException;
import dev.neurite.data.ColumnRole;
import dev.neurite.data.MissingValues;
import dev.neurite.data.OneHotEncoder;
import dev.neurite.data.Preprocessor;
import dev.neurite.data.Standardizer;
import dev.neurite.data.Task;
import dev.neurite.loss.Losses;
import dev.neurite.nn.ActivationLayer;
import dev.neurite.nn.Activations;
import dev.neurite.nn.Dense;
import dev.neurite.nn.Dropout;
import dev.neurite.nn.Embedding;
import dev.neurite.nn.Layer;
import dev.neurite.nn.Network;
import dev.neurite.nn.Parameter;
import dev.neurite.nn.PeriodicEmbedding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Saves and loads a {@link Model} as one safetensors file. The tensors are the network's
 * parameters under their PyTorch-style names ({@code "0.weight"} with shape [in, out],
 * {@code "0.bias"} with shape [out]) and the preprocessing's numbers
 * ({@code "preprocessing.mean"}, {@code "preprocessing.scale"}, {@code "preprocessing.fill"} (the value
 * a missing cell of each numeric column takes; since version 2), and for regression
 * {@code "preprocessing.target_mean"}, {@code "preprocessing.target_scale"}). The
 * {@code __metadata__} holds JSON strings: {@code format} ("neurite"), {@code format_version},
 * {@code architecture}, {@code loss}, {@code preprocessing} and {@code training}.
 *
 * <p>Loading runs no code from the file and uses no Java serialization: it parses JSON and
 * copies floats, checking every shape against the architecture. Saving is atomic. Version 2
 * added missing values (the {@code na_values} and each numeric feature's {@code missing_indicator}
 * in the preprocessing JSON, the fill tensor); files of version 1 still load, reading only
 * empty cells as missing and filling them with the column's mean.
 *
 * <p>Version 3 added ensembles: the metadata's {@code members} holds their number K (2 to
 * {@link Model#MAX_MEMBERS}), every member has the one {@code architecture}, and member i's
 * parameters are the tensors {@code "member.i.0.weight"}, … Only an ensemble is written as
 * version 3; a single network is still written as version 2 (no {@code members}, bare tensor
 * names), so the Neurite releases before ensembles keep reading it.
 */
public final class ModelFile {
    public static final String FORMAT = "neurite";
    public static final int VERSION = 3;
    /** The version a single-network model is written as: the last one before ensembles. */
    static final int SINGLE_NETWORK_VERSION = 2;
    /** The oldest format version this Neurite reads. */
    public static final int OLDEST_VERSION = 1;

    /** How a metadata string's checksum is named among the tensors' in {@code checksums}. */
    private static final String METADATA_PREFIX = "__metadata__.";

    private ModelFile() {
    }

    /** Writes {@code model} to {@code path} atomically: a crash leaves the previous file intact. */
    public static void save(Model model, Path path) throws IOException {
        SafeTensors.Contents contents = contents(model);
        try {
            AtomicFiles.write(path, out -> SafeTensors.write(out, contents.tensors(), contents.metadata()));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Throws {@link InvalidInputException} when {@code model} would make a file that {@link #load}
     * refuses (a preprocessing too large for the header, say), so a caller can find out before
     * training rather than after.
     */
    public static void requireSavable(Model model) {
        SafeTensors.Contents contents = contents(model);
        SafeTensors.requireWritable(contents.tensors(), contents.metadata());
    }

    /** The tensors and metadata of {@code model}'s file, with a CRC-32C of every tensor. */
    private static SafeTensors.Contents contents(Model model) {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        List<Network> members = model.members();
        for (int i = 0; i < members.size(); i++) {
            for (Parameter p : members.get(i).parameters()) {
                float[] values = Arrays.copyOf(p.value().data(), p.value().size());
                int[] shape = p.name().endsWith(".bias") ? new int[] {p.value().size()} : new int[] {p.value().rows(), p.value().columns()};
                tensors.put(tensorName(members.size(), i, p.name()), new SafeTensors.Tensor(shape, values));
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("format_version", Integer.toString(versionFor(model)));
        if (model.isEnsemble()) {
            metadata.put("members", Integer.toString(members.size()));
        }
        metadata.put("architecture", Json.write(architecture(model.network())));
        metadata.put("loss", model.loss());
        Preprocessor pre = model.preprocessor();
        if (pre != null) {
            metadata.put("preprocessing", Json.write(preprocessing(pre)));
            float[] mean = pre.numericScaler().mean();
            tensors.put("preprocessing.mean", new SafeTensors.Tensor(new int[] {mean.length}, mean));
            tensors.put("preprocessing.scale", new SafeTensors.Tensor(new int[] {mean.length}, pre.numericScaler().scale()));
            tensors.put("preprocessing.fill", new SafeTensors.Tensor(new int[] {mean.length}, pre.fillValues()));
            if (pre.task() == Task.REGRESSION) {
                tensors.put("preprocessing.target_mean", new SafeTensors.Tensor(new int[] {1}, pre.targetScaler().mean()));
                tensors.put("preprocessing.target_scale", new SafeTensors.Tensor(new int[] {1}, pre.targetScaler().scale()));
            }
        }
        metadata.put("training", Json.write(model.training()));
        if (!Double.isNaN(model.decisionThreshold())) {
            metadata.put("decision_threshold", Double.toString(model.decisionThreshold()));
        }
        Map<String, String> checksums = new LinkedHashMap<>();
        tensors.forEach((name, t) -> checksums.put(name, t.checksum()));
        metadata.forEach((key, value) -> {
            if (!key.equals("format")) {
                checksums.put(METADATA_PREFIX + key, checksum(value));
            }
        });
        metadata.put("checksums", Json.write(checksums));
        return new SafeTensors.Contents(tensors, metadata);
    }

    /** Reads a model written by {@link #save}; any problem is an {@link InvalidInputException} naming the file. */
    public static Model load(Path path) {
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > SafeTensors.MAX_FILE) {
                throw new InvalidInputException(path + ": " + size + " bytes, too large for a model file");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(path + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot read: " + e.getMessage(), e);
        }
        return read(bytes, path.toString());
    }

    /** Reads a model from the bytes of a model file; {@code source} names it in messages. */
    public static Model read(byte[] bytes, String source) {
        SafeTensors.Contents contents = SafeTensors.read(bytes, source);
        Map<String, String> meta = contents.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new InvalidInputException(source + ": not a Neurite model file (its metadata has no format \"" + FORMAT + "\")");
        }
        String version = meta.get("format_version");
        int formatVersion = OLDEST_VERSION - 1;
        for (int v = OLDEST_VERSION; v <= VERSION; v++) {
            if (String.valueOf(v).equals(version)) {
                formatVersion = v;
            }
        }
        if (formatVersion < OLDEST_VERSION) {
            throw new InvalidInputException(source + ": model format version " + version + "; this Neurite reads versions "
                    + OLDEST_VERSION + " to " + VERSION);
        }
        boolean summaryIntact = requireChecksums(contents, source);
        int memberCount = memberCount(meta.get("members"), formatVersion, source);
        Map<String, Object> architecture = Json.parseObject(required(meta, "architecture", source), source + " architecture");
        List<Network> members = new ArrayList<>();
        members.add(network(architecture, source));
        String loss = required(meta, "loss", source);
        try {
            Losses.named(loss);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(source + ": " + e.getMessage());
        }
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>(contents.tensors());
        for (int i = 0; i < memberCount; i++) {
            if (i > 0) { // built only once the members before it found their tensors: the file's size bounds what is allocated
                members.add(network(architecture, source));
            }
            for (Parameter p : members.get(i).parameters()) {
                String name = tensorName(memberCount, i, p.name());
                SafeTensors.Tensor t = tensors.remove(name);
                if (t == null) {
                    throw new InvalidInputException(source + ": tensor '" + name + "' is missing"
                            + (memberCount > 1 ? " (the metadata says the ensemble has " + memberCount + " members)" : ""));
                }
                int[] expected = p.name().endsWith(".bias") ? new int[] {p.value().size()} : new int[] {p.value().rows(), p.value().columns()};
                if (!Arrays.equals(expected, t.shape())) {
                    throw new InvalidInputException(source + ": tensor '" + name + "' has shape " + Arrays.toString(t.shape())
                            + " but the architecture needs " + Arrays.toString(expected));
                }
                if (t.values() == null) {
                    throw new InvalidInputException(source + ": tensor '" + name + "' has dtype " + t.dtype() + ", expected F32");
                }
                requireFinite(t.values(), name, source);
                System.arraycopy(t.values(), 0, p.value().data(), 0, t.values().length);
            }
        }
        Preprocessor pre = null;
        if (meta.containsKey("preprocessing")) {
            pre = preprocessor(Json.parseObject(meta.get("preprocessing"), source + " preprocessing"), tensors, formatVersion, source);
        }
        tensors.keySet().removeIf(k -> k.startsWith("preprocessing."));
        if (!tensors.isEmpty()) {
            throw new InvalidInputException(source + ": tensors " + tensors.keySet() + " belong to no layer of the architecture"
                    + (memberCount > 1 ? " of the " + memberCount + " members the metadata names"
                    : tensors.keySet().stream().anyMatch(k -> k.startsWith("member.")) ? " (the metadata names no ensemble members)" : ""));
        }
        Map<String, Object> training = summaryIntact ? trainingSummary(meta.get("training"))
                : Map.of("unreadable", "the training summary is damaged: its checksum differs from the one recorded when the file was written");
        try {
            return Model.ensemble(members, loss, pre, training, decisionThreshold(meta.get("decision_threshold"), source));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(source + ": " + e.getMessage());
        }
    }

    /** The format version {@link #save} writes {@code model} as: {@link #VERSION} for an ensemble, 2 for one network. */
    public static int versionFor(Model model) {
        return model.isEnsemble() ? VERSION : SINGLE_NETWORK_VERSION;
    }

    /** The name of a parameter's tensor: as it is for a single network, {@code member.i.NAME} in an ensemble. */
    private static String tensorName(int members, int member, String parameter) {
        return members == 1 ? parameter : "member." + member + "." + parameter;
    }

    /** The number of networks: 1 without {@code members}; else 2 to {@link Model#MAX_MEMBERS}, in a file of version 3 or later. */
    private static int memberCount(String text, int formatVersion, String source) {
        if (text == null) {
            return 1;
        }
        if (formatVersion < 3) {
            throw new InvalidInputException(source + ": format version " + formatVersion + " has no ensembles, but the metadata names members '"
                    + shorten(text) + "'");
        }
        int k = -1;
        try {
            k = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            // reported below
        }
        if (k < 2 || k > Model.MAX_MEMBERS) {
            throw new InvalidInputException(source + ": the ensemble's members '" + shorten(text) + "' is not a number from 2 to " + Model.MAX_MEMBERS);
        }
        return k;
    }

    /**
     * Checks each tensor, and each metadata string the file recorded one for, against the CRC-32C
     * recorded when it was written; files written before checksums were recorded have none and
     * load as they are, and files written before metadata checksums (December 2026) have only the
     * tensors'. A damaged tensor or a damaged string that decides predictions (architecture, loss,
     * preprocessing, threshold, version) is refused; a damaged training summary, informational
     * only, is reported by returning false. A recorded checksum that names nothing in the file
     * (a damaged name) is refused too.
     */
    private static boolean requireChecksums(SafeTensors.Contents contents, String source) {
        String recorded = contents.metadata().get("checksums");
        if (recorded == null) {
            return true;
        }
        Map<String, Object> checksums;
        try {
            checksums = Json.parseObject(recorded, source + " checksums");
        } catch (InvalidInputException e) {
            throw new InvalidInputException(source + ": the weights are damaged: the checksums in the metadata are unreadable");
        }
        for (Map.Entry<String, SafeTensors.Tensor> t : contents.tensors().entrySet()) {
            Object expected = checksums.get(t.getKey());
            String actual = t.getValue().checksum();
            if (!actual.equals(expected)) {
                throw new InvalidInputException(source + ": the weights are damaged: tensor '" + t.getKey() + "' has checksum " + actual
                        + ", the file recorded " + (expected == null ? "none" : expected) + " when it was written");
            }
        }
        boolean summaryIntact = true;
        for (Map.Entry<String, Object> c : checksums.entrySet()) {
            String name = c.getKey();
            if (contents.tensors().containsKey(name)) {
                continue;
            }
            String key = name.startsWith(METADATA_PREFIX) ? name.substring(METADATA_PREFIX.length()) : null;
            String value = key == null || key.equals("checksums") ? null : contents.metadata().get(key);
            if (value == null) {
                throw new InvalidInputException(source + ": the file is damaged: its checksums name '" + shorten(name)
                        + "', which is neither a tensor nor a metadata entry of the file");
            }
            String actual = checksum(value);
            if (!actual.equals(c.getValue())) {
                if (key.equals("training")) {
                    summaryIntact = false;
                } else {
                    throw new InvalidInputException(source + ": the file is damaged: metadata '" + key + "' has checksum " + actual
                            + ", the file recorded " + c.getValue() + " when it was written");
                }
            }
        }
        return summaryIntact;
    }

    /** The CRC-32C of a metadata string's UTF-8 bytes, in hex, as {@link SafeTensors.Tensor#checksum()} writes a tensor's. */
    private static String checksum(String value) {
        CRC32C crc = new CRC32C();
        crc.update(value.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    /** The training summary, informational only: one that cannot be read never makes the model unloadable. */
    private static Map<String, Object> trainingSummary(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return Json.parseObject(json, "training");
        } catch (InvalidInputException e) {
            return Map.of("unreadable", e.getMessage());
        }
    }

    /** The optional decision threshold of a binary classifier; NaN when the file has none. */
    private static double decisionThreshold(String text, String source) {
        if (text == null) {
            return Double.NaN;
        }
        try {
            double t = Double.parseDouble(text);
            if (!Double.isNaN(t)) {
                return t;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(source + ": decision_threshold '" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "' is not a number in [0, 1]");
    }

    private static String required(Map<String, String> meta, String key, String source) {
        String v = meta.get(key);
        if (v == null) {
            throw new InvalidInputException(source + ": the metadata lacks '" + key + "'");
        }
        return v;
    }

    private static void requireFinite(float[] values, String name, String source) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new InvalidInputException(source + ": tensor '" + name + "' holds " + values[i] + " at index " + i);
            }
        }
    }

    static Map<String, Object> architecture(Network network) {
        List<Object> layers = new ArrayList<>();
        for (Layer layer : network.layers()) {
            Map<String, Object> l = new LinkedHashMap<>();
            if (layer instanceof Dense d) {
                l.put("type", "dense");
                l.put("in", d.inputSize());
                l.put("out", d.outputSize());
                l.put("activation", d.activation().spec());
            } else if (layer instanceof Embedding e) {
                l.put("type", "embedding");
                l.put("in", e.inputSize());
                l.put("column", e.column());
                l.put("vocabulary", e.vocabulary());
                l.put("dimension", e.dimension());
            } else if (layer instanceof PeriodicEmbedding p) {
                l.put("type", "periodic_embedding");
                l.put("in", p.inputSize());
                List<Object> columns = new ArrayList<>();
                for (int c : p.columns()) {
                    columns.add(c);
                }
                l.put("columns", columns);
                l.put("frequencies", p.frequencies());
                l.put("dimension", p.dimension());
                l.put("sigma", (double) p.sigma());
                l.put("lite", p.lite());
            } else if (layer instanceof Dropout d) {
                l.put("type", "dropout");
                l.put("rate", d.rate());
            } else if (layer instanceof ActivationLayer a) {
                l.put("type", "activation");
                l.put("activation", a.activation().spec());
            } else {
                throw new IllegalArgumentException("cannot save layer " + layer.describe() + ": the model file knows dense, embedding, periodic_embedding, dropout and activation layers");
            }
            layers.add(l);
        }
        return Map.of("layers", layers);
    }

    private static Network network(Map<String, Object> architecture, String source) {
        if (!(architecture.get("layers") instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidInputException(source + ": the architecture has no list of layers");
        }
        List<Layer> layers = new ArrayList<>();
        try {
            for (int k = 0; k < list.size(); k++) {
                if (!(list.get(k) instanceof Map<?, ?> l)) {
                    throw new InvalidInputException(source + ": layer " + k + " of the architecture is not an object");
                }
                String type = String.valueOf(l.get("type"));
                layers.add(switch (type) {
                    case "dense" -> new Dense(size(l.get("in"), k, "in", source), size(l.get("out"), k, "out", source),
                            Activations.named(String.valueOf(l.get("activation"))));
                    case "embedding" -> new Embedding(size(l.get("in"), k, "in", source), position(l.get("column"), k, source),
                            size(l.get("vocabulary"), k, "vocabulary", source), size(l.get("dimension"), k, "dimension", source));
                    case "periodic_embedding" -> periodic(l, k, source);
                    case "dropout" -> new Dropout(l.get("rate") instanceof Double r ? r.floatValue() : -1f);
                    case "activation" -> new ActivationLayer(Activations.named(String.valueOf(l.get("activation"))));
                    default -> throw new InvalidInputException(source + ": layer " + k + " has unknown type '" + type + "'");
                });
            }
            return Network.of(layers.toArray(Layer[]::new));
        } catch (InvalidInputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(source + ": the architecture is invalid: " + e.getMessage());
        }
    }

    private static PeriodicEmbedding periodic(Map<?, ?> l, int k, String source) {
        int in = size(l.get("in"), k, "in", source);
        if (!(l.get("columns") instanceof List<?> list) || list.isEmpty() || list.size() > in) {
            throw new InvalidInputException(source + ": layer " + k + " has 'columns' = " + l.get("columns") + ", not a list of 1 to " + in + " column positions");
        }
        int[] columns = new int[list.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = position(list.get(i), k, source);
        }
        if (!(l.get("sigma") instanceof Double sigma) || !(sigma > 0) || sigma.isInfinite()) {
            throw new InvalidInputException(source + ": layer " + k + " has 'sigma' = " + l.get("sigma") + ", not a positive number");
        }
        if (!(l.get("lite") instanceof Boolean lite)) {
            throw new InvalidInputException(source + ": layer " + k + " has 'lite' = " + l.get("lite") + ", not true or false");
        }
        return new PeriodicEmbedding(in, columns, size(l.get("frequencies"), k, "frequencies", source),
                size(l.get("dimension"), k, "dimension", source), sigma.floatValue(), lite);
    }

    private static int position(Object value, int layer, String source) {
        if (!(value instanceof Double d) || d != Math.rint(d) || d < 0 || d > 1 << 24) {
            throw new InvalidInputException(source + ": layer " + layer + " has 'column' = " + value + ", not a column position");
        }
        return d.intValue();
    }

    private static int size(Object value, int layer, String key, String source) {
        if (!(value instanceof Double d) || d != Math.rint(d) || d < 1 || d > 1 << 24) {
            throw new InvalidInputException(source + ": layer " + layer + " has '" + key + "' = " + value + ", not a layer size");
        }
        return d.intValue();
    }

    static Map<String, Object> preprocessing(Preprocessor pre) {
        List<Object> features = new ArrayList<>();
        boolean[] indicators = pre.missingIndicators();
        Preprocessor.NumericKind[] kinds = pre.numericKinds();
        for (int j = 0, k = 0; j < pre.features().size(); j++) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", pre.features().get(j));
            OneHotEncoder e = pre.encoder(j);
            f.put("kind", e == null ? kinds[k].id() : e.embedded() ? "embedding" : "text");
            if (e != null) {
                f.put("categories", e.categories());
                f.put("other", e.hasOther());
            } else {
                f.put("missing_indicator", indicators[k++]);
            }
            features.add(f);
        }
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("name", pre.target());
        target.put("task", pre.task().id());
        if (pre.task() == Task.CLASSIFICATION) {
            target.put("labels", pre.classLabels());
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("na_values", pre.missingValues().tokens());
        p.put("features", features);
        p.put("target", target);
        List<Object> roles = new ArrayList<>();
        for (ColumnRole r : pre.roles()) {
            roles.add(Map.of("name", r.name(), "role", r.role(), "reason", r.reason()));
        }
        p.put("columns", roles);
        return p;
    }

    private static Preprocessor preprocessor(Map<String, Object> p, Map<String, SafeTensors.Tensor> tensors, int version, String source) {
        try {
            List<String> names = new ArrayList<>();
            List<OneHotEncoder> encoders = new ArrayList<>();
            List<Boolean> indicators = new ArrayList<>();
            List<Preprocessor.NumericKind> kinds = new ArrayList<>();
            if (!(p.get("features") instanceof List<?> features)) {
                throw new InvalidInputException(source + ": the preprocessing has no list of features");
            }
            for (Object o : features) {
                if (!(o instanceof Map<?, ?> f) || !(f.get("name") instanceof String name)) {
                    throw new InvalidInputException(source + ": a feature of the preprocessing has no name");
                }
                names.add(name);
                if ("text".equals(f.get("kind")) || "embedding".equals(f.get("kind"))) {
                    encoders.add(new OneHotEncoder(name, strings(f.get("categories"), "categories of '" + name + "'", source),
                            Boolean.TRUE.equals(f.get("other")), "embedding".equals(f.get("kind"))));
                } else if (numericKind(f.get("kind")) != null) {
                    encoders.add(null);
                    kinds.add(numericKind(f.get("kind")));
                    Object flag = f.get("missing_indicator");
                    if (version >= 2 && !(flag instanceof Boolean)) {
                        throw new InvalidInputException(source + ": numeric feature '" + name + "' has missing_indicator " + flag + ", not true or false");
                    }
                    indicators.add(Boolean.TRUE.equals(flag));
                } else {
                    throw new InvalidInputException(source + ": feature '" + name + "' has unknown kind " + f.get("kind"));
                }
            }
            Standardizer scaler = new Standardizer(vector(tensors, "preprocessing.mean", source), vector(tensors, "preprocessing.scale", source));
            float[] fill = version >= 2 ? vector(tensors, "preprocessing.fill", source) : scaler.mean();
            boolean[] indicator = new boolean[indicators.size()];
            for (int k = 0; k < indicator.length; k++) {
                indicator[k] = indicators.get(k);
            }
            MissingValues missing = version >= 2 ? new MissingValues(strings(p.get("na_values"), "na_values", source)) : MissingValues.EMPTY_ONLY;
            if (!(p.get("target") instanceof Map<?, ?> t) || !(t.get("name") instanceof String target)) {
                throw new InvalidInputException(source + ": the preprocessing has no target");
            }
            Task task = Task.named(String.valueOf(t.get("task")));
            List<String> labels = task == Task.CLASSIFICATION ? strings(t.get("labels"), "class labels", source) : List.of();
            Standardizer targetScaler = task == Task.REGRESSION
                    ? new Standardizer(vector(tensors, "preprocessing.target_mean", source), vector(tensors, "preprocessing.target_scale", source))
                    : null;
            List<ColumnRole> roles = null;
            if (p.get("columns") instanceof List<?> columns) {
                roles = new ArrayList<>();
                for (Object o : columns) {
                    if (!(o instanceof Map<?, ?> r) || !(r.get("name") instanceof String n) || !(r.get("role") instanceof String role)
                            || !(r.get("reason") instanceof String reason)) {
                        throw new InvalidInputException(source + ": a column of the preprocessing lacks its name, role or reason");
                    }
                    roles.add(new ColumnRole(n, role, reason));
                }
            }
            return new Preprocessor(names, encoders, scaler, fill, indicator, kinds.toArray(Preprocessor.NumericKind[]::new), missing,
                    target, task, labels, targetScaler, roles);
        } catch (InvalidInputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(source + ": the preprocessing is invalid: " + e.getMessage());
        }
    }

    private static Preprocessor.NumericKind numericKind(Object id) {
        for (Preprocessor.NumericKind k : Preprocessor.NumericKind.values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        return null;
    }

    private static float[] vector(Map<String, SafeTensors.Tensor> tensors, String name, String source) {
        SafeTensors.Tensor t = tensors.get(name);
        if (t == null || t.shape().length != 1 || t.values() == null) {
            throw new InvalidInputException(source + ": tensor '" + name + "' is missing or not a vector");
        }
        return t.values();
    }

    private static List<String> strings(Object value, String what, String source) {
        if (!(value instanceof List<?> list)) {
            throw new InvalidInputException(source + ": the " + what + " are not a list");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new InvalidInputException(source + ": the " + what + " hold " + o + ", not a string");
            }
            out.add(s);
        }
        return out;
    }
}

package dev.neurite.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neurite.loss.Loss;
import dev.neurite.loss.Losses;
import dev.neurite.nn.Activations;
import dev.neurite.nn.Dense;
import dev.neurite.nn.Embedding;
import dev.neurite.nn.Layer;
import dev.neurite.nn.Network;
import dev.neurite.nn.PeriodicEmbedding;
import dev.neurite.optim.Adagrad;
import dev.neurite.optim.AdagradConfig;
import dev.neurite.optim.Adam;
import dev.neurite.optim.AdamConfig;
import dev.neurite.optim.AdamW;
import dev.neurite.optim.Optimizer;
import dev.neurite.optim.RmsProp;
import dev.neurite.optim.RmsPropConfig;
import dev.neurite.optim.Sgd;
import dev.neurite.optim.SgdConfig;
import dev.neurite.tensor.Matrix;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One PyTorch reference case (format: docs/reference-cases.md), read with Jackson, independent of
 * our code. The cases bundled as test resources are written by
 * neurite-core/src/test/python/reference_cases.py.
 */
record ReferenceCase(String name, JsonNode json) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Where the bundled cases lie on the test classpath. */
    static final String BUNDLED = "/dev/neurite/reference/";
    /** A folder whose cases run beside the bundled ones. */
    static final String DIR_PROPERTY = "reference.dir";
    /** {@code true}: the folder's cases run instead of the bundled ones. */
    static final String ONLY_PROPERTY = "reference.only";

    private static final Set<String> FIELDS = Set.of("name", "layers", "loss", "params", "input", "target",
            "expected", "optimizer", "steps", "expected_after_steps", "sample_weights", "class_weights", "label_smoothing");
    private static final Set<String> EXPECTED_FIELDS = Set.of("output", "loss", "grads", "input_grad");
    private static final Set<String> AFTER_STEPS_FIELDS = Set.of("losses", "params");
    private static final Set<String> DENSE_FIELDS = Set.of("type", "in", "out", "activation");
    private static final Set<String> EMBEDDING_FIELDS = Set.of("type", "in", "column", "vocabulary", "dimension");
    private static final Set<String> PERIODIC_FIELDS = Set.of("type", "in", "columns", "frequencies", "dimension", "sigma", "lite");
    /** The fields each optimizer needs; {@code weight_decay} may come with any of them. */
    private static final Map<String, Set<String>> OPTIMIZER_FIELDS = Map.of(
            "sgd", Set.of("type", "lr"),
            "momentum", Set.of("type", "lr", "momentum"),
            "nesterov", Set.of("type", "lr", "momentum"),
            "adam", Set.of("type", "lr", "beta1", "beta2", "eps"),
            "adamw", Set.of("type", "lr", "beta1", "beta2", "eps", "weight_decay"),
            "rmsprop", Set.of("type", "lr", "rho", "eps"),
            "adagrad", Set.of("type", "lr", "eps"));

    /**
     * The cases to run: the bundled ones, plus those of {@code -Dreference.dir=DIR} (named
     * {@code "DIR: case"}), or only DIR's with {@code -Dreference.only=true}. Every source must
     * hold at least one case.
     */
    static List<ReferenceCase> all() throws IOException {
        String dir = System.getProperty(DIR_PROPERTY, "").trim();
        boolean only = Boolean.parseBoolean(System.getProperty(ONLY_PROPERTY, "false").trim());
        if (only && dir.isEmpty()) {
            throw new IllegalStateException("-D" + ONLY_PROPERTY + "=true needs -D" + DIR_PROPERTY + "=DIR");
        }
        List<ReferenceCase> cases = new ArrayList<>();
        if (!only) {
            cases.addAll(bundled());
        }
        if (!dir.isEmpty()) {
            Path folder = Paths.get(dir).toAbsolutePath().normalize();
            cases.addAll(fromFolder(folder, folder + ": "));
        }
        return cases;
    }

    /** The cases under {@link #BUNDLED} on the classpath (a folder, or a jar when packaged). */
    static List<ReferenceCase> bundled() throws IOException {
        URL url = ReferenceCase.class.getResource(BUNDLED);
        if (url == null) {
            throw new IllegalStateException("no " + BUNDLED + " on the test classpath");
        }
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException(url + ": " + e.getMessage(), e);
        }
        if (uri.getScheme().equals("jar")) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return fromFolder(jar.getPath(BUNDLED), "");
            }
        }
        return fromFolder(Paths.get(uri), "");
    }

    /** Every {@code *.json} in the folder, sorted by file name, each named prefix + its "name". */
    static List<ReferenceCase> fromFolder(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no reference folder at " + dir);
        }
        List<ReferenceCase> cases = new ArrayList<>();
        Set<String> names = new HashSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                JsonNode node;
                try (InputStream in = Files.newInputStream(f)) {
                    node = MAPPER.readTree(in);
                }
                String file = f.getFileName().toString();
                String name = node.has("name") ? node.get("name").asText() : file.substring(0, file.length() - 5);
                if (!names.add(name)) {
                    throw new IllegalStateException(dir + ": two cases are named " + name);
                }
                cases.add(new ReferenceCase(prefix + name, node));
            }
        }
        if (cases.isEmpty()) {
            throw new IllegalStateException("no reference cases (*.json) in " + dir);
        }
        return cases;
    }

    /**
     * Fails on any field this test does not read, so that a case of a new kind (a new layer
     * type, loss option or optimizer setting) fails until the test learns it, and never passes
     * by being half-read.
     */
    void checkKnownFields() {
        only(name, json, FIELDS);
        for (String required : List.of("layers", "loss", "params", "input", "target", "expected")) {
            need(name, json, required);
        }
        for (JsonNode l : json.get("layers")) {
            need(name + " layer", l, "type");
            Set<String> fields = switch (l.get("type").asText()) {
                case "dense" -> DENSE_FIELDS;
                case "embedding" -> EMBEDDING_FIELDS;
                case "periodic_embedding" -> PERIODIC_FIELDS;
                default -> throw new IllegalStateException(name + ": unknown layer type " + l.get("type"));
            };
            only(name + " " + l.get("type").asText() + " layer", l, fields);
            for (String required : fields) {
                need(name + " " + l.get("type").asText() + " layer", l, required);
            }
        }
        only(name + " expected", json.get("expected"), EXPECTED_FIELDS);
        for (String required : EXPECTED_FIELDS) {
            need(name + " expected", json.get("expected"), required);
        }
        boolean optimizer = json.has("optimizer");
        if (optimizer != json.has("steps") || optimizer != json.has("expected_after_steps")) {
            throw new IllegalStateException(name + ": optimizer, steps and expected_after_steps come together");
        }
        if (optimizer) {
            JsonNode o = json.get("optimizer");
            need(name + " optimizer", o, "type");
            Set<String> known = OPTIMIZER_FIELDS.get(o.get("type").asText());
            if (known == null) {
                throw new IllegalStateException(name + ": unknown optimizer " + o.get("type"));
            }
            Set<String> allowed = new HashSet<>(known);
            allowed.add("weight_decay");
            only(name + " optimizer " + o.get("type").asText(), o, allowed);
            for (String required : known) {
                need(name + " optimizer", o, required);
            }
            only(name + " expected_after_steps", afterSteps(), AFTER_STEPS_FIELDS);
            for (String required : AFTER_STEPS_FIELDS) {
                need(name + " expected_after_steps", afterSteps(), required);
            }
        }
    }

    private static void only(String what, JsonNode node, Set<String> known) {
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                unknown.add(field);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(what + ": fields " + unknown + " are not understood by this test (it reads "
                    + new TreeSet<>(known) + "); teach ReferenceCase to read them");
        }
    }

    private static void need(String what, JsonNode node, String field) {
        if (!node.has(field)) {
            throw new IllegalStateException(what + ": lacks the field \"" + field + "\"");
        }
    }

    Network network() {
        List<Layer> layers = new ArrayList<>();
        for (JsonNode l : json.get("layers")) {
            layers.add(switch (l.get("type").asText()) {
                case "dense" -> new Dense(l.get("in").asInt(), l.get("out").asInt(), Activations.named(l.get("activation").asText()));
                case "embedding" -> new Embedding(l.get("in").asInt(), l.get("column").asInt(), l.get("vocabulary").asInt(),
                        l.get("dimension").asInt());
                case "periodic_embedding" -> {
                    int[] columns = new int[l.get("columns").size()];
                    for (int i = 0; i < columns.length; i++) {
                        columns[i] = l.get("columns").get(i).asInt();
                    }
                    yield new PeriodicEmbedding(l.get("in").asInt(), columns, l.get("frequencies").asInt(), l.get("dimension").asInt(),
                            (float) l.get("sigma").asDouble(), l.get("lite").asBoolean());
                }
                default -> throw new IllegalStateException(name + ": unknown layer type " + l.get("type"));
            });
        }
        Network net = Network.of(layers.toArray(Layer[]::new));
        JsonNode params = json.get("params");
        Set<String> missing = new LinkedHashSet<>();
        net.parameters().forEach(p -> missing.add(p.name()));
        params.fieldNames().forEachRemaining(key -> {
            Matrix into = net.parameter(key).value();
            Matrix from = matrix(params.get(key));
            if (from.size() != into.size()) {
                throw new IllegalStateException(name + ": " + key + " has " + from.size() + " values, the layer " + into.size());
            }
            System.arraycopy(from.data(), 0, into.data(), 0, into.size());
            missing.remove(key);
        });
        if (!missing.isEmpty()) {
            throw new IllegalStateException(name + ": params lack " + missing);
        }
        return net;
    }

    /**
     * The case's loss: with {@code label_smoothing} when given, and then with the
     * {@code class_weights} inside it (its smoothing term weighs every class by its own weight).
     */
    Loss loss() {
        if (!json.has("label_smoothing")) {
            return Losses.named(json.get("loss").asText());
        }
        Loss loss = Losses.named(json.get("loss").asText(), (float) json.get("label_smoothing").asDouble());
        if (classWeightsInside()) {
            JsonNode cw = json.get("class_weights");
            float[] c = new float[cw.size()];
            for (int i = 0; i < c.length; i++) {
                c[i] = (float) cw.get(i).asDouble();
            }
            Loss weighing = loss.withClassWeights(c);
            if (weighing == null) {
                throw new IllegalStateException(name + ": " + loss.describe() + " takes no class weights inside it");
            }
            return weighing;
        }
        return loss;
    }

    private boolean classWeightsInside() {
        return json.has("class_weights") && json.has("label_smoothing");
    }

    Matrix input() {
        return matrix(json.get("input"));
    }

    /** Targets as a matrix: rows of values, or one column of class indices. */
    Matrix target() {
        return matrix(json.get("target"));
    }

    /**
     * The per-example weights of a weighted-loss case, or null: {@code sample_weights} as given,
     * or {@code class_weights[target_r]} for each row r (PyTorch's class weights as example weights).
     */
    Matrix weights() {
        if (json.has("sample_weights")) {
            JsonNode w = json.get("sample_weights");
            Matrix m = new Matrix(w.size(), 1);
            for (int i = 0; i < w.size(); i++) {
                m.data()[i] = (float) w.get(i).asDouble();
            }
            return m;
        }
        if (json.has("class_weights") && !classWeightsInside()) {
            JsonNode cw = json.get("class_weights");
            Matrix t = target();
            Matrix m = new Matrix(t.rows(), 1);
            for (int r = 0; r < t.rows(); r++) {
                m.data()[r] = (float) cw.get((int) t.get(r, 0)).asDouble();
            }
            return m;
        }
        return null;
    }

    JsonNode expected() {
        return json.get("expected");
    }

    boolean hasSteps() {
        return json.has("optimizer") && json.has("steps");
    }

    int steps() {
        return json.get("steps").asInt();
    }

    JsonNode afterSteps() {
        return json.get("expected_after_steps");
    }

    Optimizer optimizer() {
        JsonNode o = json.get("optimizer");
        float lr = (float) o.get("lr").asDouble();
        float decay = o.has("weight_decay") ? f(o, "weight_decay") : 0f;
        return switch (o.get("type").asText()) {
            case "sgd" -> new Sgd(new SgdConfig(lr, 0f, false, decay));
            case "momentum" -> new Sgd(new SgdConfig(lr, f(o, "momentum"), false, decay));
            case "nesterov" -> new Sgd(new SgdConfig(lr, f(o, "momentum"), true, decay));
            case "adam" -> new Adam(new AdamConfig(lr, f(o, "beta1"), f(o, "beta2"), f(o, "eps"), decay));
            case "adamw" -> new AdamW(new AdamConfig(lr, f(o, "beta1"), f(o, "beta2"), f(o, "eps"), decay));
            case "rmsprop" -> new RmsProp(new RmsPropConfig(lr, f(o, "rho"), f(o, "eps"), decay));
            case "adagrad" -> new Adagrad(new AdagradConfig(lr, f(o, "eps"), decay));
            default -> throw new IllegalStateException(name + ": unknown optimizer " + o.get("type"));
        };
    }

    private static float f(JsonNode o, String key) {
        return (float) o.get(key).asDouble();
    }

    /** A 2-D array as a matrix; a 1-D array as one row (biases) or, for class targets, one column. */
    static Matrix matrix(JsonNode node) {
        if (!node.get(0).isArray()) {
            float[] v = new float[node.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) node.get(i).asDouble();
            }
            return Matrix.column(v);
        }
        float[][] rows = new float[node.size()][];
        for (int r = 0; r < rows.length; r++) {
            JsonNode row = node.get(r);
            rows[r] = new float[row.size()];
            for (int c = 0; c < rows[r].length; c++) {
                rows[r][c] = (float) row.get(c).asDouble();
            }
        }
        return Matrix.of(rows);
    }

    @Override
    public String toString() {
        return name;
    }
}

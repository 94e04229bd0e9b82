package dev.neurite.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neurite.loss.Loss;
import dev.neurite.loss.Losses;
import dev.neurite.nn.Activations;
import dev.neurite.nn.Dense;
import dev.neurite.nn.Layer;
import dev.neurite.nn.Network;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** One PyTorch reference case (see shared/reference/README.md), read with Jackson, independent of our code. */
record ReferenceCase(String name, JsonNode json) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The folder named by {@code -Dreference.dir}, else ../shared/reference from the repository root. */
    static Path folder() {
        String configured = System.getProperty("reference.dir");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        Path here = Paths.get("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/reference");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return here.resolve("../../shared/reference").normalize();
    }

    static List<ReferenceCase> all() throws IOException {
        Path dir = folder();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no reference folder at " + dir + " (set -Dreference.dir)");
        }
        List<ReferenceCase> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode node = MAPPER.readTree(f.toFile());
                String name = node.has("name") ? node.get("name").asText() : f.getFileName().toString().replace(".json", "");
                cases.add(new ReferenceCase(name, node));
            }
        }
        return cases;
    }

    Network network() {
        List<Layer> layers = new ArrayList<>();
        for (JsonNode l : json.get("layers")) {
            if (!l.get("type").asText().equals("dense")) {
                throw new IllegalStateException(name + ": unknown layer type " + l.get("type"));
            }
            layers.add(new Dense(l.get("in").asInt(), l.get("out").asInt(), Activations.named(l.get("activation").asText())));
        }
        Network net = Network.of(layers.toArray(Layer[]::new));
        JsonNode params = json.get("params");
        params.fieldNames().forEachRemaining(key -> {
            Matrix into = net.parameter(key).value();
            Matrix from = matrix(params.get(key));
            if (from.size() != into.size()) {
                throw new IllegalStateException(name + ": " + key + " has " + from.size() + " values, the layer " + into.size());
            }
            System.arraycopy(from.data(), 0, into.data(), 0, into.size());
        });
        return net;
    }

    Loss loss() {
        return Losses.named(json.get("loss").asText());
    }

    Matrix input() {
        return matrix(json.get("input"));
    }

    /** Targets as a matrix: rows of values, or one column of class indices. */
    Matrix target() {
        return matrix(json.get("target"));
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
        return switch (o.get("type").asText()) {
            case "sgd" -> new Sgd(new SgdConfig(lr, 0f, false, 0f));
            case "momentum" -> new Sgd(new SgdConfig(lr, f(o, "momentum"), false, 0f));
            case "nesterov" -> new Sgd(new SgdConfig(lr, f(o, "momentum"), true, 0f));
            case "adam" -> new Adam(new AdamConfig(lr, f(o, "beta1"), f(o, "beta2"), f(o, "eps"), 0f));
            case "adamw" -> new AdamW(new AdamConfig(lr, f(o, "beta1"), f(o, "beta2"), f(o, "eps"), f(o, "weight_decay")));
            case "rmsprop" -> new RmsProp(new RmsPropConfig(lr, f(o, "rho"), f(o, "eps"), 0f));
            case "adagrad" -> new Adagrad(new AdagradConfig(lr, f(o, "eps"), 0f));
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

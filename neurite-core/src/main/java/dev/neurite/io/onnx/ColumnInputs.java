package dev.neurite.io.onnx;

import dev.neurite.data.MissingValues;
import dev.neurite.data.OneHotEncoder;
import dev.neurite.data.Preprocessor;
import dev.neurite.io.onnx.OnnxGraph.Attribute;
import dev.neurite.io.onnx.OnnxGraph.ValueInfo;
import dev.neurite.nn.Embedding;
import dev.neurite.nn.Layer;
import dev.neurite.nn.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The column-input part of an exported graph: one input per feature column and, per column, the
 * nodes that turn it into the network's inputs exactly as {@link Preprocessor#encodeFeatures}
 * does, then one {@code Concat}, {@code Sub(μ)} and {@code Div(σ)}:
 *
 * <pre>
 *   numeric, date  float[N,1] ─ Imputer(median) ────────────────────────────── value
 *                             └ IsNaN ─ Cast(float) ──────────────────────────── was missing (when trained with missing cells)
 *   boolean       string[N,1] ─ LabelEncoder(true…→1, false…→0, missing→median, else NaN) ─ value
 *                             └ LabelEncoder(missing→1, else 0) ──────────────── was missing
 *   text          string[N,1] ─ OneHotEncoder(categories, zeros=1) ─ Flatten       (no pooling, no missing category)
 *                             └ LabelEncoder(category→index, missing→its index, else other or −1)
 *                                   ─ OneHotEncoder(0…k−1, zeros=1) ─ Flatten    (pooled 'other' or a missing category)
 *                                   ─ Gather(embedding table) ─ Flatten          (an embedded column)
 * </pre>
 *
 * A missing number is NaN. A missing string is the empty string or one of the model's missing-value
 * tokens, in any case (every upper/lower-case spelling of a token is a key). A date is a float: the
 * days since 1970-01-01 UTC that Neurite reads from an ISO date, ONNX opset 17 having no date
 * parsing. An embedded column's rows of the table go straight into the Concat, so the leading
 * {@link Embedding} layers of the network are in the graph here and the rest of the network follows.
 */
final class ColumnInputs {
    /** Metadata keys: the model's missing-value tokens and its date columns, one a line. */
    static final String NA_VALUES_KEY = "neurite.na_values";
    static final String DATES_KEY = "neurite.dates";
    /** Spellings of one token beyond which its matching without regard to case is refused. */
    static final int MAX_SPELLINGS = 4096;

    private final OnnxExport graph;
    private final Preprocessor pre;
    private final Network network;
    private final Map<Integer, Embedding> embeddings = new LinkedHashMap<>();
    private int firstOtherLayer;

    ColumnInputs(OnnxExport graph, Preprocessor pre, Network network) {
        this.graph = graph;
        this.pre = pre;
        this.network = network;
        mapEmbeddings();
    }

    /**
     * Matches the network's leading {@link Embedding} layers to the embedded columns (each replaces
     * its column by {@code dimension} values in place, so the layers may come in any order).
     */
    private void mapEmbeddings() {
        List<Preprocessor.EmbeddedInput> wanted = pre.embeddedInputs();
        List<Layer> layers = network.layers();
        // The expanded layout: for each current column, the encoded position it came from, or −1 inside an embedding.
        List<Integer> layout = new ArrayList<>();
        for (int p = 0; p < pre.inputWidth(); p++) {
            layout.add(p);
        }
        int l = 0;
        for (; l < layers.size() && layers.get(l) instanceof Embedding e; l++) {
            int column = e.column();
            Integer from = column < layout.size() ? layout.get(column) : null;
            Preprocessor.EmbeddedInput match = wanted.stream().filter(w -> from != null && w.input() == from).findFirst().orElse(null);
            if (match == null || embeddings.containsKey(from) || e.vocabulary() != match.vocabulary() || e.inputSize() != layout.size()) {
                throw new IllegalArgumentException("cannot export " + e.describe() + " as a column input: it does not embed one of the "
                        + "text columns the preprocessing encodes as an index (" + describe(wanted) + ")");
            }
            embeddings.put(from, e);
            layout.remove(column);
            for (int k = 0; k < e.dimension(); k++) {
                layout.add(column + k, -1);
            }
        }
        firstOtherLayer = l;
        if (embeddings.size() != wanted.size()) {
            throw new IllegalArgumentException("cannot export the column inputs: the preprocessing encodes " + describe(wanted)
                    + " as indices but the network begins with " + embeddings.size() + " Embedding layers for them");
        }
        for (int k = firstOtherLayer; k < layers.size(); k++) {
            if (layers.get(k) instanceof Embedding e) {
                throw new IllegalArgumentException("cannot export " + e.describe() + " at layer " + k + ": embeddings must come first");
            }
        }
    }

    private static String describe(List<Preprocessor.EmbeddedInput> inputs) {
        return inputs.isEmpty() ? "no columns" : String.join(", ", inputs.stream().map(i -> "'" + i.column() + "' at input " + i.input()).toList());
    }

    /** The network's layers after the leading embeddings, which the column inputs already compute. */
    List<Layer> layersAfterEmbeddings() {
        return network.layers().subList(firstOtherLayer, network.layers().size());
    }

    Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(NA_VALUES_KEY, String.join("\n", pre.missingValues().tokens()));
        List<String> dates = new ArrayList<>();
        Preprocessor.NumericKind[] kinds = pre.numericKinds();
        for (int j = 0, k = 0; j < pre.features().size(); j++) {
            if (pre.encoder(j) == null) {
                if (kinds[k++] == Preprocessor.NumericKind.DATE) {
                    dates.add(pre.features().get(j));
                }
            }
        }
        if (!dates.isEmpty()) {
            m.put(DATES_KEY, String.join("\n", dates));
        }
        return m;
    }

    /** Adds the inputs to {@code inputs} and the nodes to the graph; returns the standardised matrix the network reads. */
    String build(List<ValueInfo> inputs) {
        List<String> parts = new ArrayList<>();
        List<Float> mean = new ArrayList<>();
        List<Float> scale = new ArrayList<>();
        float[] numericMean = pre.numericScaler().mean();
        float[] numericScale = pre.numericScaler().scale();
        float[] fill = pre.fillValues();
        boolean[] indicator = pre.missingIndicators();
        Preprocessor.NumericKind[] kinds = pre.numericKinds();
        int position = 0; // in the encoded matrix, before the embeddings expand it
        for (int j = 0, k = 0; j < pre.features().size(); j++) {
            String name = pre.features().get(j);
            OneHotEncoder e = pre.encoder(j);
            if (e == null) {
                Preprocessor.NumericKind kind = kinds[k];
                if (kind == Preprocessor.NumericKind.BOOLEAN) {
                    inputs.add(new ValueInfo(name, OnnxFormat.STRING, new int[] {-1, 1}, "boolean column '" + name
                            + "': true, yes, y → 1 and false, no, n → 0 (any case); missing (empty or " + tokens() + ") → "
                            + fill[k] + (indicator[k] ? ", marked in a was-missing input" : "") + "; any other value gives NaN outputs"));
                    parts.add(booleanValue(name, missingKeys(), fill[k]));
                } else {
                    inputs.add(new ValueInfo(name, OnnxFormat.FLOAT, new int[] {-1, 1}, (kind == Preprocessor.NumericKind.DATE
                            ? "date column '" + name + "': the days since 1970-01-01T00:00Z as float32, the time of day as a fraction "
                            + "(Neurite's reading of an ISO-8601 date or timestamp: (epochSecond + nano / 1e9) / 86400)"
                            : "numeric column '" + name + "'") + "; NaN for a missing value, which becomes " + fill[k]
                            + (indicator[k] ? " and is marked in a was-missing input" : "")));
                    Map<String, Attribute> a = new LinkedHashMap<>();
                    a.put("imputed_value_floats", Attribute.of("imputed_value_floats", new float[] {fill[k]}));
                    a.put("replaced_value_float", Attribute.of("replaced_value_float", Float.NaN));
                    parts.add(graph.node("Imputer", OnnxGraph.ML_DOMAIN, List.of(name), a));
                }
                mean.add(numericMean[k]);
                scale.add(numericScale[k]);
                if (indicator[k]) {
                    parts.add(kind == Preprocessor.NumericKind.BOOLEAN ? booleanMissing(name, missingKeys())
                            : graph.node("Cast", "", List.of(graph.node("IsNaN", name)), Map.of("to", Attribute.of("to", (long) OnnxFormat.FLOAT))));
                    mean.add(0f);
                    scale.add(1f);
                }
                position += indicator[k] ? 2 : 1;
                k++;
                continue;
            }
            inputs.add(new ValueInfo(name, OnnxFormat.STRING, new int[] {-1, 1}, textDoc(name, e)));
            int width;
            if (e.embedded()) {
                Embedding layer = embeddings.get(position);
                float[] table = Arrays.copyOf(layer.weight().value().data(), layer.vocabulary() * layer.dimension());
                String rows = graph.node("Gather", "", List.of(graph.constant("embedding",
                        Tensor.floats(new int[] {layer.vocabulary(), layer.dimension()}, table)), indices(name, e, missingKeys())),
                        Map.of("axis", Attribute.of("axis", 0L)));
                parts.add(graph.node("Flatten", "", List.of(rows), Map.of("axis", Attribute.of("axis", 1L))));
                width = layer.dimension();
                position += 1;
            } else {
                Map<String, Attribute> a = new LinkedHashMap<>();
                String oneHot;
                if (!e.hasOther() && !e.categories().contains(OneHotEncoder.MISSING)) {
                    // a missing or unseen value is all zeros here as in Neurite: no key to map it
                    a.put("cats_strings", Attribute.of("cats_strings", e.categories()));
                    a.put("zeros", Attribute.of("zeros", 1L));
                    oneHot = graph.node("OneHotEncoder", OnnxGraph.ML_DOMAIN, List.of(name), a);
                } else {
                    long[] all = new long[e.size()];
                    for (int c = 0; c < all.length; c++) {
                        all[c] = c;
                    }
                    a.put("cats_int64s", Attribute.of("cats_int64s", all));
                    a.put("zeros", Attribute.of("zeros", 1L)); // the index −1 of an unknown value: all zeros, as in Neurite
                    oneHot = graph.node("OneHotEncoder", OnnxGraph.ML_DOMAIN, List.of(indices(name, e, missingKeys())), a);
                }
                parts.add(graph.node("Flatten", "", List.of(oneHot), Map.of("axis", Attribute.of("axis", 1L))));
                width = e.size();
                position += e.size();
            }
            for (int c = 0; c < width; c++) {
                mean.add(0f);
                scale.add(1f);
            }
        }
        String joined = graph.node("Concat", "", parts, Map.of("axis", Attribute.of("axis", 1L)));
        String centred = graph.node("Sub", joined, graph.constant("mean", Tensor.floats(new int[] {mean.size()}, floats(mean))));
        return graph.node("Div", centred, graph.constant("scale", Tensor.floats(new int[] {scale.size()}, floats(scale))));
    }

    private List<String> missingKeys;

    /** The strings missing in a text or boolean column, worked out when the first such column needs them. */
    private List<String> missingKeys() {
        if (missingKeys == null) {
            missingKeys = missingKeys(pre.missingValues());
        }
        return missingKeys;
    }

    private String tokens() {
        List<String> t = pre.missingValues().tokens();
        return t.isEmpty() ? "no token" : String.join(", ", t);
    }

    private String textDoc(String name, OneHotEncoder e) {
        return "text column '" + name + "': " + e.categories().size() + " categories" + (e.embedded() ? " (an embedding)" : "")
                + "; missing (empty or " + tokens() + ", any case) → "
                + (e.categories().contains(OneHotEncoder.MISSING) ? "the category (missing)" : e.hasOther() ? "'other'" : "unknown (all zeros)")
                + "; a value not seen in training → " + (e.hasOther() ? "'other'" : "unknown (all zeros)")
                + "; values are matched as given (Neurite trims spaces first; ONNX opset 17 cannot)";
    }

    /** The column's category indices as Neurite computes them: {@link OneHotEncoder#indexOrUnknown} of the value, missing first. */
    private String indices(String name, OneHotEncoder e, List<String> missingKeys) {
        Set<String> keys = new LinkedHashSet<>();
        List<Long> values = new ArrayList<>();
        int missingIndex = e.indexOrUnknown(OneHotEncoder.MISSING);
        for (String key : missingKeys) { // missing first: Neurite reads a missing token as missing before it looks for a category
            keys.add(key);
            values.add((long) missingIndex);
        }
        for (int c = 0; c < e.categories().size(); c++) {
            if (keys.add(e.categories().get(c))) {
                values.add((long) c);
            }
        }
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put("keys_strings", Attribute.of("keys_strings", List.copyOf(keys)));
        a.put("values_int64s", Attribute.of("values_int64s", values.stream().mapToLong(Long::longValue).toArray()));
        a.put("default_int64", Attribute.of("default_int64", e.hasOther() ? (long) e.categories().size() : -1L)); // other, or unknown
        return graph.node("LabelEncoder", OnnxGraph.ML_DOMAIN, List.of(name), a);
    }

    private String booleanValue(String name, List<String> missingKeys, float fill) {
        Set<String> keys = new LinkedHashSet<>();
        List<Float> values = new ArrayList<>();
        for (String key : missingKeys) {
            keys.add(key);
            values.add(fill);
        }
        for (String word : List.of("true", "yes", "y", "false", "no", "n")) {
            float v = word.equals("true") || word.equals("yes") || word.equals("y") ? 1f : 0f;
            for (String spelling : spellings(word)) {
                if (keys.add(spelling)) {
                    values.add(v);
                }
            }
        }
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put("keys_strings", Attribute.of("keys_strings", List.copyOf(keys)));
        a.put("values_floats", Attribute.of("values_floats", floats(values)));
        a.put("default_float", Attribute.of("default_float", Float.NaN)); // Neurite refuses any other value; the graph gives NaN
        return graph.node("LabelEncoder", OnnxGraph.ML_DOMAIN, List.of(name), a);
    }

    private String booleanMissing(String name, List<String> missingKeys) {
        float[] ones = new float[missingKeys.size()];
        Arrays.fill(ones, 1f);
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put("keys_strings", Attribute.of("keys_strings", missingKeys));
        a.put("values_floats", Attribute.of("values_floats", ones));
        a.put("default_float", Attribute.of("default_float", 0f));
        return graph.node("LabelEncoder", OnnxGraph.ML_DOMAIN, List.of(name), a);
    }

    /**
     * Every string {@link MissingValues#isMissing} takes as missing without trimming: the empty
     * string and each spelling of each token that lower-cases to it (tokens over 16 characters
     * never match there, and match nothing here).
     */
    static List<String> missingKeys(MissingValues missing) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add("");
        for (String token : missing.tokens()) {
            if (token.length() <= 16) {
                keys.addAll(spellings(token));
            }
        }
        return List.copyOf(keys);
    }

    /**
     * The strings whose {@code toLowerCase(Locale.ROOT)} is that of {@code token}, built one
     * character at a time (each character's lower, upper and title case, and the signs such as
     * Kelvin's K that lower-case to a letter); a token with more than {@link #MAX_SPELLINGS} is refused.
     */
    static List<String> spellings(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        if (lower.length() != token.length()) {
            throw new IllegalArgumentException("cannot match the missing-value token '" + token + "' without regard to case in ONNX: "
                    + "its lower case has another length");
        }
        List<List<Character>> choices = new ArrayList<>();
        long count = 1;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            Set<Character> options = new LinkedHashSet<>();
            for (char candidate : new char[] {c, Character.toUpperCase(c), Character.toTitleCase(c), '\u212A', '\u212B', '\u2126'}) {
                if (String.valueOf(candidate).toLowerCase(Locale.ROOT).equals(String.valueOf(c))) {
                    options.add(candidate);
                }
            }
            choices.add(new ArrayList<>(options));
            count *= options.size();
            if (count > MAX_SPELLINGS) {
                throw new IllegalArgumentException("cannot match the missing-value token '" + token + "' without regard to case in ONNX: "
                        + "it has more than " + MAX_SPELLINGS + " spellings (at most 12 letters)");
            }
        }
        List<String> out = new ArrayList<>();
        out.add("");
        for (List<Character> options : choices) {
            List<String> next = new ArrayList<>(out.size() * options.size());
            for (String prefix : out) {
                for (char option : options) {
                    next.add(prefix + option);
                }
            }
            out = next;
        }
        return out;
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}

package dev.neurite.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neurite.InvalidInputException;
import dev.neurite.data.ColumnRole;
import dev.neurite.data.OneHotEncoder;
import dev.neurite.data.Preprocessor;
import dev.neurite.data.TableRows;
import dev.neurite.data.Task;
import dev.neurite.io.Predictions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The server's endpoints, whichever HTTP server carries them: Neurite's own {@code POST /predict}
 * (JSON rows or CSV), the Open Inference Protocol's REST endpoints ({@code /v2/…}), MLflow's
 * {@code POST /invocations}, Prometheus {@code GET /metrics}, the model page {@code GET /} and
 * the JSON it reads. Every refusal is a 4xx with a JSON body naming the problem; an internal
 * failure is a 500 saying only that, and never carries a stack trace.
 */
public final class Api {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonFactory FACTORY = JSON.getFactory();
    private static final String JSON_TYPE = "application/json";
    private static final List<String> V2_TYPES = List.of("BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64",
            "FP16", "FP32", "FP64", "BYTES");

    private final Map<String, ServedModel> models = new LinkedHashMap<>();
    private final ServedModel first;
    private final ServeConfig config;
    private final byte[] tokenDigest;
    private final Map<String, List<byte[]>> plots;
    private final Map<String, byte[]> assets = new LinkedHashMap<>();
    final Metrics metrics = new Metrics();

    /** The API over {@code models} (the first answers requests that name none) and the PNG plots saved with each, by model name. */
    public Api(List<ServedModel> models, ServeConfig config, Map<String, List<byte[]>> plots) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no model to serve");
        }
        for (ServedModel m : models) {
            if (this.models.put(m.name(), m) != null) {
                throw new IllegalArgumentException("two models are named '" + m.name() + "'");
            }
            metrics.version.labelValues(m.name()).set(m.current().number());
        }
        this.first = models.get(0);
        this.config = config;
        this.tokenDigest = config.token() == null ? null : sha256(config.token().getBytes(StandardCharsets.UTF_8));
        this.plots = Map.copyOf(plots);
        for (String asset : List.of("page.html", "page.js", "page.css")) {
            assets.put(asset, resource(asset));
        }
    }

    /** Records a model's swap (or its refusal) in the metrics. */
    public void swapped(ServedModel model, boolean ok) {
        metrics.swaps.labelValues(model.name(), ok ? "swapped" : "refused").inc();
        metrics.version.labelValues(model.name()).set(model.current().number());
    }

    public ServeConfig config() {
        return config;
    }

    /** Answers one request. */
    public ApiResponse handle(ApiRequest r) {
        long start = System.nanoTime();
        String[] endpoint = {"other"};
        ApiResponse response;
        metrics.inFlight.inc();
        try {
            response = route(r, endpoint);
        } catch (ApiException e) {
            response = error(e.status, e.getMessage(), e.allow, endpoint[0]);
        } catch (InvalidInputException e) {
            response = error(400, Text.cut(e.getMessage(), 2_000), null, endpoint[0]);
        } catch (RuntimeException | StackOverflowError e) {
            System.err.println("neurite serve: internal error on " + r.method() + " " + Text.cut(r.path(), 200) + ": " + e);
            response = error(500, "internal error (" + e.getClass().getSimpleName() + "); the server logged it", null, endpoint[0]);
        } finally {
            metrics.inFlight.dec();
        }
        if (config.corsOrigin() != null) {
            Map<String, String> h = new LinkedHashMap<>(response.headers());
            h.put("Access-Control-Allow-Origin", config.corsOrigin());
            h.put("Vary", "Origin");
            response = new ApiResponse(response.status(), response.contentType(), h, response.body());
        }
        String code = Integer.toString(response.status());
        metrics.requests.labelValues(endpoint[0], code).inc();
        if (response.status() >= 400) {
            metrics.errors.labelValues(endpoint[0], code).inc();
        }
        metrics.latency.labelValues(endpoint[0]).observe((System.nanoTime() - start) / 1e9);
        return response;
    }

    /** The answer to a body over {@code --max-body}, given by the HTTP server before the body is read. */
    public ApiResponse tooLarge(long length) {
        return counted(error(413, "the body " + (length >= 0 ? "has " + length + " bytes" : "is larger than the limit")
                + "; the server takes at most " + config.maxBodyBytes() + " (--max-body)", null, "other"), "other");
    }

    /** The answer to a client too slow to send its request. */
    public ApiResponse timedOut() {
        return counted(error(408, "the request was not received within " + config.readTimeout().toMillis() + " ms (--read-timeout)", null, "other"), "other");
    }

    /** The answer to a request the HTTP server could not read (a broken body). */
    public ApiResponse unreadable(String why) {
        return counted(error(400, "the request cannot be read: " + Text.cut(String.valueOf(why), 300), null, "other"), "other");
    }

    private ApiResponse counted(ApiResponse response, String endpoint) {
        metrics.requests.labelValues(endpoint, Integer.toString(response.status())).inc();
        metrics.errors.labelValues(endpoint, Integer.toString(response.status())).inc();
        return response;
    }

    private ApiResponse route(ApiRequest r, String[] endpoint) {
        String path = r.path();
        if (r.method().equals("OPTIONS") && config.corsOrigin() != null) {
            endpoint[0] = "cors";
            return new ApiResponse(204, null, Map.of("Access-Control-Allow-Methods", "GET, POST, OPTIONS",
                    "Access-Control-Allow-Headers", "Authorization, Content-Type", "Access-Control-Max-Age", "600"), new byte[0]);
        }
        switch (path) {
            case "/", "/index.html" -> {
                endpoint[0] = "page";
                method(r, "GET");
                return asset("page.html", "text/html; charset=utf-8");
            }
            case "/page.js" -> {
                endpoint[0] = "page";
                method(r, "GET");
                return asset("page.js", "text/javascript; charset=utf-8");
            }
            case "/page.css" -> {
                endpoint[0] = "page";
                method(r, "GET");
                return asset("page.css", "text/css; charset=utf-8");
            }
            case "/predict" -> {
                endpoint[0] = "predict";
                method(r, "POST");
                authorize(r);
                return predict(model(queryModel(r)), r);
            }
            case "/invocations" -> {
                endpoint[0] = "invocations";
                method(r, "POST");
                authorize(r);
                return invocations(model(queryModel(r)), r);
            }
            case "/metrics" -> {
                endpoint[0] = "metrics";
                method(r, "GET");
                authorize(r);
                return new ApiResponse(200, metrics.contentType(), Map.of(), metrics.scrape());
            }
            case "/models" -> {
                endpoint[0] = "models";
                method(r, "GET");
                authorize(r);
                return json(200, g -> {
                    g.writeStartObject();
                    g.writeArrayFieldStart("models");
                    for (ServedModel m : models.values()) {
                        g.writeStartObject();
                        g.writeStringField("name", m.name());
                        g.writeNumberField("version", m.current().number());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                });
            }
            case "/v2", "/v2/" -> {
                endpoint[0] = "v2_metadata";
                method(r, "GET");
                authorize(r);
                return json(200, g -> {
                    g.writeStartObject();
                    g.writeStringField("name", "neurite");
                    g.writeStringField("version", "0.1.0");
                    g.writeArrayFieldStart("extensions");
                    g.writeEndArray();
                    g.writeEndObject();
                });
            }
            case "/v2/health/live", "/v2/health/ready" -> {
                endpoint[0] = "health";
                method(r, "GET");
                boolean live = path.endsWith("live");
                return json(200, g -> {
                    g.writeStartObject();
                    g.writeBooleanField(live ? "live" : "ready", true);
                    g.writeEndObject();
                });
            }
            default -> {
            }
        }
        if (path.startsWith("/models/")) {
            String[] parts = path.substring("/models/".length()).split("/", -1);
            if (parts.length == 2 && parts[1].equals("card")) {
                endpoint[0] = "card";
                method(r, "GET");
                authorize(r);
                return card(model(parts[0]));
            }
            if (parts.length == 2 && parts[1].equals("predict")) {
                endpoint[0] = "predict";
                method(r, "POST");
                authorize(r);
                return predict(model(parts[0]), r);
            }
            if (parts.length == 3 && parts[1].equals("plots") && parts[2].matches("[0-9]{1,3}\\.png")) {
                endpoint[0] = "page";
                method(r, "GET");
                authorize(r);
                ServedModel m = model(parts[0]);
                List<byte[]> pngs = plots.getOrDefault(m.name(), List.of());
                int i = Integer.parseInt(parts[2].substring(0, parts[2].length() - 4));
                if (i >= pngs.size()) {
                    throw new ApiException(404, "model '" + m.name() + "' has " + pngs.size() + " plots; there is no plot " + i);
                }
                return new ApiResponse(200, "image/png", Map.of("Cache-Control", "no-cache"), pngs.get(i));
            }
        }
        if (path.startsWith("/v2/models/")) {
            List<String> parts = new ArrayList<>(List.of(path.substring("/v2/models/".length()).split("/", -1)));
            ServedModel m = model(parts.get(0));
            if (parts.size() >= 3 && parts.get(1).equals("versions")) {
                String current = Integer.toString(m.current().number());
                if (!parts.get(2).equals(current)) {
                    endpoint[0] = "v2_metadata";
                    throw new ApiException(404, "model '" + m.name() + "' has no version '" + Text.cut(parts.get(2), 50)
                            + "'; version " + current + " is serving");
                }
                parts.subList(1, 3).clear();
            }
            if (parts.size() == 1) {
                endpoint[0] = "v2_metadata";
                method(r, "GET");
                authorize(r);
                return v2Metadata(m);
            }
            if (parts.size() == 2 && parts.get(1).equals("ready")) {
                endpoint[0] = "health";
                method(r, "GET");
                authorize(r);
                return json(200, g -> {
                    g.writeStartObject();
                    g.writeStringField("name", m.name());
                    g.writeBooleanField("ready", true);
                    g.writeEndObject();
                });
            }
            if (parts.size() == 2 && parts.get(1).equals("infer")) {
                endpoint[0] = "infer";
                method(r, "POST");
                authorize(r);
                return v2Infer(m, r);
            }
        }
        throw new ApiException(404, "no endpoint " + Text.cut(r.method(), 20) + " " + Text.cut(path, 200)
                + "; the endpoints are GET /, POST /predict, POST /invocations, GET /metrics, GET /models, GET /v2/health/live, GET /v2/health/ready, "
                + "GET /v2/models/{name}, GET /v2/models/{name}/ready, POST /v2/models/{name}/infer");
    }

    private static void method(ApiRequest r, String allowed) {
        if (!r.method().equals(allowed) && !(allowed.equals("GET") && r.method().equals("HEAD"))) {
            throw new ApiException(405, Text.cut(r.method(), 20) + " is not allowed on " + Text.cut(r.path(), 200) + "; use " + allowed, allowed);
        }
    }

    /** Refuses a request without the bearer token, comparing digests so that the time taken says nothing about the token. */
    private void authorize(ApiRequest r) {
        if (tokenDigest == null) {
            return;
        }
        String given = r.header().apply("Authorization");
        if (given == null || !given.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "this server needs a bearer token: send the header 'Authorization: Bearer TOKEN'");
        }
        byte[] digest = sha256(given.substring(7).trim().getBytes(StandardCharsets.UTF_8));
        if (!MessageDigest.isEqual(digest, tokenDigest)) {
            throw new ApiException(401, "the bearer token is wrong");
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String queryModel(ApiRequest r) {
        if (r.query() == null) {
            return null;
        }
        for (String pair : r.query().split("&")) {
            if (pair.startsWith("model=")) {
                return java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private ServedModel model(String name) {
        if (name == null) {
            return first;
        }
        ServedModel m = models.get(name);
        if (m == null) {
            throw new ApiException(404, "no model named '" + Text.cut(name, 100) + "'; this server has " + String.join(", ", models.keySet()));
        }
        return m;
    }

    // ---- Neurite's own: POST /predict ----

    private ApiResponse predict(ServedModel model, ApiRequest r) {
        ServedModel.Version v = model.current();
        Preprocessor pre = v.model().preprocessor();
        RequestRows rows = rows(r, pre, body -> {
            JsonNode list = body;
            if (body.isObject()) {
                list = body.get("rows");
                if (list == null || body.size() != 1) {
                    throw new ApiException(400, "the body must be an array of rows or {\"rows\": [...]}; got an object with "
                            + (body.size() == 0 ? "no keys" : "keys " + keys(body)));
                }
            }
            return RequestRows.ofRecords(list, pre, config.maxRows());
        });
        Predictions p = score(model, v, rows);
        return json(200, g -> {
            g.writeStartObject();
            g.writeStringField("model", model.name());
            g.writeNumberField("version", v.number());
            g.writeArrayFieldStart("predictions");
            for (int i = 0; i < p.size(); i++) {
                g.writeStartObject();
                if (p.isClassification()) {
                    g.writeStringField("label", p.label(i));
                    g.writeFieldName("probabilities");
                    probabilities(g, p, i);
                } else {
                    g.writeNumberField("value", (float) p.value(i));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            warnings(g, p);
            g.writeEndObject();
        });
    }

    /** The request's rows: its CSV body, or what {@code fromJson} makes of its JSON body. */
    private RequestRows rows(ApiRequest r, Preprocessor pre, Function<JsonNode, RequestRows> fromJson) {
        return isCsv(r) ? RequestRows.ofCsv(r.body(), pre, config.maxRows()) : fromJson.apply(parse(r));
    }

    /** Row {@code i}'s probabilities as an object, class name to probability. */
    private static void probabilities(JsonGenerator g, Predictions p, int i) throws IOException {
        g.writeStartObject();
        List<String> classes = p.classLabels();
        for (int k = 0; k < classes.size(); k++) {
            g.writeFieldName(classes.get(k));
            g.writeNumber(p.probability(i, k));
        }
        g.writeEndObject();
    }

    private Predictions score(ServedModel model, ServedModel.Version v, TableRows rows) {
        Predictions p = v.predictor().predict(rows);
        metrics.rows.labelValues(model.name()).inc(p.size());
        return p;
    }

    private static void warnings(JsonGenerator g, Predictions p) throws IOException {
        if (!p.warnings().isEmpty()) {
            g.writeArrayFieldStart("warnings");
            for (String w : p.warnings()) {
                g.writeString(w);
            }
            g.writeEndArray();
        }
    }

    private static boolean isCsv(ApiRequest r) {
        String type = r.header().apply("Content-Type");
        if (type == null) {
            return false;
        }
        String t = type.toLowerCase(Locale.ROOT);
        if (t.startsWith("text/csv")) {
            return true;
        }
        if (t.startsWith("application/json") || t.startsWith("application/x-www-form-urlencoded") || t.startsWith("text/plain")) {
            return false;
        }
        throw new ApiException(415, "the body's Content-Type '" + Text.cut(type, 100) + "' is not one this server reads; send application/json or text/csv");
    }

    private static JsonNode parse(ApiRequest r) {
        if (r.body().length == 0) {
            throw new ApiException(400, "the body is empty; send JSON");
        }
        try {
            return JSON.readTree(r.body());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ApiException(400, "the body is not valid JSON: " + Text.cut(String.valueOf(e.getOriginalMessage()), 300)
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new ApiException(400, "the body cannot be read: " + Text.cut(String.valueOf(e.getMessage()), 300));
        }
    }

    private static String keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(k -> keys.add("'" + Text.cut(k, 50) + "'"));
        return String.join(", ", keys.size() > 10 ? keys.subList(0, 10) : keys) + (keys.size() > 10 ? ", …" : "");
    }

    // ---- MLflow: POST /invocations ----

    private ApiResponse invocations(ServedModel model, ApiRequest r) {
        ServedModel.Version v = model.current();
        Preprocessor pre = v.model().preprocessor();
        RequestRows rows = rows(r, pre, body -> {
            if (!body.isObject() || body.size() != 1) {
                throw new ApiException(400, "MLflow's /invocations takes an object with one key, dataframe_records, dataframe_split or instances; got "
                        + (body.isObject() ? "keys " + keys(body) : RequestRows.kind(body)));
            }
            if (body.has("dataframe_records")) {
                return RequestRows.ofRecords(body.get("dataframe_records"), pre, config.maxRows());
            } else if (body.has("instances")) {
                return RequestRows.ofRecords(body.get("instances"), pre, config.maxRows());
            } else if (body.has("dataframe_split")) {
                JsonNode split = body.get("dataframe_split");
                if (!split.isObject()) {
                    throw new ApiException(400, "dataframe_split must be an object with 'columns' and 'data', got " + RequestRows.kind(split));
                }
                return RequestRows.ofSplit(split.get("columns"), split.get("data"), pre, config.maxRows());
            }
            throw new ApiException(400, "MLflow's /invocations takes dataframe_records, dataframe_split or instances; got " + keys(body));
        });
        Predictions p = score(model, v, rows);
        return json(200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("predictions");
            for (int i = 0; i < p.size(); i++) {
                if (p.isClassification()) {
                    g.writeString(p.label(i));
                } else {
                    g.writeNumber((float) p.value(i));
                }
            }
            g.writeEndArray();
            if (p.isClassification()) {
                g.writeArrayFieldStart("probabilities");
                for (int i = 0; i < p.size(); i++) {
                    probabilities(g, p, i);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    // ---- Open Inference Protocol (V2) ----

    private ApiResponse v2Metadata(ServedModel m) {
        ServedModel.Version v = m.current();
        Preprocessor pre = v.model().preprocessor();
        return json(200, g -> {
            g.writeStartObject();
            g.writeStringField("name", m.name());
            g.writeArrayFieldStart("versions");
            g.writeString(Integer.toString(v.number()));
            g.writeEndArray();
            g.writeStringField("platform", "neurite");
            g.writeArrayFieldStart("inputs");
            List<String> kinds = inputKinds(pre);
            for (int j = 0; j < pre.features().size(); j++) {
                g.writeStartObject();
                g.writeStringField("name", pre.features().get(j));
                g.writeStringField("datatype", switch (kinds.get(j)) {
                    case "numeric" -> "FP32";
                    case "boolean" -> "BOOL";
                    default -> "BYTES";
                });
                g.writeArrayFieldStart("shape");
                g.writeNumber(-1);
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("outputs");
            if (pre.task() == Task.CLASSIFICATION) {
                tensorMeta(g, "label", "BYTES", -1);
                tensorMeta(g, "probabilities", "FP32", -1, pre.classLabels().size());
            } else {
                tensorMeta(g, "value", "FP32", -1);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void tensorMeta(JsonGenerator g, String name, String type, int... shape) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("datatype", type);
        g.writeArrayFieldStart("shape");
        for (int s : shape) {
            g.writeNumber(s);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private ApiResponse v2Infer(ServedModel m, ApiRequest r) {
        ServedModel.Version v = m.current();
        Preprocessor pre = v.model().preprocessor();
        JsonNode body = parse(r);
        if (!body.isObject()) {
            throw new ApiException(400, "an inference request is a JSON object with 'inputs', got " + RequestRows.kind(body));
        }
        JsonNode inputs = body.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw new ApiException(400, "an inference request needs 'inputs', a non-empty array of named tensors, got " + RequestRows.kind(inputs));
        }
        Map<String, List<JsonNode>> columns = new LinkedHashMap<>();
        int rows = -1;
        for (int t = 0; t < inputs.size(); t++) {
            JsonNode tensor = inputs.get(t);
            String where = "input " + (t + 1);
            if (!tensor.isObject()) {
                throw new ApiException(400, where + " must be an object with name, shape, datatype and data, got " + RequestRows.kind(tensor));
            }
            JsonNode name = tensor.get("name");
            if (name == null || !name.isTextual()) {
                throw new ApiException(400, where + " needs a 'name' (the column), got " + RequestRows.kind(name));
            }
            where = "input '" + Text.cut(name.textValue(), 100) + "'";
            JsonNode type = tensor.get("datatype");
            if (type == null || !type.isTextual() || !V2_TYPES.contains(type.textValue())) {
                throw new ApiException(400, where + ": 'datatype' must be one of " + String.join(", ", V2_TYPES) + ", got "
                        + (type != null && type.isTextual() ? "'" + Text.cut(type.textValue(), 20) + "'" : RequestRows.kind(type)));
            }
            JsonNode shape = tensor.get("shape");
            if (shape == null || !shape.isArray() || shape.isEmpty() || shape.size() > 2) {
                throw new ApiException(400, where + ": 'shape' must be [rows] or [rows, 1], got " + (shape == null ? "nothing" : Text.cut(shape.toString(), 50)));
            }
            for (JsonNode s : shape) {
                if (!s.canConvertToInt() || !s.isIntegralNumber() || s.intValue() < 0) {
                    throw new ApiException(400, where + ": 'shape' must hold whole numbers ≥ 0, got " + Text.cut(shape.toString(), 50));
                }
            }
            if (shape.size() == 2 && shape.get(1).intValue() != 1) {
                throw new ApiException(400, where + ": shape " + shape + " has " + shape.get(1).intValue()
                        + " values per row; each input tensor is one column, shape [rows] or [rows, 1]");
            }
            int n = shape.get(0).intValue();
            if (n > config.maxRows()) {
                throw new ApiException(413, "the request has " + n + " rows; the server takes at most " + config.maxRows() + " (--max-rows)");
            }
            List<JsonNode> data = new ArrayList<>(n);
            JsonNode given = tensor.get("data");
            if (given == null || !given.isArray()) {
                throw new ApiException(400, where + ": 'data' must be an array, got " + RequestRows.kind(given));
            }
            flatten(given, data, n + 1, where);
            if (data.size() != n) {
                throw new ApiException(400, where + ": shape " + shape + " needs " + n + " values, 'data' has " + (data.size() > n ? "more" : data.size()));
            }
            if (rows >= 0 && n != rows) {
                throw new ApiException(400, where + " has " + n + " rows, the inputs before it " + rows + "; all inputs need the same number of rows");
            }
            rows = n;
            if (columns.put(name.textValue(), data) != null) {
                throw new ApiException(400, where + " is given twice");
            }
        }
        Predictions p = score(m, v, RequestRows.ofColumns(columns, rows, pre, config.maxRows()));
        JsonNode id = body.get("id");
        return json(200, g -> {
            g.writeStartObject();
            g.writeStringField("model_name", m.name());
            g.writeStringField("model_version", Integer.toString(v.number()));
            if (id != null && id.isTextual()) {
                g.writeStringField("id", id.textValue());
            }
            g.writeArrayFieldStart("outputs");
            int n = p.size();
            if (p.isClassification()) {
                int k = p.classLabels().size();
                g.writeStartObject();
                g.writeStringField("name", "label");
                g.writeStringField("datatype", "BYTES");
                g.writeArrayFieldStart("shape");
                g.writeNumber(n);
                g.writeEndArray();
                g.writeArrayFieldStart("data");
                for (int i = 0; i < n; i++) {
                    g.writeString(p.label(i));
                }
                g.writeEndArray();
                g.writeEndObject();
                g.writeStartObject();
                g.writeStringField("name", "probabilities");
                g.writeStringField("datatype", "FP32");
                g.writeArrayFieldStart("shape");
                g.writeNumber(n);
                g.writeNumber(k);
                g.writeEndArray();
                g.writeObjectFieldStart("parameters");
                g.writeStringField("classes", JSON.writeValueAsString(p.classLabels()));
                g.writeEndObject();
                g.writeArrayFieldStart("data");
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < k; c++) {
                        g.writeNumber(p.probability(i, c));
                    }
                }
                g.writeEndArray();
                g.writeEndObject();
            } else {
                g.writeStartObject();
                g.writeStringField("name", "value");
                g.writeStringField("datatype", "FP32");
                g.writeArrayFieldStart("shape");
                g.writeNumber(n);
                g.writeEndArray();
                g.writeArrayFieldStart("data");
                for (int i = 0; i < n; i++) {
                    g.writeNumber((float) p.value(i));
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** The values of a (possibly nested) data array, in row-major order, stopping past {@code limit}. */
    private static void flatten(JsonNode node, List<JsonNode> out, int limit, String where) {
        for (JsonNode v : node) {
            if (out.size() >= limit) {
                return;
            }
            if (v.isArray()) {
                flatten(v, out, limit, where);
            } else if (v.isObject()) {
                throw new ApiException(400, where + ": 'data' holds an object; give numbers, strings, booleans or null");
            } else {
                out.add(v);
            }
        }
    }

    // ---- the page's model card ----

    /** Each feature's kind: numeric, boolean, date, text or embedding. */
    static List<String> inputKinds(Preprocessor pre) {
        List<String> kinds = new ArrayList<>();
        Preprocessor.NumericKind[] numeric = pre.numericKinds();
        for (int j = 0, k = 0; j < pre.features().size(); j++) {
            OneHotEncoder e = pre.encoder(j);
            kinds.add(e == null ? numeric[k++].id() : e.embedded() ? "embedding" : "text");
        }
        return kinds;
    }

    private ApiResponse card(ServedModel m) {
        ServedModel.Version v = m.current();
        Preprocessor pre = v.model().preprocessor();
        List<String> kinds = inputKinds(pre);
        float[] fill = pre.fillValues();
        return json(200, g -> {
            g.writeStartObject();
            g.writeStringField("name", m.name());
            g.writeNumberField("version", v.number());
            g.writeStringField("loaded_at", v.loadedAt().toString());
            g.writeStringField("file", String.valueOf(m.path().getFileName()));
            g.writeStringField("task", pre.task().id());
            g.writeStringField("target", pre.target());
            g.writeStringField("summary", pre.describe());
            g.writeArrayFieldStart("classes");
            for (String c : pre.classLabels() == null ? List.<String>of() : pre.classLabels()) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("inputs");
            for (int j = 0, k = 0; j < pre.features().size(); j++) {
                g.writeStartObject();
                g.writeStringField("name", pre.features().get(j));
                g.writeStringField("kind", kinds.get(j));
                OneHotEncoder e = pre.encoder(j);
                if (e == null) {
                    g.writeNumberField("missing_becomes", fill[k]);
                    k++;
                } else {
                    List<String> categories = e.categories().stream().filter(c -> !c.equals(OneHotEncoder.MISSING)).toList();
                    g.writeNumberField("categories_total", categories.size());
                    g.writeArrayFieldStart("categories");
                    for (String c : categories.subList(0, Math.min(categories.size(), 500))) {
                        g.writeString(c);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("columns");
            for (ColumnRole role : pre.roles() == null ? List.<ColumnRole>of() : pre.roles()) {
                g.writeStartObject();
                g.writeStringField("name", role.name());
                g.writeStringField("role", role.role());
                g.writeStringField("reason", role.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("training");
            JSON.writeValue(g, v.model().training());
            g.writeArrayFieldStart("plots");
            int count = plots.getOrDefault(m.name(), List.of()).size();
            for (int i = 0; i < count; i++) {
                g.writeString("models/" + m.name() + "/plots/" + i + ".png");
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    // ---- writing responses ----

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static ApiResponse json(int status, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ApiResponse(status, JSON_TYPE, Map.of(), out.toByteArray());
    }

    private static ApiResponse error(int status, String message, String allow, String endpoint) {
        ApiResponse r = json(status, g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            if (endpoint.equals("invocations")) {
                g.writeStringField("error_code", status == 413 ? "RESOURCE_EXHAUSTED" : status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST");
                g.writeStringField("message", message);
            }
            g.writeEndObject();
        });
        Map<String, String> headers = new LinkedHashMap<>();
        if (allow != null) {
            headers.put("Allow", allow.equals("GET") ? "GET, HEAD" : allow);
        }
        if (status == 401) {
            headers.put("WWW-Authenticate", "Bearer");
        }
        return new ApiResponse(status, r.contentType(), headers, r.body());
    }

    private ApiResponse asset(String name, String type) {
        return new ApiResponse(200, type, Map.of("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
                "Cache-Control", "no-cache"), assets.get(name));
    }

    private static byte[] resource(String name) {
        try (InputStream in = Api.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the page's " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.neurite.cli;

import static dev.neurite.cli.ServeFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neurite.serve.ServeConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** neurite serve end to end: a started server, a real HTTP client, every endpoint, every bad input, the token, hot swaps. */
class ServeTest {
    private static final String ROW = "{\"age\": 61, \"city\": \"Berlin\", \"plan\": \"basic\", \"income\": 41000, \"active\": false}";

    @TempDir
    static Path dir;
    static Path model;
    static ServeFixture.Running server;

    @BeforeAll
    static void start() throws Exception {
        model = ServeFixture.train(ServeFixture.churnCsv(dir, "churn.csv", true, 1), dir.resolve("churn.model"), 1);
        server = ServeFixture.start(model, ServeFixture.smallLimits());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** A body the server sent for a refusal: a 4xx with a JSON error, and no trace of Java's insides. */
    private static JsonNode refused(HttpResponse<String> r, int status, String... mentions) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        JsonNode body = json(r);
        String error = body.get("error").asText();
        for (String m : mentions) {
            assertTrue(error.contains(m), "'" + m + "' not in: " + error);
        }
        assertFalse(r.body().contains("Exception") || r.body().contains("at dev.") || r.body().contains("at java."), r.body());
        return body;
    }

    private static void stillServes() throws Exception {
        HttpResponse<String> r = server.post("/predict", "application/json", "[" + ROW + "]");
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void predictTakesJsonRowsInBothFormsAndCsvAndAnswersInOrder() throws Exception {
        HttpResponse<String> r = server.post("/predict", "application/json",
                "[" + ROW + ", {\"age\": 20, \"city\": \"Paris\", \"plan\": \"team\", \"income\": 60000, \"active\": true}]");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertEquals("churn", body.get("model").asText());
        assertEquals(2, body.get("predictions").size());
        JsonNode first = body.get("predictions").get(0);
        double yes = first.get("probabilities").get("yes").asDouble();
        double no = first.get("probabilities").get("no").asDouble();
        assertEquals(1.0, yes + no, 1e-5);
        assertEquals(yes > no ? "yes" : "no", first.get("label").asText());
        // The same rows wrapped in {"rows": …}, and as CSV, give the same numbers.
        JsonNode wrapped = json(server.post("/predict", "application/json", "{\"rows\": [" + ROW + "]}"));
        assertEquals(yes, wrapped.get("predictions").get(0).get("probabilities").get("yes").asDouble(), 1e-7);
        HttpResponse<String> csv = server.post("/predict", "text/csv", "age,city,plan,income,active\n61,Berlin,basic,41000,false\n20,Paris,team,60000,true\n");
        assertEquals(200, csv.statusCode(), csv.body());
        assertEquals(body.get("predictions"), json(csv).get("predictions"));
        // /models/{name}/predict is the same endpoint, by name.
        assertEquals(body.get("predictions").get(0), json(server.post("/models/churn/predict", "application/json", "[" + ROW + "]")).get("predictions").get(0));
    }

    @Test
    void missingColumnsAreFilledAsInTrainingAndUnknownOnesAreRefusedByName() throws Exception {
        HttpResponse<String> r = server.post("/predict", "application/json", "[{\"age\": 61, \"city\": \"Berlin\"}, {}]");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(2, json(r).get("predictions").size());
        // The target and nothing else the model does not know.
        assertEquals(200, server.post("/predict", "application/json", "[{\"age\": 61, \"churn\": \"yes\"}]").statusCode());
        refused(server.post("/predict", "application/json", "[{\"age\": 61, \"agee\": 3, \"zip\": \"10115\"}]"), 422, "'agee'", "'zip'", "age, city");
        refused(server.post("/invocations", "application/json", "{\"dataframe_split\": {\"columns\": [\"age\", \"colour\"], \"data\": [[1, \"red\"]]}}"), 422, "'colour'");
        refused(server.post("/predict", "text/csv", "age,shoe\n1,2\n"), 422, "'shoe'");
        stillServes();
    }

    @Test
    void openInferenceProtocolEndpoints() throws Exception {
        assertEquals("true", json(server.get("/v2/health/live")).get("live").asText());
        assertEquals("true", json(server.get("/v2/health/ready")).get("ready").asText());
        assertEquals("neurite", json(server.get("/v2")).get("name").asText());
        JsonNode meta = json(server.get("/v2/models/churn"));
        assertEquals("churn", meta.get("name").asText());
        List<String> inputs = new ArrayList<>();
        meta.get("inputs").forEach(i -> inputs.add(i.get("name").asText() + ":" + i.get("datatype").asText()));
        assertEquals(List.of("age:FP32", "city:BYTES", "plan:BYTES", "income:FP32", "active:BOOL"), inputs);
        assertEquals(200, server.get("/v2/models/churn/ready").statusCode());
        assertEquals(200, server.get("/v2/models/churn/versions/" + server.model().current().number()).statusCode());
        refused(server.get("/v2/models/churn/versions/99"), 404, "no version '99'");
        refused(server.get("/v2/models/nope"), 404, "no model named 'nope'", "churn");
        String infer = """
                {"id": "req-7", "inputs": [
                  {"name": "age", "shape": [2], "datatype": "FP32", "data": [61, 20]},
                  {"name": "city", "shape": [2, 1], "datatype": "BYTES", "data": [["Berlin"], ["Paris"]]},
                  {"name": "plan", "shape": [2], "datatype": "BYTES", "data": ["basic", "team"]},
                  {"name": "income", "shape": [2], "datatype": "FP32", "data": [41000, 60000]},
                  {"name": "active", "shape": [2], "datatype": "BOOL", "data": [false, true]}]}
                """;
        HttpResponse<String> r = server.post("/v2/models/churn/infer", "application/json", infer);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode out = json(r);
        assertEquals("req-7", out.get("id").asText());
        assertEquals("churn", out.get("model_name").asText());
        JsonNode labels = out.get("outputs").get(0);
        JsonNode probabilities = out.get("outputs").get(1);
        assertEquals("label", labels.get("name").asText());
        assertEquals("[2,2]", probabilities.get("shape").toString());
        JsonNode own = json(server.post("/predict", "application/json",
                "[" + ROW + ", {\"age\": 20, \"city\": \"Paris\", \"plan\": \"team\", \"income\": 60000, \"active\": true}]")).get("predictions");
        assertEquals(own.get(1).get("label").asText(), labels.get("data").get(1).asText());
        assertEquals(own.get(0).get("probabilities").get("no").asDouble(), probabilities.get("data").get(0).asDouble(), 1e-7);
        refused(server.post("/v2/models/churn/infer", "application/json", "{\"inputs\": [{\"name\": \"age\", \"shape\": [3], \"datatype\": \"FP32\", \"data\": [1, 2]}]}"),
                400, "input 'age'", "needs 3 values");
        refused(server.post("/v2/models/churn/infer", "application/json", "{\"inputs\": [{\"name\": \"age\", \"shape\": [1], \"datatype\": \"FLOAT\", \"data\": [1]}]}"),
                400, "'datatype'", "'FLOAT'");
        refused(server.post("/v2/models/churn/infer", "application/json", "{\"inputs\": [{\"name\": \"age\", \"shape\": [1, 2], \"datatype\": \"FP32\", \"data\": [1, 2]}]}"),
                400, "one column");
        refused(server.post("/v2/models/churn/infer", "application/json", "{\"inputs\": [{\"name\": \"age\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]},"
                + "{\"name\": \"city\", \"shape\": [2], \"datatype\": \"BYTES\", \"data\": [\"a\", \"b\"]}]}"), 400, "same number of rows");
        refused(server.post("/v2/models/churn/infer", "application/json", "{\"inputs\": [{\"name\": \"height\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}]}"),
                422, "'height'");
        refused(server.post("/v2/models/churn/infer", "application/json", "{}"), 400, "'inputs'");
    }

    @Test
    void mlflowInvocationsInEveryForm() throws Exception {
        JsonNode own = json(server.post("/predict", "application/json", "[" + ROW + "]")).get("predictions").get(0);
        for (String body : List.of("{\"dataframe_records\": [" + ROW + "]}", "{\"instances\": [" + ROW + "]}",
                "{\"dataframe_split\": {\"columns\": [\"age\", \"city\", \"plan\", \"income\", \"active\"], \"data\": [[61, \"Berlin\", \"basic\", 41000, false]]}}")) {
            HttpResponse<String> r = server.post("/invocations", "application/json", body);
            assertEquals(200, r.statusCode(), body + " → " + r.body());
            JsonNode out = json(r);
            assertEquals(own.get("label").asText(), out.get("predictions").get(0).asText());
            assertEquals(own.get("probabilities"), out.get("probabilities").get(0));
        }
        HttpResponse<String> csv = server.post("/invocations", "text/csv", "age,city,plan,income,active\n61,Berlin,basic,41000,false\n");
        assertEquals(own.get("label").asText(), json(csv).get("predictions").get(0).asText());
        JsonNode error = refused(server.post("/invocations", "application/json", "{\"rows\": []}"), 400, "dataframe_records, dataframe_split or instances");
        assertEquals("BAD_REQUEST", error.get("error_code").asText());
        refused(server.post("/invocations", "application/json", "{\"dataframe_split\": {\"columns\": [\"age\"], \"data\": [[1, 2]]}}"), 400, "row 1", "1 values");
    }

    @Test
    void metricsInThePrometheusTextFormat() throws Exception {
        stillServes();
        refused(server.post("/predict", "application/json", "[{\"nope\": 1}]"), 422);
        HttpResponse<String> r = server.get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
        String text = r.body();
        for (String line : List.of("# TYPE neurite_requests_total counter", "neurite_requests_total{code=\"200\",endpoint=\"predict\"}",
                "neurite_request_errors_total{code=\"422\",endpoint=\"predict\"}", "neurite_rows_total{model=\"churn\"}",
                "neurite_request_duration_seconds_bucket{endpoint=\"predict\",le=\"0.001\"}", "neurite_model_version{model=\"churn\"}",
                "# TYPE neurite_request_duration_seconds histogram")) {
            assertTrue(text.contains(line), line + " not in:\n" + text);
        }
    }

    @Test
    void thePageAndTheCardItReads() throws Exception {
        HttpResponse<String> page = server.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"page.js\""), page.body());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertEquals(200, server.get("/page.js").statusCode());
        assertEquals(200, server.get("/page.css").statusCode());
        JsonNode card = json(server.get("/models/churn/card"));
        assertEquals("classification", card.get("task").asText());
        assertEquals("[\"no\",\"yes\"]", card.get("classes").toString());
        assertEquals("text", card.get("inputs").get(1).get("kind").asText());
        assertTrue(card.get("inputs").get(1).get("categories").toString().contains("<i>Rome</i>"));
        assertEquals("boolean", card.get("inputs").get(4).get("kind").asText());
        assertEquals(4, card.get("training").get("epochs").asInt());
        long pngs;
        try (var files = Files.list(model.resolveSibling("churn.model-plots"))) {
            pngs = files.filter(f -> f.toString().endsWith(".png")).count();
        }
        assertTrue(pngs >= 3, "neurite train --plots wrote " + pngs + " pictures");
        assertEquals(pngs, card.get("plots").size(), card.toString());
        HttpResponse<byte[]> png = ServeFixture.CLIENT.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base() + "/" + card.get("plots").get(0).asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("image/png", png.headers().firstValue("Content-Type").orElse(""));
        assertEquals((byte) 0x89, png.body()[0]);
        assertEquals(List.of("churn"), json(server.get("/models")).findValuesAsText("name"));
        refused(server.get("/models/churn/plots/7.png"), 404, "no plot 7");
    }

    @Test
    void badInputsGetA4xxNamingTheProblemAndTheNextRequestIsServed() throws Exception {
        refused(server.post("/predict", "application/json", "[{\"age\": 61,"), 400, "not valid JSON", "line 1");
        refused(server.post("/predict", "application/json", "[{\"age\": 61}] trailing"), 400, "not valid JSON");
        refused(server.post("/predict", "application/json", ""), 400, "empty");
        refused(server.post("/predict", "application/json", "[{\"age\": [1, 2]}]"), 400, "row 1", "'age'", "an array");
        refused(server.post("/predict", "application/json", "[{\"age\": \"old\"}]"), 400, "'old'", "'age'");
        refused(server.post("/predict", "application/json", "[1, 2]"), 400, "row 1", "a number");
        refused(server.post("/predict", "application/json", "{\"age\": 61}"), 400, "{\"rows\": [...]}", "'age'");
        refused(server.post("/predict", "application/json", "\"text\""), 400, "array");
        refused(server.post("/predict", "application/xml", "<rows/>"), 415, "application/xml");
        refused(server.post("/predict", "application/json", "[" + "[".repeat(5000) + "]".repeat(5000) + "]"), 400, "not valid JSON");
        // Over --max-body (64 KiB here): 413, and over --max-rows (500): 413.
        refused(server.post("/predict", "application/json", "[" + (ROW + ",").repeat(1000) + ROW + "]"), 413, "--max-body", "65536");
        refused(server.post("/predict", "application/json", "[" + (("{\"age\": 1},").repeat(600)) + "{}]"), 413, "601 rows", "--max-rows");
        refused(server.get("/nowhere"), 404, "no endpoint GET /nowhere", "POST /predict");
        HttpResponse<String> wrongMethod = server.get("/predict");
        refused(wrongMethod, 405, "GET is not allowed on /predict", "POST");
        assertEquals("POST", wrongMethod.headers().firstValue("Allow").orElse(""));
        refused(server.send("DELETE", "/metrics"), 405, "DELETE");
        refused(server.send("OPTIONS", "/predict"), 405);
        assertTrue(server.get("/predict").headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "CORS is off unless asked");
        stillServes();
    }

    @Test
    void aSlowClientIsCutOffAtTheReadTimeoutAndOthersAreServed() throws Exception {
        int port = Integer.parseInt(server.base().substring(server.base().lastIndexOf(':') + 1));
        try (Socket slow = new Socket("127.0.0.1", port)) {
            slow.setSoTimeout(10_000);
            OutputStream out = slow.getOutputStream();
            out.write(("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[{\"age\"").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            stillServes(); // others are served while this one stalls
            InputStream in = slow.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8); // ends when the server closes the connection
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 5, "closed after " + seconds + " s; the read timeout is 1 s");
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408"), answer);
            assertFalse(answer.contains("Exception"), answer);
        }
        // A second passed idle: the shared client's pooled connection may have just been closed by the server.
        HttpResponse<String> r = server.postOnNewConnection("/predict", "application/json", "[" + ROW + "]");
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void aBearerTokenIsRequiredWhenConfigured() throws Exception {
        ServeConfig config = ServeFixture.smallLimits().withToken("s3cret-token");
        try (ServeFixture.Running guarded = ServeFixture.start(model, config)) {
            refused(guarded.post("/predict", "application/json", "[" + ROW + "]"), 401, "Authorization: Bearer");
            assertEquals("Bearer", guarded.post("/predict", "application/json", "[]").headers().firstValue("WWW-Authenticate").orElse(""));
            refused(guarded.post("/predict", "application/json", "[" + ROW + "]", "Authorization", "Bearer s3cret-tokeN"), 401, "wrong");
            refused(guarded.post("/predict", "application/json", "[" + ROW + "]", "Authorization", "Bearer s3cret"), 401, "wrong");
            refused(guarded.get("/metrics"), 401);
            refused(guarded.get("/models/churn/card"), 401);
            refused(guarded.post("/v2/models/churn/infer", "application/json", "{}"), 401);
            refused(guarded.post("/invocations", "application/json", "{}"), 401);
            HttpResponse<String> allowed = guarded.post("/predict", "application/json", "[" + ROW + "]", "Authorization", "Bearer s3cret-token");
            assertEquals(200, allowed.statusCode(), allowed.body());
            assertEquals(200, guarded.get("/metrics", "Authorization", "bearer s3cret-token").statusCode());
            // Health checks and the page's own files carry no data and stay open for probes and browsers.
            assertEquals(200, guarded.get("/v2/health/ready").statusCode());
            assertEquals(200, guarded.get("/").statusCode());
        }
    }

    @Test
    void corsHeadersOnlyWhenAsked() throws Exception {
        ServeConfig base = ServeFixture.smallLimits();
        ServeConfig config = new ServeConfig(base.host(), 0, base.maxBodyBytes(), base.maxRows(), base.readTimeout(), base.drainTimeout(),
                base.watchInterval(), null, "https://app.example.com");
        try (ServeFixture.Running open = ServeFixture.start(model, config)) {
            HttpResponse<String> preflight = open.send("OPTIONS", "/predict");
            assertEquals(204, preflight.statusCode());
            assertEquals("https://app.example.com", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
            assertEquals("https://app.example.com", open.post("/predict", "application/json", "[" + ROW + "]").headers()
                    .firstValue("Access-Control-Allow-Origin").orElse(""));
        }
    }

    @Test
    void hotSwapsAndRefusedFilesWhileAClientKeepsSending() throws Exception {
        Path file = dir.resolve("swapped.model");
        Files.copy(model, file);
        Path next = ServeFixture.train(ServeFixture.churnCsv(dir, "next.csv", true, 2), dir.resolve("next.model"), 2);
        Path other = ServeFixture.train(ServeFixture.churnCsv(dir, "noplan.csv", false, 3), dir.resolve("noplan.model"), 3);
        try (ServeFixture.Running swapping = ServeFixture.start(file, ServeFixture.smallLimits())) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            AtomicReference<String> lastFailure = new AtomicReference<>();
            AtomicInteger highestVersion = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread c = new Thread(() -> {
                    while (running.get()) {
                        try {
                            HttpResponse<String> r = swapping.post("/predict", "application/json", "[" + ROW + "]");
                            sent.incrementAndGet();
                            if (r.statusCode() != 200) {
                                failed.incrementAndGet();
                                lastFailure.set(r.statusCode() + " " + r.body());
                            } else {
                                highestVersion.accumulateAndGet(json(r).get("version").asInt(), Math::max);
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                            lastFailure.set(e.toString());
                        }
                    }
                });
                c.start();
                clients.add(c);
            }
            Thread.sleep(300);
            replace(next, file);
            waitFor(() -> highestVersion.get() == 2, "version 2 served after the atomic replace");
            // A corrupt file, then a model with other input columns: both refused, version 2 serves on.
            Path corrupt = dir.resolve("corrupt.tmp");
            byte[] bytes = Files.readAllBytes(next);
            Files.write(corrupt, java.util.Arrays.copyOf(bytes, bytes.length / 2)); // cut short, as by a full disk
            replace(corrupt, file);
            waitFor(() -> swapping.log().stream().anyMatch(l -> l.contains("refused")), "the truncated file refused");
            Files.write(corrupt, "not a model at all".getBytes(StandardCharsets.UTF_8));
            replace(corrupt, file);
            waitFor(() -> swapping.log().stream().filter(l -> l.contains("refused")).count() >= 2, "the file of text refused");
            replace(other, file);
            waitFor(() -> swapping.log().stream().anyMatch(l -> l.contains("input columns differ")), "the model with other inputs refused");
            int before = sent.get();
            waitFor(() -> sent.get() > before + 20, "requests go on after the refusals");
            running.set(false);
            for (Thread c : clients) {
                c.join();
            }
            assertEquals(0, failed.get(), "failed requests: " + failed.get() + " of " + sent.get() + "; last: " + lastFailure.get());
            assertEquals(2, swapping.model().current().number());
            assertEquals(2, highestVersion.get());
            assertTrue(swapping.log().stream().anyMatch(l -> l.contains("(gone: plan)")), String.join("\n", swapping.log()));
            String metrics = swapping.get("/metrics").body();
            assertTrue(metrics.contains("neurite_model_swaps_total{model=\"churn\",result=\"refused\"} 3.0"), metrics);
            assertTrue(metrics.contains("neurite_model_version{model=\"churn\"} 2.0"), metrics);
            assertNotEquals(0, sent.get());
        }
    }

    @Test
    void anOnnxFileWithItsPreprocessingIsServedLikeTheModelItCameFrom() throws Exception {
        // Numbers and text without missing values: what the ONNX column graph expresses today.
        StringBuilder csv = new StringBuilder("age,city,churn\n");
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 200; i++) {
            int age = 18 + r.nextInt(60);
            String city = List.of("Berlin", "Paris", "Rome").get(r.nextInt(3));
            csv.append(age).append(',').append(city).append(',').append(age + (city.equals("Rome") ? 10 : 0) > 50 ? "yes" : "no").append('\n');
        }
        Path data = dir.resolve("onnx.csv");
        Files.writeString(data, csv.toString());
        Path neurite = ServeFixture.train(data, dir.resolve("onnx-source.model"), 1);
        Path onnx = dir.resolve("churn.onnx");
        java.io.StringWriter err = new java.io.StringWriter();
        assertEquals(0, Main.run(new String[] {"export", "--model", neurite.toString(), "--out", onnx.toString()},
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err)), err.toString());
        String rows = "[{\"age\": 61, \"city\": \"Rome\"}, {\"age\": 22, \"city\": \"Paris\"}]";
        try (ServeFixture.Running fromNeurite = ServeFixture.start(neurite, ServeFixture.smallLimits());
             ServeFixture.Running fromOnnx = ServeFixture.start(onnx, ServeFixture.smallLimits())) {
            JsonNode expected = json(fromNeurite.post("/predict", "application/json", rows)).get("predictions");
            HttpResponse<String> got = fromOnnx.post("/predict", "application/json", rows);
            assertEquals(200, got.statusCode(), got.body());
            JsonNode actual = json(got).get("predictions");
            for (int i = 0; i < 2; i++) {
                assertEquals(expected.get(i).get("label"), actual.get(i).get("label"));
                assertEquals(expected.get(i).get("probabilities").get("yes").asDouble(), actual.get(i).get("probabilities").get("yes").asDouble(), 1e-5);
            }
        }
    }

    /** Replaces {@code target} by {@code source}'s bytes the way Neurite writes: a new file renamed over the old one. */
    private static void replace(Path source, Path target) throws Exception {
        Path tmp = target.resolveSibling(target.getFileName() + ".new");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("waited 30 s for: " + what);
            }
            Thread.sleep(20);
        }
    }
}

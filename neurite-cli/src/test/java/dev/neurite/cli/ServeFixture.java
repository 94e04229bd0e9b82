package dev.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neurite.serve.ModelServer;
import dev.neurite.serve.ServeConfig;
import dev.neurite.serve.ServedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Trains small models through the CLI and starts servers on free ports, for the serve tests. */
final class ServeFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServeFixture() {
    }

    /** A churn table: age, city (one category holds HTML), plan, income (some missing), active, and the target. */
    static Path churnCsv(Path dir, String name, boolean withPlan, int seed) throws IOException {
        Random r = new Random(seed);
        String[] cities = {"Berlin", "Paris", "<i>Rome</i>", "Madrid"};
        String[] plans = {"basic", "pro", "team"};
        StringBuilder b = new StringBuilder("age,city," + (withPlan ? "plan," : "") + "income,active,churn\n");
        for (int i = 0; i < 400; i++) {
            int age = 18 + r.nextInt(60);
            String city = cities[r.nextInt(cities.length)];
            String plan = plans[r.nextInt(plans.length)];
            String income = r.nextDouble() < 0.1 ? "" : String.valueOf(30_000 + r.nextInt(40_000));
            boolean active = r.nextBoolean();
            double score = (age - 45) / 15.0 + (plan.equals("basic") ? 0.8 : -0.4) + (active ? -0.5 : 0.6) + r.nextGaussian() * 0.5;
            b.append(age).append(',').append(city).append(',').append(withPlan ? plan + "," : "").append(income).append(',')
                    .append(active).append(',').append(score > 0 ? "yes" : "no").append('\n');
        }
        Path csv = dir.resolve(name);
        Files.writeString(csv, b.toString());
        return csv;
    }

    /** Trains a model with {@code neurite train} and returns its file. */
    static Path train(Path csv, Path out, int seed) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int status = Main.run(new String[] {"train", "--data", csv.toString(), "--target", "churn", "--out", out.toString(),
                "--epochs", "4", "--layers", "8", "--validation-split", "0", "--progress", "none", "--seed", Integer.toString(seed),
                "--plots", out.resolveSibling(out.getFileName() + "-plots").toString()},
                new PrintWriter(o), new PrintWriter(e));
        assertEquals(0, status, e.toString());
        return out;
    }

    /** A server of {@code model} on a free port, with small limits so the tests can reach them. */
    static Running start(Path model, ServeConfig config) throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        ServedModel served = new ServedModel("churn", model, Models::load, log::add);
        Path plots = model.resolveSibling(model.getFileName() + "-plots");
        List<byte[]> pngs = new ArrayList<>();
        if (Files.isDirectory(plots)) {
            try (var files = Files.list(plots)) {
                for (Path p : files.sorted().toList()) {
                    pngs.add(Files.readAllBytes(p));
                }
            }
        }
        ModelServer server = new ModelServer(List.of(served), config, Map.of("churn", pngs), log::add);
        int port = server.start();
        return new Running(server, served, "http://127.0.0.1:" + port, log);
    }

    static ServeConfig smallLimits() {
        return new ServeConfig("127.0.0.1", 0, 64 * 1024, 500, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(100), null, null);
    }

    record Running(ModelServer server, ServedModel model, String base, List<String> log) implements AutoCloseable {
        HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET();
            if (headers.length > 0) {
                b.headers(headers);
            }
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String contentType, String body, String... headers) throws IOException, InterruptedException {
            return post(CLIENT, path, contentType, body, headers);
        }

        /**
         * The same POST on a connection of its own: after a pause longer than the server's idle
         * timeout, the shared client's pooled connection may be one the server has just closed,
         * and the JDK's client does not retry a POST on it.
         */
        HttpResponse<String> postOnNewConnection(String path, String contentType, String body) throws IOException, InterruptedException {
            return post(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), path, contentType, body);
        }

        private HttpResponse<String> post(HttpClient client, String path, String contentType, String body, String... headers)
                throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            if (headers.length > 0) {
                b.headers(headers);
            }
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() {
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException("stopping the server failed", e);
            }
        }
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }
}

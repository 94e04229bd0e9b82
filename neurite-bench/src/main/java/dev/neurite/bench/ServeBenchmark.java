package dev.neurite.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neurite.data.OneHotEncoder;
import dev.neurite.data.Preprocessor;
import dev.neurite.io.Model;
import dev.neurite.io.ModelFile;
import dev.neurite.io.Predictor;
import dev.neurite.io.onnx.Onnx;
import dev.neurite.serve.Api;
import dev.neurite.serve.JettyTransport;
import dev.neurite.serve.ServeConfig;
import dev.neurite.serve.ServedModel;
import dev.neurite.serve.Transport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code neurite-bench serve}: the model server under load from {@code wrk} (Debian's package),
 * POSTing rows to {@code /predict} over keep-alive connections, at several connection counts and
 * request sizes; beside it the in-process scoring throughput of the same model and rows (what
 * HTTP costs), and optionally a soak that samples the server's memory.
 */
final class ServeBenchmark {
    private ServeBenchmark() {
    }

    /** One wrk run's figures. */
    record Point(String server, int connections, int rowsPerRequest, double seconds, long requests, long errors,
                 double requestsPerSecond, double rowsPerSecond, double p50Ms, double p99Ms, double p999Ms, double maxMs) {
    }

    static Map<String, Object> run(Path modelFile, List<String> servers, List<Integer> connections, List<Integer> rowCounts,
                                   int seconds, int soakSeconds, int wrkThreads) throws Exception {
        Model model = Onnx.isOnnx(modelFile) ? Onnx.loadModel(modelFile) : ModelFile.load(modelFile);
        Predictor predictor = new Predictor(model);
        Path work = Files.createTempDirectory("neurite-bench-serve");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "serve");
        result.put("model", modelFile.toString());
        result.put("java", System.getProperty("java.version"));
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("wrk_threads", wrkThreads);
        result.put("seconds_per_point", seconds);
        Map<String, Object> inProcess = new LinkedHashMap<>();
        Map<Integer, byte[]> bodies = new LinkedHashMap<>();
        for (int n : rowCounts) {
            List<Map<String, Object>> rows = rows(model.preprocessor(), n, new Random(7));
            bodies.put(n, new ObjectMapper().writeValueAsBytes(rows));
            inProcess.put(n + "_rows_per_call", inProcessRowsPerSecond(predictor, rows, Math.max(2, seconds / 2)));
        }
        result.put("in_process_rows_per_second", inProcess);
        List<Point> points = new ArrayList<>();
        try {
            for (int n : rowCounts) {
                for (int c : connections) {
                    for (String server : servers) {
                        points.add(withServer(modelFile, server, port -> wrk(work, server, port, bodies.get(n), n, c,
                                Math.min(wrkThreads, c), seconds)));
                        System.err.println("neurite-bench serve: " + points.get(points.size() - 1));
                    }
                }
            }
            result.put("points", points);
            if (soakSeconds > 0) {
                result.put("soak", withServer(modelFile, servers.get(0), port -> soak(work, port, bodies.get(rowCounts.get(0)),
                        Math.min(wrkThreads, 64), soakSeconds)));
            }
        } finally {
            for (Path p : Files.list(work).toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(work);
        }
        return result;
    }

    interface Load<T> {
        T run(int port) throws Exception;
    }

    /** Starts a fresh server of kind {@code server} (jetty or jdk) on a free port, runs {@code load}, stops it. */
    private static <T> T withServer(Path modelFile, String server, Load<T> load) throws Exception {
        ServeConfig config = ServeConfig.DEFAULTS.withPort(0);
        ServedModel served = new ServedModel("bench", modelFile, p -> Onnx.isOnnx(p) ? Onnx.loadModel(p) : ModelFile.load(p), line -> { });
        Api api = new Api(List.of(served), config, Map.of());
        Transport transport = server.equals("jdk") ? new JdkTransport(api) : new JettyTransport(api);
        int port = transport.start();
        try {
            return load.run(port);
        } finally {
            transport.stop(Duration.ofSeconds(1));
        }
    }

    /** Rows with values the model knows: numbers near the fill value, categories drawn from the training ones. */
    static List<Map<String, Object>> rows(Preprocessor pre, int n, Random random) {
        float[] fill = pre.fillValues();
        Preprocessor.NumericKind[] kinds = pre.numericKinds();
        List<Map<String, Object>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int j = 0, k = 0; j < pre.features().size(); j++) {
                OneHotEncoder e = pre.encoder(j);
                String name = pre.features().get(j);
                if (e == null) {
                    switch (kinds[k]) {
                        case BOOLEAN -> row.put(name, random.nextBoolean());
                        case DATE -> row.put(name, "2024-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10));
                        default -> row.put(name, Math.round(fill[k] * (0.5 + random.nextDouble()) * 100) / 100.0);
                    }
                    k++;
                } else {
                    List<String> known = e.categories().stream().filter(c -> !c.equals(OneHotEncoder.MISSING)).toList();
                    row.put(name, known.isEmpty() ? null : known.get(random.nextInt(known.size())));
                }
            }
            rows.add(row);
        }
        return rows;
    }

    /** Rows per second of {@link Predictor#predict(List)} on as many threads as cores, after a warm-up. */
    private static double inProcessRowsPerSecond(Predictor predictor, List<Map<String, Object>> rows, int seconds) throws InterruptedException {
        int threads = Runtime.getRuntime().availableProcessors();
        AtomicLong scored = new AtomicLong();
        long warmUntil = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            predictor.predict(rows);
        }
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                long local = 0;
                while (System.nanoTime() < end) {
                    local += predictor.predict(rows).size();
                }
                scored.addAndGet(local);
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        return scored.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** The Lua script that makes wrk POST {@code body} and print its figures on one line. */
    private static Path script(Path work, byte[] body, String name) throws IOException {
        Path bodyFile = work.resolve(name + ".json");
        Files.write(bodyFile, body);
        String lua = """
                local f = assert(io.open("%s", "rb"))
                wrk.method = "POST"
                wrk.body = f:read("*a")
                f:close()
                wrk.headers["Content-Type"] = "application/json"
                done = function(summary, latency, requests)
                  local e = summary.errors
                  io.write(string.format("NEURITE %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
                    e.connect + e.read + e.write + e.status + e.timeout,
                    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
                end
                """.formatted(bodyFile.toString().replace("\\", "\\\\"));
        Path file = work.resolve(name + ".lua");
        Files.writeString(file, lua);
        return file;
    }

    private static Point wrk(Path work, String server, int port, byte[] body, int rows, int connections, int threads, int seconds)
            throws IOException, InterruptedException {
        Path lua = script(work, body, "rows" + rows);
        // A short warm-up lets the JIT compile the server's path before the measured run.
        runWrk(lua, port, connections, threads, Math.max(1, seconds / 3));
        long[] f = runWrk(lua, port, connections, threads, seconds);
        double s = f[1] / 1e6;
        return new Point(server, connections, rows, s, f[0], f[2], f[0] / s, f[0] * rows / s, f[3] / 1e3, f[4] / 1e3, f[5] / 1e3, f[6] / 1e3);
    }

    /** requests, duration µs, errors, p50 µs, p99 µs, p99.9 µs, max µs. */
    private static long[] runWrk(Path lua, int port, int connections, int threads, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--timeout", "10s",
                "-s", lua.toString(), "http://127.0.0.1:" + port + "/predict").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("wrk failed (is Debian's wrk installed?): " + out);
        }
        for (String line : out.split("\n")) {
            if (line.startsWith("NEURITE ")) {
                String[] parts = line.trim().split(" ");
                long[] f = new long[7];
                for (int i = 0; i < 7; i++) {
                    f[i] = Long.parseLong(parts[i + 1]);
                }
                return f;
            }
        }
        throw new IOException("wrk printed no figures: " + out);
    }

    /** Single-row load at 64 connections for {@code seconds}, sampling this JVM's resident memory and heap every 10 s. */
    private static Map<String, Object> soak(Path work, int port, byte[] body, int threads, int seconds) throws Exception {
        Path lua = script(work, body, "soak");
        List<Map<String, Object>> samples = new ArrayList<>();
        Process p = new ProcessBuilder("wrk", "-t" + threads, "-c64", "-d" + seconds + "s", "--timeout", "10s",
                "-s", lua.toString(), "http://127.0.0.1:" + port + "/predict").redirectErrorStream(true).start();
        long start = System.nanoTime();
        while (p.isAlive()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("second", Math.round((System.nanoTime() - start) / 1e9));
            s.put("rss_mb", rssMegabytes());
            s.put("heap_used_mb", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
            samples.add(s);
            p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, Object> soak = new LinkedHashMap<>();
        soak.put("seconds", seconds);
        for (String line : out.split("\n")) {
            if (line.startsWith("NEURITE ")) {
                String[] parts = line.trim().split(" ");
                soak.put("requests", Long.parseLong(parts[1]));
                soak.put("errors", Long.parseLong(parts[3]));
                soak.put("requests_per_second", Math.round(Long.parseLong(parts[1]) / (Long.parseLong(parts[2]) / 1e6)));
            }
        }
        soak.put("samples", samples);
        return soak;
    }

    private static long rssMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** The points as a Markdown table. */
    static String table(List<Point> points) {
        StringBuilder b = new StringBuilder("| server | rows/request | connections | requests/s | rows/s | p50 ms | p99 ms | p99.9 ms | errors |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Point p : points) {
            b.append(String.format(Locale.ROOT, "| %s | %,d | %d | %,.0f | %,.0f | %.2f | %.2f | %.2f | %d |%n", p.server(), p.rowsPerRequest(),
                    p.connections(), p.requestsPerSecond(), p.rowsPerSecond(), p.p50Ms(), p.p99Ms(), p.p999Ms(), p.errors()));
        }
        return b.toString();
    }
}

package dev.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** neurite serve as its own process, as a service manager runs it: SIGTERM drains and exits 0, SIGHUP reloads. */
class ServeSignalsTest {
    private static final String ROW = "{\"age\": 61, \"city\": \"Berlin\", \"plan\": \"basic\", \"income\": 41000, \"active\": false}";

    @TempDir
    Path dir;

    /** The server in a child JVM, started through Main as a user's command line is, with its output read line by line. */
    private static final class Child implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> all = new ArrayList<>();
        final int port;

        Child(String... args) throws Exception {
            // A JVM started with SIGHUP ignored (under nohup, say) keeps it ignored and cannot
            // handle it; coreutils' env restores the default dispositions first.
            List<String> command = new ArrayList<>(List.of("env", "--default-signal=HUP,INT,TERM",
                    ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), "dev.neurite.cli.Main", "serve"));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        synchronized (all) {
                            all.add(line);
                        }
                        lines.add(line);
                    }
                } catch (Exception e) {
                    lines.add("reader failed: " + e);
                }
            });
            reader.setDaemon(true);
            reader.start();
            Matcher m = Pattern.compile("Listening on http://127\\.0\\.0\\.1:(\\d+)/").matcher(await("Listening on"));
            assertTrue(m.find());
            port = Integer.parseInt(m.group(1));
        }

        /** The next output line containing {@code text}, within 60 s. */
        String await(String text) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < end) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && line.contains(text)) {
                    return line;
                }
            }
            synchronized (all) {
                throw new AssertionError("no line with '" + text + "' in:\n" + String.join("\n", all));
            }
        }

        void signal(String name) throws Exception {
            assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor());
        }

        HttpResponse<String> predict() throws Exception {
            return ServeFixture.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                    .POST(HttpRequest.BodyPublishers.ofString("[" + ROW + "]")).build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Test
    void sigtermLetsTheRequestInFlightFinishThenExitsZero() throws Exception {
        Path model = ServeFixture.train(ServeFixture.churnCsv(dir, "churn.csv", true, 1), dir.resolve("churn.model"), 1);
        try (Child child = new Child("--model", model.toString(), "--port", "0")) {
            assertEquals(200, child.predict().statusCode());
            byte[] body = ("[" + ROW + "]").getBytes(StandardCharsets.UTF_8);
            try (Socket inFlight = new Socket("127.0.0.1", child.port)) {
                inFlight.setSoTimeout(30_000);
                OutputStream out = inFlight.getOutputStream();
                // Half of the request is sent, then SIGTERM: the server is handling it when told to stop.
                out.write(("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, body.length / 2);
                out.flush();
                Thread.sleep(300);
                child.signal("TERM");
                child.await("SIGTERM: no new connections");
                Thread.sleep(300);
                boolean refusedNew;
                try (Socket late = new Socket("127.0.0.1", child.port)) {
                    refusedNew = !late.isConnected();
                } catch (ConnectException e) {
                    refusedNew = true;
                }
                assertTrue(refusedNew, "a new connection was accepted while draining");
                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
                InputStream in = inFlight.getInputStream();
                String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
                assertTrue(answer.contains("\"predictions\""), answer);
            }
            assertTrue(child.process.waitFor(30, TimeUnit.SECONDS), "still running 30 s after SIGTERM");
            assertEquals(0, child.process.exitValue());
            child.await("stopped");
        }
    }

    @Test
    void sighupReloadsTheModelFileAndRefusesABadOne() throws Exception {
        Path model = ServeFixture.train(ServeFixture.churnCsv(dir, "churn.csv", true, 1), dir.resolve("churn.model"), 1);
        Path next = ServeFixture.train(ServeFixture.churnCsv(dir, "next.csv", true, 2), dir.resolve("next.model"), 2);
        // --watch-interval 0: only SIGHUP reloads.
        try (Child child = new Child("--model", "churn=" + model, "--port", "0", "--watch-interval", "0")) {
            assertTrue(child.predict().body().contains("\"version\":1"));
            Files.copy(next, model, StandardCopyOption.REPLACE_EXISTING);
            child.signal("HUP");
            child.await("now serving version 2");
            assertTrue(child.predict().body().contains("\"version\":2"));
            Files.writeString(model, "garbage");
            child.signal("HUP");
            child.await("refused, version 2 keeps serving");
            HttpResponse<String> r = child.predict();
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("\"version\":2"), r.body());
            child.signal("TERM");
            assertTrue(child.process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, child.process.exitValue());
        }
    }

    @Test
    void badOptionsEndWithOneLineAndStatusTwo() throws Exception {
        Path model = ServeFixture.train(ServeFixture.churnCsv(dir, "churn.csv", true, 1), dir.resolve("churn.model"), 1);
        for (List<String> args : List.of(List.of("--model", dir.resolve("none.model").toString()),
                List.of("--model", model.toString(), "--max-body", "lots"),
                List.of("--model", model.toString(), "--token-file", dir.resolve("no-token").toString()),
                List.of("--model", "a b=" + model),
                List.of("--model", model.toString(), "--model", model.toString()),
                List.of("--model", dir.resolve("churn.csv").toString()))) {
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            List<String> full = new ArrayList<>(List.of("serve"));
            full.addAll(args);
            int status = Main.run(full.toArray(String[]::new), new java.io.PrintWriter(out), new java.io.PrintWriter(err));
            assertEquals(2, status, args + ": " + err);
            assertTrue(err.toString().startsWith("neurite: ") && err.toString().strip().lines().count() == 1, args + ": " + err);
        }
    }
}

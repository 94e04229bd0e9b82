package dev.neurite.cli;

import dev.neurite.InvalidInputException;
import dev.neurite.serve.ModelServer;
import dev.neurite.serve.ServeConfig;
import dev.neurite.serve.ServedModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neurite serve}: models behind HTTP (see docs/serve.md), until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serves models over HTTP: POST /predict (JSON rows or CSV), the Open Inference Protocol (/v2/...),",
                "MLflow's POST /invocations, GET /metrics (Prometheus) and a model page at /. A model file replaced on disk,",
                "or SIGHUP, loads the new version after checking it; SIGTERM lets the requests in flight finish, then exits 0."})
final class ServeCommand implements Callable<Integer> {
    /** A model name as it appears in URLs. */
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final int MAX_PLOTS = 20;
    private static final long MAX_PLOT_BYTES = 10L << 20;

    @Option(names = "--model", required = true, paramLabel = "[NAME=]FILE",
            description = {"Model file written by neurite train, or an ONNX file (.onnx) with its preprocessing; repeat for",
                    "several models. NAME (default: the file's name without extension) appears in the URLs."})
    List<String> modelOptions;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Require 'Authorization: Bearer TOKEN' on every endpoint but the health checks and the page's files; TOKEN is the file's first line.")
    Path tokenFile;

    @Option(names = "--max-body", defaultValue = "16M", paramLabel = "SIZE", description = "Largest request body, in bytes (K, M and G suffixes; default: ${DEFAULT-VALUE}); larger gets 413.")
    String maxBody;

    @Option(names = "--max-rows", defaultValue = "100000", paramLabel = "N", description = "Most rows in one request (default: ${DEFAULT-VALUE}); more gets 413.")
    int maxRows;

    @Option(names = "--read-timeout", defaultValue = "10", paramLabel = "SECONDS", description = "A connection silent this long while a request is read, or idle, is closed (default: ${DEFAULT-VALUE}).")
    double readTimeout;

    @Option(names = "--drain-timeout", defaultValue = "30", paramLabel = "SECONDS", description = "How long SIGTERM waits for the requests in flight (default: ${DEFAULT-VALUE}).")
    double drainTimeout;

    @Option(names = "--watch-interval", defaultValue = "1", paramLabel = "SECONDS", description = "How often the model files are checked for a new version; 0 turns it off (SIGHUP still reloads; default: ${DEFAULT-VALUE}).")
    double watchInterval;

    @Option(names = "--cors", paramLabel = "ORIGIN", description = "Allow pages from ORIGIN (e.g. https://app.example.com, or *) to call the API from a browser; off by default.")
    String cors;

    @Option(names = "--plots", paramLabel = "[NAME=]DIR", description = "Show the PNG files of DIR (what neurite train --plots wrote) on the model's page; repeat per model.")
    List<String> plotOptions;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ServeConfig config = new ServeConfig(host, port, size("--max-body", maxBody), maxRows, seconds("--read-timeout", readTimeout, false),
                seconds("--drain-timeout", drainTimeout, true), seconds("--watch-interval", watchInterval, true), token(), cors);
        Consumer<String> log = ModelServer.stderrLog();
        List<ServedModel> models = new ArrayList<>();
        for (String option : modelOptions) {
            String[] named = named("--model", option);
            Path file = Path.of(named[1]);
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException("--model " + option + ": " + (Files.exists(file) ? "not a file" : "no such file"));
            }
            if (models.stream().anyMatch(m -> m.name().equals(named[0]))) {
                throw new InvalidInputException("--model " + option + ": a model named '" + named[0] + "' is given twice; name them: --model NAME=FILE");
            }
            models.add(new ServedModel(named[0], file, Models::load, log));
        }
        Map<String, List<byte[]>> plots = new LinkedHashMap<>();
        for (String option : plotOptions == null ? List.<String>of() : plotOptions) {
            String[] named = option.contains("=") ? named("--plots", option) : new String[] {models.get(0).name(), option};
            if (models.stream().noneMatch(m -> m.name().equals(named[0]))) {
                throw new InvalidInputException("--plots " + option + ": no model named '" + named[0] + "'");
            }
            plots.put(named[0], pngs(Path.of(named[1])));
        }
        ModelServer server = new ModelServer(models, config, plots, log);
        int bound;
        try {
            bound = server.start();
        } catch (IOException e) {
            throw new InvalidInputException("cannot listen on " + host + ":" + port + ": " + Errors.describe(e));
        }
        server.handleSignals();
        String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound + "/";
        for (ServedModel m : models) {
            spec.commandLine().getOut().println("Serving '" + m.name() + "' (" + m.current().model().preprocessor().describe() + ") from " + m.path());
        }
        spec.commandLine().getOut().println("Listening on " + base + (config.token() != null ? " (bearer token required)" : "")
                + "; the page is " + base + ", POST rows to " + base + "predict");
        spec.commandLine().getOut().flush();
        String why = server.awaitStopRequest();
        log.accept(why + ": no new connections; letting the requests in flight finish (up to " + drainTimeout + " s)");
        server.stop();
        log.accept("stopped");
        return 0;
    }

    private String[] named(String option, String value) {
        int eq = value.indexOf('=');
        String name;
        String file;
        if (eq >= 0) {
            name = value.substring(0, eq);
            file = value.substring(eq + 1);
        } else {
            file = value;
            String base = Path.of(value).getFileName() == null ? value : Path.of(value).getFileName().toString();
            int dot = base.lastIndexOf('.');
            name = (dot > 0 ? base.substring(0, dot) : base).replaceAll("[^A-Za-z0-9._-]", "_");
        }
        if (!name.matches(NAME)) {
            throw new InvalidInputException(option + " " + value + ": the name '" + name + "' must be letters, digits, '.', '_' or '-' (at most 64)");
        }
        return new String[] {name, file};
    }

    private String token() throws IOException {
        if (tokenFile == null) {
            return null;
        }
        if (!Files.isRegularFile(tokenFile)) {
            throw new InvalidInputException("--token-file " + tokenFile + ": " + (Files.exists(tokenFile) ? "not a file" : "no such file"));
        }
        if (Files.size(tokenFile) > 4096) {
            throw new InvalidInputException("--token-file " + tokenFile + ": " + Files.size(tokenFile) + " bytes; a token file holds one line");
        }
        List<String> lines = Files.readAllLines(tokenFile, StandardCharsets.UTF_8);
        String token = lines.isEmpty() ? "" : lines.get(0).trim();
        if (token.isEmpty()) {
            throw new InvalidInputException("--token-file " + tokenFile + ": the first line is empty; write the token there");
        }
        return token;
    }

    static long size(String option, String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("K") || t.endsWith("M") || t.endsWith("G")) {
            unit = t.endsWith("K") ? 1L << 10 : t.endsWith("M") ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(t);
            if (n < 1 || n > (1L << 31) / unit) {
                throw new InvalidInputException(option + " " + text + ": give 1 byte to 2G");
            }
            return n * unit;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(option + " '" + text + "' is not a size; give bytes, e.g. 1048576, 512K or 16M");
        }
    }

    private static Duration seconds(String option, double s, boolean zeroAllowed) {
        if (!Double.isFinite(s) || s < 0 || (!zeroAllowed && s == 0) || s > 86_400) {
            throw new InvalidInputException(option + " " + s + ": give " + (zeroAllowed ? "0" : "more than 0") + " to 86400 seconds");
        }
        return Duration.ofMillis(Math.round(s * 1000));
    }

    private static List<byte[]> pngs(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("--plots " + dir + ": not a folder");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png") && Files.isRegularFile(p))
                    .sorted().limit(MAX_PLOTS).toList();
        }
        List<byte[]> pngs = new ArrayList<>();
        for (Path f : files) {
            if (Files.size(f) > MAX_PLOT_BYTES) {
                throw new InvalidInputException("--plots: " + f + " has " + Files.size(f) + " bytes; a plot may have at most " + MAX_PLOT_BYTES);
            }
            pngs.add(Files.readAllBytes(f));
        }
        return pngs;
    }
}

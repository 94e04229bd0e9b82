package dev.neurite.bench;

import dev.neurite.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reading a CSV for training, Neurite beside {@code pandas.read_csv}: for each file, each round,
 * one process reads it with Neurite ({@link CsvRead}: read, fit the preprocessing, encode to
 * float32) and one with pandas ({@code scripts/csv_read.py}), alternating which goes first, so
 * that each peak RSS is the process's own. Files are generated from a fixed seed
 * ({@link CsvBenchData}) unless given.
 */
final class CsvBenchmark {
    private CsvBenchmark() {
    }

    /** The file of {@code rows} rows in {@code dir}, written from {@code seed} when it is not there. */
    static Path generated(Path dir, long rows, long seed) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("bench-" + rows + "-seed" + seed + ".csv");
        if (!Files.exists(file)) {
            System.err.printf(Locale.ROOT, "writing %s (%,d rows)%n", file, rows);
            CsvBenchData.write(file, rows, seed);
        }
        return file;
    }

    static Map<String, Object> run(List<Path> files, int rounds, List<String> javaOptions, String python, Path script) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        List<Object> results = new ArrayList<>();
        for (Path file : files) {
            List<Map<String, Object>> ours = new ArrayList<>();
            List<Map<String, Object>> theirs = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                List<String> neurite = new ArrayList<>(List.of(java));
                neurite.addAll(javaOptions);
                neurite.addAll(List.of("-cp", classPath, CsvRead.class.getName(), file.toString(), CsvBenchData.TARGET));
                List<String> pandas = List.of(python, script.toString(), file.toString(), CsvBenchData.TARGET);
                if (round % 2 == 0) {
                    ours.add(child(neurite));
                    theirs.add(child(pandas));
                } else {
                    theirs.add(child(pandas));
                    ours.add(child(neurite));
                }
                System.err.printf(Locale.ROOT, "%s round %d: neurite %s s, %s MB; pandas read_csv %s s, %s MB%n", file.getFileName(),
                        round + 1, ours.get(round).get("total_s"), ours.get(round).get("peak_rss_mb"), theirs.get(round).get("read_s"),
                        theirs.get(round).get("peak_rss_read_mb"));
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("file", file.toString());
            r.put("bytes", Files.size(file));
            r.put("rows", ours.get(0).get("rows"));
            r.put("neurite_total_s", median(ours, "total_s"));
            r.put("neurite_read_s", median(ours, "read_s"));
            r.put("neurite_preprocess_s", median(ours, "preprocess_s"));
            r.put("neurite_peak_rss_mb", median(ours, "peak_rss_mb"));
            r.put("neurite_table_mb", median(ours, "table_mb"));
            r.put("pandas_read_s", median(theirs, "read_s"));
            r.put("pandas_read_preprocess_s", median(theirs, "total_s"));
            r.put("pandas_read_peak_rss_mb", median(theirs, "peak_rss_read_mb"));
            r.put("pandas_read_preprocess_peak_rss_mb", median(theirs, "peak_rss_mb"));
            r.put("time_ratio_pandas_read_over_neurite", round((double) r.get("pandas_read_s") / (double) r.get("neurite_total_s")));
            r.put("rss_ratio_pandas_read_over_neurite",
                    round((double) r.get("pandas_read_peak_rss_mb") / (double) r.get("neurite_peak_rss_mb")));
            r.put("neurite_runs", ours);
            r.put("pandas_runs", theirs);
            results.add(r);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "csv");
        out.put("rounds", rounds);
        out.put("java", System.getProperty("java.version"));
        out.put("java_options", String.join(" ", javaOptions));
        out.put("cpus", Runtime.getRuntime().availableProcessors());
        out.put("files", results);
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double median(List<Map<String, Object>> runs, String key) {
        double[] v = runs.stream().mapToDouble(m -> ((Number) m.get(key)).doubleValue()).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Runs {@code command} and returns the JSON object of its last output line that is one. */
    private static Map<String, Object> child(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        String last = Arrays.stream(out.split("\n")).filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
        if (status != 0 || last == null) {
            throw new IOException(String.join(" ", command) + " failed (exit " + status + "): " + out);
        }
        return Json.parseObject(last, String.join(" ", command));
    }
}

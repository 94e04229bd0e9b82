package dev.neurite.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The table of the CSV benchmark, written from a fixed seed: 20 numeric columns (x1–x10 normal
 * with 6 decimals, x11–x15 whole numbers 0–99,999, x16–x20 normal ×1000 with 2 decimals), 3 text
 * columns (city of 20 values, device of 4, plan of 8) and a 3-class target {@code label}
 * (low/mid/high, from x1, x2, x11 and the city plus noise): about 200 bytes a row, as in issue 19.
 */
final class CsvBenchData {
    static final String TARGET = "label";
    private static final String[] CITIES = {"Berlin", "Paris", "Lisbon", "Madrid", "Rome", "Vienna", "Prague", "Warsaw", "Oslo",
        "Dublin", "Athens", "Sofia", "Riga", "Tallinn", "Vilnius", "Zagreb", "Ljubljana", "Bern", "Brussels", "Amsterdam"};
    private static final String[] DEVICES = {"desktop", "mobile", "tablet", "tv"};
    private static final String[] PLANS = {"free", "basic", "plus", "pro", "team", "business", "enterprise", "edu"};

    private CsvBenchData() {
    }

    /** Writes {@code rows} rows drawn from {@code seed} to {@code path}. */
    static void write(Path path, long rows, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Path partial = path.resolveSibling(path.getFileName() + ".part");
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(partial, StandardCharsets.UTF_8), 1 << 16)) {
            StringBuilder line = new StringBuilder(256);
            for (int c = 1; c <= 20; c++) {
                line.append('x').append(c).append(',');
            }
            line.append("city,device,plan,").append(TARGET).append('\n');
            w.write(line.toString());
            for (long r = 0; r < rows; r++) {
                line.setLength(0);
                double score = 0;
                for (int c = 1; c <= 20; c++) {
                    if (c <= 10) {
                        double x = gaussian(random);
                        fixed(line, x, 6);
                        score += c == 1 ? x : c == 2 ? -0.7 * x : 0;
                    } else if (c <= 15) {
                        int x = random.nextInt(100_000);
                        line.append(x);
                        score += c == 11 ? (x - 50_000) / 40_000.0 : 0;
                    } else {
                        fixed(line, 1000 * gaussian(random), 2);
                    }
                    line.append(',');
                }
                int city = random.nextInt(CITIES.length);
                score += (city % 3 - 1) * 0.5 + 0.5 * gaussian(random);
                line.append(CITIES[city]).append(',').append(DEVICES[random.nextInt(DEVICES.length)]).append(',')
                        .append(PLANS[random.nextInt(PLANS.length)]).append(',')
                        .append(score < -0.6 ? "low" : score < 0.6 ? "mid" : "high").append('\n');
                w.write(line.toString());
            }
        }
        Files.move(partial, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Appends {@code x} with {@code decimals} digits after the point, rounded. */
    private static void fixed(StringBuilder out, double x, int decimals) {
        long scale = decimals == 6 ? 1_000_000 : 100;
        long v = Math.round(Math.abs(x) * scale);
        if (x < 0 && v != 0) {
            out.append('-');
        }
        out.append(v / scale).append('.');
        String frac = Long.toString(v % scale);
        for (int i = frac.length(); i < decimals; i++) {
            out.append('0');
        }
        out.append(frac);
    }
}

package dev.neurite.data;

import dev.neurite.InvalidInputException;
import dev.neurite.tensor.Rng;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * Data sets shipped in the jar, so examples run with no download: three classic tables
 * (iris, the UCI 8×8 digits, diabetes; see {@code bundled/README.md} for their sources) and
 * the tutorial demos' data, generated from a fixed seed (line, parabola, xor, spirals).
 */
public final class BundledData {
    /** The names {@link #table} accepts. */
    public static final List<String> NAMES = List.of("iris", "digits", "diabetes", "line", "parabola", "xor", "spirals");

    private BundledData() {
    }

    /** The target column of bundled table {@code name}. */
    public static String targetOf(String name) {
        return switch (name) {
            case "iris" -> "species";
            case "digits" -> "digit";
            case "diabetes" -> "progression";
            case "xor", "spirals" -> "class";
            default -> "y";
        };
    }

    /** Bundled table {@code name} as CSV. */
    public static CsvTable table(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        try {
            return switch (key) {
                case "iris" -> resource("iris.csv");
                case "digits" -> resource("digits.csv.gz");
                case "diabetes" -> resource("diabetes.csv");
                case "line" -> CsvTable.parse(new StringReader(curve(200, false)), "bundled:line");
                case "parabola" -> CsvTable.parse(new StringReader(curve(300, true)), "bundled:parabola");
                case "xor" -> CsvTable.parse(new StringReader("x1,x2,class\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n"), "bundled:xor");
                case "spirals" -> CsvTable.parse(new StringReader(spirals(100)), "bundled:spirals");
                default -> throw new InvalidInputException("no bundled data set '" + name + "'; bundled: " + String.join(", ", NAMES));
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CsvTable resource(String file) throws IOException {
        try (InputStream in = BundledData.class.getResourceAsStream("bundled/" + file)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks bundled/" + file);
            }
            return CsvTable.read(in, "bundled:" + file.replaceFirst("\\.csv.*", ""));
        }
    }

    /** y = x + N(0, 0.2²) or y = x² + N(0, 0.2²), x uniform on [−1, 1], seed 1. */
    private static String curve(int n, boolean square) {
        Rng rng = new Rng(1);
        StringBuilder s = new StringBuilder("x,y\n");
        for (int i = 0; i < n; i++) {
            double x = 2 * rng.nextDouble() - 1;
            double y = (square ? x * x : x) + 0.2 * rng.nextGaussian();
            s.append(String.format(Locale.ROOT, "%.5f,%.5f%n", x, y));
        }
        return s.toString();
    }

    /** Three interleaved spirals (CS231n), classes a, b, c, seed 1. */
    private static String spirals(int perClass) {
        Rng rng = new Rng(1);
        StringBuilder s = new StringBuilder("x1,x2,class\n");
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < perClass; i++) {
                double r = (double) i / (perClass - 1);
                double t = c * 4 + 4.0 * i / (perClass - 1) + 0.2 * rng.nextGaussian();
                s.append(String.format(Locale.ROOT, "%.5f,%.5f,%s%n", r * Math.sin(t), r * Math.cos(t), "abc".charAt(c)));
            }
        }
        return s.toString();
    }
}

package dev.neurite.cli;

import dev.neurite.data.Preprocessor;
import dev.neurite.nn.PeriodicEmbedding;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --numeric-embedding} option of {@code train} and {@code cv}: {@code none}, or
 * {@code plr} / {@code plr-lite} with optional {@code :k=K,d=D,sigma=S} (the frequencies, the width of
 * each column's embedding and the frequencies' initial standard deviation), a
 * {@link PeriodicEmbedding} of the standardised numeric columns placed after the category
 * embeddings.
 */
record NumericEmbedding(boolean enabled, boolean lite, int frequencies, int dimension, float sigma) {
    /** rtdl_num_embeddings' defaults: 48 frequencies, 24 values, σ 0.01. */
    static final NumericEmbedding NONE = new NumericEmbedding(false, false, 48, 24, 0.01f);

    private static final String EXPECTED = "expected none, plr or plr-lite, optionally followed by :k=K,d=D,sigma=S"
            + " (K frequencies in 1 … 1024, D values per column in 1 … 1024, S > 0; default k=48,d=24,sigma=0.01)";

    static NumericEmbedding parse(String spec) {
        String s = spec.strip().toLowerCase(Locale.ROOT);
        if (s.equals("none")) {
            return NONE;
        }
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        boolean lite;
        if (name.equals("plr")) {
            lite = false;
        } else if (name.equals("plr-lite")) {
            lite = true;
        } else {
            throw new IllegalArgumentException("--numeric-embedding '" + spec + "': unknown embedding '" + name + "'; " + EXPECTED);
        }
        int k = NONE.frequencies;
        int d = NONE.dimension;
        float sigma = NONE.sigma;
        if (colon >= 0) {
            for (String part : s.substring(colon + 1).split(",", -1)) {
                int eq = part.indexOf('=');
                String key = eq < 0 ? part.strip() : part.substring(0, eq).strip();
                String value = eq < 0 ? "" : part.substring(eq + 1).strip();
                try {
                    switch (key) {
                        case "k" -> k = Integer.parseInt(value);
                        case "d" -> d = Integer.parseInt(value);
                        case "sigma" -> sigma = Float.parseFloat(value);
                        default -> throw new IllegalArgumentException("--numeric-embedding '" + spec + "': unknown setting '" + part + "'; " + EXPECTED);
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--numeric-embedding '" + spec + "': " + key + " is '" + value + "', not a number; " + EXPECTED);
                }
            }
        }
        if (k < 1 || k > 1024) {
            throw new IllegalArgumentException("--numeric-embedding '" + spec + "': k = " + k + " frequencies, outside 1 … 1024");
        }
        if (d < 1 || d > 1024) {
            throw new IllegalArgumentException("--numeric-embedding '" + spec + "': d = " + d + " values per column, outside 1 … 1024");
        }
        if (!(sigma > 0) || !Float.isFinite(sigma)) {
            throw new IllegalArgumentException("--numeric-embedding '" + spec + "': sigma = " + sigma + ", not a positive number");
        }
        return new NumericEmbedding(true, lite, k, d, sigma);
    }

    /**
     * The layer for the input as it is after the category embeddings (each replacing its index
     * column by its {@code dimension} values), or null when the option is off or the table has no
     * standardised number.
     */
    PeriodicEmbedding layer(Preprocessor pre, int width) {
        int[] numeric = pre.numericInputs();
        if (!enabled || numeric.length == 0) {
            return null;
        }
        List<Preprocessor.EmbeddedInput> embedded = pre.embeddedInputs();
        int[] columns = new int[numeric.length];
        for (int i = 0; i < numeric.length; i++) {
            int shift = 0;
            for (Preprocessor.EmbeddedInput e : embedded) {
                if (e.input() < numeric[i]) {
                    shift += e.dimension() - 1;
                }
            }
            columns[i] = numeric[i] + shift;
        }
        return new PeriodicEmbedding(width, columns, frequencies, dimension, sigma, lite);
    }

    /** How the training settings record it. */
    String describe() {
        return enabled ? String.format(Locale.ROOT, "%s:k=%d,d=%d,sigma=%s", lite ? "plr-lite" : "plr", frequencies, dimension, sigma) : "none";
    }
}

package dev.neurite.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which cells are missing: an empty cell (after trimming), a null from Java, or one of the
 * tokens, compared without regard to case ({@code NA}, {@code N/A}, {@code NaN}, {@code null},
 * {@code ?} by default).
 */
public final class MissingValues {
    public static final List<String> DEFAULT_TOKENS = List.of("NA", "N/A", "NaN", "null", "?");
    /** The tokens of the defaults. */
    public static final MissingValues DEFAULTS = new MissingValues(DEFAULT_TOKENS);
    /** Only empty cells are missing: how models saved before version 2 read their data. */
    public static final MissingValues EMPTY_ONLY = new MissingValues(List.of());

    private final List<String> tokens;
    private final Set<String> lower = new HashSet<>();

    public MissingValues(List<String> tokens) {
        List<String> clean = new ArrayList<>();
        for (String t : tokens) {
            String s = t.strip();
            if (!s.isEmpty() && lower.add(s.toLowerCase(Locale.ROOT))) {
                clean.add(s);
            }
        }
        this.tokens = List.copyOf(clean);
    }

    /** Parses a comma-separated list such as {@code NA,-,missing}; an empty text means empty cells only. */
    public static MissingValues parse(String list) {
        return new MissingValues(List.of(list.split(",", -1)));
    }

    public List<String> tokens() {
        return tokens;
    }

    /** True when {@code value} (raw, may be null) is missing. */
    public boolean isMissing(String value) {
        if (value == null) {
            return true;
        }
        String s = value.strip();
        return s.isEmpty() || (!lower.isEmpty() && s.length() <= 16 && lower.contains(s.toLowerCase(Locale.ROOT)));
    }
}

package dev.neurite.data;

import dev.neurite.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which columns of a table are features: {@code features} (empty: all but the target, less the
 * ones that look like identifiers) less {@code ignore}. Columns are named, or numbered from 1.
 * A column named in {@code features} is kept even when it looks like an identifier.
 */
public record ColumnChoice(List<String> features, List<String> ignore) {
    /** Every column but the target and identifier-like ones. */
    public static final ColumnChoice AUTO = new ColumnChoice(List.of(), List.of());

    public ColumnChoice {
        features = List.copyOf(features);
        ignore = List.copyOf(ignore);
    }

    /** The indices of {@code columns} (names or 1-based numbers) in {@code header}, or an error naming the unknown ones. */
    static Set<Integer> resolve(List<String> columns, List<String> header, String option, String source) {
        Set<Integer> out = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String raw : columns) {
            String name = raw.strip();
            int i = header.indexOf(name);
            if (i < 0 && Numbers.isInteger(name) && name.length() < 10) {
                int n = Integer.parseInt(name);
                i = n >= 1 && n <= header.size() ? n - 1 : -1;
            }
            if (i < 0) {
                unknown.add(raw);
            } else {
                out.add(i);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidInputException(source + ": " + option + " names no column '" + String.join("', '", unknown)
                    + "'; the columns are " + String.join(", ", header) + " (or their numbers, 1 to " + header.size() + ")");
        }
        return out;
    }
}

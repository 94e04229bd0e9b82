package dev.neurite.data;

import dev.neurite.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Maps the text values of one column to indices 0 … k−1 (in sorted order, so the encoding does
 * not depend on row order) and to one-hot vectors of length k. A value never seen when fitting
 * is an error that names it: guessing a category would be silent data corruption.
 */
public final class OneHotEncoder {
    private final String column;
    private final List<String> categories;
    private final Map<String, Integer> index = new HashMap<>();

    public OneHotEncoder(String column, List<String> categories) {
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("column '" + column + "' has no categories");
        }
        this.column = column;
        this.categories = List.copyOf(categories);
        for (int i = 0; i < this.categories.size(); i++) {
            if (index.put(this.categories.get(i), i) != null) {
                throw new IllegalArgumentException("column '" + column + "': category '" + this.categories.get(i) + "' appears twice");
            }
        }
    }

    /** The distinct values, sorted. */
    public static OneHotEncoder fit(String column, Collection<String> values) {
        return new OneHotEncoder(column, new ArrayList<>(new TreeSet<>(values)));
    }

    public String column() {
        return column;
    }

    public List<String> categories() {
        return categories;
    }

    public int size() {
        return categories.size();
    }

    /** The index of {@code value}; {@code where} names the row for the error when it is unknown. */
    public int indexOf(String value, String where) {
        Integer i = index.get(value);
        if (i == null) {
            throw new InvalidInputException(where + ": '" + value + "' in column '" + column
                    + "' was not seen in training (known: " + preview() + ")");
        }
        return i;
    }

    /** Writes the one-hot vector of {@code value} into {@code out[offset … offset+k−1]}. */
    public void encode(String value, float[] out, int offset, String where) {
        int i = indexOf(value, where);
        Arrays.fill(out, offset, offset + categories.size(), 0f);
        out[offset + i] = 1f;
    }

    private String preview() {
        return categories.size() <= 12 ? String.join(", ", categories)
                : String.join(", ", categories.subList(0, 12)) + ", … (" + categories.size() + " in all)";
    }
}

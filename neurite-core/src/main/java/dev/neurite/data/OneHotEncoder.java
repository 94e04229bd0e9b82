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
 * not depend on row order) and to one-hot vectors of length k. The empty string is the category
 * of missing values ({@link #MISSING}). A value never seen when fitting is either an error that
 * names it, or scored as unknown: all k inputs 0 (see {@link UnseenCategories}).
 *
 * <p>A column with many values may pool its rare ones into an "other" category (one more input,
 * {@link #hasOther()}), which then also takes every value not seen in training; and a column
 * with very many values is {@link #embedded()}: one input holding the category's index (other
 * being the last), which an {@link dev.neurite.nn.Embedding} layer turns into learned values.
 */
public final class OneHotEncoder {
    /** The category that stands for a missing value. */
    public static final String MISSING = "";

    private final String column;
    private final List<String> categories;
    private final Map<String, Integer> index = new HashMap<>();
    private final boolean other;
    private final boolean embedded;

    public OneHotEncoder(String column, List<String> categories) {
        this(column, categories, false, false);
    }

    /** An encoder with an "other" category after {@code categories} when {@code other}, encoded as an index when {@code embedded}. */
    public OneHotEncoder(String column, List<String> categories, boolean other, boolean embedded) {
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("column '" + column + "' has no categories");
        }
        if (embedded && !other) {
            throw new IllegalArgumentException("column '" + column + "': an embedded column needs an 'other' category");
        }
        this.other = other;
        this.embedded = embedded;
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

    /** Number of categories, the "other" one included. */
    public int size() {
        return categories.size() + (other ? 1 : 0);
    }

    /** True when rare and unseen values share an "other" category, the last index. */
    public boolean hasOther() {
        return other;
    }

    /** True when the column is one index input for an embedding rather than one-hot inputs. */
    public boolean embedded() {
        return embedded;
    }

    /** Inputs this column takes: 1 when embedded, else one per category. */
    public int width() {
        return embedded ? 1 : size();
    }

    /** The index of {@code value}: its category, else the "other" category when there is one, else −1 (not seen in training). */
    public int indexOrUnknown(String value) {
        Integer i = index.get(value);
        return i != null ? i : other ? categories.size() : -1;
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
        Arrays.fill(out, offset, offset + size(), 0f);
        out[offset + i] = 1f;
    }

    /** The categories for people: the missing category shown as {@code (missing)}. */
    public static String display(String category) {
        return category.equals(MISSING) ? "(missing)" : category;
    }

    String preview() {
        List<String> shown = categories.subList(0, Math.min(12, categories.size())).stream().map(OneHotEncoder::display).toList();
        return categories.size() <= 12 ? String.join(", ", shown) : String.join(", ", shown) + ", … (" + categories.size() + " in all)";
    }
}

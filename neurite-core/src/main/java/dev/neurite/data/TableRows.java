package dev.neurite.data;

import java.util.List;

/**
 * Rows of named columns holding text, as a {@link Preprocessor} reads them: a CSV file, or rows
 * handed in from Java ({@link #ofMaps}). A null value is missing.
 */
public interface TableRows {
    /** Where the rows came from, for messages. */
    String source();

    List<String> header();

    int rowCount();

    /** The text of row {@code row}, column {@code column}; null when the value is missing. */
    String value(int row, int column);

    /** "FILE line N" or "row N", for messages about row {@code row}. */
    String where(int row);

    /** The character between a number's whole part and its fraction: '.' or ','. */
    default char decimalSeparator() {
        return '.';
    }

    /** A view of rows {@code rows[0]}, {@code rows[1]}, … of this table, in that order; messages still name the original lines. */
    default TableRows select(int[] rows) {
        TableRows base = this;
        int[] picked = rows.clone();
        return new TableRows() {
            @Override
            public String source() {
                return base.source();
            }

            @Override
            public List<String> header() {
                return base.header();
            }

            @Override
            public int rowCount() {
                return picked.length;
            }

            @Override
            public String value(int row, int column) {
                return base.value(picked[row], column);
            }

            @Override
            public String where(int row) {
                return base.where(picked[row]);
            }

            @Override
            public char decimalSeparator() {
                return base.decimalSeparator();
            }
        };
    }

    /**
     * Rows given as maps from column name to value: numbers, strings and booleans are used as
     * their text ({@code 41}, {@code "Berlin"}, {@code true}); null or an absent key is missing.
     */
    static TableRows ofMaps(List<? extends java.util.Map<String, ?>> rows, String source) {
        return new MapRows(rows, source);
    }
}

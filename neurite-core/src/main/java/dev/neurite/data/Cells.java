package dev.neurite.data;

import dev.neurite.data.Preprocessor.NumericKind;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cells of one {@link Column} as the preprocessing reads them: whether each is missing, its
 * trimmed text, its number. Each distinct text is judged once (a dictionary number per cell then
 * finds the answer); stored numbers are read from the column's arrays. Problems are described
 * without the row, which is named only when a cell has one ({@link #problem}).
 */
final class Cells {
    final Column column;
    private final MissingValues missing;
    private final char decimal;
    private final boolean[] missingCode;
    private final String[] stripped;

    Cells(Column column, MissingValues missing, char decimal) {
        this.column = column;
        this.missing = missing;
        this.decimal = decimal;
        Dictionary texts = column.texts();
        int n = texts.size();
        missingCode = new boolean[n];
        stripped = new String[n];
        for (int code = 0; code < n; code++) {
            String t = texts.value(code);
            missingCode[code] = missing.isMissing(t);
            stripped[code] = missingCode[code] ? null : t.strip();
        }
    }

    /** The cells of column {@code column} of {@code table}. */
    static Cells of(TableRows table, int column, MissingValues missing) {
        Column c = table instanceof CsvTable csv ? csv.column(column) : Column.of(table, column);
        return new Cells(c, missing, table.decimalSeparator());
    }

    int rows() {
        return column.size();
    }

    /** Distinct texts (of all cells, or of the cells not stored as numbers). */
    int codes() {
        return stripped.length;
    }

    boolean missing(int row) {
        int code = column.code(row);
        return code >= 0 && missingCode[code];
    }

    boolean missingCode(int code) {
        return missingCode[code];
    }

    /** The trimmed text of distinct text {@code code}, null when missing. */
    String stripped(int code) {
        return stripped[code];
    }

    int count(int code) {
        return column.texts().count(code);
    }

    /** The trimmed text of a present cell. */
    String strippedAt(int row) {
        int code = column.code(row);
        return code >= 0 ? stripped[code] : column.text(row).strip();
    }

    /** Cells not missing. */
    long present() {
        long n = column.numberCount();
        for (int code = 0; code < stripped.length; code++) {
            if (!missingCode[code]) {
                n += count(code);
            }
        }
        return n;
    }

    /** True when most present values are numbers (an infinity counts); such a column must then be numbers throughout. */
    boolean isNumeric() {
        long numbers = column.numberCount();
        long present = numbers;
        for (int code = 0; code < stripped.length; code++) {
            if (missingCode[code]) {
                continue;
            }
            present += count(code);
            String v = stripped[code];
            if (!Double.isNaN(Numbers.parse(v, decimal)) || Numbers.isInfinity(v)) {
                numbers += count(code);
            }
        }
        return present > 0 && numbers * 2 > present;
    }

    /** How the column reads as numbers (NUMBER, BOOLEAN, DATE), or null for text. */
    NumericKind kind() {
        if (isNumeric()) {
            return NumericKind.NUMBER;
        }
        if (column.numberCount() > 0) {
            return null; // a number is neither a boolean nor a date
        }
        boolean bools = true;
        boolean dates = true;
        int present = 0;
        for (int code = 0; code < stripped.length && (bools || dates); code++) {
            if (missingCode[code]) {
                continue;
            }
            present++;
            bools &= Values.bool(stripped[code]) >= 0;
            dates &= !Double.isNaN(Values.days(stripped[code]));
        }
        return present == 0 ? null : bools ? NumericKind.BOOLEAN : dates ? NumericKind.DATE : null;
    }

    /**
     * Why the column looks like an identifier, or null: text with a distinct value on 95% or more
     * of at least {@code minRows} rows, or distinct integers on every row that are named like an
     * id or, on 100 rows or more, run nearly consecutively (a row number).
     */
    String identifier(String name, NumericKind kind, int minRows) {
        int rows = rows();
        if (rows < minRows || kind == NumericKind.BOOLEAN || kind == NumericKind.DATE) {
            return null;
        }
        if (kind == NumericKind.NUMBER) {
            long distinct;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int code = 0; code < stripped.length; code++) {
                if (missingCode[code]) {
                    return null; // not on every row
                }
                String v = stripped[code];
                if (!Numbers.isInteger(v) || v.length() > 15) {
                    return null;
                }
            }
            if (column.numberCount() > 0) {
                if (!column.wholeNumbers() || stripped.length > 0) {
                    return null; // a stored number that is not whole, or a text beside stored numbers that is not one
                }
                for (int r = 0; r < rows; r++) {
                    double v = column.wholeNumber(r);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                boolean named = Values.identifierName(name);
                if (max - min + 1 < rows || (!named && (rows < 100 || max - min + 1 > 1.05 * rows))) {
                    return null; // too few integers in the range to be distinct, or neither named nor consecutive
                }
                double[] values = new double[rows];
                for (int r = 0; r < rows; r++) {
                    values[r] = column.wholeNumber(r);
                }
                Arrays.sort(values);
                distinct = rows == 0 ? 0 : 1;
                for (int r = 1; r < rows; r++) {
                    distinct += values[r] != values[r - 1] ? 1 : 0;
                }
            } else {
                Set<String> seen = new HashSet<>();
                for (int code = 0; code < stripped.length; code++) {
                    seen.add(stripped[code]);
                    if (count(code) > 1) {
                        return null; // a value on two rows
                    }
                    double d = Double.parseDouble(stripped[code]);
                    min = Math.min(min, d);
                    max = Math.max(max, d);
                }
                distinct = seen.size();
            }
            if (distinct == rows && (Values.identifierName(name) || (rows >= 100 && max - min + 1 <= 1.05 * rows))) {
                return String.format(Locale.ROOT, "an identifier (%,d distinct integers in %,d rows)", distinct, rows);
            }
            return null;
        }
        Set<String> distinct = new HashSet<>();
        for (int code = 0; code < stripped.length; code++) {
            if (!missingCode[code]) {
                distinct.add(stripped[code]);
            }
        }
        if (column.numberCount() > 0) {
            for (int r = 0; r < rows; r++) {
                if (column.code(r) < 0) {
                    distinct.add(column.text(r).strip());
                }
            }
        }
        if (distinct.size() >= 0.95 * rows) {
            return String.format(Locale.ROOT, "an identifier (%,d distinct values in %,d rows)", distinct.size(), rows);
        }
        return null;
    }

    /** How many cells hold each category (trimmed text, or {@link OneHotEncoder#MISSING}), in the order first seen. */
    Map<String, Integer> categoryCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (column.numberCount() > 0) {
            for (int r = 0; r < rows(); r++) {
                counts.merge(category(r), 1, Integer::sum);
            }
            return counts;
        }
        for (int code = 0; code < stripped.length; code++) {
            counts.merge(missingCode[code] ? OneHotEncoder.MISSING : stripped[code], count(code), Integer::sum);
        }
        return counts;
    }

    /** The category of row {@code row}: its trimmed text, or {@link OneHotEncoder#MISSING}. */
    String category(int row) {
        int code = column.code(row);
        if (code >= 0) {
            return missingCode[code] ? OneHotEncoder.MISSING : stripped[code];
        }
        return column.text(row).strip();
    }

    /** True when every present value is an integer (plain digits) and there are at most {@code most} distinct ones. */
    boolean fewIntegers(int most) {
        Set<String> distinct = new TreeSet<>();
        for (int code = 0; code < stripped.length; code++) {
            if (missingCode[code]) {
                continue;
            }
            if (!Numbers.isInteger(stripped[code])) {
                return false;
            }
            distinct.add(stripped[code]);
            if (distinct.size() > most) {
                return false;
            }
        }
        if (column.numberCount() > 0) {
            if (!column.wholeNumbers()) {
                return false;
            }
            for (int r = 0; r < rows(); r++) {
                if (column.code(r) < 0) {
                    distinct.add(column.text(r));
                    if (distinct.size() > most) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The distinct present values, trimmed: in numeric order when all are numbers, else sorted as text. */
    java.util.List<String> sortedValues() {
        Set<String> distinct = new TreeSet<>();
        for (int code = 0; code < stripped.length; code++) {
            if (!missingCode[code]) {
                distinct.add(stripped[code]);
            }
        }
        if (column.numberCount() > 0) {
            for (int r = 0; r < rows(); r++) {
                if (column.code(r) < 0) {
                    distinct.add(column.text(r).strip());
                }
            }
        }
        boolean allNumbers = true;
        for (String v : distinct) {
            allNumbers &= !Double.isNaN(Numbers.parse(v, '.'));
        }
        java.util.List<String> labels = new java.util.ArrayList<>(distinct);
        if (allNumbers) {
            labels.sort((a, b) -> Double.compare(Numbers.parse(a, '.'), Numbers.parse(b, '.')));
        }
        return labels;
    }

    /**
     * The numbers of the column read as {@code kind}: per distinct text, its value ({@code values}),
     * or in {@code problems} what is wrong with it (null when nothing); missing texts are marked in
     * {@link #missingCode}. Stored numbers need no reading.
     */
    void readCodes(NumericKind kind, String name, float[] values, String[] problems) {
        for (int code = 0; code < stripped.length; code++) {
            if (!missingCode[code]) {
                problems[code] = problem(stripped[code], kind, decimal, name);
                values[code] = problems[code] == null ? value(stripped[code], kind, decimal) : 0f;
            }
        }
    }

    /** What is wrong with the trimmed text {@code v} in a column of {@code kind} named {@code column}, or null. */
    static String problem(String v, NumericKind kind, char decimal, String column) {
        if (kind == NumericKind.NUMBER) {
            double d = Numbers.parse(v, decimal);
            if (Double.isNaN(d)) {
                return Numbers.isInfinity(v) || v.equalsIgnoreCase("nan") ? "'" + v + "' in numeric column '" + column + "' is not a finite number"
                        : "'" + v + "' in numeric column '" + column + "'";
            }
            return Float.isFinite((float) d) ? null : "'" + v + "' in numeric column '" + column + "' is too large for float32";
        }
        if (kind == NumericKind.BOOLEAN) {
            return Values.bool(v) >= 0 ? null
                    : "'" + v + "' in boolean column '" + column + "' (expected true/false, yes/no or y/n)";
        }
        return !Double.isNaN(Values.days(v)) ? null : "'" + v + "' in date column '" + column
                + "' (expected an ISO date such as 2024-03-05 or a timestamp such as 2024-03-05T14:30:00)";
    }

    /** The value of the trimmed text {@code v}, which has no {@link #problem}. */
    static float value(String v, NumericKind kind, char decimal) {
        return switch (kind) {
            case NUMBER -> (float) Numbers.parse(v, decimal);
            case BOOLEAN -> Values.bool(v);
            case DATE -> (float) Values.days(v);
        };
    }
}

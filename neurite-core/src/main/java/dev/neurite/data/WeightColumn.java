package dev.neurite.data;

import dev.neurite.InvalidInputException;
import dev.neurite.tensor.Matrix;
import java.util.List;
import java.util.Locale;

/**
 * A column of per-row weights (e.g. survey or importance weights), read beside the features:
 * never a feature itself, one weight per row that has a target, each a finite number ≥ 0,
 * not all 0. A bad weight is an error naming the file, the line and the value.
 */
public final class WeightColumn {
    private WeightColumn() {
    }

    /** The header index of the weight column {@code name} (a name, or a number from 1), or an error naming the columns. */
    public static int index(TableRows table, String name) {
        return ColumnChoice.resolve(List.of(name), table.header(), "--weight-column", table.source()).iterator().next();
    }

    /**
     * The weights in column {@code name} of the rows of {@code table} whose target (as {@code pre}
     * reads it) is present, the rows {@link Preprocessor#encode} keeps, as a {@code rows × 1} matrix.
     */
    public static Matrix read(TableRows table, String name, Preprocessor pre) {
        int column = index(table, name);
        String header = table.header().get(column);
        if (header.equals(pre.target())) {
            throw new InvalidInputException(table.source() + ": the weight column '" + header + "' is the target");
        }
        if (pre.features().contains(header)) {
            throw new InvalidInputException(table.source() + ": the weight column '" + header + "' is also a feature of the model");
        }
        int target = table.header().indexOf(pre.target());
        char decimal = table.decimalSeparator();
        MissingValues missing = pre.missingValues();
        float[] w = new float[table.rowCount()];
        int n = 0;
        boolean anyPositive = false;
        for (int r = 0; r < table.rowCount(); r++) {
            if (target >= 0 && missing.isMissing(table.value(r, target))) {
                continue; // left out of the examples with the row
            }
            String raw = table.value(r, column);
            String v = raw == null ? "" : raw.strip();
            if (v.isEmpty() || missing.isMissing(v)) {
                throw new InvalidInputException(table.where(r) + ": the weight in column '" + header + "' is missing"
                        + (v.isEmpty() ? "" : " ('" + shown(v) + "')") + "; every row with a target needs a weight");
            }
            double d = Numbers.parse(v, decimal);
            if (Double.isNaN(d) || Double.isInfinite(d) || !Float.isFinite((float) d)) {
                throw new InvalidInputException(table.where(r) + ": weight '" + shown(v) + "' in column '" + header
                        + "' is not a finite number");
            }
            if (d < 0) {
                throw new InvalidInputException(table.where(r) + ": weight " + shown(v) + " in column '" + header
                        + "' is negative; weights must be >= 0");
            }
            anyPositive |= d > 0;
            w[n++] = (float) d;
        }
        if (n > 0 && !anyPositive) {
            throw new InvalidInputException(table.source() + ": every weight in column '" + header + "' is 0 (" + String.format(Locale.ROOT, "%,d", n)
                    + " rows); at least one row must count");
        }
        Matrix m = new Matrix(n, 1);
        System.arraycopy(w, 0, m.data(), 0, n);
        return m;
    }

    private static String shown(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "…" : v;
    }
}

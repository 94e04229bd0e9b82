package dev.neurite.data;

import dev.neurite.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rows given as maps (column name → number, string, boolean or null), read as text. */
final class MapRows implements TableRows {
    private final List<? extends Map<String, ?>> rows;
    private final String source;
    private final List<String> header;

    MapRows(List<? extends Map<String, ?>> rows, String source) {
        this.rows = List.copyOf(rows);
        this.source = source;
        Set<String> names = new LinkedHashSet<>();
        for (Map<String, ?> row : this.rows) {
            names.addAll(row.keySet());
        }
        this.header = new ArrayList<>(names);
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public int rowCount() {
        return rows.size();
    }

    @Override
    public String value(int row, int column) {
        Object v = rows.get(row).get(header.get(column));
        if (v == null) {
            return null;
        }
        if (v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Character) {
            if (v instanceof Double d && (d.isNaN())) {
                return null;
            }
            if (v instanceof Float f && (f.isNaN())) {
                return null;
            }
            return v.toString();
        }
        throw new InvalidInputException(where(row) + ": the value of '" + header.get(column) + "' is a "
                + v.getClass().getSimpleName() + "; give a number, a string, a boolean or null");
    }

    @Override
    public String where(int row) {
        return source + " row " + (row + 1);
    }
}

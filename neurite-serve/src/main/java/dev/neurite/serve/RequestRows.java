package dev.neurite.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neurite.data.ColumnRole;
import dev.neurite.data.CsvTable;
import dev.neurite.data.Preprocessor;
import dev.neurite.data.TableRows;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of one request as the model's preprocessing reads them: one text cell per input column
 * of the model, null where the request left it out (it is then filled as in training). A column
 * the model does not know is refused (422) by name; the target and the columns training left out
 * are known and ignored.
 */
final class RequestRows implements TableRows {
    private final List<String> header;
    private final String[][] cells;

    private RequestRows(List<String> header, String[][] cells) {
        this.header = header;
        this.cells = cells;
    }

    /** Rows given as JSON objects (column → value). */
    static RequestRows ofRecords(JsonNode rows, Preprocessor pre, int maxRows) {
        if (!rows.isArray()) {
            throw new ApiException(400, "the rows must be a JSON array of objects, got " + kind(rows));
        }
        requireRows(rows.size(), maxRows);
        Map<String, Integer> index = index(pre);
        String[][] cells = new String[rows.size()][pre.features().size()];
        Set<String> unknown = null;
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            if (!row.isObject()) {
                throw new ApiException(400, "row " + (i + 1) + " must be a JSON object of column → value, got " + kind(row));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Integer j = index.get(e.getKey());
                if (j == null) {
                    unknown = unknown == null ? new LinkedHashSet<>() : unknown;
                    unknown.add(e.getKey());
                } else if (j >= 0) {
                    cells[i][j] = text(e.getValue(), i, e.getKey());
                }
            }
        }
        refuseUnknown(unknown, pre);
        return new RequestRows(pre.features(), cells);
    }

    /** Rows given as column names and one array of values per row (MLflow's dataframe_split). */
    static RequestRows ofSplit(JsonNode columns, JsonNode data, Preprocessor pre, int maxRows) {
        if (columns == null || !columns.isArray()) {
            throw new ApiException(400, "dataframe_split needs 'columns', an array of column names, got " + kind(columns));
        }
        if (data == null || !data.isArray()) {
            throw new ApiException(400, "dataframe_split needs 'data', an array of rows, got " + kind(data));
        }
        requireRows(data.size(), maxRows);
        Map<String, Integer> index = index(pre);
        int[] to = new int[columns.size()];
        Set<String> unknown = null;
        for (int c = 0; c < columns.size(); c++) {
            if (!columns.get(c).isTextual()) {
                throw new ApiException(400, "dataframe_split column " + (c + 1) + " must be a name, got " + kind(columns.get(c)));
            }
            Integer j = index.get(columns.get(c).textValue());
            if (j == null) {
                unknown = unknown == null ? new LinkedHashSet<>() : unknown;
                unknown.add(columns.get(c).textValue());
            }
            to[c] = j == null ? -1 : j;
        }
        refuseUnknown(unknown, pre);
        String[][] cells = new String[data.size()][pre.features().size()];
        for (int i = 0; i < data.size(); i++) {
            JsonNode row = data.get(i);
            if (!row.isArray() || row.size() != columns.size()) {
                throw new ApiException(400, "dataframe_split row " + (i + 1) + " must be an array of " + columns.size()
                        + " values (one per column), got " + (row.isArray() ? row.size() + " values" : kind(row)));
            }
            for (int c = 0; c < to.length; c++) {
                if (to[c] >= 0) {
                    cells[i][to[c]] = text(row.get(c), i, columns.get(c).textValue());
                }
            }
        }
        return new RequestRows(pre.features(), cells);
    }

    /** Rows given column by column: {@code columns} maps a name to its values, all of length {@code rows}. */
    static RequestRows ofColumns(Map<String, List<JsonNode>> columns, int rows, Preprocessor pre, int maxRows) {
        requireRows(rows, maxRows);
        Map<String, Integer> index = index(pre);
        Set<String> unknown = null;
        String[][] cells = new String[rows][pre.features().size()];
        for (Map.Entry<String, List<JsonNode>> e : columns.entrySet()) {
            Integer j = index.get(e.getKey());
            if (j == null) {
                unknown = unknown == null ? new LinkedHashSet<>() : unknown;
                unknown.add(e.getKey());
                continue;
            }
            if (j < 0) {
                continue;
            }
            List<JsonNode> values = e.getValue();
            for (int i = 0; i < rows; i++) {
                cells[i][j] = text(values.get(i), i, e.getKey());
            }
        }
        refuseUnknown(unknown, pre);
        return new RequestRows(pre.features(), cells);
    }

    /** Rows given as a CSV body with a header line. */
    static RequestRows ofCsv(byte[] body, Preprocessor pre, int maxRows) {
        CsvTable table;
        try {
            table = CsvTable.parse(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8), "the CSV body");
        } catch (IOException e) {
            throw new ApiException(400, "the CSV body cannot be read: " + e.getMessage());
        }
        requireRows(table.rowCount(), maxRows);
        Map<String, Integer> index = index(pre);
        Set<String> unknown = null;
        int[] to = new int[table.header().size()];
        for (int c = 0; c < to.length; c++) {
            Integer j = index.get(table.header().get(c));
            if (j == null) {
                unknown = unknown == null ? new LinkedHashSet<>() : unknown;
                unknown.add(table.header().get(c));
            }
            to[c] = j == null ? -1 : j;
        }
        refuseUnknown(unknown, pre);
        String[][] cells = new String[table.rowCount()][pre.features().size()];
        for (int i = 0; i < cells.length; i++) {
            for (int c = 0; c < to.length; c++) {
                if (to[c] >= 0) {
                    cells[i][to[c]] = table.value(i, c);
                }
            }
        }
        return new RequestRows(pre.features(), cells);
    }

    /** Feature name → its index; the target and the columns left out in training → -1 (known, ignored). */
    private static Map<String, Integer> index(Preprocessor pre) {
        Map<String, Integer> index = new HashMap<>();
        if (pre.roles() != null) {
            for (ColumnRole role : pre.roles()) {
                index.put(role.name(), -1);
            }
        }
        index.put(pre.target(), -1);
        for (int j = 0; j < pre.features().size(); j++) {
            index.put(pre.features().get(j), j);
        }
        return index;
    }

    private static void requireRows(int rows, int maxRows) {
        if (rows > maxRows) {
            throw new ApiException(413, "the request has " + rows + " rows; the server takes at most " + maxRows + " (--max-rows)");
        }
    }

    private static void refuseUnknown(Set<String> unknown, Preprocessor pre) {
        if (unknown == null) {
            return;
        }
        List<String> shown = new ArrayList<>();
        for (String u : unknown) {
            if (shown.size() == 10) {
                shown.add("… (" + (unknown.size() - 10) + " more)");
                break;
            }
            shown.add("'" + Text.cut(u, 100) + "'");
        }
        throw new ApiException(422, "unknown column" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", shown)
                + "; the model's input columns are " + String.join(", ", pre.features()));
    }

    /** A JSON value as the preprocessing reads it: numbers and booleans as their text, null as missing. */
    static String text(JsonNode v, int row, String column) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isNumber() || v.isBoolean()) {
            return v.asText();
        }
        throw new ApiException(400, "row " + (row + 1) + ": the value of '" + Text.cut(column, 100) + "' is " + kind(v)
                + "; give a number, a string, a boolean or null");
    }

    /** "an array", "an object", "a string", … for messages. */
    static String kind(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        return switch (v.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    @Override
    public String source() {
        return "request";
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public int rowCount() {
        return cells.length;
    }

    @Override
    public String value(int row, int column) {
        return cells[row][column];
    }

    @Override
    public String where(int row) {
        return "row " + (row + 1);
    }

}

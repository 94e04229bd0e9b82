package dev.neurite.data;

import dev.neurite.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A CSV file read into columns: a header row of column names and the data rows, every row with
 * as many fields as the header. The format is RFC 4180: fields separated by a delimiter, rows by
 * LF or CRLF, a field in double quotes may hold delimiters, line breaks and doubled quotes
 * ({@code ""}). The delimiter (comma, semicolon, tab or pipe) is detected from the header and
 * the first rows, and so is a decimal comma in a file not delimited by commas, unless a
 * {@link CsvFormat} names them. UTF-8 by default, with or without a byte-order mark;
 * gzip-compressed files are recognised by their magic bytes. Blank lines are skipped; a
 * delimiter at the end of every line (an empty last column with no name) is dropped.
 *
 * <p>The file is read in one streaming pass straight into columns of primitive arrays
 * ({@link Column}): a text cell is a number into its column's dictionary of distinct texts, and a
 * column of many distinct numbers holds them as numbers, so a table costs about 4 bytes a cell
 * rather than a Java String each. {@link #value} still gives each cell's text.
 *
 * <p>Every problem is an {@link InvalidInputException} naming the source and the line; rows with
 * the wrong number of fields are listed together, the first ten and the count.
 */
public final class CsvTable implements TableRows {
    private final String source;
    private final List<String> header;
    private final Column[] columns;
    private final int rows;
    private final int[][] lines;
    private final char delimiter;
    private final char decimal;
    /** Characters of the start of the text from which the delimiter is detected. */
    private static final int SAMPLE = 1 << 16;
    /** Rows the decimal separator is detected from. */
    private static final int DECIMAL_SAMPLE = 1000;

    private CsvTable(String source, List<String> header, Column[] columns, int rows, int[][] lines, char delimiter, char decimal) {
        this.source = source;
        this.header = List.copyOf(header);
        this.columns = columns;
        this.rows = rows;
        this.lines = lines;
        this.delimiter = delimiter;
        this.decimal = decimal;
    }

    /** Reads {@code path}, plain or gzip-compressed, detecting its delimiter; UTF-8. */
    public static CsvTable read(Path path) {
        return read(path, CsvFormat.DEFAULTS);
    }

    /** Reads {@code path}, plain or gzip-compressed, in {@code format}. */
    public static CsvTable read(Path path, CsvFormat format) {
        return read(path, format, Set.of());
    }

    /**
     * Reads {@code path}, plain or gzip-compressed, in {@code format}, keeping the columns named in
     * {@code textColumns} as text exactly as written (for columns copied to an output, such as
     * identifiers with leading zeros); other columns of many distinct numbers hold them as numbers.
     */
    public static CsvTable read(Path path, CsvFormat format, Set<String> textColumns) {
        try {
            CsvTable table = readOnce(path, format, textColumns);
            Set<String> text = table.numbersThatAreMostlyText();
            if (text.isEmpty()) {
                return table;
            }
            // A second pass, for the rare column whose many distinct numbers came first and whose words came later: read
            // again, it keeps every cell's text as written.
            table = null;
            Set<String> keep = new java.util.HashSet<>(textColumns);
            keep.addAll(text);
            return readOnce(path, format, keep);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(path + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static CsvTable readOnce(Path path, CsvFormat format, Set<String> textColumns) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            return read(in, path.toString(), format, textColumns);
        }
    }

    /**
     * The columns holding numbers as numbers in which most non-blank cells are not numbers (the
     * usual missing-value tokens aside): text columns whose numbers' text was not kept.
     */
    Set<String> numbersThatAreMostlyText() {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (int k = 0; k < columns.length; k++) {
            if (!columns[k].isText() && columns[k].mostlyText()) {
                out.add(header.get(k));
            }
        }
        return out;
    }

    /** Reads CSV from {@code in} (plain or gzip), naming it {@code source} in messages. */
    public static CsvTable read(InputStream in, String source) throws IOException {
        return read(in, source, CsvFormat.DEFAULTS);
    }

    /** Reads CSV in {@code format} from {@code in} (plain or gzip), naming it {@code source} in messages. */
    public static CsvTable read(InputStream in, String source, CsvFormat format) throws IOException {
        return read(in, source, format, Set.of());
    }

    private static CsvTable read(InputStream in, String source, CsvFormat format, Set<String> textColumns) throws IOException {
        InputStream data = in.markSupported() ? in : new BufferedInputStream(in);
        data.mark(2);
        int b1 = data.read();
        int b2 = data.read();
        data.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            try {
                BoundedInflation.Counting compressed = new BoundedInflation.Counting(data);
                data = BoundedInflation.bounded(new GZIPInputStream(compressed, 1 << 16), compressed, ReadLimits.current(), source);
            } catch (ZipException | EOFException e) {
                // Found by fuzzing: the gzip magic alone ends the stream inside the header.
                throw new InvalidInputException(source + ": starts like gzip but is not a valid gzip file (" + e + ")");
            }
        }
        try (Reader reader = ReadAhead.of(new DecodingReader(data, format.charset(), source))) {
            return parse(reader, source, format, textColumns);
        } catch (ZipException | EOFException e) {
            throw new InvalidInputException(source + ": the compressed data is damaged or cut short (" + e.getMessage() + ")");
        }
    }

    /** Parses CSV text from {@code reader}, detecting the delimiter. */
    public static CsvTable parse(Reader reader, String source) throws IOException {
        return parse(reader, source, CsvFormat.DEFAULTS);
    }

    /** Parses CSV text from {@code reader} in {@code format} (its charset is not used: the text is decoded). */
    public static CsvTable parse(Reader reader, String source, CsvFormat format) throws IOException {
        return parse(reader, source, format, Set.of());
    }

    private static CsvTable parse(Reader reader, String source, CsvFormat format, Set<String> textColumns) throws IOException {
        char[] sample = new char[0];
        int n = 0;
        char delimiter = format.delimiter();
        if (delimiter == 0) {
            sample = new char[SAMPLE];
            for (int k; n < SAMPLE && (k = reader.read(sample, n, SAMPLE - n)) > 0; ) {
                n += k;
            }
            delimiter = detectDelimiter(new String(sample, 0, n), n == SAMPLE);
        }
        CsvRecords p = new CsvRecords(reader, sample, n, source, delimiter, ReadLimits.current());
        Problems problems = new Problems();
        boolean trailing = false;
        List<String> header = null;
        List<String[]> first = new ArrayList<>(); // the rows the decimal separator is detected from
        List<Integer> firstLines = new ArrayList<>();
        Column[] columns = null;
        int[][] lines = new int[16][];
        int rows = 0;
        char decimal = format.decimal() != 0 ? format.decimal() : delimiter == ',' ? '.' : 0;
        while (p.next()) {
            if (p.fields() == 1 && p.length(0) == 0 && !p.hadQuotes) {
                continue; // a blank line
            }
            if (header == null) {
                header = new ArrayList<>();
                for (int k = 0; k < p.fields(); k++) {
                    header.add(p.field(k));
                }
                if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
                    header.set(0, header.get(0).substring(1));
                }
                if (header.size() > 1 && header.get(header.size() - 1).isBlank()) {
                    trailing = true; // "a,b,c," – a delimiter at the end of the line
                    header.remove(header.size() - 1);
                }
                checkHeader(header, source);
                continue;
            }
            int width = header.size();
            if (p.fields() == width + 1 && p.isBlank(width)) {
                p.dropLast(); // a trailing delimiter
            }
            if (p.fields() != width) {
                if (trailing && p.fields() == width + 1) {
                    problems.add(String.format("%s line %d: a value ('%s') in column %d, which has no name in the header",
                            source, p.recordLine, p.field(width), width + 1));
                } else {
                    problems.add(String.format("%s line %d: %d field%s, but the header has %d column%s%s", source, p.recordLine,
                            p.fields(), p.fields() == 1 ? "" : "s", width, width == 1 ? "" : "s",
                            problems.isEmpty() ? " (delimiter " + CsvFormat.describe(delimiter) + ")" : ""));
                }
                continue;
            }
            if (!problems.isEmpty()) {
                continue; // the file will be refused: only its problems are still counted
            }
            if (decimal == 0) {
                String[] row = new String[width];
                for (int k = 0; k < width; k++) {
                    row[k] = p.field(k);
                }
                first.add(row);
                firstLines.add(p.recordLine);
                if (first.size() == DECIMAL_SAMPLE) {
                    decimal = detectDecimal(first);
                }
                if (decimal == 0) {
                    continue;
                }
            }
            if (columns == null) {
                columns = newColumns(header, decimal, textColumns);
                for (int i = 0; i < first.size(); i++) {
                    String[] row = first.get(i);
                    for (int k = 0; k < width; k++) {
                        columns[k].addText(row[k]);
                    }
                    lines = addLine(lines, rows++, firstLines.get(i));
                }
                if (!first.isEmpty()) {
                    first = List.of();
                    continue; // the current row was the last of the sample
                }
            }
            char[] chars = p.chars;
            for (int k = 0; k < width; k++) {
                columns[k].add(chars, p.start(k), p.length(k));
            }
            lines = addLine(lines, rows++, p.recordLine);
        }
        if (header == null) {
            throw new InvalidInputException(source + ": the file is empty (expected a header row and data rows)");
        }
        problems.throwIfAny();
        if (columns == null && !first.isEmpty()) {
            decimal = detectDecimal(first);
            columns = newColumns(header, decimal, textColumns);
            for (int i = 0; i < first.size(); i++) {
                for (int k = 0; k < header.size(); k++) {
                    columns[k].addText(first.get(i)[k]);
                }
                lines = addLine(lines, rows++, firstLines.get(i));
            }
        }
        if (rows == 0) {
            throw new InvalidInputException(source + ": the file has a header but no data rows");
        }
        return new CsvTable(source, header, columns, rows, lines, delimiter, decimal);
    }

    private static Column[] newColumns(List<String> header, char decimal, Set<String> textColumns) {
        Column[] columns = new Column[header.size()];
        for (int k = 0; k < columns.length; k++) {
            columns[k] = new Column(decimal, textColumns.contains(header.get(k)));
        }
        return columns;
    }

    private static int[][] addLine(int[][] lines, int row, int line) {
        int chunk = row / Column.CHUNK;
        if (chunk == lines.length) {
            lines = Arrays.copyOf(lines, chunk * 2);
        }
        if (lines[chunk] == null) {
            lines[chunk] = new int[Column.CHUNK];
        }
        lines[chunk][row % Column.CHUNK] = line;
        return lines;
    }

    private static final char[] DELIMITERS = {',', ';', '\t', '|'};

    /**
     * The delimiter of {@code sample}, the start of the text: among comma, semicolon, tab and
     * pipe, the one that splits the header into two or more fields and the most of the first 50
     * rows into as many fields as the header (then the one with more fields; then the first).
     * A comma when none splits the header.
     */
    static char detectDelimiter(String sample, boolean cut) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < sample.length() && lines.size() < 51; i++) {
            char c = sample.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\n' && !quoted) {
                if (!sample.substring(start, i).isBlank()) {
                    lines.add(sample.substring(start, i));
                }
                start = i + 1;
            }
        }
        if (!cut && lines.size() < 51 && start < sample.length() && !sample.substring(start).isBlank()) {
            lines.add(sample.substring(start));
        }
        char best = ',';
        double bestShare = -1;
        int bestFields = 1;
        for (char d : DELIMITERS) {
            if (lines.isEmpty()) {
                break;
            }
            int fields = fieldCount(lines.get(0), d);
            if (fields < 2) {
                continue;
            }
            int agree = 0;
            for (int l = 1; l < lines.size(); l++) {
                int f = fieldCount(lines.get(l), d);
                if (f == fields || (f == fields + 1 && lines.get(l).stripTrailing().endsWith(String.valueOf(d)))) {
                    agree++;
                }
            }
            double share = lines.size() == 1 ? 1 : (double) agree / (lines.size() - 1);
            if (share > bestShare || (share == bestShare && fields > bestFields)) {
                best = d;
                bestShare = share;
                bestFields = fields;
            }
        }
        return best;
    }

    /** Fields of one line split at {@code d} outside double quotes. */
    private static int fieldCount(String line, char d) {
        int fields = 1;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == d && !quoted) {
                fields++;
            }
        }
        return fields;
    }

    /**
     * ',' when more of the first 1,000 rows' values read only as numbers with a decimal comma
     * ({@code 3,5}) than only as numbers with a decimal point ({@code 3.5}); '.' otherwise.
     */
    private static char detectDecimal(List<String[]> rows) {
        int comma = 0;
        int point = 0;
        for (int r = 0; r < Math.min(rows.size(), 1000); r++) {
            for (String raw : rows.get(r)) {
                String v = raw.strip();
                if (v.indexOf(',') < 0 && v.indexOf('.') < 0) {
                    continue;
                }
                boolean asComma = !Double.isNaN(Numbers.parse(v, ','));
                boolean asPoint = !Double.isNaN(Numbers.parse(v, '.'));
                if (asComma && !asPoint) {
                    comma++;
                } else if (asPoint && !asComma) {
                    point++;
                }
            }
        }
        return comma > point ? ',' : '.';
    }

    private static void checkHeader(List<String> header, String source) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip();
            header.set(i, name);
            if (name.isEmpty()) {
                throw new InvalidInputException(source + " line 1: column " + (i + 1) + " has no name in the header");
            }
            if (!seen.add(name)) {
                throw new InvalidInputException(source + " line 1: the column name '" + name + "' appears twice in the header");
            }
        }
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
        return rows;
    }

    public int columnCount() {
        return header.size();
    }

    /** The index of column {@code name}, or an error listing the columns. */
    public int columnIndex(String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new InvalidInputException(source + ": no column '" + name + "'; the columns are " + String.join(", ", header));
        }
        return i;
    }

    public boolean hasColumn(String name) {
        return header.contains(name);
    }

    /** The text of row {@code row} (from 0), column {@code column}. */
    @Override
    public String value(int row, int column) {
        checkRow(row);
        return columns[column].text(row);
    }

    private void checkRow(int row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " of a table of " + rows);
        }
    }

    /** Rows {@code rows[0]}, {@code rows[1]}, … of this table as a table of its own, held as this one is; messages name the original lines. */
    @Override
    public CsvTable select(int[] rows) {
        int[][] picked = new int[Math.max(1, (rows.length + Column.CHUNK - 1) / Column.CHUNK)][];
        for (int i = 0; i < rows.length; i++) {
            picked = addLine(picked, i, line(rows[i]));
        }
        Column[] selected = new Column[columns.length];
        for (int k = 0; k < columns.length; k++) {
            selected[k] = columns[k].select(rows);
        }
        return new CsvTable(source, header, selected, rows.length, picked, delimiter, decimal);
    }

    /** Column {@code column} as the reader holds it. */
    Column column(int column) {
        return columns[column];
    }

    /** Bytes the table's columns hold, roughly (the texts counted once each). */
    public long bytes() {
        long b = 4L * rows;
        for (Column c : columns) {
            b += c.bytes();
        }
        return b;
    }

    /** The character between fields. */
    public char delimiter() {
        return delimiter;
    }

    /** The decimal separator of the numbers, '.' or ','. */
    @Override
    public char decimalSeparator() {
        return decimal;
    }

    /** The line of the file on which row {@code row} starts (the header is line 1). */
    public int line(int row) {
        checkRow(row);
        return lines[row / Column.CHUNK][row % Column.CHUNK];
    }

    /** "FILE line N", for messages about row {@code row}. */
    @Override
    public String where(int row) {
        return source + " line " + line(row);
    }
}

package dev.neurite.data;

import dev.neurite.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The reader as it was before the columnar one (kept in the tests as the reference the columnar reader is checked against): a CSV file read as text: a header row of column names and the data rows, every row with as
 * many fields as the header. The format is RFC 4180: fields separated by a delimiter, rows by LF
 * or CRLF, a field in double quotes may hold delimiters, line breaks and doubled quotes
 * ({@code ""}). The delimiter (comma, semicolon, tab or pipe) is detected from the header and
 * the first rows, and so is a decimal comma in a file not delimited by commas, unless a
 * {@link CsvFormat} names them. UTF-8 by default, with or without a byte-order mark;
 * gzip-compressed files are recognised by their magic bytes. Blank lines are skipped; a
 * delimiter at the end of every line (an empty last column with no name) is dropped.
 *
 * <p>Every problem is an {@link InvalidInputException} naming the source and the line; rows with
 * the wrong number of fields are listed together, the first ten and the count.
 */
public final class ReferenceCsv implements TableRows {
    private final String source;
    private final List<String> header;
    private final List<String[]> rows;
    private final int[] lines;
    private final char delimiter;
    private final char decimal;
    /** Characters of the start of the text from which the delimiter is detected. */
    private static final int SAMPLE = 1 << 16;

    private ReferenceCsv(String source, List<String> header, List<String[]> rows, int[] lines, char delimiter, char decimal) {
        this.source = source;
        this.header = List.copyOf(header);
        this.rows = rows;
        this.lines = lines;
        this.delimiter = delimiter;
        this.decimal = decimal;
    }

    /** Reads {@code path}, plain or gzip-compressed, detecting its delimiter; UTF-8. */
    public static ReferenceCsv read(Path path) {
        return read(path, CsvFormat.DEFAULTS);
    }

    /** Reads {@code path}, plain or gzip-compressed, in {@code format}. */
    public static ReferenceCsv read(Path path, CsvFormat format) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            return read(in, path.toString(), format);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(path + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads CSV from {@code in} (plain or gzip), naming it {@code source} in messages. */
    public static ReferenceCsv read(InputStream in, String source) throws IOException {
        return read(in, source, CsvFormat.DEFAULTS);
    }

    /** Reads CSV in {@code format} from {@code in} (plain or gzip), naming it {@code source} in messages. */
    public static ReferenceCsv read(InputStream in, String source, CsvFormat format) throws IOException {
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
        try (Reader reader = new DecodingReader(data, format.charset(), source)) {
            return parse(reader, source, format);
        } catch (ZipException | EOFException e) {
            throw new InvalidInputException(source + ": the compressed data is damaged or cut short (" + e.getMessage() + ")");
        }
    }

    /** Parses CSV text from {@code reader}, detecting the delimiter. */
    public static ReferenceCsv parse(Reader reader, String source) throws IOException {
        return parse(reader, source, CsvFormat.DEFAULTS);
    }

    /** Parses CSV text from {@code reader} in {@code format} (its charset is not used: the text is decoded). */
    public static ReferenceCsv parse(Reader reader, String source, CsvFormat format) throws IOException {
        BufferedReader text = new BufferedReader(reader, SAMPLE);
        char delimiter = format.delimiter();
        if (delimiter == 0) {
            text.mark(SAMPLE);
            char[] sample = new char[SAMPLE];
            int n = 0;
            for (int k; n < SAMPLE && (k = text.read(sample, n, SAMPLE - n)) > 0; ) {
                n += k;
            }
            text.reset();
            delimiter = detectDelimiter(new String(sample, 0, n), n == SAMPLE);
        }
        Parser p = new Parser(text, source, delimiter, ReadLimits.current());
        Problems problems = new Problems();
        boolean trailing = false;
        List<String> header = null;
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        List<String> record;
        while ((record = p.nextRecord()) != null) {
            if (record.size() == 1 && record.get(0).isEmpty() && !p.lastRecordHadQuotes) {
                continue; // a blank line
            }
            if (header == null) {
                header = record;
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
            if (record.size() == header.size() + 1 && record.get(header.size()).isBlank()) {
                record.remove(header.size()); // a trailing delimiter
            }
            if (record.size() != header.size()) {
                if (trailing && record.size() == header.size() + 1) {
                    problems.add(String.format("%s line %d: a value ('%s') in column %d, which has no name in the header",
                            source, p.recordLine, record.get(header.size()), header.size() + 1));
                } else {
                    problems.add(String.format("%s line %d: %d field%s, but the header has %d column%s%s", source, p.recordLine,
                            record.size(), record.size() == 1 ? "" : "s", header.size(), header.size() == 1 ? "" : "s",
                            problems.isEmpty() ? " (delimiter " + CsvFormat.describe(delimiter) + ")" : ""));
                }
                continue;
            }
            rows.add(record.toArray(String[]::new));
            lineNumbers.add(p.recordLine);
        }
        if (header == null) {
            throw new InvalidInputException(source + ": the file is empty (expected a header row and data rows)");
        }
        problems.throwIfAny();
        if (rows.isEmpty()) {
            throw new InvalidInputException(source + ": the file has a header but no data rows");
        }
        char decimal = format.decimal() != 0 ? format.decimal() : delimiter == ',' ? '.' : detectDecimal(rows);
        return new ReferenceCsv(source, header, rows, lineNumbers.stream().mapToInt(Integer::intValue).toArray(), delimiter, decimal);
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

    /** RFC 4180 records, one at a time, with the line each starts on. */
    private static final class Parser {
        private final Reader reader;
        private final String source;
        private final char delimiter;
        private final ReadLimits limits;
        private long rowChars;
        private int line = 1;
        int recordLine;
        boolean lastRecordHadQuotes;
        private int pending = -2;

        Parser(Reader reader, String source, char delimiter, ReadLimits limits) {
            this.reader = reader;
            this.source = source;
            this.delimiter = delimiter;
            this.limits = limits;
        }

        private int read() throws IOException {
            if (pending != -2) {
                int c = pending;
                pending = -2;
                return c;
            }
            if (++rowChars > limits.maxRowChars()) {
                throw new InvalidInputException(String.format("%s line %d: a row longer than %,d characters, the most one may have"
                        + " (-Dneurite.maxRowChars raises it)", source, recordLine, limits.maxRowChars()));
            }
            return reader.read();
        }

        /** Ends a field: refused when longer than a value may be. */
        private String value(StringBuilder field, List<String> fields) {
            if (field.length() > limits.maxValueChars()) {
                throw new InvalidInputException(String.format("%s line %d: value %d has %,d characters, more than the %,d a value may"
                        + " have (-Dneurite.maxValueChars raises it); it starts '%s…'", source, recordLine, fields.size() + 1,
                        field.length(), limits.maxValueChars(), field.substring(0, 40)));
            }
            return field.toString();
        }

        List<String> nextRecord() throws IOException {
            int c = read();
            if (c == -1) {
                return null;
            }
            pending = c;
            recordLine = line;
            rowChars = 0;
            lastRecordHadQuotes = false;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean afterQuote = false;
            int quoteLine = 0;
            while (true) {
                c = read();
                if (quoted) {
                    if (c == -1) {
                        throw new InvalidInputException(String.format(
                                "%s line %d: a quoted field is not closed before the end of the file", source, quoteLine));
                    }
                    if (c == '"') {
                        int next = read();
                        if (next == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            afterQuote = true;
                            pending = next;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append((char) c);
                    }
                    continue;
                }
                if (c == delimiter) {
                    fields.add(value(field, fields));
                    field.setLength(0);
                    afterQuote = false;
                } else if (c == '\n' || c == -1) {
                    fields.add(value(field, fields));
                    if (c == '\n') {
                        line++;
                    }
                    return fields;
                } else if (c == '\r') {
                    int next = read();
                    if (next != '\n') {
                        pending = next;
                        field.append('\r');
                    } else {
                        fields.add(value(field, fields));
                        line++;
                        return fields;
                    }
                } else if (afterQuote) {
                    throw new InvalidInputException(String.format(
                            "%s line %d: unexpected '%s' after the closing quote of field %d",
                            source, line, (char) c, fields.size() + 1));
                } else if (c == '"') {
                    if (field.length() > 0) {
                        throw new InvalidInputException(String.format(
                                "%s line %d: a quote inside the unquoted field %d ('%s\"…'); quote the whole field and double the quote",
                                source, line, fields.size() + 1, field));
                    }
                    quoted = true;
                    lastRecordHadQuotes = true;
                    quoteLine = line;
                } else {
                    field.append((char) c);
                }
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
        return rows.size();
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
        return rows.get(row)[column];
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
        return lines[row];
    }

    /** "FILE line N", for messages about row {@code row}. */
    @Override
    public String where(int row) {
        return source + " line " + lines[row];
    }
}

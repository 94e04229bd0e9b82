package dev.neurite.data;

import dev.neurite.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
 * A CSV file read as text: a header row of column names and the data rows, every row with as
 * many fields as the header. The format is RFC 4180: fields separated by commas, rows by LF or
 * CRLF, a field in double quotes may hold commas, line breaks and doubled quotes ({@code ""}).
 * UTF-8, with or without a byte-order mark; gzip-compressed files are recognised by their
 * magic bytes. Blank lines are skipped.
 *
 * <p>Every problem is an {@link InvalidInputException} naming the source and the line.
 */
public final class CsvTable {
    private final String source;
    private final List<String> header;
    private final List<String[]> rows;
    private final int[] lines;

    private CsvTable(String source, List<String> header, List<String[]> rows, int[] lines) {
        this.source = source;
        this.header = List.copyOf(header);
        this.rows = rows;
        this.lines = lines;
    }

    /** Reads {@code path}, plain or gzip-compressed. */
    public static CsvTable read(Path path) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            return read(in, path.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(path + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads CSV from {@code in} (plain or gzip), naming it {@code source} in messages. */
    public static CsvTable read(InputStream in, String source) throws IOException {
        InputStream data = in.markSupported() ? in : new BufferedInputStream(in);
        data.mark(2);
        int b1 = data.read();
        int b2 = data.read();
        data.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            try {
                data = new GZIPInputStream(data);
            } catch (ZipException | EOFException e) {
                // Found by fuzzing: the gzip magic alone ends the stream inside the header.
                throw new InvalidInputException(source + ": starts like gzip but is not a valid gzip file (" + e + ")");
            }
        }
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader reader = new InputStreamReader(data, decoder)) {
            return parse(reader, source);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(source + ": not UTF-8 text (" + e.getMessage() + ")");
        } catch (ZipException | EOFException e) {
            throw new InvalidInputException(source + ": the compressed data is damaged or cut short (" + e.getMessage() + ")");
        }
    }

    /** Parses CSV text from {@code reader}. */
    public static CsvTable parse(Reader reader, String source) throws IOException {
        Parser p = new Parser(reader, source);
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
                checkHeader(header, source);
                continue;
            }
            if (record.size() != header.size()) {
                throw new InvalidInputException(String.format("%s line %d: %d field%s, but the header has %d columns",
                        source, p.recordLine, record.size(), record.size() == 1 ? "" : "s", header.size()));
            }
            rows.add(record.toArray(String[]::new));
            lineNumbers.add(p.recordLine);
        }
        if (header == null) {
            throw new InvalidInputException(source + ": the file is empty (expected a header row and data rows)");
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException(source + ": the file has a header but no data rows");
        }
        return new CsvTable(source, header, rows, lineNumbers.stream().mapToInt(Integer::intValue).toArray());
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
        private int line = 1;
        int recordLine;
        boolean lastRecordHadQuotes;
        private int pending = -2;

        Parser(Reader reader, String source) {
            this.reader = reader;
            this.source = source;
        }

        private int read() throws IOException {
            if (pending != -2) {
                int c = pending;
                pending = -2;
                return c;
            }
            return reader.read();
        }

        List<String> nextRecord() throws IOException {
            int c = read();
            if (c == -1) {
                return null;
            }
            pending = c;
            recordLine = line;
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
                if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    afterQuote = false;
                } else if (c == '\n' || c == -1) {
                    fields.add(field.toString());
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
                        fields.add(field.toString());
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

    /** Where the rows came from, for messages. */
    public String source() {
        return source;
    }

    public List<String> header() {
        return header;
    }

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
    public String value(int row, int column) {
        return rows.get(row)[column];
    }

    /** The line of the file on which row {@code row} starts (the header is line 1). */
    public int line(int row) {
        return lines[row];
    }

    /** "FILE line N", for messages about row {@code row}. */
    public String where(int row) {
        return source + " line " + lines[row];
    }
}

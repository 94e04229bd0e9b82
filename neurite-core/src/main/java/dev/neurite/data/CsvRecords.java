package dev.neurite.data;

import dev.neurite.InvalidInputException;
import java.io.IOException;
import java.io.Reader;

/**
 * RFC 4180 records read one at a time from text, each into one reused character buffer with
 * its fields' bounds, so that a record makes no String unless asked: fields separated by the
 * delimiter, records by LF or CRLF; a field in double quotes may hold delimiters, line breaks
 * and doubled quotes. Keeps the line each record starts on; refuses a record longer than
 * {@link ReadLimits#maxRowChars()} and a field longer than {@link ReadLimits#maxValueChars()}.
 */
final class CsvRecords {
    private final Reader reader;
    private final String source;
    private final char delimiter;
    private final long maxRowChars;
    private final long maxValueChars;
    private final char[] buffer;
    private int position;
    private int limit;
    private boolean eof;
    private int pending = -2;
    private long rowChars;
    private int line = 1;

    /** The characters of the current record's fields, field k at {@code chars[start(k) … end(k)−1]}. */
    char[] chars = new char[256];
    private int length;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int fields;
    /** The line the current record starts on (the first line is 1). */
    int recordLine;
    /** True when the current record had a quoted field. */
    boolean hadQuotes;

    /** Records of {@code reader}; {@code start} holds text already read from it (the sample the delimiter was detected on). */
    CsvRecords(Reader reader, char[] start, int startLength, String source, char delimiter, ReadLimits limits) {
        this.reader = reader;
        this.buffer = new char[Math.max(1 << 16, start.length)];
        System.arraycopy(start, 0, buffer, 0, startLength);
        this.limit = startLength;
        this.source = source;
        this.delimiter = delimiter;
        this.maxRowChars = limits.maxRowChars();
        this.maxValueChars = limits.maxValueChars();
    }

    int fields() {
        return fields;
    }

    int start(int field) {
        return starts[field];
    }

    int end(int field) {
        return ends[field];
    }

    int length(int field) {
        return ends[field] - starts[field];
    }

    /** Field {@code field} as a String. */
    String field(int field) {
        return new String(chars, starts[field], ends[field] - starts[field]);
    }

    /** Drops the last field. */
    void dropLast() {
        fields--;
    }

    /** True when field {@code field} is empty or spaces only. */
    boolean isBlank(int field) {
        for (int i = starts[field]; i < ends[field]; i++) {
            if (!Character.isWhitespace(chars[i])) {
                return false;
            }
        }
        return true;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = reader.read(buffer, 0, buffer.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private int read() throws IOException {
        if (pending != -2) {
            int c = pending;
            pending = -2;
            return c;
        }
        if (++rowChars > maxRowChars) {
            throw tooLong();
        }
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++];
    }

    private InvalidInputException tooLong() {
        return new InvalidInputException(String.format("%s line %d: a row longer than %,d characters, the most one may have"
                + " (-Dneurite.maxRowChars raises it)", source, recordLine, maxRowChars));
    }

    private void append(char c) {
        if (length == chars.length) {
            chars = java.util.Arrays.copyOf(chars, chars.length * 2);
        }
        chars[length++] = c;
    }

    /** Ends the field that started at {@code fieldStart}: refused when longer than a value may be. */
    private void endField(int fieldStart) {
        int n = length - fieldStart;
        if (n > maxValueChars) {
            throw new InvalidInputException(String.format("%s line %d: value %d has %,d characters, more than the %,d a value may"
                    + " have (-Dneurite.maxValueChars raises it); it starts '%s…'", source, recordLine, fields + 1,
                    n, maxValueChars, new String(chars, fieldStart, Math.min(40, n))));
        }
        if (fields == starts.length) {
            starts = java.util.Arrays.copyOf(starts, fields * 2);
            ends = java.util.Arrays.copyOf(ends, fields * 2);
        }
        starts[fields] = fieldStart;
        ends[fields] = length;
        fields++;
    }

    /** Reads the next record; false at the end of the text. */
    boolean next() throws IOException {
        int c = read();
        if (c == -1) {
            return false;
        }
        pending = c;
        recordLine = line;
        rowChars = 0;
        hadQuotes = false;
        fields = 0;
        length = 0;
        int fieldStart = 0;
        boolean quoted = false;
        boolean afterQuote = false;
        int quoteLine = 0;
        while (true) {
            if (!quoted && !afterQuote && pending == -2) {
                // The common case: copy the plain characters of an unquoted field in one loop.
                int p = position;
                int stop = limit;
                char[] b = buffer;
                while (p < stop) {
                    char ch = b[p];
                    if (ch == delimiter || ch == '\n' || ch == '\r' || ch == '"') {
                        break;
                    }
                    p++;
                }
                int n = p - position;
                if (n > 0) {
                    rowChars += n;
                    if (rowChars > maxRowChars) {
                        throw tooLong();
                    }
                    if (length + n > chars.length) {
                        chars = java.util.Arrays.copyOf(chars, Math.max(chars.length * 2, length + n));
                    }
                    System.arraycopy(b, position, chars, length, n);
                    length += n;
                    position = p;
                }
            }
            c = read();
            if (quoted) {
                if (c == -1) {
                    throw new InvalidInputException(String.format(
                            "%s line %d: a quoted field is not closed before the end of the file", source, quoteLine));
                }
                if (c == '"') {
                    int next = read();
                    if (next == '"') {
                        append('"');
                    } else {
                        quoted = false;
                        afterQuote = true;
                        pending = next;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    append((char) c);
                }
                continue;
            }
            if (c == delimiter) {
                endField(fieldStart);
                fieldStart = length;
                afterQuote = false;
            } else if (c == '\n' || c == -1) {
                endField(fieldStart);
                if (c == '\n') {
                    line++;
                }
                return true;
            } else if (c == '\r') {
                int next = read();
                if (next != '\n') {
                    pending = next;
                    append('\r');
                } else {
                    endField(fieldStart);
                    line++;
                    return true;
                }
            } else if (afterQuote) {
                throw new InvalidInputException(String.format(
                        "%s line %d: unexpected '%s' after the closing quote of field %d", source, line, (char) c, fields + 1));
            } else if (c == '"') {
                if (length > fieldStart) {
                    throw new InvalidInputException(String.format(
                            "%s line %d: a quote inside the unquoted field %d ('%s\"…'); quote the whole field and double the quote",
                            source, line, fields + 1, new String(chars, fieldStart, length - fieldStart)));
                }
                quoted = true;
                hadQuotes = true;
                quoteLine = line;
            } else {
                append((char) c);
            }
        }
    }
}

package dev.neurite.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How a CSV file is written: the delimiter between fields (0: detected from the header and the
 * first rows among comma, semicolon, tab and pipe), the decimal separator of its numbers (0:
 * detected; a comma is only considered when the delimiter is not one), and its text encoding.
 */
public record CsvFormat(char delimiter, char decimal, Charset charset) {
    /** Delimiter and decimal separator detected, UTF-8. */
    public static final CsvFormat DEFAULTS = new CsvFormat((char) 0, (char) 0, StandardCharsets.UTF_8);

    public CsvFormat {
        Objects.requireNonNull(charset, "charset");
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("the delimiter cannot be a quote or a line break");
        }
        if (decimal != 0 && decimal != '.' && decimal != ',') {
            throw new IllegalArgumentException("the decimal separator must be '.' or ',', got '" + decimal + "'");
        }
        if (decimal != 0 && decimal == delimiter) {
            throw new IllegalArgumentException("the decimal separator and the delimiter are both '" + decimal + "'");
        }
    }

    public CsvFormat withDelimiter(char value) {
        return new CsvFormat(value, decimal, charset);
    }

    public CsvFormat withDecimal(char value) {
        return new CsvFormat(delimiter, value, charset);
    }

    public CsvFormat withCharset(Charset value) {
        return new CsvFormat(delimiter, decimal, value);
    }

    /** Parses a delimiter option: one character, or {@code tab}, {@code \t}, {@code comma}, {@code semicolon}, {@code pipe}. */
    public static char delimiterNamed(String name) {
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "tab", "\\t", "\t":
                return '\t';
            case "comma":
                return ',';
            case "semicolon":
                return ';';
            case "pipe":
                return '|';
            default:
                if (name.length() == 1) {
                    return name.charAt(0);
                }
                throw new IllegalArgumentException("--delimiter must be one character or tab, comma, semicolon, pipe; got '" + name + "'");
        }
    }

    /** The name of a delimiter for messages: {@code ','}, {@code tab}. */
    public static String describe(char delimiter) {
        return delimiter == '\t' ? "tab" : "'" + delimiter + "'";
    }
}

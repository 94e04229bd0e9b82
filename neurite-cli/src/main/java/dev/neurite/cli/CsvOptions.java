package dev.neurite.cli;

import dev.neurite.data.CsvFormat;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import picocli.CommandLine.Option;

/** How a CSV file is written: --delimiter, --decimal, --encoding (detected or UTF-8 when absent). */
final class CsvOptions {
    @Option(names = "--delimiter", paramLabel = "CHAR",
            description = "Field delimiter: one character, or tab, comma, semicolon, pipe (default: detected from the header and first rows).")
    String delimiter;

    @Option(names = "--decimal", paramLabel = "CHAR",
            description = "Decimal separator of numbers, . or , (default: detected; a comma only in files not delimited by commas).")
    String decimal;

    @Option(names = "--encoding", paramLabel = "CHARSET", description = "Text encoding of the CSV file, e.g. ISO-8859-1, windows-1252 (default: UTF-8).")
    String encoding;

    CsvFormat format() {
        CsvFormat f = CsvFormat.DEFAULTS;
        if (delimiter != null) {
            f = f.withDelimiter(CsvFormat.delimiterNamed(delimiter));
        }
        if (decimal != null) {
            if (!decimal.equals(".") && !decimal.equals(",")) {
                throw new IllegalArgumentException("--decimal must be . or , got '" + decimal + "'");
            }
            f = f.withDecimal(decimal.charAt(0));
        }
        if (encoding != null) {
            try {
                f = f.withCharset(Charset.forName(encoding));
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw new IllegalArgumentException("--encoding '" + encoding + "' is not an encoding this Java knows (try UTF-8, ISO-8859-1, windows-1252)");
            }
        }
        return f;
    }
}

package dev.neurite.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class CsvTableTest {

    private static CsvTable parse(String text) throws IOException {
        return CsvTable.parse(new StringReader(text), "t.csv");
    }

    private static void assertError(String expected, String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> parse(text));
        assertTrue(e.getMessage().contains(expected), "expected «" + expected + "» in «" + e.getMessage() + "»");
    }

    @Test
    void rfc4180QuotedFields() throws IOException {
        CsvTable t = parse("name,comment,n\r\n\"Smith, J.\",\"said \"\"hi\"\"\nthen left\",3\r\nplain,,4\n");
        assertEquals(List.of("name", "comment", "n"), t.header());
        assertEquals(2, t.rowCount());
        assertEquals("Smith, J.", t.value(0, 0));
        assertEquals("said \"hi\"\nthen left", t.value(0, 1));
        assertEquals("", t.value(1, 1));
        assertEquals(2, t.line(0));
        assertEquals(4, t.line(1), "the quoted line break counts as a line");
    }

    @Test
    void byteOrderMarkBlankLinesAndNoFinalNewline() throws IOException {
        CsvTable t = parse("\uFEFFa,b\n1,2\n\n3,4");
        assertEquals(List.of("a", "b"), t.header());
        assertEquals(2, t.rowCount());
        assertEquals("4", t.value(1, 1));
        assertEquals(4, t.line(1));
    }

    @Test
    void gzipIsRecognised() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("x,y\n1,2\n".getBytes(StandardCharsets.UTF_8));
        }
        CsvTable t = CsvTable.read(new ByteArrayInputStream(bytes.toByteArray()), "t.csv.gz");
        assertEquals("2", t.value(0, 1));
    }

    @Test
    void malformedFilesAreNamedByLine() {
        assertError("t.csv: the file is empty", "");
        assertError("t.csv: the file has a header but no data rows", "a,b\n");
        assertError("t.csv line 3: 3 fields, but the header has 2 columns", "a,b\n1,2\n1,2,3\n");
        assertError("t.csv line 2: 1 field, but the header has 2 columns", "a,b\n1\n");
        assertError("t.csv line 2: a quoted field is not closed before the end of the file", "a,b\n\"1,2\n3,4\n");
        assertError("t.csv line 2: unexpected 'x' after the closing quote of field 1", "a,b\n\"1\"x,2\n");
        assertError("the column name 'a' appears twice", "a,a\n1,2\n");
        assertError("t.csv line 2: a value ('2') in column 2, which has no name in the header", "a,\n1,2\n");
        assertError("t.csv line 1: column 1 has no name", ",b\n1,2\n");
    }

    @Test
    void notUtf8IsNamed() {
        byte[] latin1 = "a,b\ncaf\u00e9,1\n".getBytes(StandardCharsets.ISO_8859_1);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CsvTable.read(new ByteArrayInputStream(latin1), "l.csv"));
        assertEquals("l.csv line 2, byte offset 7: byte 0xE9 is not valid UTF-8 text; if the file has another encoding, "
                + "give it (--encoding ISO-8859-1 or windows-1252 for most Western European spreadsheets)", e.getMessage());
    }

    @Test
    void anotherEncodingIsReadWhenNamed() throws IOException {
        byte[] latin1 = "name;city\nJos\u00e9;K\u00f6ln\n".getBytes(StandardCharsets.ISO_8859_1);
        CsvTable t = CsvTable.read(new ByteArrayInputStream(latin1), "l.csv", CsvFormat.DEFAULTS.withCharset(StandardCharsets.ISO_8859_1));
        assertEquals("K\u00f6ln", t.value(0, 1));
        byte[] utf16 = "a\tb\n1\t\u00e9\n".getBytes(StandardCharsets.UTF_16);
        assertEquals("\u00e9", CsvTable.read(new ByteArrayInputStream(utf16), "u.csv", CsvFormat.DEFAULTS.withCharset(StandardCharsets.UTF_16))
                .value(0, 1));
        // A bad byte deep in a long file is found at its line and offset.
        String good = "a,b\n" + "1,2\n".repeat(50_000);
        byte[] bytes = (good + "x\u00e9,3\n").getBytes(StandardCharsets.ISO_8859_1);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CsvTable.read(new ByteArrayInputStream(bytes), "big.csv"));
        assertTrue(e.getMessage().startsWith("big.csv line 50002, byte offset " + (good.length() + 1) + ": byte"), e.getMessage());
    }

    private static CsvTable detected(String text) throws IOException {
        return CsvTable.parse(new StringReader(text), "d.csv");
    }

    @Test
    void theDelimiterIsDetected() throws IOException {
        assertEquals(',', detected("a,b,c\n1,2,3\n").delimiter());
        CsvTable semicolons = detected("age;income;city\n41;3,5;\"Berlin; Mitte\"\n35;4,25;Paris\n");
        assertEquals(';', semicolons.delimiter());
        assertEquals(',', semicolons.decimalSeparator(), "decimal commas in a semicolon file");
        assertEquals("Berlin; Mitte", semicolons.value(0, 2));
        CsvTable tabs = detected("age\tcity, country\tchurned\n41\tBerlin, DE\tyes\n");
        assertEquals('\t', tabs.delimiter());
        assertEquals(List.of("age", "city, country", "churned"), tabs.header());
        assertEquals('|', detected("a|b\n1,5|2\n3|4\n").delimiter());
        assertEquals('.', detected("a;b\n1.5;2\n3;4.25\n").decimalSeparator());
        assertEquals(',', detected("one column\n1\n").delimiter());
        CsvTable forced = CsvTable.parse(new StringReader("a;b\n1;2\n"), "f.csv", CsvFormat.DEFAULTS.withDelimiter(','));
        assertEquals(List.of("a;b"), forced.header());
        assertEquals('.', CsvTable.parse(new StringReader("a;b\n1,5;2\n"), "f.csv", CsvFormat.DEFAULTS.withDecimal('.')).decimalSeparator());
    }

    @Test
    void trailingDelimitersAreDropped() throws IOException {
        CsvTable t = detected("a,b,c,\n1,2,3,\n4,5,6,\n");
        assertEquals(List.of("a", "b", "c"), t.header());
        assertEquals("6", t.value(1, 2));
        assertEquals(List.of("a", "b"), detected("a;b;\n1;2;\n3;4\n").header());
        assertEquals("2", detected("a,b\n1,2,\n").value(0, 1));
    }

    @Test
    void rowsWithTheWrongFieldCountAreListedTogether() {
        StringBuilder s = new StringBuilder("a,b\n");
        for (int i = 0; i < 30; i++) {
            s.append(i % 2 == 0 ? "1,2\n" : "1,2,3\n");
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> parse(s.toString()));
        assertTrue(e.getMessage().startsWith("15 problems (the first 10 shown): t.csv line 3: 3 fields, but the header has 2 columns "
                + "(delimiter ','); t.csv line 5: 3 fields"), e.getMessage());
        assertTrue(e.getMessage().contains("t.csv line 21: 3 fields") && !e.getMessage().contains("line 23:"), e.getMessage());
    }

    @Test
    void unknownColumnListsTheColumns() throws IOException {
        CsvTable t = parse("a,b\n1,2\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> t.columnIndex("c"));
        assertEquals("t.csv: no column 'c'; the columns are a, b", e.getMessage());
    }
}

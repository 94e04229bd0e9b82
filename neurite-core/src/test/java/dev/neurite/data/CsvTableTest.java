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
        assertError("column 2 has no name", "a,\n1,2\n");
    }

    @Test
    void notUtf8IsNamed() {
        byte[] latin1 = "a,b\ncaf\u00e9,1\n".getBytes(StandardCharsets.ISO_8859_1);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CsvTable.read(new ByteArrayInputStream(latin1), "l.csv"));
        assertTrue(e.getMessage().startsWith("l.csv: not UTF-8 text"), e.getMessage());
    }

    @Test
    void unknownColumnListsTheColumns() throws IOException {
        CsvTable t = parse("a,b\n1,2\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> t.columnIndex("c"));
        assertEquals("t.csv: no column 'c'; the columns are a, b", e.getMessage());
    }
}

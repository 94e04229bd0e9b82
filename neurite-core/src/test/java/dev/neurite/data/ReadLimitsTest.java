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
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a file can make Neurite hold is bounded: compression bombs, endless rows, huge values. */
class ReadLimitsTest {

    @AfterEach
    void clear() {
        for (String p : new String[] {"neurite.maxDecompressedBytes", "neurite.maxCompressionRatio", "neurite.maxRowChars",
                "neurite.maxValueChars"}) {
            System.clearProperty(p);
        }
    }

    /** A gzip file of valid rows, {@code rows} of them, each the same: it compresses about 1,000-fold. */
    private static byte[] bomb(int rows) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("a,b,c\n".getBytes(StandardCharsets.UTF_8));
            byte[] row = "1.0,2.0,3.0\n".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < rows; i++) {
                gz.write(row);
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void aCompressionBombIsRefusedByItsRatio() throws IOException {
        byte[] gz = bomb(3_000_000); // 36 MB of rows from about 100 KB
        assertTrue(gz.length < 200_000, "compressed to " + gz.length);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CsvTable.read(new ByteArrayInputStream(gz), "bomb.csv.gz"));
        assertTrue(e.getMessage().startsWith("bomb.csv.gz: "), e.getMessage());
        assertTrue(e.getMessage().contains("refused as a compression bomb"), e.getMessage());
    }

    @Test
    void aCompressedFileIsRefusedPastTheAbsoluteCap() throws IOException {
        System.setProperty("neurite.maxDecompressedBytes", "100000");
        byte[] gz = bomb(20_000); // 240 KB expanded
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CsvTable.read(new ByteArrayInputStream(gz), "big.csv.gz"));
        assertTrue(e.getMessage().contains("expands to more than 100000 bytes"), e.getMessage());
        System.clearProperty("neurite.maxDecompressedBytes");
        assertEquals(20_000, CsvTable.read(new ByteArrayInputStream(gz), "big.csv.gz").rowCount(), "read whole under the default");
    }

    @Test
    void anEndlessRowAndAHugeValueAreRefusedNamingTheLine() throws IOException {
        System.setProperty("neurite.maxRowChars", "10000");
        String longRow = "a,b\n1,2\n" + "3,".repeat(6000) + "4\n";
        InvalidInputException row = assertThrows(InvalidInputException.class,
                () -> CsvTable.parse(new StringReader(longRow), "row.csv"));
        assertTrue(row.getMessage().startsWith("row.csv line 3: a row longer than 10,000 characters"), row.getMessage());

        System.setProperty("neurite.maxValueChars", "1000");
        String huge = "a,b\n1,2\n3," + "x".repeat(5000) + "\n";
        InvalidInputException value = assertThrows(InvalidInputException.class,
                () -> CsvTable.parse(new StringReader(huge), "value.csv"));
        assertTrue(value.getMessage().startsWith("value.csv line 3: value 2 has 5,000 characters, more than the 1,000"), value.getMessage());
        assertTrue(value.getMessage().length() < 300, "the value is not echoed whole: " + value.getMessage().length());
    }

    @Test
    void aLimitThatIsNotANumberIsNamed() {
        System.setProperty("neurite.maxRowChars", "lots");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ReadLimits::current);
        assertEquals("-Dneurite.maxRowChars must be a positive whole number, got 'lots'", e.getMessage());
    }
}

package dev.neurite.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.data.CsvTable;
import dev.neurite.data.TableData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV benchmark's table: 20 numeric and 3 text columns and a 3-class target, the same bytes from the same seed. */
class CsvBenchDataTest {
    @TempDir
    Path dir;

    @Test
    void theTableHasTheIssuesShapeAndDependsOnlyOnTheSeed() throws Exception {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        CsvBenchData.write(a, 2000, 19);
        CsvBenchData.write(b, 2000, 19);
        assertEquals(-1, Files.mismatch(a, b), "the same seed writes the same file");
        CsvTable table = CsvTable.read(a);
        assertEquals(24, table.columnCount());
        assertEquals(2000, table.rowCount());
        TableData data = TableData.read(a, CsvBenchData.TARGET);
        assertEquals(3, data.preprocessor().classLabels().size());
        assertEquals(20 + 20 + 4 + 8, data.preprocessor().inputWidth(), "20 numbers, one-hot cities, devices and plans");
        assertTrue(Files.size(a) / 2000 > 150, "about 190 bytes a row");
    }
}

package dev.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.neurite.InvalidInputException;
import dev.neurite.tensor.Matrix;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The columnar reader against the reader it replaced ({@link ReferenceCsv}, which held every
 * cell as a String): on the same text, the same rows, lines, cells and errors, and the same
 * preprocessing (roles, warnings, scalers, encoded matrices bit for bit, error messages), on the
 * small tables of the other tests, the bundled data, the CLI tests' kinds of file, and generated
 * tables large enough that columns hold their numbers as numbers.
 */
class ColumnarReaderTest {
    @TempDir
    Path dir;

    /** The small tables of CsvTableTest, PreprocessorTest and the CLI's TablesTest, as text. */
    private static final List<String> SMALL = List.of(
            "name,comment,n\r\n\"Smith, J.\",\"said \"\"hi\"\"\nthen left\",3\r\nplain,,4\n",
            "\uFEFFa,b\n1,2\n\n3,4",
            "age,color,kind\n20,red,b\n40,blue,a\n60,red,b\n",
            "x,y\n1,10.5\n2,20\n3,60\n",
            "c,x,y\n5,1,a\n5,2,b\n5,3,a\n",
            "age,color,y\n1,red,a\n,blue,b\n3,red,a\nNA,blue,b\n10,red,a\n",
            "c,y\nred,a\n,b\nNA,a\nred,\nblue,NA\nblue,b\n",
            "s,y\n\"WD \",a\nNew,b\n\" WD\",a\n",
            "x;y\n3,5;a\n\"1.234,5\";b\n-0,25;a\n",
            "age;income;city\n41;3,5;\"Berlin; Mitte\"\n35;4,25;Paris\n",
            "age\tcity, country\tchurned\n41\tBerlin, DE\tyes\n12\tParis, FR\tno\n",
            "a,b,c,\n1,2,3,\n4,5,6,\n",
            "a,b\n1,2\n3\n4,5,6\n7,8\n",
            "a,b,c,\n1,2,3,\n4,5,6,7\n",
            "x,city\n,Berlin\n4,\n,\n",
            "x,y\n1e3,a\n-2.5E-2,b\n+7,a\n.5,b\n5.,a\n-0,b\n0012,a\n",
            "x,y\ninf,a\n1,b\n2,a\nNaN,b\n1e999,a\n",
            "x,y\na,1\n2,2\nb,3\n4,4\n",
            "signup,active,x,y\n2024-01-05,yes,1,a\n2024-02-07 10:00:00,no,2,b\n,Y,3,a\n2024-03-05T10:20:30Z,n,4,b\n",
            "a,b\n\"x\"y,1\n",
            "a,b\n1,\"open\n",
            "a,a\n1,2\n",
            "");

    @Test
    void smallTablesReadAndEncodeAsBefore() throws IOException {
        for (String text : SMALL) {
            compare(text, CsvFormat.DEFAULTS, MissingValues.DEFAULTS);
            compare(text, CsvFormat.DEFAULTS, MissingValues.parse("-,none"));
        }
    }

    @Test
    void bundledDataReadsAsBefore() throws IOException {
        for (String name : List.of("iris.csv", "diabetes.csv", "digits.csv.gz")) {
            byte[] bytes;
            try (InputStream in = BundledData.class.getResourceAsStream("bundled/" + name)) {
                bytes = in.readAllBytes();
            }
            CsvTable table = CsvTable.read(new ByteArrayInputStream(bytes), name);
            ReferenceCsv reference = ReferenceCsv.read(new ByteArrayInputStream(bytes), name);
            assertSameCells(reference, table);
            String target = table.header().get(table.columnCount() - 1);
            assertSamePreprocessing(reference, table, target, MissingValues.DEFAULTS);
        }
    }

    @Test
    void largeGeneratedTablesReadAndEncodeAsBefore() throws IOException {
        for (long seed = 1; seed <= 4; seed++) {
            compare(generated(3000, seed, ",", '.'), CsvFormat.DEFAULTS, MissingValues.DEFAULTS);
            compare(generated(3000, seed + 10, ";", ','), CsvFormat.DEFAULTS, MissingValues.DEFAULTS);
            compare(generated(2500, seed + 20, "\t", '.'), CsvFormat.DEFAULTS, MissingValues.parse("-,none"));
        }
    }

    @Test
    void latin1AndGzipReadAsBefore() throws IOException {
        String text = generated(2000, 7, ";", ',').replace("Berlin", "Düsseldorf").replace("Paris", "Besançon");
        byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
        CsvFormat format = CsvFormat.DEFAULTS.withCharset(StandardCharsets.ISO_8859_1);
        assertSameCells(ReferenceCsv.read(new ByteArrayInputStream(latin1), "l.csv", format),
                CsvTable.read(new ByteArrayInputStream(latin1), "l.csv", format));
        Supplier<Object> utf8 = () -> attempt(() -> CsvTable.read(new ByteArrayInputStream(latin1), "l.csv"));
        Supplier<Object> old = () -> attempt(() -> ReferenceCsv.read(new ByteArrayInputStream(latin1), "l.csv"));
        assertEquals(old.get(), utf8.get(), "the same error naming the line and the byte offset");
    }

    /**
     * A column whose first thousands of values are distinct numbers and whose later ones are
     * mostly words: read from a file, a second pass keeps its text; the categories are the same.
     */
    @Test
    void aColumnThatTurnsOutToBeTextIsReadAgainAsText() throws IOException {
        StringBuilder s = new StringBuilder("code,y\n");
        for (int i = 0; i < 3000; i++) {
            s.append(i < 1500 ? String.format(Locale.ROOT, "%.2f", i / 7.0) : "w" + (i % 40)).append(',').append(i % 3 == 0 ? "a" : "b").append('\n');
        }
        for (int i = 0; i < 3000; i++) {
            s.append("v").append(i % 50).append(',').append("a\n");
        }
        Path file = dir.resolve("late-words.csv");
        Files.writeString(file, s.toString());
        CsvTable streamed = CsvTable.read(new ByteArrayInputStream(s.toString().getBytes(StandardCharsets.UTF_8)), "late.csv");
        assertEquals(java.util.Set.of("code"), streamed.numbersThatAreMostlyText(), "read once, the column held its numbers as numbers");
        CsvTable table = CsvTable.read(file);
        assertTrue(table.column(0).isText(), "read again, as text");
        ReferenceCsv reference = ReferenceCsv.read(Files.newInputStream(file), file.toString());
        assertSameCells(reference, table);
        assertSamePreprocessing(reference, table, "y", MissingValues.DEFAULTS);
    }

    /**
     * Numbers are read exactly as {@code Double.parseDouble} reads them (then to float32, as the
     * preprocessing uses them): signs, exponents, leading zeros, many digits, a decimal comma, thousands separators.
     */
    @Test
    void numbersAreParsedExactlyAsDoubleParseDouble() {
        SplittableRandom random = new SplittableRandom(42);
        Column point = new Column('.', false);
        Column comma = new Column(',', false);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String s = randomNumber(random);
            written.add(s);
            char[] c = s.toCharArray();
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(s)), Double.doubleToRawLongBits(point.parse(c, 0, c.length)), s);
            String withComma = s.replace('.', ',');
            char[] cc = withComma.toCharArray();
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(s)), Double.doubleToRawLongBits(comma.parse(cc, 0, cc.length)),
                    withComma);
            point.add(c, 0, c.length);
            comma.add(cc, 0, cc.length);
        }
        assertNotEquals(Column.Storage.TEXT, point.storage(), "many distinct numbers are stored as numbers");
        for (int r = 0; r < written.size(); r++) {
            float expected = (float) Double.parseDouble(written.get(r));
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(point.code(r) < 0 ? point.number(r)
                    : (float) Numbers.parse(point.text(r).strip(), '.')), written.get(r));
            assertEquals(expected, (float) Numbers.parse(point.text(r), '.'), "the text of a stored number reads back to it");
            assertEquals(expected, (float) Numbers.parse(comma.text(r), ','), "with a decimal comma too");
        }
        for (String s : List.of("1,234,567.5", "-12,345", " 42 ", "1e-400", "4.9e-324", "9007199254740993", "123456789012345678901234567890",
                "0.1", "-0", "-0.0", "+0", "1E+22", "1e23", "2.2250738585072014E-308")) {
            char[] c = s.toCharArray();
            assertEquals(Double.doubleToRawLongBits(Numbers.parse(s.strip(), '.')), Double.doubleToRawLongBits(point.parse(c, 0, c.length)), s);
        }
        assertTrue(Double.isNaN(point.parse("1,23".toCharArray(), 0, 4)), "a group of two digits is not a number");
        assertTrue(Double.isNaN(point.parse("1e".toCharArray(), 0, 2)));
        assertTrue(Double.isNaN(point.parse("--1".toCharArray(), 0, 3)));
    }

    private static String randomNumber(SplittableRandom random) {
        StringBuilder s = new StringBuilder();
        switch (random.nextInt(4)) {
            case 0 -> s.append('-');
            case 1 -> s.append('+');
            default -> { }
        }
        int whole = random.nextInt(12);
        for (int i = 0; i < whole; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        int fraction = random.nextInt(whole == 0 ? 1 : 0, 12);
        if (fraction > 0 || random.nextBoolean()) {
            s.append('.');
            for (int i = 0; i < Math.max(fraction, whole == 0 ? 1 : 0); i++) {
                s.append((char) ('0' + random.nextInt(10)));
            }
        }
        if (random.nextInt(4) == 0) {
            s.append(random.nextBoolean() ? 'e' : 'E');
            if (random.nextBoolean()) {
                s.append(random.nextBoolean() ? '-' : '+');
            }
            s.append(random.nextInt(40));
        }
        return s.toString();
    }

    /**
     * A large table holds no String per cell: its numeric columns are primitive arrays, its text
     * columns a dictionary number per cell and each distinct text once, within 5 bytes a cell
     * all told (the row's line included), where the Strings of the old reader took about 60.
     */
    @Test
    void aLargeTableHoldsNoStringPerCell() throws IOException {
        int rows = 200_000;
        StringBuilder s = new StringBuilder("a,b,c,city,n,y\n");
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < rows; i++) {
            s.append(String.format(Locale.ROOT, "%.5f,%d,%.3e,c%d,%d,%s%n", random.nextDouble() * 100, random.nextInt(1_000_000),
                    random.nextGaussian() * 1e7, random.nextInt(30), i % 7, i % 2 == 0 ? "yes" : "no"));
        }
        CsvTable table = CsvTable.parse(new StringReader(s.toString()), "big.csv");
        assertEquals(rows, table.rowCount());
        assertEquals(Column.Storage.FLOAT, table.column(0).storage());
        assertEquals(Column.Storage.INT, table.column(1).storage());
        assertEquals(Column.Storage.FLOAT, table.column(2).storage());
        assertTrue(table.column(3).isText() && table.column(3).texts().size() == 30, "30 cities, each once");
        assertTrue(table.column(4).isText() && table.column(4).texts().size() == 7);
        long cells = (long) rows * table.columnCount();
        assertTrue(table.bytes() < 5 * cells, table.bytes() + " bytes for " + cells + " cells");
    }

    /** Both readers on {@code text}: the same table or the same error; then the same preprocessing, target the last column. */
    private void compare(String text, CsvFormat format, MissingValues missing) throws IOException {
        Object ours = attempt(() -> CsvTable.parse(new StringReader(text), "t.csv", format));
        Object theirs = attempt(() -> ReferenceCsv.parse(new StringReader(text), "t.csv", format));
        if (ours instanceof String || theirs instanceof String) {
            assertEquals(theirs, ours, "the same error on " + abbreviated(text));
            return;
        }
        CsvTable table = (CsvTable) ours;
        ReferenceCsv reference = (ReferenceCsv) theirs;
        assertSameCells(reference, table);
        // From a file, as the command line reads: a column that held numbers but is mostly words is then read again as text.
        Path file = dir.resolve("t.csv");
        Files.write(file, text.getBytes(format.charset()));
        CsvTable fromFile = CsvTable.read(file, format);
        for (String target : List.of(table.header().get(table.columnCount() - 1), table.header().get(0))) {
            assertSamePreprocessing(reference, fromFile, target, missing);
        }
    }

    private static String abbreviated(String text) {
        return text.length() < 200 ? text : text.substring(0, 200) + "…";
    }

    interface Read {
        Object get() throws IOException;
    }

    private static Object attempt(Read read) {
        try {
            return read.get();
        } catch (InvalidInputException e) {
            return e.getMessage().replaceAll("[^ ]*t\\.csv", "SOURCE");
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void assertSameCells(ReferenceCsv reference, CsvTable table) {
        assertEquals(reference.header(), table.header());
        assertEquals(reference.rowCount(), table.rowCount());
        assertEquals(reference.delimiter(), table.delimiter());
        assertEquals(reference.decimalSeparator(), table.decimalSeparator());
        char decimal = table.decimalSeparator();
        for (int c = 0; c < table.columnCount(); c++) {
            Column column = table.column(c);
            for (int r = 0; r < table.rowCount(); r++) {
                assertEquals(reference.line(r), table.line(r));
                String old = reference.value(r, c);
                if (column.isText() || column.code(r) >= 0) {
                    assertEquals(old, table.value(r, c), "row " + r + " column " + c);
                } else {
                    double expected = Numbers.parse(old.strip(), decimal);
                    assertEquals((float) expected, column.number(r), "row " + r + " column " + c + ": " + old);
                    assertEquals((float) expected, (float) Numbers.parse(table.value(r, c), decimal), old + " as text " + table.value(r, c));
                }
            }
        }
    }

    /** The same preprocessing on both tables, or the same error. */
    private static void assertSamePreprocessing(ReferenceCsv reference, CsvTable table, String target, MissingValues missing) {
        Object theirs = fit(reference, target, missing);
        Object ours = fit(table, target, missing);
        if (ours instanceof String || theirs instanceof String) {
            assertEquals(theirs, ours, "the same error fitting on target " + target);
            return;
        }
        Preprocessor a = (Preprocessor) theirs;
        Preprocessor b = (Preprocessor) ours;
        assertEquals(a.roles(), b.roles());
        assertEquals(normalized(a.warnings()), normalized(b.warnings()));
        assertEquals(a.features(), b.features());
        assertEquals(a.task(), b.task());
        assertEquals(a.classLabels(), b.classLabels());
        assertArrayEquals(a.numericScaler().mean(), b.numericScaler().mean());
        assertArrayEquals(a.numericScaler().scale(), b.numericScaler().scale());
        assertArrayEquals(a.fillValues(), b.fillValues());
        assertArrayEquals(a.missingIndicators(), b.missingIndicators());
        for (int j = 0; j < a.features().size(); j++) {
            assertEquals(a.encoder(j) == null ? null : a.encoder(j).categories(), b.encoder(j) == null ? null : b.encoder(j).categories());
        }
        for (UnseenCategories unseen : UnseenCategories.values()) {
            // Each table encoded by the other's preprocessing too: the same numbers either way.
            assertSameEncoding(a, reference, b, table, unseen);
        }
    }

    private static void assertSameEncoding(Preprocessor a, ReferenceCsv reference, Preprocessor b, CsvTable table, UnseenCategories unseen) {
        List<String> warningsA = new ArrayList<>();
        List<String> warningsB = new ArrayList<>();
        Object x = attempt(() -> a.encode(reference, unseen, warningsA));
        Object y = attempt(() -> b.encode(table, unseen, warningsB));
        if (x instanceof String || y instanceof String) {
            assertEquals(x, y, "the same error encoding");
            return;
        }
        Dataset d1 = (Dataset) x;
        Dataset d2 = (Dataset) y;
        assertEquals(normalized(warningsA), normalized(warningsB));
        assertBitwise(d1.features(), d2.features());
        assertBitwise(d1.targets(), d2.targets());
        Object f = attempt(() -> a.encodeFeatures(reference, unseen, new ArrayList<>()));
        Object g = attempt(() -> b.encodeFeatures(table, unseen, new ArrayList<>()));
        if (f instanceof Matrix m && g instanceof Matrix n) {
            assertBitwise(m, n);
        } else {
            assertEquals(f, g);
        }
    }

    private static List<String> normalized(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll("[^ (]*t\\.csv", "SOURCE")).toList();
    }

    private static void assertBitwise(Matrix expected, Matrix actual) {
        assertEquals(expected.rows(), actual.rows());
        assertEquals(expected.columns(), actual.columns());
        float[] e = expected.data();
        float[] a = actual.data();
        for (int i = 0; i < e.length; i++) {
            if (Float.floatToRawIntBits(e[i]) != Float.floatToRawIntBits(a[i])) {
                fail("element " + i + " (row " + i / expected.columns() + "): " + e[i] + " before, " + a[i] + " now");
            }
        }
    }

    private static Object fit(TableRows table, String target, MissingValues missing) {
        try {
            return Preprocessor.fit(table, target, null, missing);
        } catch (InvalidInputException e) {
            return e.getMessage().replaceAll("[^ ]*t\\.csv", "SOURCE");
        }
    }

    /**
     * A seeded table of {@code rows} rows in a dialect: floats (some with exponents, signs,
     * missing and NA cells), whole numbers past int, a row number, 16-digit integers, a decimal
     * column with thousands separators, words, booleans, dates, a column with a few bad values
     * late in the file, a text column with many values, and a 3-class target.
     */
    static String generated(int rows, long seed, String delimiter, char decimal) {
        SplittableRandom random = new SplittableRandom(seed);
        String d = delimiter;
        StringBuilder s = new StringBuilder(String.join(d, "f", "big", "row", "long16", "money", "city", "flag", "day", "late", "user", "y"))
                .append('\n');
        for (int i = 0; i < rows; i++) {
            String f = switch (random.nextInt(20)) {
                case 0 -> "";
                case 1 -> "NA";
                case 2 -> String.format(Locale.ROOT, "%.3e", random.nextGaussian() * 1e5);
                case 3 -> "-0";
                case 4 -> "+" + random.nextInt(100);
                default -> String.format(Locale.ROOT, "%.4f", random.nextGaussian() * 10);
            };
            String big = Long.toString(3_000_000_000L + random.nextLong(1_000_000_000_000L));
            String long16 = Long.toString(1_000_000_000_000_000L + random.nextLong(1_000_000_000_000_000L));
            String money = String.format(Locale.ROOT, "%,.2f", random.nextDouble() * 1e6);
            String city = new String[] {"Berlin", "Paris", " Rome", "Rome ", "Oslo"}[random.nextInt(5)];
            String flag = random.nextInt(10) == 0 ? "" : random.nextBoolean() ? "yes" : "no";
            String day = String.format(Locale.ROOT, "2024-%02d-%02d", 1 + random.nextInt(12), 1 + random.nextInt(28));
            String late = i > rows - 5 && i % 2 == 0 ? "oops" + i : Integer.toString(random.nextInt(100_000));
            String user = "u" + random.nextInt(rows);
            String y = new String[] {"low", "mid", "high"}[random.nextInt(3)];
            if (decimal == ',') {
                f = f.replace('.', ',');
                money = money.replace(',', '_').replace('.', ',').replace('_', '.');
            }
            if (money.contains(d) || (decimal == ',' && d.equals(",")) || money.contains(",") && d.equals(",")) {
                money = "\"" + money + "\"";
            }
            s.append(String.join(d, f, big, Integer.toString(i + 1), long16, money, city, flag, day, late, user, y)).append('\n');
        }
        return s.toString();
    }

    /** A selection of rows (a fold of cross-validation) is held as the table is, and fits and encodes as the String view of the same rows. */
    @Test
    void selectedRowsFitAndEncodeAsBefore() throws IOException {
        String text = generated(3000, 5, ",", '.');
        CsvTable table = CsvTable.parse(new StringReader(text), "t.csv");
        ReferenceCsv reference = ReferenceCsv.parse(new StringReader(text), "t.csv");
        int[] rows = new SplittableRandom(9).ints(0, 3000).distinct().limit(1800).sorted().toArray();
        CsvTable picked = table.select(rows);
        assertEquals(table.column(0).storage(), picked.column(0).storage(), "held as the table is");
        for (int r = 0; r < rows.length; r += 97) {
            assertEquals(table.line(rows[r]), picked.line(r));
            assertEquals(table.value(rows[r], 5), picked.value(r, 5));
        }
        TableRows view = reference.select(rows);
        for (String target : List.of("y", "late", "f")) {
            Object a = fit(view, target, MissingValues.DEFAULTS);
            Object b = fit(picked, target, MissingValues.DEFAULTS);
            if (a instanceof String || b instanceof String) {
                assertEquals(a, b);
                continue;
            }
            List<String> wa = new ArrayList<>();
            List<String> wb = new ArrayList<>();
            Object x = attempt(() -> ((Preprocessor) a).encode(view, UnseenCategories.UNKNOWN, wa));
            Object y = attempt(() -> ((Preprocessor) b).encode(picked, UnseenCategories.UNKNOWN, wb));
            if (x instanceof Dataset d1 && y instanceof Dataset d2) {
                assertEquals(((Preprocessor) a).roles(), ((Preprocessor) b).roles());
                assertBitwise(d1.features(), d2.features());
                assertBitwise(d1.targets(), d2.targets());
                assertEquals(normalized(wa), normalized(wb));
            } else {
                assertEquals(x, y);
            }
        }
    }

    @Test
    void theGeneratedTablesReachEveryStorage() throws IOException {
        CsvTable t = CsvTable.parse(new StringReader(generated(3000, 1, ",", '.')), "g.csv");
        assertEquals(Column.Storage.FLOAT, t.column(t.columnIndex("f")).storage());
        assertEquals(Column.Storage.WIDE, t.column(t.columnIndex("big")).storage());
        assertEquals(Column.Storage.INT, t.column(t.columnIndex("row")).storage());
        assertEquals(Column.Storage.FLOAT, t.column(t.columnIndex("long16")).storage());
        assertEquals(Column.Storage.FLOAT, t.column(t.columnIndex("money")).storage());
        assertEquals(Column.Storage.INT, t.column(t.columnIndex("late")).storage());
        assertTrue(t.column(t.columnIndex("city")).isText());
    }
}

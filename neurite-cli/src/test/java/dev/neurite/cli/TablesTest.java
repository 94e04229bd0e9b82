package dev.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tables people have, through {@code train} and {@code predict}: missing values, NA tokens,
 * categories not seen in training, other CSV dialects.
 */
class TablesTest {
    @TempDir
    Path dir;
    String out;
    String err;

    private int run(List<String> args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int status = Main.run(args.toArray(String[]::new), new PrintWriter(o), new PrintWriter(e));
        out = o.toString();
        err = e.toString();
        return status;
    }

    private void ok(List<String> args) {
        int status = run(args);
        assertEquals(0, status, String.join(" ", args) + "\nstdout:\n" + out + "\nstderr:\n" + err);
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** Trains on {@code csv} (target {@code y}) with {@code extra} options; returns the model's path. */
    private Path train(Path csv, String... extra) {
        Path model = dir.resolve(csv.getFileName() + ".model");
        List<String> args = new ArrayList<>(List.of("train", "--data", csv.toString(), "--target", "y", "--out", model.toString(),
                "--epochs", "3", "--layers", "8", "--validation-split", "0", "--progress", "none"));
        args.addAll(List.of(extra));
        ok(args);
        return model;
    }

    /** Predicts {@code csv} with {@code model}; returns the lines of the predictions file. */
    private List<String> predict(Path model, Path csv, String... extra) throws IOException {
        Path predictions = dir.resolve("predictions.csv");
        List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString(), "--data", csv.toString(),
                "--out", predictions.toString()));
        args.addAll(List.of(extra));
        ok(args);
        return Files.readAllLines(predictions);
    }

    /** Rows {@code x,city,y} with numbers, a city and a class; {@code cell} decides each cell's text. */
    private static String rows(int n, java.util.function.BiFunction<Integer, Integer, String> cell) {
        StringBuilder s = new StringBuilder("x,city,y\n");
        for (int i = 0; i < n; i++) {
            s.append(cell.apply(i, 0)).append(',').append(cell.apply(i, 1)).append(',').append(cell.apply(i, 2)).append('\n');
        }
        return s.toString();
    }

    private static String plain(int i, int column) {
        return switch (column) {
            case 0 -> Integer.toString(i % 10);
            case 1 -> i % 3 == 0 ? "Berlin" : "Paris";
            default -> i % 10 < 5 ? "low" : "high";
        };
    }

    @Test
    void missingNumericTextAndTargetCellsTrainAndPredict() throws IOException {
        Path csv = write("gaps.csv", rows(40, (i, c) -> c == 0 && i % 7 == 3 ? "" : c == 1 && i % 9 == 4 ? "" : c == 2 && i % 13 == 5 ? "" : plain(i, c)));
        Path model = train(csv);
        assertTrue(out.contains("warning: column 'x': 6 of 40 values missing, filled with the median"), out);
        assertTrue(out.contains("warning: 3 rows with a missing target 'y' left out (" + csv + " line 7, " + csv + " line 20, " + csv + " line 33)"), out);
        assertTrue(out.contains("37 examples"), out);
        List<String> lines = predict(model, write("new.csv", "x,city\n,Berlin\n4,\n,\n"));
        assertEquals(4, lines.size(), lines.toString());
        assertEquals("prediction,p_high,p_low", lines.get(0));
        ok(List.of("info", "--model", model.toString()));
        assertTrue(out.contains("(missing)"), out);
        ok(List.of("evaluate", "--model", model.toString(), "--data", csv.toString()));
        assertTrue(out.contains("37 examples"), out);
        assertTrue(err.contains("warning: 3 rows with a missing target 'y' left out"), err);
    }

    @Test
    void eachNaTokenIsMissingInTrainingAndPrediction() throws IOException {
        for (String token : List.of("NA", "N/A", "NaN", "null", "?", "", "na")) {
            Path csv = write("na.csv", rows(30, (i, c) -> c == 0 && i % 5 == 2 ? token : plain(i, c)));
            Path model = train(csv);
            assertTrue(out.contains("warning: column 'x': 6 of 30 values missing"), token + ": " + out);
            assertEquals(2, predict(model, write("na-new.csv", "x,city\n" + token + ",Paris\n")).size());
        }
        Path csv = write("dash.csv", rows(30, (i, c) -> c == 0 && i % 5 == 2 ? "-" : plain(i, c)));
        Path model = train(csv, "--na-values", "-,missing");
        assertTrue(out.contains("warning: column 'x': 6 of 30 values missing"), out);
        assertEquals(2, predict(model, write("dash-new.csv", "x,city\nmissing,Paris\n")).size());
        assertEquals(2, run(List.of("train", "--data", csv.toString(), "--target", "y", "--out", dir.resolve("m").toString(),
                "--na-values", "")));
        assertTrue(err.contains("'-' in numeric column 'x'"), err);
    }

    @Test
    void unseenCategoriesAreScoredAsUnknownOrRefused() throws IOException {
        Path model = train(write("cities.csv", rows(30, TablesTest::plain)));
        Path data = write("lisbon.csv", "x,city\n1,Lisbon\n2,Berlin\n3,Lisbon\n4,Oslo\n");
        assertEquals(5, predict(model, data).size());
        assertEquals("warning: column 'city': 3 rows with a value not seen in training, scored as unknown: 'Lisbon' ×2, 'Oslo'", err.strip());
        Path predictions = dir.resolve("refused.csv");
        assertEquals(2, run(List.of("predict", "--model", model.toString(), "--data", data.toString(), "--out", predictions.toString(),
                "--unknown", "error")));
        assertTrue(err.contains("3 problems: " + data + " line 2: 'Lisbon' in column 'city' was not seen in training (known: Berlin, Paris); "
                + data + " line 4: 'Lisbon'"), err);
        assertTrue(err.contains("line 5: 'Oslo'"), err);
        assertFalse(Files.exists(predictions));
    }

    @Test
    void aCategoryWithATrailingSpaceScoresOnItsOwnTrainingFile() throws IOException {
        Path csv = write("sale.csv", rows(30, (i, c) -> c == 1 ? (i % 2 == 0 ? "\"WD \"" : "New") : plain(i, c)));
        Path model = train(csv);
        assertEquals(31, predict(model, csv, "--unknown", "error").size());
        assertEquals("", err.strip());
    }

    /** The rows of {@link #plain} with {@code d} between fields and the numbers written with {@code decimal}. */
    private static String dialect(int n, String d, String decimal) {
        StringBuilder s = new StringBuilder("x" + d + "city" + d + "y\n");
        for (int i = 0; i < n; i++) {
            s.append(i % 10).append(decimal).append(i % 4).append(d).append(plain(i, 1)).append(d).append(plain(i, 2)).append('\n');
        }
        return s.toString();
    }

    @Test
    void semicolonsWithDecimalCommasTabsAndPipesAreDetected() throws IOException {
        for (String[] c : new String[][] {{";", ","}, {"\t", "."}, {"|", "."}, {";", "."}}) {
            Path csv = write("dialect.csv", dialect(30, c[0], c[1]));
            Path model = train(csv);
            assertTrue(out.contains("2 features (1 numeric, 1 text → 3 inputs)"), c[0] + c[1] + ": " + out);
            List<String> lines = predict(model, write("dialect-new.csv", "x" + c[0] + "city\n2" + c[1] + "5" + c[0] + "Paris\n"));
            assertEquals(2, lines.size());
            ok(List.of("evaluate", "--model", model.toString(), "--data", csv.toString()));
            assertTrue(out.contains("30 examples"), out);
        }
    }

    @Test
    void theDelimiterAndDecimalCanBeGiven() throws IOException {
        Path csv = write("given.csv", dialect(30, ";", ","));
        Path model = train(csv, "--delimiter", "semicolon", "--decimal", ",");
        assertEquals(2, predict(model, write("given-new.csv", "x;city\n2,5;Paris\n"), "--delimiter", ";").size());
        assertEquals(2, run(List.of("train", "--data", csv.toString(), "--target", "y", "--out", dir.resolve("m").toString(),
                "--delimiter", ",")));
        assertTrue(err.contains("30 problems (the first 10 shown): " + csv + " line 2: 2 fields, but the header has 1 column (delimiter ',')"), err);
        train(csv, "--decimal", ".");
        assertTrue(out.contains("(0 numeric, 2 text"), "with a decimal point, 0,0 is not a number: " + out);
        assertEquals(2, run(List.of("train", "--data", csv.toString(), "--target", "y", "--out", dir.resolve("m").toString(),
                "--decimal", ";")));
        assertTrue(err.contains("--decimal must be . or ,"), err);
    }

    @Test
    void thousandsSeparatorsInQuotedNumbers() throws IOException {
        StringBuilder s = new StringBuilder("amount,city,y\n");
        for (int i = 0; i < 30; i++) {
            s.append("\"").append(i % 5 + 1).append(",").append(i % 3).append("46.35\",").append(plain(i, 1)).append(',').append(plain(i, 2)).append('\n');
        }
        Path model = train(write("thousands.csv", s.toString()));
        assertTrue(out.contains("(1 numeric, 1 text"), out);
        assertEquals(2, predict(model, write("thousands-new.csv", "amount,city\n\"12,345.5\",Berlin\n")).size());
    }

    @Test
    void latin1NeedsItsEncodingAndSaysWhere() throws IOException {
        StringBuilder s = new StringBuilder("x;city;y\n");
        for (int i = 0; i < 30; i++) {
            s.append(i % 10).append(';').append(i % 2 == 0 ? "K\u00f6ln" : "M\u00fcnchen").append(';').append(plain(i, 2)).append('\n');
        }
        Path csv = dir.resolve("latin1.csv");
        Files.write(csv, s.toString().getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(2, run(List.of("train", "--data", csv.toString(), "--target", "y", "--out", dir.resolve("m").toString())));
        assertTrue(err.contains("latin1.csv line 2, byte offset 12: byte 0xF6 is not valid UTF-8 text; if the file has another encoding, give it (--encoding"), err);
        Path model = train(csv, "--encoding", "ISO-8859-1");
        Path data = dir.resolve("latin1-new.csv");
        Files.write(data, "x;city\n3;M\u00fcnchen\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(2, predict(model, data, "--encoding", "latin1", "--unknown", "error").size());
        assertEquals(2, run(List.of("train", "--data", csv.toString(), "--target", "y", "--out", dir.resolve("m").toString(), "--encoding", "klingon")));
        assertTrue(err.contains("--encoding 'klingon' is not an encoding this Java knows"), err);
    }

    @Test
    void trailingDelimitersAreDropped() throws IOException {
        String text = dialect(30, ",", ".").replace("\n", ",\n");
        Path model = train(write("trailing.csv", text));
        assertTrue(out.contains("2 features (1 numeric, 1 text"), out);
        assertEquals(2, predict(model, write("trailing-new.csv", "x,city,\n1.5,Paris,\n")).size());
    }

    @Test
    void errorsListSeveralLines() throws IOException {
        StringBuilder s = new StringBuilder("x,city,y\n");
        for (int i = 0; i < 40; i++) {
            s.append(i % 6 == 5 ? "oops" : Integer.toString(i)).append(',').append(plain(i, 1)).append(',').append(plain(i, 2)).append('\n');
        }
        Path csv = write("errors.csv", s.toString());
        assertEquals(2, run(List.of("train", "--data", csv.toString(), "--target", "y", "--out", dir.resolve("m").toString())));
        assertTrue(err.startsWith("neurite: 6 problems: " + csv + " line 7: 'oops' in numeric column 'x'; " + csv + " line 13: 'oops'"), err);
        assertTrue(err.contains(csv + " line 37: 'oops'"), err);
        assertEquals(1, err.strip().lines().count(), err);
        Path model = train(write("ok.csv", rows(30, TablesTest::plain)));
        Path predictions = dir.resolve("bad-predictions.csv");
        assertEquals(2, run(List.of("predict", "--model", model.toString(), "--data", write("bad.csv", "x,city\na,Paris\n2,Rome,1\nb,Paris\n").toString(),
                "--out", predictions.toString())));
        assertTrue(err.contains("bad.csv line 3: 3 fields, but the header has 2 columns (delimiter ',')"), err);
        assertEquals(2, run(List.of("predict", "--model", model.toString(), "--data", write("bad2.csv", "x,city\na,Paris\n2,Rome\nb,Paris\n").toString(),
                "--out", predictions.toString())));
        assertTrue(err.contains("2 problems: ") && err.contains("bad2.csv line 2: 'a' in numeric column 'x'") && err.contains("bad2.csv line 4: 'b'"), err);
    }

    /** id, signup date, active flag, x, city, y: an identifier, a date, a boolean, a number, text and the class. */
    private static String customers(int n) {
        StringBuilder s = new StringBuilder("customer_id,signup,active,x,city,y\n");
        for (int i = 0; i < n; i++) {
            s.append(1000 + i).append(',').append(String.format("2024-%02d-%02d", i % 12 + 1, i % 28 + 1)).append(i % 5 == 0 ? "T10:30:00Z" : "")
                    .append(',').append(i % 3 == 0 ? "yes" : "no").append(',').append(plain(i, 0)).append(',').append(plain(i, 1)).append(',')
                    .append(plain(i, 2)).append('\n');
        }
        return s.toString();
    }

    @Test
    void anIdColumnIsLeftOutBooleansAreOneInputDatesAreNumbers() throws IOException {
        Path csv = write("customers.csv", customers(40));
        Path model = train(csv);
        assertTrue(out.contains("warning: column 'customer_id' left out: an identifier (40 distinct integers in 40 rows) (--features customer_id keeps it)"), out);
        assertTrue(out.contains("4 features (3 numeric, 1 text → 5 inputs)"), out);
        assertTrue(out.matches("(?s).*customer_id\\s+left out\\s+an identifier.*"), out);
        assertTrue(out.matches("(?s).*signup\\s+date\\s+ISO dates → days since 1970-01-01.*"), out);
        assertTrue(out.matches("(?s).*active\\s+boolean\\s+true/false values → one 0/1 input.*"), out);
        assertTrue(out.matches("(?s).*y\\s+target\\s+classification of 2 classes.*"), out);
        List<String> lines = predict(model, write("customers-new.csv", "customer_id,signup,active,x,city\n99999,2025-01-31 08:00:00,Y,3,Paris\n1,2023-06-01,,4,Rome\n"));
        assertEquals(3, lines.size());
        ok(List.of("info", "--model", model.toString()));
        assertTrue(out.matches("(?s).*customer_id\\s+left out\\s+an identifier.*"), out);
        assertTrue(out.matches("(?s).*active\\s+boolean.*"), out);
        Path bad = write("bad-date.csv", "signup,active,x,city\nsoon,yes,1,Paris\n2024-01-01,maybe,1,Paris\n");
        assertEquals(2, run(List.of("predict", "--model", model.toString(), "--data", bad.toString(), "--out", dir.resolve("p.csv").toString())));
        assertTrue(err.contains("'soon' in date column 'signup' (expected an ISO date such as 2024-03-05") && err.contains("'maybe' in boolean column 'active'"), err);
    }

    @Test
    void featuresAndIgnoreChooseColumnsByNameOrNumber() throws IOException {
        Path csv = write("choose.csv", customers(40));
        train(csv, "--features", "customer_id,x");
        assertTrue(out.contains("2 features (2 numeric, 0 text → 2 inputs)"), out);
        assertTrue(out.matches("(?s).*city\\s+left out\\s+not in --features.*"), out);
        Path model = train(csv, "--ignore", "2,city");
        assertTrue(out.contains("2 features (2 numeric, 0 text → 2 inputs)"), out);
        assertTrue(out.matches("(?s).*signup\\s+left out\\s+--ignore.*"), out);
        assertEquals(2, predict(model, write("choose-new.csv", "active,x\nno,5\n")).size());
        assertEquals(2, run(List.of("train", "--data", csv.toString(), "--target", "y", "--out", dir.resolve("m").toString(), "--ignore", "town,9")));
        assertTrue(err.contains("--ignore names no column 'town', '9'; the columns are customer_id, signup, active, x, city, y (or their numbers, 1 to 6)"), err);
        assertEquals(2, run(List.of("train", "--data", csv.toString(), "--target", "y", "--out", dir.resolve("m").toString(), "--features", "y")));
        assertTrue(err.contains("--features names the target 'y'"), err);
        assertEquals(2, run(List.of("train", "--data", csv.toString(), "--target", "y", "--out", dir.resolve("m").toString(), "--ignore", "2,3,4,5")));
        assertTrue(err.contains("no feature columns are left (customer_id: an identifier"), err);
    }

    @Test
    void aColumnOfFiveThousandValuesGetsAnEmbeddingNotFiveThousandInputs() throws IOException {
        StringBuilder s = new StringBuilder("x,user,city,y\n");
        for (int i = 0; i < 10_000; i++) {
            s.append(i % 10).append(",user").append(i % 5000).append(',').append(plain(i, 1)).append(',').append(plain(i, 2)).append('\n');
        }
        Path csv = write("users.csv", s.toString());
        Path model = train(csv);
        assertTrue(out.contains("3 features (1 numeric, 2 text → 4 inputs)"), out);
        assertTrue(out.matches("(?s).*user\\s+embedding\\s+5,000 distinct values; the 5,000 seen twice or more and 'other' → an embedding of 16 learned inputs.*"), out);
        assertTrue(out.contains("Embedding(column 1 of 4, 5001 → 16)"), out);
        List<String> lines = predict(model, write("users-new.csv", "x,user,city\n3,user17,Paris\n4,someone-new,Berlin\n"), "--unknown", "error");
        assertEquals(3, lines.size(), "a new user takes the 'other' embedding");
        ok(List.of("info", "--model", model.toString()));
        assertTrue(out.contains("Embedding(column 1 of 4, 5001 → 16)") && out.matches("(?s).*user\\s+embedding.*"), out);
    }

    @Test
    void rareValuesArePooledIntoOther() throws IOException {
        StringBuilder s = new StringBuilder("x,shop,y\n");
        for (int i = 0; i < 60; i++) {
            s.append(i % 10).append(',').append(i < 40 ? "shop" + i % 8 : "rare" + i).append(',').append(plain(i, 2)).append('\n');
        }
        Path model = train(write("shops.csv", s.toString()));
        assertTrue(out.contains("2 features (1 numeric, 1 text → 10 inputs)"), out);
        assertTrue(out.contains("9 categories → 9 one-hot inputs (20 values seen under 3 times pooled into 'other')"), out);
        assertEquals(3, predict(model, write("shops-new.csv", "x,shop\n1,shop3\n2,rare45\n")).size());
        assertEquals("", err.strip(), "rare and new values share 'other' without a warning");
    }

    /**
     * A file large enough that columns of many distinct numbers are held as numbers: the columns
     * copied to the output are still written as in the input (leading zeros, trailing zeros).
     */
    @Test
    void keptColumnsOfALargeFileAreCopiedAsWritten() throws IOException {
        Path model = train(write("keep.csv", customers(40)));
        StringBuilder s = new StringBuilder("customer_id,signup,active,x,city,price\n");
        for (int i = 0; i < 3000; i++) {
            s.append(String.format(java.util.Locale.ROOT, "%07d,2024-01-%02d,yes,%d,Paris,%d.50%n", i, 1 + i % 28, i % 9, i));
        }
        List<String> lines = predict(model, write("keep-big.csv", s.toString()));
        assertTrue(lines.get(1).startsWith("0000000,"), lines.get(1));
        assertTrue(lines.get(2999).startsWith("0002998,"), lines.get(2999));
        lines = predict(model, write("keep-big.csv", s.toString()), "--keep", "customer_id,price");
        assertTrue(lines.get(3000).startsWith("0002999,2999.50,"), lines.get(3000));
    }

    @Test
    void predictKeepsIdColumnsAndWritesPlainNumbers() throws IOException {
        Path model = train(write("keep.csv", customers(40)));
        Path data = write("keep-new.csv", "customer_id,signup,active,x,city\n5001,2024-01-01,yes,3,Paris\n5002,2024-02-01,no,8,\"Rome, IT\"\n");
        List<String> lines = predict(model, data);
        assertEquals("customer_id,prediction,p_high,p_low", lines.get(0), "the identifier left out in training is kept");
        assertTrue(lines.get(1).startsWith("5001,"), lines.toString());
        for (String line : lines) {
            assertFalse(line.contains("E-") || line.contains("E+"), "plain numbers: " + line);
        }
        lines = predict(model, data, "--keep", "city,1");
        assertEquals("city,customer_id,prediction,p_high,p_low", lines.get(0));
        assertTrue(lines.get(2).startsWith("\"Rome, IT\",5002,"), lines.toString());
        assertEquals(2, run(List.of("predict", "--model", model.toString(), "--data", data.toString(), "--out", dir.resolve("k.csv").toString(),
                "--keep", "town")));
        assertTrue(err.contains("--keep names no column 'town'"), err);

        StringBuilder tiny = new StringBuilder("x,y\n");
        for (int i = 0; i < 30; i++) {
            tiny.append(i % 5).append(',').append(i % 5 * 1e-4 + i * 1e-6).append('\n');
        }
        Path regression = train(write("tiny.csv", tiny.toString()), "--task", "regression");
        for (String line : predict(regression, write("tiny-new.csv", "x\n1\n4\n"))) {
            assertFalse(line.contains("E-"), "plain numbers: " + line);
        }
    }
}

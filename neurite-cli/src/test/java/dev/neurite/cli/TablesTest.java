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
}

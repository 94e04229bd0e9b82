package dev.neurite.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.InvalidInputException;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreprocessorTest {

    private static CsvTable table(String text) {
        try {
            return CsvTable.parse(new StringReader(text), "d.csv");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertError(String expected, Runnable r) {
        InvalidInputException e = assertThrows(InvalidInputException.class, r::run);
        assertTrue(e.getMessage().contains(expected), "expected «" + expected + "» in «" + e.getMessage() + "»");
    }

    @Test
    void numericColumnsStandardisedTextOneHotLabelsIndexed() {
        CsvTable t = table("age,color,kind\n20,red,b\n40,blue,a\n60,red,b\n");
        Preprocessor p = Preprocessor.fit(t, "kind", null);
        assertEquals(Task.CLASSIFICATION, p.task());
        assertEquals(List.of("a", "b"), p.classLabels());
        assertEquals(3, p.inputWidth());
        Dataset d = p.encode(t);
        double sigma = Math.sqrt(800.0 / 3);
        assertEquals(-20 / sigma, d.features().get(0, 0), 1e-5);
        assertEquals(0f, d.features().get(1, 0), 1e-6);
        // colors sorted: blue, red
        assertEquals(0f, d.features().get(0, 1));
        assertEquals(1f, d.features().get(0, 2));
        assertEquals(1f, d.features().get(1, 1));
        assertEquals(1f, d.targets().get(0, 0));
        assertEquals(0f, d.targets().get(1, 0));
    }

    @Test
    void taskIsInferredFromTheTarget() {
        assertEquals(Task.CLASSIFICATION, Preprocessor.fit(table("x,y\n1,0\n2,1\n3,2\n"), "y", null).task());
        assertEquals(Task.REGRESSION, Preprocessor.fit(table("x,y\n1,0.5\n2,1\n3,2\n"), "y", null).task());
        assertEquals(Task.REGRESSION, Preprocessor.fit(table("x,y\n1,0\n2,1\n3,2\n"), "y", Task.REGRESSION).task());
        // Numeric class labels sort as numbers.
        assertEquals(List.of("2", "10"), Preprocessor.fit(table("x,y\n1,10\n2,2\n"), "y", null).classLabels());
    }

    @Test
    void regressionTargetsRoundTripThroughTheScaler() {
        CsvTable t = table("x,y\n1,10.5\n2,20\n3,60\n");
        Preprocessor p = Preprocessor.fit(t, "y", null);
        Matrix y = p.encodeTargets(t);
        assertEquals(Task.REGRESSION, p.task());
        assertEquals(0, (y.get(0, 0) + y.get(1, 0) + y.get(2, 0)) / 3, 1e-6);
        p.decodeValuesInPlace(y);
        assertEquals(60f, y.get(2, 0), 1e-4);
    }

    @Test
    void badValuesAreNamedWithLineColumnAndValue() {
        assertError("d.csv line 3: 'abc' in numeric column 'age'",
                () -> Preprocessor.fit(table("age,y\n1,a\nabc,b\n3,a\n4,b\n"), "y", null));
        assertError("d.csv line 2: 'NaN' in numeric column 'age' is not a finite number",
                () -> Preprocessor.fit(table("age,y\nNaN,a\n2,b\n3,a\n"), "y", null, MissingValues.EMPTY_ONLY));
        assertError("d.csv line 3: '-inf' in numeric column 'age' is not a finite number",
                () -> Preprocessor.fit(table("age,y\n1,a\n-inf,b\n3,a\n"), "y", null));
        assertError("3 problems: d.csv line 2: 'x' in numeric column 'age'; d.csv line 3: 'y' in numeric column 'age'; "
                + "d.csv line 4: 'z' in numeric column 'w'",
                () -> Preprocessor.fit(table("age,w,y\nx,1,a\ny,2,b\n3,z,a\n4,5,a\n5,6,b\n6,7,a\n"), "y", null));
        assertError("the target 'y' has one class only ('a')",
                () -> Preprocessor.fit(table("x,y\n1,a\n2,a\n"), "y", null));
        assertError("d.csv: no column 'z'; the columns are x, y", () -> Preprocessor.fit(table("x,y\n1,a\n2,b\n"), "z", null));
    }

    @Test
    void constantColumnWarnsAndDoesNotDivideByZero() {
        CsvTable t = table("c,x,y\n5,1,a\n5,2,b\n5,3,a\n");
        Preprocessor p = Preprocessor.fit(t, "y", null);
        assertTrue(p.warnings().get(0).contains("column 'c' is constant"), p.warnings().toString());
        Matrix x = p.encodeFeatures(t);
        for (int r = 0; r < 3; r++) {
            assertEquals(0f, x.get(r, 0));
        }
    }

    @Test
    void predictionDataIsCheckedAgainstTraining() {
        Preprocessor p = Preprocessor.fit(table("age,color,y\n1,red,a\n2,blue,b\n"), "y", null);
        assertError("d.csv: missing column 'color' that the model was trained on", () -> p.encodeFeatures(table("age,y\n1,a\n")));
        assertError("d.csv line 2: 'green' in column 'color' was not seen in training (known: blue, red)",
                () -> p.encodeFeatures(table("age,color\n1,green\n"), UnseenCategories.ERROR, new ArrayList<>()));
        assertEquals(1, p.encodeFeatures(table("color,age\nred,3\n")).rows(), "the target may be absent, columns in any order");
    }

    @Test
    void stratifiedSplitKeepsEachClassShare() {
        float[][] x = new float[100][1];
        int[] y = new int[100];
        for (int i = 0; i < 100; i++) {
            y[i] = i < 80 ? 0 : 1;
        }
        Dataset.Split s = Dataset.ofClasses(x, y).stratifiedSplit(0.25f, new Rng(1));
        assertEquals(75, s.train().size());
        int ones = 0;
        for (int i = 0; i < s.test().size(); i++) {
            ones += (int) s.test().targets().get(i, 0);
        }
        assertEquals(5, ones, "a quarter of the 20 examples of class 1");
        assertEquals(25, s.test().size());
    }

    @Test
    void bundledTablesLoad() {
        assertEquals(150, BundledData.table("iris").rowCount());
        assertEquals(1797, BundledData.table("digits").rowCount());
        assertEquals(442, BundledData.table("diabetes").rowCount());
        Preprocessor p = Preprocessor.fit(BundledData.table("digits"), "digit", null);
        assertEquals(10, p.classLabels().size());
        assertEquals(Task.REGRESSION, Preprocessor.fit(BundledData.table("diabetes"), "progression", null).task());
        assertError("no bundled data set 'mnist'", () -> BundledData.table("mnist"));
    }

    @Test
    void missingNumericCellsTakeTheMedianAndAMissingInput() {
        CsvTable t = table("age,color,y\n1,red,a\n,blue,b\n3,red,a\nNA,blue,b\n10,red,a\n");
        Preprocessor p = Preprocessor.fit(t, "y", null);
        assertEquals(3f, p.fillValues()[0], "the median of 1, 3, 10");
        assertTrue(p.missingIndicators()[0]);
        assertEquals(4, p.inputWidth(), "age, age missing, blue, red");
        Matrix x = p.encodeFeatures(t);
        float[] mean = p.numericScaler().mean();
        float[] scale = p.numericScaler().scale();
        assertEquals((3f - mean[0]) / scale[0], x.get(1, 0), 1e-6);
        assertEquals(1f, x.get(1, 1));
        assertEquals(1f, x.get(3, 1));
        assertEquals(0f, x.get(0, 1));
        assertTrue(p.warnings().get(0).contains("column 'age': 2 of 5 values missing, filled with the median 3.0"), p.warnings().toString());
    }

    @Test
    void eachNaTokenIsMissingAndTheListCanBeSet() {
        for (String token : List.of("", "NA", "N/A", "NaN", "null", "?", " na ", "NULL")) {
            Preprocessor p = Preprocessor.fit(table("v,y\n1,a\n2,b\n" + token + ",a\n4,b\n"), "y", null);
            assertTrue(p.missingIndicators()[0], "«" + token + "» is missing");
        }
        Preprocessor custom = Preprocessor.fit(table("v,y\n1,a\n2,b\n-,a\n4,b\n"), "y", null, MissingValues.parse("-,missing"));
        assertTrue(custom.missingIndicators()[0]);
        assertError("'NA' in numeric column 'v'",
                () -> Preprocessor.fit(table("v,y\n1,a\n2,b\nNA,a\n4,b\n"), "y", null, MissingValues.parse("-")));
    }

    @Test
    void aMissingValueWhereTrainingHadNoneIsFilledToo() {
        Preprocessor p = Preprocessor.fit(table("v,c,y\n1,red,a\n2,blue,b\n6,red,a\n"), "y", null);
        assertEquals(2, p.fillValues()[0]);
        assertEquals(3, p.inputWidth(), "no missing input for a column that had no missing values");
        Matrix x = p.encodeFeatures(table("v,c\n,red\n"));
        assertEquals((2f - p.numericScaler().mean()[0]) / p.numericScaler().scale()[0], x.get(0, 0), 1e-6);
        List<String> warnings = new ArrayList<>();
        Matrix unknown = p.encodeFeatures(table("v,c\n1,\n"), UnseenCategories.UNKNOWN, warnings);
        assertEquals(0f, unknown.get(0, 1));
        assertEquals(0f, unknown.get(0, 2));
        assertEquals(1, warnings.size(), "a missing text value unseen in training is unknown: " + warnings);
    }

    @Test
    void missingTextIsACategoryAndMissingTargetsAreLeftOut() {
        CsvTable t = table("c,y\nred,a\n,b\nNA,a\nred,\nblue,NA\nblue,b\n");
        Preprocessor p = Preprocessor.fit(t, "y", null);
        assertEquals(List.of("", "blue", "red"), p.encoder(0).categories());
        List<String> warnings = new ArrayList<>();
        Dataset d = p.encode(t, UnseenCategories.UNKNOWN, warnings);
        assertEquals(4, d.size());
        assertEquals(List.of("2 rows with a missing target 'y' left out (d.csv line 5, d.csv line 6)"), warnings);
        assertEquals(1f, d.features().get(1, 0), "row 3 (empty colour) is the missing category");
        assertEquals(1f, d.features().get(2, 0), "row 4 (NA) too");
    }

    @Test
    void textValuesAreTrimmedAlikeWhenFittingAndEncoding() {
        CsvTable t = table("s,y\n\"WD \",a\nNew,b\n\" WD\",a\n");
        Preprocessor p = Preprocessor.fit(t, "y", null);
        assertEquals(List.of("New", "WD"), p.encoder(0).categories());
        List<String> warnings = new ArrayList<>();
        p.encodeFeatures(t, UnseenCategories.ERROR, warnings);
        assertEquals(List.of(), warnings);
    }

    @Test
    void unseenCategoriesAreScoredAsUnknownWithOneWarningPerColumn() {
        Preprocessor p = Preprocessor.fit(table("city,plan,y\nBerlin,a,x\nParis,b,z\n"), "y", null);
        List<String> warnings = new ArrayList<>();
        Matrix x = p.encodeFeatures(table("city,plan\nLisbon,a\nLisbon,c\nOslo,b\nParis,b\n"), UnseenCategories.UNKNOWN, warnings);
        assertEquals(0f, x.get(0, 0));
        assertEquals(0f, x.get(0, 1));
        assertEquals(1f, x.get(3, 1));
        assertEquals(List.of("column 'city': 3 rows with a value not seen in training, scored as unknown: 'Lisbon' ×2, 'Oslo'",
                "column 'plan': 1 row with a value not seen in training, scored as unknown: 'c'"), warnings);
    }

    @Test
    void thousandsSeparatorsAndDecimalCommasAreNumbers() {
        Preprocessor p = Preprocessor.fit(table("amount,y\n\"46,246.35\",a\n\"1,000\",b\n12.5,a\n"), "y", null);
        assertEquals(null, p.encoder(0), "a numeric column");
        assertEquals((46246.35f + 1000f + 12.5f) / 3, p.numericScaler().mean()[0], 0.01);
        CsvTable semicolons = table("x;y\n3,5;a\n\"1.234,5\";b\n-0,25;a\n");
        Preprocessor q = Preprocessor.fit(semicolons, "y", null);
        assertEquals((3.5f + 1234.5f - 0.25f) / 3, q.numericScaler().mean()[0], 0.01);
        assertError("'1,23' in numeric column 'amount'", () -> Preprocessor.fit(table("amount,y\n\"1,23\",a\n2,b\n3,a\n"), "y", null));
    }

    @Test
    void numbersAreReadWithoutRegularExpressions() {
        assertEquals(1.5, Numbers.parse("1.5", '.'));
        assertEquals(-0.5, Numbers.parse("-.5", '.'));
        assertEquals(2e-3, Numbers.parse("2e-3", '.'));
        assertEquals(1234567.5, Numbers.parse("1,234,567.5", '.'));
        assertEquals(1234567.5, Numbers.parse("1.234.567,5", ','));
        assertEquals(7.0, Numbers.parse("+7.", '.'));
        for (String bad : List.of("", "-", ".", "1e", "1,23", "12,3456", ",123", "1.2.3", "0x10", "1 000", "1e5e5", "abc", "1,234,56")) {
            assertTrue(Double.isNaN(Numbers.parse(bad, '.')), bad);
        }
        assertTrue(Double.isNaN(Numbers.parse("1.5", ',')), "with a decimal comma, 1.5 is a malformed thousands group");
    }

    @Test
    void datesAndTimestampsAreDaysSinceTheEpoch() {
        assertEquals(0.0, Values.days("1970-01-01"));
        assertEquals(19_787.0, Values.days("2024-03-05"));
        assertEquals(19_787.5, Values.days("2024-03-05T12:00:00"));
        assertEquals(19_787.5, Values.days("2024-03-05 12:00"));
        assertEquals(19_787.5, Values.days("2024-03-05T13:00:00+01:00"));
        assertEquals(19_787.5, Values.days("2024-03-05T12:00:00.000Z"));
        for (String bad : List.of("2024-13-01", "2024-02-30", "05/03/2024", "2024-03-05X", "2024-03-5", "20240305", "2024-03-05T25:00")) {
            assertTrue(Double.isNaN(Values.days(bad)), bad);
        }
        assertEquals(1, Values.bool("Yes"));
        assertEquals(0, Values.bool("n"));
        assertEquals(-1, Values.bool("1"));
        assertTrue(Values.identifierName("customerId") && Values.identifierName("user_id") && Values.identifierName("ID"));
        assertTrue(!Values.identifierName("paid") && !Values.identifierName("valid") && !Values.identifierName("humid"));
    }

    /** Found by fuzzing: more than 20 values, none seen 3 times, was refused with an IllegalArgumentException; each keeps its input. */
    @Test
    void aTextColumnOfOnlyRareValuesKeepsThemAll() {
        StringBuilder s = new StringBuilder("c,x,y\n");
        for (int i = 0; i < 40; i++) {
            s.append('v').append(i % 22).append(',').append(i % 7).append(',').append(i % 2 == 0 ? "a" : "b").append('\n');
        }
        Preprocessor p = Preprocessor.fit(table(s.toString()), "y", null);
        assertEquals(22, p.encoder(0).categories().size());
        assertEquals(23, p.inputWidth());
    }
}

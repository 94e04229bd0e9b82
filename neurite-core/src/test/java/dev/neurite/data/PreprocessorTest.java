package dev.neurite.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.InvalidInputException;
import dev.neurite.tensor.Matrix;
import dev.neurite.tensor.Rng;
import java.io.IOException;
import java.io.StringReader;
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
                () -> Preprocessor.fit(table("age,y\nNaN,a\n2,b\n3,a\n"), "y", null));
        assertError("d.csv line 3: '-inf' in numeric column 'age' is not a finite number",
                () -> Preprocessor.fit(table("age,y\n1,a\n-inf,b\n3,a\n"), "y", null));
        assertError("d.csv line 2: empty value in numeric column 'age'",
                () -> Preprocessor.fit(table("age,y\n,a\n2,b\n3,a\n"), "y", null));
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
                () -> p.encodeFeatures(table("age,color\n1,green\n")));
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
}

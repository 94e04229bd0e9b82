package dev.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neurite.InvalidInputException;
import dev.neurite.tensor.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Example weights on a Dataset, class weights, the weight column of a table, and cross-validation folds. */
class WeightsAndFoldsTest {

    private static Dataset classes(int... labels) {
        float[][] x = new float[labels.length][1];
        for (int i = 0; i < labels.length; i++) {
            x[i][0] = i;
        }
        return Dataset.ofClasses(x, labels);
    }

    @Test
    void weightsTravelWithSubsetsAndBadOnesAreNamed() {
        Dataset d = classes(0, 1, 0, 1).withWeights(Matrix.column(1, 2, 3, 4));
        Dataset s = d.subset(new int[] {3, 1});
        assertArrayEquals(new float[] {4, 2}, Arrays.copyOf(s.weights().data(), 2));
        assertNull(classes(0, 1).weights());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> classes(0, 1, 0).withWeights(Matrix.column(1, -2, 1)));
        assertTrue(negative.getMessage().contains("example 1 is -2.0"), negative.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> classes(0, 1).withWeights(Matrix.column(Float.NaN, 1)));
        assertTrue(nan.getMessage().contains("example 0 is NaN"), nan.getMessage());
        IllegalArgumentException zeros = assertThrows(IllegalArgumentException.class,
                () -> classes(0, 1).withWeights(Matrix.column(0, 0)));
        assertTrue(zeros.getMessage().contains("every one of the 2 weights is 0"), zeros.getMessage());
        assertThrows(IllegalArgumentException.class, () -> classes(0, 1).withWeights(Matrix.column(1, 1, 1)));
        // The fingerprint (what a checkpoint records) sees the weights.
        assertFalse(d.fingerprint().equals(classes(0, 1, 0, 1).fingerprint()));
    }

    @Test
    void balancedClassWeightsAreScikitLearns() {
        // n / (k · n_c): 8 examples, 2 classes present of 3, counts 6 and 2 → 8/12 and 8/4; an absent class weighs 0.
        Dataset d = classes(0, 0, 0, 0, 0, 0, 2, 2);
        float[] w = ClassWeights.balanced().forCounts(ClassWeights.classCounts(d, 3));
        assertArrayEquals(new float[] {8f / 12, 0f, 2f}, w, 1e-6f);
        Dataset weighted = ClassWeights.apply(d.withWeights(Matrix.column(1, 1, 1, 1, 1, 1, 3, 1)), w);
        assertEquals(6f, weighted.weights().get(6, 0), 1e-6f); // its own weight times its class's
        assertArrayEquals(new float[] {2, 1, 5}, ClassWeights.of(2, 1, 5).forCounts(new long[] {1, 1, 1}));
        assertThrows(IllegalArgumentException.class, () -> ClassWeights.of(1, 2).forCounts(new long[] {1, 1, 1}));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ClassWeights.of(1, -1));
        assertTrue(bad.getMessage().contains("class 1 is -1.0"), bad.getMessage());
        assertTrue(ClassWeights.NONE.isNone());
    }

    @Test
    void stratifiedFoldsCoverEveryExampleOnceAndKeepEachClassShare() {
        int[] labels = new int[103];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i < 80 ? 0 : i < 97 ? 1 : 2; // 80, 17 and 6
        }
        Dataset d = classes(labels);
        int[] fold = d.foldOf(5, 7, true);
        assertArrayEquals(fold, d.foldOf(5, 7, true), "same seed, same folds");
        assertFalse(Arrays.equals(fold, d.foldOf(5, 8, true)), "another seed, other folds");
        int[][] perClass = new int[5][3];
        int[] sizes = new int[5];
        for (int r = 0; r < labels.length; r++) {
            perClass[fold[r]][labels[r]]++;
            sizes[fold[r]]++;
        }
        for (int f = 0; f < 5; f++) {
            assertTrue(sizes[f] == 20 || sizes[f] == 21, "fold sizes differ by at most one: " + Arrays.toString(sizes));
            assertEquals(16, perClass[f][0], "80 of class 0 over 5 folds");
            assertTrue(perClass[f][1] == 3 || perClass[f][1] == 4, Arrays.deepToString(perClass));
            assertTrue(perClass[f][2] == 1 || perClass[f][2] == 2, Arrays.deepToString(perClass));
        }
        List<Dataset.Split> splits = d.folds(5, 7, true);
        int tested = 0;
        for (Dataset.Split s : splits) {
            tested += s.test().size();
            assertEquals(labels.length, s.train().size() + s.test().size());
        }
        assertEquals(labels.length, tested);
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> classes(0, 1, 0).foldOf(4, 1, false));
        assertTrue(tooMany.getMessage().contains("4 folds of 3 examples"), tooMany.getMessage());
    }

    private static TableRows table(String... rows) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String row : rows) {
            String[] v = row.split(",", -1);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("x", v[0]);
            m.put("w", v[1]);
            m.put("y", v[2].isEmpty() ? null : v[2]);
            list.add(m);
        }
        return TableRows.ofMaps(list, "t.csv");
    }

    @Test
    void theWeightColumnIsNotAFeatureAndFollowsTheRowsWithATarget() {
        TableData data = TableData.fit(table("1,2,a", "2,0.5,b", "3,9,", "4,1,a", "5,3,b"), "y", null, MissingValues.DEFAULTS,
                ColumnChoice.AUTO, "w");
        assertEquals(List.of("x"), data.preprocessor().features());
        // The row with no target (weight 9) is left out with its weight.
        assertArrayEquals(new float[] {2, 0.5f, 1, 3}, Arrays.copyOf(data.dataset().weights().data(), 4));
        InvalidInputException both = assertThrows(InvalidInputException.class, () -> TableData.fit(table("1,2,a", "2,1,b"), "y", null,
                MissingValues.DEFAULTS, new ColumnChoice(List.of("x", "w"), List.of()), "w"));
        assertTrue(both.getMessage().contains("also named in --features"), both.getMessage());
    }

    @Test
    void badWeightsNameTheRowAndTheValue() {
        for (String[] c : new String[][] {
                {"-1", "weight -1 in column 'w' is negative"},
                {"abc", "weight 'abc' in column 'w' is not a finite number"},
                {"", "the weight in column 'w' is missing"},
                {"NaN", "the weight in column 'w' is missing ('NaN')"},
                {"inf", "is not a finite number"}}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> TableData.fit(
                    table("1,2,a", "2," + c[0] + ",b", "3,1,a"), "y", null, MissingValues.DEFAULTS, ColumnChoice.AUTO, "w"));
            assertTrue(e.getMessage().contains("row 2") && e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
        }
        InvalidInputException zeros = assertThrows(InvalidInputException.class, () -> TableData.fit(
                table("1,0,a", "2,0,b", "3,0.0,a"), "y", null, MissingValues.DEFAULTS, ColumnChoice.AUTO, "w"));
        assertTrue(zeros.getMessage().contains("every weight in column 'w' is 0 (3 rows)"), zeros.getMessage());
        InvalidInputException unknown = assertThrows(InvalidInputException.class, () -> TableData.fit(
                table("1,1,a", "2,1,b"), "y", null, MissingValues.DEFAULTS, ColumnChoice.AUTO, "weight"));
        assertTrue(unknown.getMessage().contains("--weight-column names no column 'weight'"), unknown.getMessage());
    }
}

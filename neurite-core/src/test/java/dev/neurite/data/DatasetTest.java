package dev.neurite.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.neurite.TestData;
import dev.neurite.tensor.Kernels;
import dev.neurite.tensor.Matrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetTest {

    /** A batch large enough to be split between threads, rows not a multiple of 16 wide: ranges end mid-row. */
    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2, 3})
    void gatherCopiesTheChosenRowsInOrder(int threads) {
        Kernels before = Kernels.get();
        try {
            Kernels.use(Kernels.create(threads));
            int rows = 300;
            int cols = 123;
            Matrix features = TestData.uniform(rows, cols, 1f, 5);
            float[] labels = new float[rows];
            for (int i = 0; i < rows; i++) {
                labels[i] = i;
            }
            Dataset data = new Dataset(features, Matrix.column(labels));
            int[] order = new int[rows];
            for (int i = 0; i < rows; i++) {
                order[i] = (i * 7 + 3) % rows; // 7 and 300 are coprime: a permutation
            }
            int start = 50;
            int count = 200; // 24,600 values: more than one range of the pool's grain
            Matrix x = new Matrix(count, cols);
            Matrix y = new Matrix(count, 1);
            x.fill(Float.NaN);
            data.gatherInto(order, start, count, x, y);
            for (int i = 0; i < count; i++) {
                int source = order[start + i];
                assertEquals(source, y.get(i, 0));
                for (int c = 0; c < cols; c++) {
                    assertEquals(features.get(source, c), x.get(i, c), "row " + i + " column " + c);
                }
            }
        } finally {
            Kernels.use(before);
        }
    }

    /**
     * A subset's one-off copy: 140,001 rows of 123 columns (17.2 M values) is shared between the
     * threads on every micro-kernel, a small one is not; either way every row lands in order,
     * chunks ending mid-row.
     */
    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2, 3})
    void subsetCopiesTheChosenRowsInOrder(int threads) {
        Kernels before = Kernels.get();
        try {
            Kernels.use(Kernels.create(threads));
            for (int rows : new int[] {140_001, 301}) {
                int cols = 123;
                Matrix features = TestData.uniform(rows, cols, 1f, 6);
                float[] labels = new float[rows];
                for (int i = 0; i < rows; i++) {
                    labels[i] = i;
                }
                Dataset data = new Dataset(features, Matrix.column(labels));
                int[] order = new int[rows];
                for (int i = 0; i < rows; i++) {
                    order[i] = (int) ((i * 7L + 3) % rows); // 7 divides neither row count: a permutation
                }
                Dataset sub = data.subset(order);
                for (int i = 0; i < rows; i++) {
                    int source = order[i];
                    assertEquals(source, sub.targets().get(i, 0), "row " + i);
                    for (int c = 0; c < cols; c += i % 97 == 0 ? 1 : 61) {
                        assertEquals(features.get(source, c), sub.features().get(i, c), rows + " rows: row " + i + " column " + c);
                    }
                }
            }
        } finally {
            Kernels.use(before);
        }
    }
}

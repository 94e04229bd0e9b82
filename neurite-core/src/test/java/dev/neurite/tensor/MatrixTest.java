package dev.neurite.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MatrixTest {

    @Test
    void rowMajorLayout() {
        Matrix m = Matrix.of(new float[] {1, 2, 3}, new float[] {4, 5, 6});
        assertEquals("2×3", m.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, m.data());
        assertEquals(6f, m.get(1, 2));
        assertArrayEquals(new float[] {4, 5, 6}, m.rowCopy(1));
    }

    @Test
    void reuseKeepsTheBufferWhenItFits() {
        Matrix big = new Matrix(8, 4);
        assertSame(big, Matrix.reuseOrAllocate(big, 3, 4));
        assertEquals("3×4", big.shape());
        assertNotSame(big, Matrix.reuseOrAllocate(big, 9, 4));
    }

    @Test
    void badShapesAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Matrix(-1, 3))
                .getMessage().contains("-1×3"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Matrix.of(new float[] {1, 2}, new float[] {3})).getMessage().contains("row 1 has 1"));
        assertThrows(IndexOutOfBoundsException.class, () -> new Matrix(2, 2).get(2, 0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Matrix(2, 2).copyFrom(new Matrix(2, 3)))
                .getMessage().contains("2×2 and 2×3"));
    }
}

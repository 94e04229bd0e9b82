package dev.neurite.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RngTest {

    @Test
    void sameSeedSameSequenceAndStateRestores() {
        Rng a = new Rng(42);
        Rng b = new Rng(42);
        for (int i = 0; i < 100; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
        long state = a.state();
        double next = a.nextGaussian();
        assertEquals(next, new Rng(state).nextGaussian());
    }

    @Test
    void distributionsHaveTheirMoments() {
        Rng rng = new Rng(1);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        double uniformSum = 0;
        int[] counts = new int[7];
        for (int i = 0; i < n; i++) {
            double g = rng.nextGaussian();
            sum += g;
            sumSq += g * g;
            float u = rng.nextFloat();
            assertTrue(u >= 0 && u < 1);
            uniformSum += u;
            counts[rng.nextInt(7)]++;
        }
        assertEquals(0, sum / n, 0.01);
        assertEquals(1, sumSq / n, 0.01);
        assertEquals(0.5, uniformSum / n, 0.005);
        for (int c : counts) {
            assertEquals(n / 7.0, c, n / 7.0 * 0.03);
        }
    }

    @Test
    void permutationIsAPermutation() {
        int[] p = new Rng(3).permutation(1000);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        int[] identity = new int[1000];
        Arrays.setAll(identity, i -> i);
        assertArrayEquals(identity, sorted);
        assertTrue(!Arrays.equals(identity, p));
    }

    @Test
    void advanceSkipsAsManyDrawsAsCallingNextLong() {
        Rng stepped = new Rng(123);
        for (int i = 0; i < 1000; i++) {
            stepped.nextFloat();
        }
        Rng skipped = new Rng(123);
        skipped.advance(1000);
        assertEquals(stepped.state(), skipped.state());
        assertEquals(stepped.nextLong(), skipped.nextLong());
        Rng none = new Rng(7);
        none.advance(0);
        assertEquals(new Rng(7).nextLong(), none.nextLong());
    }
}

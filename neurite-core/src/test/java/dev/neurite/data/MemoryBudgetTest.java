package dev.neurite.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** A table whose encoded matrices cannot fit the heap is refused before they are allocated, in one line. */
class MemoryBudgetTest {

    @Test
    void aTableThatFitsPasses() {
        assertNull(MemoryBudget.refusal("t.csv", 1_000, 10, 1L << 20, 1L << 30));
    }

    @Test
    void aTableThatCannotFitNamesTheNeedTheHeapAndTheFlag() {
        // The hostile run's 4,000,000 rows, at 23 inputs, in a 1 GB heap with 600 MB left.
        assertEquals("big.csv: encoded, the table needs about 701 MB (4,000,000 rows × 23 inputs as float32, 2 copies while"
                        + " training), but the Java heap has 600 MB left of its 1,024 MB; give the JVM more (at least -Xmx2g; on the"
                        + " command line NEURITE_JAVA_OPTS=-Xmx2g) or train on fewer rows",
                MemoryBudget.refusal("big.csv", 4_000_000, 23, 600L << 20, 1L << 30));
    }
}

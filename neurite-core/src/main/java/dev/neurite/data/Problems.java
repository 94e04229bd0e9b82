package dev.neurite.data;

import dev.neurite.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems found while reading a file, gathered so that one error lists the first ten of
 * them and the total count, instead of stopping at the first.
 */
public final class Problems {
    /** How many problems one message lists. */
    public static final int SHOWN = 10;

    private final List<String> first = new ArrayList<>();
    private int count;

    public void add(String problem) {
        if (first.size() < SHOWN) {
            first.add(problem);
        }
        count++;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public int count() {
        return count;
    }

    /** Throws an {@link InvalidInputException} listing the problems, if there are any. */
    public void throwIfAny() {
        if (count == 0) {
            return;
        }
        if (count == 1) {
            throw new InvalidInputException(first.get(0));
        }
        StringBuilder s = new StringBuilder();
        s.append(count).append(" problems").append(count > SHOWN ? " (the first " + SHOWN + " shown)" : "").append(": ");
        s.append(String.join("; ", first));
        throw new InvalidInputException(s.toString());
    }
}

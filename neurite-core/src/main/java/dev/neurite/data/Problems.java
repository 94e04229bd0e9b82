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
    private java.util.TreeMap<Long, String> placed; // problems added with their place in reading order
    private int count;

    public void add(String problem) {
        if (first.size() < SHOWN) {
            first.add(problem);
        }
        count++;
    }

    /**
     * Adds a problem found out of reading order, with its place in that order ({@code row ×
     * columns + column}): the message lists the first ten by place, as a row-by-row reading would.
     */
    void add(long place, String problem) {
        if (placed == null) {
            placed = new java.util.TreeMap<>();
        }
        count++;
        if (placed.size() < SHOWN || place < placed.lastKey()) {
            placed.put(place, problem);
            if (placed.size() > SHOWN) {
                placed.pollLastEntry();
            }
        }
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
        if (placed != null) {
            first.addAll(placed.values());
            while (first.size() > SHOWN) {
                first.remove(first.size() - 1);
            }
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

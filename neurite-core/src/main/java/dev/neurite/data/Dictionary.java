package dev.neurite.data;

import java.util.Arrays;

/**
 * The distinct texts of a column numbered 0, 1, 2 … in the order first seen, with how many cells
 * hold each: a text cell is stored as its number (4 bytes) and each distinct text once. Looked up
 * straight from the parser's characters (an open-addressing table keyed by the text's
 * {@link String#hashCode}), so a value seen before makes no String. A null (a missing value
 * handed in from Java) is a text of its own.
 */
final class Dictionary {
    private String[] values = new String[16];
    private int[] hashes = new int[16];
    private int[] counts = new int[16];
    private int[] slots = new int[32]; // code + 1; 0 is empty
    private int size;
    private int nullCode = -1;

    /** Distinct texts so far. */
    int size() {
        return size;
    }

    /** The text numbered {@code code} (null for a missing value from Java). */
    String value(int code) {
        return values[code];
    }

    /** How many cells hold text {@code code}. */
    int count(int code) {
        return counts[code];
    }

    /** The number of the characters {@code chars[offset … offset+length−1]}, new if not seen; counts one more cell. */
    int add(char[] chars, int offset, int length) {
        int h = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = 31 * h + chars[i];
        }
        int mask = slots.length - 1;
        for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
            int slot = slots[i];
            if (slot == 0) {
                int code = insert(new String(chars, offset, length), h);
                slots[i] = code + 1;
                counts[code] = 1;
                growIfFull();
                return code;
            }
            int code = slot - 1;
            if (hashes[code] == h && same(values[code], chars, offset, length)) {
                counts[code]++;
                return code;
            }
        }
    }

    /** The number of {@code text} (null allowed), new if not seen; counts one more cell. */
    int add(String text) {
        if (text == null) {
            if (nullCode < 0) {
                nullCode = insert(null, 0);
            }
            counts[nullCode]++;
            return nullCode;
        }
        return add(text.toCharArray(), 0, text.length());
    }

    /** Counts one more cell holding text {@code code}. */
    void recount(int code) {
        counts[code]++;
    }

    private static boolean same(String value, char[] chars, int offset, int length) {
        if (value == null || value.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (value.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }

    private int insert(String value, int hash) {
        if (size == values.length) {
            int n = size * 2;
            values = Arrays.copyOf(values, n);
            hashes = Arrays.copyOf(hashes, n);
            counts = Arrays.copyOf(counts, n);
        }
        values[size] = value;
        hashes[size] = hash;
        return size++;
    }

    private void growIfFull() {
        if (size * 2 <= slots.length) {
            return;
        }
        int[] grown = new int[slots.length * 2];
        int mask = grown.length - 1;
        for (int code = 0; code < size; code++) {
            if (code == nullCode) {
                continue;
            }
            int i = mix(hashes[code]) & mask;
            while (grown[i] != 0) {
                i = (i + 1) & mask;
            }
            grown[i] = code + 1;
        }
        slots = grown;
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** Bytes held, roughly: the arrays and the texts' characters. */
    long bytes() {
        long b = 12L * values.length + 4L * slots.length;
        for (int i = 0; i < size; i++) {
            b += values[i] == null ? 0 : 40 + 2L * values[i].length();
        }
        return b;
    }
}

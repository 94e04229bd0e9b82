package dev.neurite.data;

/**
 * Reads a decimal number from a table cell without regular expressions: an optional sign,
 * digits with optional thousands separators in groups of three ({@code 46,246.35}, or
 * {@code 46.246,35} when the decimal separator is a comma), an optional fraction and an
 * optional exponent ({@code 1e-3}). Anything else is not a number.
 */
public final class Numbers {
    private Numbers() {
    }

    /** The value of {@code s} (already stripped), or NaN when it is not a number in this form. */
    public static double parse(String s, char decimal) {
        int n = s.length();
        if (n == 0 || n > 400) {
            return Double.NaN;
        }
        char group = decimal == ',' ? '.' : ',';
        int i = 0;
        char c = s.charAt(0);
        if (c == '+' || c == '-') {
            i++;
        }
        int intDigits = 0;
        int groupRun = -1; // digits since the last group separator, -1 before any
        int firstGroup = 0;
        boolean grouped = false;
        for (; i < n; i++) {
            c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                intDigits++;
                if (groupRun >= 0) {
                    groupRun++;
                } else {
                    firstGroup++;
                }
            } else if (c == group && decimal != 0) {
                if (groupRun >= 0 ? groupRun != 3 : firstGroup < 1 || firstGroup > 3) {
                    return Double.NaN;
                }
                grouped = true;
                groupRun = 0;
            } else {
                break;
            }
        }
        if (grouped && groupRun != 3) {
            return Double.NaN;
        }
        int fracDigits = 0;
        boolean hasDecimal = false;
        if (i < n && s.charAt(i) == decimal) {
            hasDecimal = true;
            for (i++; i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
                fracDigits++;
            }
        }
        if (intDigits + fracDigits == 0) {
            return Double.NaN;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            for (; i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
                expDigits++;
            }
            if (expDigits == 0) {
                return Double.NaN;
            }
        }
        if (i != n) {
            return Double.NaN;
        }
        if (!grouped && (!hasDecimal || decimal == '.')) {
            return Double.parseDouble(s);
        }
        StringBuilder plain = new StringBuilder(n);
        for (int k = 0; k < n; k++) {
            char ch = s.charAt(k);
            if (ch == group) {
                continue;
            }
            plain.append(ch == decimal ? '.' : ch);
        }
        return Double.parseDouble(plain.toString());
    }

    /** True when {@code s} (stripped) is an optionally signed integer with plain digits. */
    public static boolean isInteger(String s) {
        int n = s.length();
        int i = n > 0 && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        if (i == n) {
            return false;
        }
        for (; i < n; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** True for the spellings of infinity, which are numbers but never usable ones. */
    public static boolean isInfinity(String s) {
        String v = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        return v.equalsIgnoreCase("inf") || v.equalsIgnoreCase("infinity");
    }
}

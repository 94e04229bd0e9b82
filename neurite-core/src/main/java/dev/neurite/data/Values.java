package dev.neurite.data;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Recognising the values of boolean and date columns. */
final class Values {
    private Values() {
    }

    /** 1 for true, yes, y; 0 for false, no, n (any case); −1 for anything else. */
    static int bool(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y":
                return 1;
            case "false", "no", "n":
                return 0;
            default:
                return -1;
        }
    }

    /**
     * Days since 1970-01-01 of an ISO-8601 date ({@code 2024-03-05}) or timestamp
     * ({@code 2024-03-05T10:20:30}, a space instead of the T, optional fraction of seconds and
     * offset such as {@code Z} or {@code +01:00}, taken to UTC), with the time of day as a
     * fraction; NaN when {@code s} is neither.
     */
    static double days(String s) {
        int n = s.length();
        if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-' || !digit(s, 0) || !digit(s, 5) || !digit(s, 8)) {
            return Double.NaN;
        }
        try {
            if (n == 10) {
                return LocalDate.parse(s).toEpochDay();
            }
            String t = s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
            if (t.charAt(10) != 'T') {
                return Double.NaN;
            }
            long seconds;
            int nanos;
            char last = t.charAt(t.length() - 1);
            if (last == 'Z' || t.lastIndexOf('+') > 10 || t.lastIndexOf('-') > 10) {
                OffsetDateTime o = OffsetDateTime.parse(t);
                seconds = o.toEpochSecond();
                nanos = o.getNano();
            } else {
                LocalDateTime l = LocalDateTime.parse(t);
                seconds = l.toEpochSecond(ZoneOffset.UTC);
                nanos = l.getNano();
            }
            return (seconds + nanos / 1e9) / 86_400.0;
        } catch (DateTimeParseException e) {
            return Double.NaN;
        }
    }

    private static boolean digit(String s, int i) {
        return s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    /** True for names such as id, ID, customer_id, customerId, user id. */
    static boolean identifierName(String name) {
        String n = name.strip();
        if (n.equalsIgnoreCase("id") || n.equalsIgnoreCase("uuid") || n.equalsIgnoreCase("key")) {
            return true;
        }
        if (n.length() > 2 && (n.endsWith("Id") || n.endsWith("ID"))) {
            return true;
        }
        String lower = n.toLowerCase(Locale.ROOT);
        return lower.length() > 3 && lower.endsWith("id") && "_- .".indexOf(lower.charAt(lower.length() - 3)) >= 0;
    }
}

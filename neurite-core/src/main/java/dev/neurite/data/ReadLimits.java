package dev.neurite.data;

/**
 * What one input file may make Neurite hold, so that a hostile or broken file is refused with a
 * message instead of exhausting memory: the bytes a compressed file may expand to (absolutely,
 * and relative to its compressed size), the characters of one row, and of one value. Each can
 * be raised with a system property ({@code NEURITE_JAVA_OPTS=-Dneurite.maxValueChars=…} on the
 * command line).
 *
 * @param maxDecompressedBytes  the most bytes a gzip file may expand to ({@code neurite.maxDecompressedBytes})
 * @param maxCompressionRatio   the most a gzip file may expand per compressed byte, past the first 16 MiB
 *                              ({@code neurite.maxCompressionRatio}); text compresses 5–20×, a "bomb" 1,000×
 * @param maxRowChars           the most characters in one row ({@code neurite.maxRowChars})
 * @param maxValueChars         the most characters in one value ({@code neurite.maxValueChars})
 */
public record ReadLimits(long maxDecompressedBytes, long maxCompressionRatio, long maxRowChars, long maxValueChars) {
    /** The ratio is only judged once this much has been expanded: small files may compress very well. */
    static final long RATIO_GRACE_BYTES = 16L << 20;

    public ReadLimits {
        if (maxDecompressedBytes < 1 || maxCompressionRatio < 1 || maxRowChars < 1 || maxValueChars < 1) {
            throw new IllegalArgumentException("read limits must be positive, got " + maxDecompressedBytes + ", " + maxCompressionRatio
                    + ", " + maxRowChars + ", " + maxValueChars);
        }
    }

    /** The limits in force: 8 GiB expanded, 200× per compressed byte, 16 Mi characters a row, 1 Mi a value, unless the properties say otherwise. */
    public static ReadLimits current() {
        return new ReadLimits(property("neurite.maxDecompressedBytes", 8L << 30), property("neurite.maxCompressionRatio", 200),
                property("neurite.maxRowChars", 16L << 20), property("neurite.maxValueChars", 1L << 20));
    }

    private static long property(String name, long fallback) {
        String v = System.getProperty(name);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + name + " must be a positive whole number, got '" + v + "'");
    }
}

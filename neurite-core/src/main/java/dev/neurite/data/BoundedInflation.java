package dev.neurite.data;

import dev.neurite.InvalidInputException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts what a compressed stream expands to and stops it past {@link ReadLimits}: the defence against a gzip bomb. */
final class BoundedInflation {
    private BoundedInflation() {
    }

    /** Counts the bytes read through it. */
    static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /** The expanded stream {@code inflated}, refused once it passes the limits, judged against {@code compressed}'s count. */
    static InputStream bounded(InputStream inflated, Counting compressed, ReadLimits limits, String source) {
        return new FilterInputStream(inflated) {
            private long expanded;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    check(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    check(n);
                }
                return n;
            }

            private void check(int n) {
                expanded += n;
                if (expanded > limits.maxDecompressedBytes()) {
                    throw new InvalidInputException(source + ": expands to more than " + limits.maxDecompressedBytes()
                            + " bytes, the most a compressed file may (-Dneurite.maxDecompressedBytes raises it)");
                }
                if (expanded > ReadLimits.RATIO_GRACE_BYTES && expanded > limits.maxCompressionRatio() * Math.max(1, compressed.count)) {
                    throw new InvalidInputException(source + ": " + compressed.count + " compressed bytes expanded to more than "
                            + expanded + ", over " + limits.maxCompressionRatio() + " times; a file that expands like that is refused"
                            + " as a compression bomb (-Dneurite.maxCompressionRatio raises the limit)");
                }
            }

            @Override
            public boolean markSupported() {
                return false;
            }
        };
    }
}

package dev.neurite.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Text read ahead on a thread of its own: decompressing and decoding the bytes (the first half
 * of reading a CSV) runs beside the parsing of what was decoded before (the second half), on a
 * machine with more than one core. Blocks of text pass through a short queue; an error of the
 * reader behind (a byte that is not valid text, a damaged gzip stream) reaches the reader of this
 * one where it happened in the text, as it would have without the thread.
 */
final class ReadAhead extends Reader {
    private static final int BLOCK = 1 << 16;
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(8);
    private final Reader source;
    private final Thread thread;
    private char[] block;
    private int position;
    private int limit;
    private boolean done;

    private ReadAhead(Reader source) {
        this.source = source;
        this.thread = new Thread(this::produce, "neurite-csv-read-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code source} read ahead on a thread when there is a core to spare for it, else {@code source} itself. */
    static Reader of(Reader source) {
        return Runtime.getRuntime().availableProcessors() > 1 ? new ReadAhead(source) : source;
    }

    private void produce() {
        try {
            while (true) {
                char[] b = new char[BLOCK];
                int n = 0;
                try {
                    for (int k; n < BLOCK && (k = source.read(b, n, BLOCK - n)) > 0; ) {
                        n += k;
                    }
                } catch (IOException | RuntimeException | Error e) {
                    if (n > 0) {
                        queue.put(java.util.Arrays.copyOf(b, n)); // the text before the error is read first, as without the thread
                    }
                    queue.put(e);
                    return;
                }
                if (n > 0) {
                    queue.put(n == BLOCK ? b : java.util.Arrays.copyOf(b, n));
                }
                if (n < BLOCK) {
                    queue.put(END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed before the end: stop
        }
    }

    @Override
    public int read(char[] out, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (block == null || position == limit) {
            if (done) {
                return -1;
            }
            Object next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading");
            }
            if (next == END) {
                done = true;
                return -1;
            }
            if (next instanceof IOException e) {
                done = true;
                throw e;
            }
            if (next instanceof RuntimeException e) {
                done = true;
                throw e;
            }
            if (next instanceof Error e) {
                done = true;
                throw e;
            }
            block = (char[]) next;
            position = 0;
            limit = block.length;
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(block, position, out, offset, n);
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}

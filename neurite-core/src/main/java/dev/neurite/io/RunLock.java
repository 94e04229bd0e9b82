package dev.neurite.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * A lock file held by one run at a time (a checkpoint folder's, a model being written's): a
 * second run, in this process or another, finds it held and learns which process holds it. The
 * operating system releases the lock of a process that dies, so a killed run never blocks the
 * next; closing releases it and removes the file.
 */
public final class RunLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes {@code file}, or returns null when another run holds it; then {@link #holder} says who.
     * The file records this process and the time.
     */
    public static RunLock tryAcquire(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(("process " + ProcessHandle.current().pid() + ", since " + Instant.now())
                .getBytes(StandardCharsets.UTF_8)));
        return new RunLock(file, channel, lock);
    }

    /** Who holds {@code file}, as its holder wrote it ("process 1234, since …"), or "" when unknown. */
    public static String holder(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(file); // while still held, so no other run takes a lock on a file being removed
            lock.release();
        } finally {
            channel.close();
        }
    }
}

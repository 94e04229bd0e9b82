package dev.neurite.cli;

import dev.neurite.InvalidInputException;
import dev.neurite.io.RunLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Output paths checked before any work starts, so that a read-only folder, a missing folder or a
 * folder given for a file is reported at once, naming the option and the path, instead of after
 * the last epoch; and a lock beside a model being written, so two runs never write one file.
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /** Throws unless {@code file} can be written: its folder exists and takes new files, and it is not a folder. */
    static void requireWritableFile(String option, Path file) {
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new InvalidInputException(option + " " + file + " is a folder; give a file name");
        }
        Path folder = absolute.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new InvalidInputException(option + " " + file + ": the folder " + folder + " does not exist");
        }
        probe(option, file, folder);
    }

    /** Throws unless {@code dir} is a folder that takes new files, or can be created as one. */
    static void requireWritableFolder(String option, Path dir) {
        Path absolute = dir.toAbsolutePath();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new InvalidInputException(option + " " + dir + ": " + existing + " is a file, not a folder");
        }
        probe(option, dir, existing);
    }

    /** Creates and removes a file in {@code folder}: the one check that read-only mounts and permissions cannot fool. */
    private static void probe(String option, Path given, Path folder) {
        try {
            Files.delete(Files.createTempFile(folder, ".neurite-probe-", ".tmp"));
        } catch (IOException e) {
            throw new InvalidInputException(option + " " + given + ": cannot write in " + folder + " (" + Errors.reason(e) + ")");
        }
    }

    /**
     * Takes {@code .NAME.lock} beside {@code file} for this process, or refuses, naming the run
     * that holds it. The operating system drops the lock of a process that dies.
     */
    static RunLock lockBeside(String option, Path file) {
        Path absolute = file.toAbsolutePath();
        Path path = absolute.resolveSibling("." + absolute.getFileName() + ".lock");
        RunLock lock;
        try {
            lock = RunLock.tryAcquire(path);
        } catch (IOException e) {
            throw new InvalidInputException(option + " " + file + ": cannot take the lock " + path + " (" + Errors.reason(e) + ")");
        }
        if (lock == null) {
            String holder = RunLock.holder(path);
            throw new InvalidInputException(option + " " + file + " is being written by another run"
                    + (holder.isEmpty() ? "" : " (" + holder + ")") + "; wait for it, or give another " + option);
        }
        return lock;
    }
}

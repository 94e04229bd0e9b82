package dev.neurite.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** What the command line prints for an error: one line, named, never endless. */
final class Errors {
    private Errors() {
    }

    /** The longest message printed; the rest of a message (a 100 MB value echoed, say) is cut. */
    static final int MAX_MESSAGE = 2_000;

    /** {@code message} cut to {@link #MAX_MESSAGE} characters, saying how much was left out. */
    static String shortened(String message) {
        if (message == null || message.length() <= MAX_MESSAGE) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE) + "… (" + String.format("%,d", message.length() - MAX_MESSAGE) + " more characters)";
    }

    /** Why an I/O operation failed, in words, without the exception's class name. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }

    /** An I/O failure as one line naming the file: "model.out: No space left on device". */
    static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + (f.getOtherFile() != null ? " → " + f.getOtherFile() : "") + ": " + reason(e);
        }
        return reason(e);
    }
}

package dev.neurite;

/**
 * Neurite's one documented input-error type: a file, a field or a value that cannot be used,
 * with a message that names where (file, line, column) and what was found. The readers of CSV,
 * IDX and model files throw only this for bad content; the command line prints its message and
 * exits with status 2.
 */
public class InvalidInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

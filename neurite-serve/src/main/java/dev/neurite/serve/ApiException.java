package dev.neurite.serve;

/** A request the server refuses: the HTTP status and a message naming the problem, sent as JSON. */
final class ApiException extends RuntimeException {
    final int status;
    /** For 405: the methods the path takes. */
    final String allow;

    ApiException(int status, String message) {
        this(status, message, null);
    }

    ApiException(int status, String message, String allow) {
        super(message, null, false, false);
        this.status = status;
        this.allow = allow;
    }
}

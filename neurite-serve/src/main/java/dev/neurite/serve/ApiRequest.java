package dev.neurite.serve;

import java.util.function.Function;

/**
 * An HTTP request as the API reads it, whichever server carried it: the method, the path and
 * query string, a header lookup (case-insensitive, null when absent) and the whole body, already
 * read within the size limit.
 */
public record ApiRequest(String method, String path, String query, Function<String, String> header, byte[] body) {
}

package dev.neurite.serve;

import java.util.Map;

/** An HTTP response as the API writes it: status, content type, extra headers and the whole body. */
public record ApiResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
    public ApiResponse {
        headers = Map.copyOf(headers);
    }
}

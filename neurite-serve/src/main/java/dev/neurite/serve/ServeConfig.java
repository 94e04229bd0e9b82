package dev.neurite.serve;

import java.time.Duration;
import java.util.Objects;

/**
 * How the server listens and what it accepts: the address, the largest body, the most rows in one
 * request, how long a client may take to send a request, how long SIGTERM waits for requests in
 * flight, how often model files are checked for a new version, the bearer token (null: none) and
 * the origin allowed by CORS (null: CORS off).
 */
public record ServeConfig(String host, int port, long maxBodyBytes, int maxRows, Duration readTimeout, Duration drainTimeout,
                          Duration watchInterval, String token, String corsOrigin) {
    public static final ServeConfig DEFAULTS = new ServeConfig("127.0.0.1", 8080, 16L << 20, 100_000,
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(1), null, null);

    public ServeConfig {
        Objects.requireNonNull(host, "host");
        require(port >= 0 && port <= 65_535, "--port must be 0 to 65535, got " + port);
        require(maxBodyBytes >= 1, "--max-body must be at least 1 byte, got " + maxBodyBytes);
        require(maxRows >= 1, "--max-rows must be at least 1, got " + maxRows);
        require(!readTimeout.isNegative() && !readTimeout.isZero(), "--read-timeout must be positive, got " + readTimeout);
        require(!drainTimeout.isNegative(), "--drain-timeout must not be negative, got " + drainTimeout);
        require(!watchInterval.isNegative(), "--watch-interval must not be negative, got " + watchInterval);
        require(token == null || !token.isBlank(), "the bearer token is empty");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public ServeConfig withPort(int newPort) {
        return new ServeConfig(host, newPort, maxBodyBytes, maxRows, readTimeout, drainTimeout, watchInterval, token, corsOrigin);
    }

    public ServeConfig withToken(String newToken) {
        return new ServeConfig(host, port, maxBodyBytes, maxRows, readTimeout, drainTimeout, watchInterval, newToken, corsOrigin);
    }
}

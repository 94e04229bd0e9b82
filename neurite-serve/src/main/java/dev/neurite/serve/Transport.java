package dev.neurite.serve;

import java.time.Duration;

/** An HTTP server carrying the {@link Api}: started on the config's address, stopped after the requests in flight finish. */
public interface Transport {
    /** Starts listening; returns the port (the one chosen when the config asked for port 0). */
    int start() throws Exception;

    /** Stops taking connections, waits up to {@code drain} for the requests in flight, then closes. */
    void stop(Duration drain) throws Exception;
}

package dev.neurite.serve;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The {@link Api} on Jetty 12 (its core API, no servlets): keep-alive HTTP/1.1, a bounded pool of
 * threads, the read timeout as the connection's idle timeout, and a graceful stop that lets the
 * requests in flight finish.
 */
public final class JettyTransport implements Transport {
    private final Api api;
    private Server server;

    public JettyTransport(Api api) {
        this.api = api;
    }

    @Override
    public int start() throws Exception {
        ServeConfig config = api.config();
        QueuedThreadPool pool = new QueuedThreadPool(Math.max(16, 8 * Runtime.getRuntime().availableProcessors()), 4);
        pool.setName("neurite-serve");
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        http.setRequestHeaderSize(16 * 1024);
        // Jetty's parser reuses a header line it saw before on the connection, matching values
        // regardless of case: "Bearer abC" after "Bearer abc" reached us as the earlier one. Off.
        http.setHeaderCacheSize(0);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(config.readTimeout().toMillis());
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        GracefulHandler graceful = new GracefulHandler();
        graceful.setHandler(new ApiHandler());
        server.setHandler(graceful);
        server.setStopTimeout(config.drainTimeout().toMillis());
        server.setStopAtShutdown(false);
        server.start();
        return connector.getLocalPort();
    }

    @Override
    public void stop(Duration drain) throws Exception {
        server.setStopTimeout(drain.toMillis());
        server.stop();
    }

    private final class ApiHandler extends Handler.Abstract {
        ApiHandler() {
            super(InvocationType.BLOCKING);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            ApiResponse answer;
            long max = api.config().maxBodyBytes();
            long length = request.getLength();
            if (length > max) {
                drain(request, length);
                answer = api.tooLarge(length);
            } else {
                try {
                    byte[] body = read(request, max);
                    if (body == null) {
                        drain(request, -1);
                    }
                    answer = body == null ? api.tooLarge(-1) : api.handle(new ApiRequest(request.getMethod(),
                            request.getHttpURI().getPath(), request.getHttpURI().getQuery(),
                            name -> request.getHeaders().get(name), body));
                } catch (TimeoutException e) {
                    answer = api.timedOut();
                } catch (IOException e) {
                    answer = e.getCause() instanceof TimeoutException ? api.timedOut() : api.unreadable(e.getMessage());
                }
            }
            send(answer, response, callback);
            return true;
        }
    }

    /** The most bytes of a refused body read and dropped before the 413 is sent. */
    static final long DRAIN_LIMIT = 4L << 20;

    /**
     * Reads and drops the rest of a refused body of {@code length} bytes (−1: unknown), when it is
     * at most {@link #DRAIN_LIMIT}: closing a connection with unread bytes in its receive buffer
     * makes the operating system reset it, and the client, still sending, may lose the 413 (the
     * JDK client then reports "header parser received no bytes"). A larger body is not read; its
     * client may see the reset instead of the answer. Any failure here only skips the draining.
     */
    private static void drain(Request request, long length) {
        if (length > DRAIN_LIMIT) {
            return;
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] sink = new byte[16 << 10];
            long left = DRAIN_LIMIT;
            for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            // the answer is the same; the client may see the connection reset
        }
    }

    /** The body, or null when it is larger than {@code max} bytes. */
    private static byte[] read(Request request, long max) throws IOException, TimeoutException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
            return body.length > max ? null : body;
        } catch (RuntimeException e) {
            if (e.getCause() instanceof TimeoutException t) {
                throw t;
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    static void send(ApiResponse answer, Response response, Callback callback) {
        response.setStatus(answer.status());
        HttpFields.Mutable headers = response.getHeaders();
        if (answer.contentType() != null) {
            headers.put(HttpHeader.CONTENT_TYPE, answer.contentType());
        }
        headers.put("X-Content-Type-Options", "nosniff");
        for (Map.Entry<String, String> h : answer.headers().entrySet()) {
            headers.put(h.getKey(), h.getValue());
        }
        if (answer.status() == 413 || answer.status() == 408) {
            headers.put(HttpHeader.CONNECTION, "close");
        }
        headers.put(HttpHeader.CONTENT_LENGTH, answer.body().length);
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
    }

}

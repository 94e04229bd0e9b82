package dev.neurite.bench;

import dev.neurite.serve.Api;
import dev.neurite.serve.ApiRequest;
import dev.neurite.serve.ApiResponse;
import dev.neurite.serve.ServeConfig;
import dev.neurite.serve.Transport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The {@link Api} on the JDK's own HTTP server ({@code com.sun.net.httpserver}): a virtual thread
 * per request on JDK 21+, a fixed pool on 17: the peer in the benchmark that chose Jetty for {@code neurite serve}.
 */
final class JdkTransport implements Transport {
    static {
        // Without it the server's separate header and body writes meet delayed ACKs: ~40 ms a request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final Api api;
    private HttpServer server;
    private ExecutorService executor;

    JdkTransport(Api api) {
        this.api = api;
    }

    @Override
    public int start() throws IOException {
        ServeConfig config = api.config();
        server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 1024);
        executor = virtualThreads();
        if (executor == null) {
            executor = Executors.newFixedThreadPool(Math.max(16, 8 * Runtime.getRuntime().availableProcessors()));
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return server.getAddress().getPort();
    }

    private static ExecutorService virtualThreads() {
        try {
            Method m = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) m.invoke(null);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long max = api.config().maxBodyBytes();
            String length = exchange.getRequestHeaders().getFirst("Content-Length");
            ApiResponse answer;
            long declared = length == null ? -1 : parseLong(length);
            if (declared > max) {
                answer = api.tooLarge(declared);
            } else {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
                }
                answer = body.length > max ? api.tooLarge(-1) : api.handle(new ApiRequest(exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                        name -> exchange.getRequestHeaders().getFirst(name), body));
            }
            if (answer.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            }
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            for (Map.Entry<String, String> h : answer.headers().entrySet()) {
                exchange.getResponseHeaders().set(h.getKey(), h.getValue());
            }
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            exchange.getResponseBody().write(answer.body());
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void stop(Duration drain) {
        server.stop((int) Math.max(0, drain.toSeconds()));
        executor.shutdown();
    }
}

package dev.neurite.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The server's Prometheus metrics, in a registry of its own (two servers in one JVM keep apart),
 * written in the Prometheus text format by the client library.
 */
final class Metrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    final Counter requests = Counter.builder().name("neurite_requests_total")
            .help("HTTP requests answered, by endpoint and status code").labelNames("endpoint", "code").register(registry);
    final Counter errors = Counter.builder().name("neurite_request_errors_total")
            .help("Requests answered with a 4xx or 5xx status, by endpoint and status code").labelNames("endpoint", "code").register(registry);
    final Counter rows = Counter.builder().name("neurite_rows_total")
            .help("Rows scored, by model").labelNames("model").register(registry);
    final Histogram latency = Histogram.builder().name("neurite_request_duration_seconds")
            .help("Time from the request's body read to its response ready, by endpoint").labelNames("endpoint").classicOnly()
            .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
    final Gauge version = Gauge.builder().name("neurite_model_version")
            .help("The version of each model serving now: 1 at start, one more at each swap").labelNames("model").register(registry);
    final Counter swaps = Counter.builder().name("neurite_model_swaps_total")
            .help("New model files loaded, by model and result (swapped or refused)").labelNames("model", "result").register(registry);
    final Gauge inFlight = Gauge.builder().name("neurite_requests_in_flight")
            .help("Requests being handled now").register(registry);

    String contentType() {
        return writer.getContentType();
    }

    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

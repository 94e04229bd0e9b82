package dev.neurite.serve;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Models served over HTTP: the {@link Api} on Jetty, a watcher that swaps a model when its file
 * changes, and the signals a service manager sends: {@code SIGHUP} reloads every model,
 * {@code SIGTERM} (or Ctrl-C) stops taking connections and lets the requests in flight finish.
 */
public final class ModelServer {
    private final List<ServedModel> models;
    private final Api api;
    private final Transport transport;
    private final Consumer<String> log;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private ScheduledExecutorService watcher;
    private volatile String stopSignal = "stop";
    private int port = -1;

    public ModelServer(List<ServedModel> models, ServeConfig config, Map<String, List<byte[]>> plots, Consumer<String> log) {
        this.models = List.copyOf(models);
        this.api = new Api(models, config, plots);
        this.transport = new JettyTransport(api);
        this.log = log;
    }

    /** A log line as the server writes it: the time, then the message. */
    public static Consumer<String> stderrLog() {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
        return line -> System.err.println(LocalTime.now().format(f) + " neurite serve: " + line);
    }

    /** Starts listening and watching the model files; returns the port. */
    public int start() throws Exception {
        port = transport.start();
        Duration every = api.config().watchInterval();
        if (!every.isZero()) {
            watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "neurite-serve-watcher");
                t.setDaemon(true);
                return t;
            });
            watcher.scheduleWithFixedDelay(this::checkFiles, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
        return port;
    }

    public int port() {
        return port;
    }

    public Api api() {
        return api;
    }

    private void checkFiles() {
        for (ServedModel m : models) {
            try {
                Boolean swapped = m.reloadIfChanged();
                if (swapped != null) {
                    api.swapped(m, swapped);
                }
            } catch (RuntimeException e) {
                log.accept("model '" + m.name() + "': checking its file failed: " + e);
            }
        }
    }

    /** Loads every model's file again (what SIGHUP does). */
    public void reloadAll(String why) {
        for (ServedModel m : models) {
            api.swapped(m, m.reload(why));
        }
    }

    /** Reloads on SIGHUP and asks to stop on SIGTERM and SIGINT; false where the JVM offers no signal handling. */
    public boolean handleSignals() {
        return Signals.install(() -> reloadAll("SIGHUP"), name -> {
            stopSignal = name;
            stopRequested.countDown();
        });
    }

    /** Asks {@link #awaitStopRequest} to return. */
    public void requestStop(String why) {
        stopSignal = why;
        stopRequested.countDown();
    }

    /** Waits for SIGTERM, SIGINT or {@link #requestStop}; returns what asked. */
    public String awaitStopRequest() throws InterruptedException {
        stopRequested.await();
        return stopSignal;
    }

    /** Stops taking connections and waits up to the drain timeout for the requests in flight. */
    public void stop() throws Exception {
        if (watcher != null) {
            watcher.shutdownNow();
        }
        transport.stop(api.config().drainTimeout());
    }
}

package io.gigaslack.giga.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends callback POSTs from one sender thread, in the order they were produced, applying callback
 * faults (drop, duplicate, hold back, delay), and records every attempt. {@link #send} never blocks.
 */
final class CallbackDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackDispatcher.class);

    private record Pending(String url, String event, String body) {
    }

    private final Faults faults;
    private final Clock clock;
    private final Duration timeout;
    private final ScheduledExecutorService scheduler;
    private final HttpClient http;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "giga-sim-callbacks");
        t.setDaemon(true);
        return t;
    });
    private final List<CallbackDelivery> deliveries = new CopyOnWriteArrayList<>();
    private Pending held; // guarded by this

    CallbackDispatcher(Faults faults, Clock clock, Duration timeout, ScheduledExecutorService scheduler) {
        this.faults = faults;
        this.clock = clock;
        this.timeout = timeout;
        this.scheduler = scheduler;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Queues one callback; applies the first matching callback fault. */
    synchronized void send(String url, ObjectNode payload) {
        Pending p = new Pending(url, payload.path("event").asText(), payload.toString());
        CallbackFault fault = faults.matchCallback(p.event).orElse(null);
        CallbackFault.Kind kind = fault == null ? null : fault.kind();
        if (kind == CallbackFault.Kind.DROP) {
            record(p, -1, "dropped by fault", CallbackDelivery.Kind.DROPPED);
            return;
        }
        if (kind == CallbackFault.Kind.HOLD_BACK && held == null) {
            held = p;
            return;
        }
        if (kind == CallbackFault.Kind.DELAY) {
            scheduler.schedule(() -> sender.execute(() -> deliver(p, CallbackDelivery.Kind.DELAYED)),
                    fault.delay().toMillis(), TimeUnit.MILLISECONDS);
        } else if (kind == CallbackFault.Kind.DUPLICATE) {
            sender.execute(() -> deliverTwice(p));
        } else {
            sender.execute(() -> deliver(p, CallbackDelivery.Kind.NORMAL));
        }
        releaseHeld();
    }

    /** Sends a held-back callback now, if any. */
    synchronized void releaseHeld() {
        if (held != null) {
            Pending h = held;
            held = null;
            sender.execute(() -> deliver(h, CallbackDelivery.Kind.REORDERED));
        }
    }

    List<CallbackDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    void clear() {
        deliveries.clear();
    }

    private void deliver(Pending p, CallbackDelivery.Kind kind) {
        try {
            HttpResponse<Void> response = http.send(request(p), HttpResponse.BodyHandlers.discarding());
            record(p, response.statusCode(), null, kind);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            record(p, -1, "interrupted", kind);
        } catch (Exception e) {
            record(p, -1, e.toString(), kind);
        }
    }

    private void deliverTwice(Pending p) {
        CompletableFuture<HttpResponse<Void>> first = http.sendAsync(request(p), HttpResponse.BodyHandlers.discarding());
        CompletableFuture<HttpResponse<Void>> second =
                http.sendAsync(request(p), HttpResponse.BodyHandlers.discarding());
        recordWhenDone(p, first, CallbackDelivery.Kind.NORMAL);
        recordWhenDone(p, second, CallbackDelivery.Kind.DUPLICATE);
    }

    private void recordWhenDone(Pending p, CompletableFuture<HttpResponse<Void>> f, CallbackDelivery.Kind kind) {
        try {
            record(p, f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS).statusCode(), null, kind);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            record(p, -1, "interrupted", kind);
        } catch (Exception e) {
            record(p, -1, e.toString(), kind);
        }
    }

    private HttpRequest request(Pending p) {
        return HttpRequest.newBuilder(URI.create(p.url)).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "giga-sim-callbacks")
                .POST(HttpRequest.BodyPublishers.ofString(p.body, StandardCharsets.UTF_8)).build();
    }

    private void record(Pending p, int status, String error, CallbackDelivery.Kind kind) {
        LOG.debug("callback {} {} -> {} {} ({})", p.event, p.url, status, error == null ? "" : error, kind);
        deliveries.add(new CallbackDelivery(clock.instant(), p.event, p.url, p.body, status, error, kind));
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(timeout.toMillis() + 500, TimeUnit.MILLISECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            sender.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

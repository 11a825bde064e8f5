package io.gigaslack.giga;

import io.gigaslack.testing.SettableClock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gigaslack.giga.RequestBudget.Priority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/** A MockWebServer, a settable clock, a sleeper that only advances it, and clients wired to them. */
final class Fixture implements AutoCloseable {

    static final String KEY = "giga_sk_0123456789abcdef0123456789abcdef";
    static final Instant START = Instant.parse("2024-03-16T12:00:00Z");
    /** One application-wide client, as in production. */
    static final OkHttpClient SHARED_HTTP = new OkHttpClient();

    final MockWebServer server = new MockWebServer();
    final SettableClock clock = new SettableClock(START);
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    final Sleeper sleeper = d -> {
        sleeps.add(d);
        clock.advance(d);
    };
    final List<Priority> priorities = new CopyOnWriteArrayList<>();
    final List<Instant> pauses = new CopyOnWriteArrayList<>();
    final RequestBudget recordingBudget = new RequestBudget() {
        @Override
        public Permit acquire(Priority priority) {
            priorities.add(priority);
            return Permit.ANY;
        }

        @Override
        public void pauseUntil(Instant until) {
            pauses.add(until);
        }
    };

    Fixture() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Timeouts comfortably above a loaded machine's latency, 3 attempts. */
    GigaClientConfig config() {
        return new GigaClientConfig(server.url("/"), KEY, null, Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(2), 3);
    }

    /** Short read timeouts, for tests where a timeout (scripted with NO_RESPONSE) is the point. */
    GigaClientConfig shortReadTimeouts() {
        return config().withTimeouts(Duration.ofSeconds(2), SHORT, Duration.ofSeconds(5)).withLongReadTimeout(SHORT);
    }

    /** Only calls with the long read timeout (start, create, sessions, runs) time out quickly; lookups do not. */
    GigaClientConfig shortLongReadTimeout() {
        return config().withLongReadTimeout(SHORT);
    }

    static final Duration SHORT = Duration.ofMillis(250);

    GigaClient client() {
        return client(config(), recordingBudget);
    }

    GigaClient client(GigaClientConfig config) {
        return client(config, recordingBudget);
    }

    GigaClient client(GigaClientConfig config, RequestBudget budget) {
        return new GigaClient(config, SHARED_HTTP, budget, clock, sleeper, new Random(42));
    }

    void enqueue(int status, String body) {
        server.enqueue(json(status, body));
    }

    static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status)
                .setHeader("Content-Type", "application/json; charset=utf-8")
                .setBody(new okio.Buffer().write(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** The body wrapped in the success envelope, or bare. */
    static String maybeWrapped(String data, boolean wrapped) {
        return wrapped ? "{\"success\":true,\"message\":\"ok\",\"data\":" + data + "}" : data;
    }

    static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message
                + "\",\"hint\":\"see docs\",\"requestId\":\"req-123\"}}";
    }

    RecordedRequest take() {
        try {
            RecordedRequest r = server.takeRequest(2, TimeUnit.SECONDS);
            assertThat(r).as("a request reached the server").isNotNull();
            return r;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    List<RecordedRequest> takeAll() {
        List<RecordedRequest> all = new ArrayList<>();
        for (int i = server.getRequestCount(); i > 0; i--) {
            all.add(take());
        }
        return all;
    }

    static JsonNode bodyJson(RecordedRequest r) {
        try {
            return Json.MAPPER.readTree(r.getBody().readByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}

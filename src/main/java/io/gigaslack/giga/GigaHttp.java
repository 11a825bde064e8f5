package io.gigaslack.giga;

import com.fasterxml.jackson.databind.JsonNode;
import io.gigaslack.giga.RequestBudget.Priority;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport under {@link GigaClient}: headers, the request budget, retries with backoff, and turning
 * responses and faults into JSON or {@link GigaApiException}. Package-private; one instance per client.
 */
final class GigaHttp {

    private static final Logger log = LoggerFactory.getLogger(GigaClient.class);

    static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    /** First backoff ceiling; doubles per attempt (full jitter picks uniformly below it). */
    static final Duration BASE_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(20);
    /** A Retry-After longer than this is not waited for: the error goes to the caller. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
    /** Budget pause after a 429 RATE_LIMITED that did not say how long. */
    static final Duration DEFAULT_RATE_LIMIT_PAUSE = Duration.ofSeconds(1);
    static final int MAX_ERROR_BODY_BYTES = 64 * 1024;
    static final int SNIPPET_CHARS = 200;

    /** Which timeouts a call needs. */
    enum Timing { NORMAL, LONG }

    /** One API request. {@code idempotent} calls are retried; the others are sent at most once per call. */
    record Spec(String method, HttpUrl url, JsonNode body, boolean idempotent, Timing timing) {
        String path() {
            return url.encodedPath();
        }
    }

    private final GigaClientConfig config;
    private final RequestBudget budget;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final String userAgent;
    private final OkHttpClient normal;
    private final OkHttpClient slow;
    private final OkHttpClient external;

    GigaHttp(GigaClientConfig config, OkHttpClient http, RequestBudget budget, Clock clock, Sleeper sleeper,
            RandomGenerator random, String userAgent) {
        this.config = Objects.requireNonNull(config, "config");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
        this.userAgent = userAgent;
        Objects.requireNonNull(http, "http");
        // newBuilder() shares the connection pool and dispatcher of the one application client. Neither resends on a
        // failed connection by itself: a non-idempotent call must go at most once, and any resend needs a permit.
        this.normal = timed(http, config.readTimeout(), config.callTimeout()).build();
        this.slow = timed(http, config.longReadTimeout(), config.longCallTimeout()).build();
        // Presigned storage URLs: bodies may be large, so no whole-call timeout (the read timeout still applies).
        this.external = http.newBuilder()
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(0, TimeUnit.MILLISECONDS)
                .build();
    }

    /**
     * A client for API requests. OkHttp does not resend a request on a failed connection by itself (our retries do,
     * each with a permit of its own), and just before a request leaves on its connection its permit is told when
     * ({@link RequestBudget.Permit#sending}): after a slow connect it is later than the permit was taken.
     */
    private OkHttpClient.Builder timed(OkHttpClient http, Duration read, Duration call) {
        return http.newBuilder()
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(read.toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(call.toMillis(), TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false)
                .addNetworkInterceptor(chain -> {
                    RequestBudget.Permit permit = chain.request().tag(RequestBudget.Permit.class);
                    if (permit != null) {
                        try {
                            permit.sending(clock.instant());
                        } catch (RuntimeException e) {
                            // The shared window could not record when this request leaves (its database is down):
                            // it is not sent, and fails as a transport error that the usual handling covers, not as
                            // an exception out of OkHttp that no caller of the client expects.
                            throw new IOException("the request budget could not record the request: " + e, e);
                        }
                    }
                    return chain.proceed(chain.request());
                });
    }

    Clock clock() {
        return clock;
    }

    /** Sends {@code spec} (with retries if idempotent) and returns the parsed body, envelope still on. */
    JsonNode call(Spec spec, Priority priority) {
        return withRetries(spec.idempotent(), spec.method() + ' ' + spec.path(), () -> once(spec, priority));
    }

    /** GETs a presigned URL without credentials, refusing bodies over {@code maxBytes}. Retried. */
    byte[] fetchExternal(HttpUrl url, long maxBytes) {
        return withRetries(true, "GET " + url.host(), () -> fetchOnce(url, maxBytes));
    }

    /** PUTs bytes to a presigned URL without credentials. Retried (a PUT of the same bytes is idempotent). */
    void putExternal(HttpUrl url, byte[] content, String mimeType) {
        withRetries(true, "PUT " + url.host(), () -> {
            putOnce(url, content, mimeType);
            return null;
        });
    }

    /** PUTs a file's bytes to a presigned URL without credentials. Retried (each attempt reads the file anew). */
    void putExternal(HttpUrl url, Path content, String mimeType) {
        withRetries(true, "PUT " + url.host(), () -> {
            MediaType type = mimeType == null ? null : MediaType.parse(mimeType);
            putOnce(url, RequestBody.create(content.toFile(), type));
            return null;
        });
    }

    <T> T withRetries(boolean idempotent, String what, Supplier<T> attempt) {
        int max = idempotent ? config.maxAttempts() : 1;
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (GigaApiException e) {
                if (n >= max || !e.retryable()) {
                    throw e;
                }
                Duration delay = retryDelay(e, n);
                if (delay == null) {
                    throw e;
                }
                log.debug("giga {} attempt {} failed with {}; retrying in {} ms", what, n, e.code(),
                        delay.toMillis());
                sleep(delay);
            }
        }
    }

    /** Retry-After when sent (null if too long to wait), otherwise full-jitter exponential backoff. */
    Duration retryDelay(GigaApiException e, int attempt) {
        if (e.retryAfter() != null) {
            return e.retryAfter().compareTo(MAX_RETRY_AFTER) > 0 ? null : e.retryAfter();
        }
        long ceiling = BASE_BACKOFF.toMillis() << Math.min(attempt - 1, 20);
        ceiling = Math.min(ceiling, MAX_BACKOFF.toMillis());
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }

    void sleep(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw interrupted(ie);
        }
    }

    private JsonNode once(Spec spec, Priority priority) {
        RequestBudget.Permit permit;
        try {
            permit = budget.acquire(priority);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw interrupted(ie);
        }
        Request.Builder b = new Request.Builder()
                .url(spec.url())
                .tag(RequestBudget.Permit.class, permit)
                .header("Authorization", "Bearer " + config.apiKey())
                .header("Accept", "application/json")
                .header("User-Agent", userAgent);
        if (config.clientId() != null) {
            b.header("X-Client-Id", config.clientId());
        }
        RequestBody body = spec.body() == null ? null : RequestBody.create(Json.write(spec.body()), JSON);
        b.method(spec.method(), body);
        OkHttpClient client = spec.timing() == Timing.LONG ? slow : normal;
        long start = System.nanoTime();
        try (Response r = client.newCall(b.build()).execute()) {
            log.debug("giga {} {} -> {} in {} ms", spec.method(), spec.path(), r.code(), millisSince(start));
            if (!r.isSuccessful()) {
                GigaApiException e = errorFrom(r, true);
                if (r.code() == 429 && !e.isConcurrencyLimited()) {
                    Duration pause = e.retryAfter() != null ? e.retryAfter() : DEFAULT_RATE_LIMIT_PAUSE;
                    budget.pauseUntil(clock.instant().plus(pause));
                }
                throw e;
            }
            ResponseBody rb = r.body();
            byte[] bytes = rb == null ? new byte[0] : rb.bytes();
            JsonNode root;
            try {
                root = Json.parse(bytes);
            } catch (IOException notJson) {
                throw new GigaApiException(r.code(), GigaApiException.INVALID_RESPONSE,
                        "HTTP " + r.code() + " from Giga but the body was not JSON: " + snippet(bytes), null,
                        r.header("X-Request-Id"), null, false, null);
            }
            if (root.isObject() && Boolean.FALSE.equals(Json.bool(root, "success"))) {
                JsonNode err = root.path("error");
                String code = Json.text(err, "code");
                String message = Json.text(err, "message");
                if (message == null) {
                    message = Json.text(root, "message");
                }
                throw new GigaApiException(r.code(), code == null ? GigaApiException.REQUEST_FAILED : code,
                        redact(message == null ? "the response said success=false" : message),
                        redact(Json.text(err, "hint")), Json.text(err, "requestId"), null, false, null);
            }
            return root;
        } catch (IOException e) {
            log.debug("giga {} {} failed after {} ms: {}", spec.method(), spec.path(), millisSince(start),
                    e.getClass().getSimpleName());
            throw fromIo(e, spec.method() + ' ' + spec.path());
        }
    }

    private byte[] fetchOnce(HttpUrl url, long maxBytes) {
        Request req = new Request.Builder().url(url).get().header("User-Agent", userAgent).build();
        long start = System.nanoTime();
        try (Response r = external.newCall(req).execute()) {
            log.debug("giga GET {}{} -> {} in {} ms", url.host(), url.encodedPath(), r.code(), millisSince(start));
            if (!r.isSuccessful()) {
                throw errorFrom(r, false);
            }
            ResponseBody rb = r.body();
            if (rb == null) {
                return new byte[0];
            }
            if (rb.contentLength() > maxBytes) {
                throw tooLarge(r.code(), maxBytes);
            }
            BufferedSource source = rb.source();
            Buffer buffer = new Buffer();
            while (buffer.size() <= maxBytes) {
                if (source.read(buffer, 8192) == -1) {
                    break;
                }
            }
            if (buffer.size() > maxBytes) {
                throw tooLarge(r.code(), maxBytes);
            }
            return buffer.readByteArray();
        } catch (IOException e) {
            throw fromIo(e, "GET " + url.host());
        }
    }

    private void putOnce(HttpUrl url, byte[] content, String mimeType) {
        MediaType type = mimeType == null ? null : MediaType.parse(mimeType);
        putOnce(url, RequestBody.create(content, type));
    }

    private void putOnce(HttpUrl url, RequestBody body) {
        Request req = new Request.Builder().url(url).put(body).header("User-Agent", userAgent).build();
        long start = System.nanoTime();
        try (Response r = external.newCall(req).execute()) {
            log.debug("giga PUT {}{} -> {} in {} ms", url.host(), url.encodedPath(), r.code(), millisSince(start));
            if (!r.isSuccessful()) {
                throw errorFrom(r, false);
            }
        } catch (IOException e) {
            throw fromIo(e, "PUT " + url.host());
        }
    }

    /**
     * Turns a non-2xx response into an exception. {@code apiBody}: the body is the API's (read the error
     * envelope, quote a non-JSON body); false for storage URLs, whose error bodies are not quoted.
     */
    GigaApiException errorFrom(Response r, boolean apiBody) {
        int status = r.code();
        Duration retryAfter = parseRetryAfter(r.header("Retry-After"), clock);
        String headerRequestId = r.header("X-Request-Id");
        boolean unknown = status >= 500;
        if (!apiBody) {
            return new GigaApiException(status, defaultCode(status), "storage answered HTTP " + status, null,
                    headerRequestId, retryAfter, unknown, null);
        }
        byte[] body;
        try {
            body = r.peekBody(MAX_ERROR_BODY_BYTES).bytes();
        } catch (IOException e) {
            body = new byte[0];
        }
        JsonNode json = null;
        try {
            json = Json.parse(body);
        } catch (IOException | RuntimeException notJson) {
            // handled below
        }
        if (json != null && json.isObject() && body.length > 0) {
            JsonNode err = json.get("error");
            String code;
            String message;
            String hint;
            String requestId;
            if (err != null && err.isObject()) {
                code = Json.text(err, "code");
                message = Json.text(err, "message");
                hint = Json.text(err, "hint");
                requestId = Json.text(err, "requestId");
            } else {
                code = Json.text(json, "code");
                message = Json.text(json, "message", "error");
                hint = Json.text(json, "hint");
                requestId = Json.text(json, "requestId");
            }
            return new GigaApiException(status, code == null ? defaultCode(status) : code,
                    redact(message == null ? "HTTP " + status + " without an error message" : message),
                    redact(hint), requestId != null ? requestId : headerRequestId, retryAfter, unknown, null);
        }
        String what = body.length == 0 ? "an empty body" : "a body that was not JSON: " + snippet(body);
        return new GigaApiException(status, defaultCode(status), "HTTP " + status + " from Giga with " + what,
                null, headerRequestId, retryAfter, unknown, body.length > 0, null);
    }

    GigaApiException fromIo(IOException e, String what) {
        if (Thread.currentThread().isInterrupted()) {
            return new GigaApiException(0, GigaApiException.INTERRUPTED, "interrupted during " + what, null, null,
                    null, true, e);
        }
        String reason = redact(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        boolean timeout = e instanceof SocketTimeoutException
                || (e instanceof InterruptedIOException && "timeout".equalsIgnoreCase(e.getMessage()));
        if (timeout) {
            boolean connectOnly = e.getMessage() != null
                    && e.getMessage().toLowerCase(Locale.ROOT).contains("connect timed out");
            return new GigaApiException(0, GigaApiException.TIMEOUT, "timeout during " + what + " (" + reason + ")",
                    null, null, null, !connectOnly, e);
        }
        boolean notSent = e instanceof ConnectException || e instanceof UnknownHostException
                || e instanceof NoRouteToHostException;
        return new GigaApiException(0, GigaApiException.NETWORK_ERROR,
                "network error during " + what + " (" + reason + ")", null, null, null, !notSent, e);
    }

    private GigaApiException interrupted(InterruptedException ie) {
        return new GigaApiException(0, GigaApiException.INTERRUPTED, "interrupted while waiting", null, null, null,
                false, ie);
    }

    private static GigaApiException tooLarge(int status, long maxBytes) {
        return new GigaApiException(status, GigaApiException.RESPONSE_TOO_LARGE,
                "download larger than the cap of " + maxBytes + " bytes", null, null, null, false, null);
    }

    static String defaultCode(int status) {
        return GigaApiException.defaultCode(status);
    }

    /** Seconds, or an HTTP date; null when absent or unreadable. Never negative. */
    static Duration parseRetryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        try {
            long seconds = Long.parseLong(h);
            return Duration.ofSeconds(Math.max(0, seconds));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** First {@link #SNIPPET_CHARS} characters of a body, decoded as UTF-8, one line, key removed. */
    String snippet(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        s = s.replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").trim();
        s = redact(s);
        if (s.length() > SNIPPET_CHARS) {
            s = s.substring(0, SNIPPET_CHARS) + "…";
        }
        return '"' + s + '"';
    }

    /** Removes the configured key (whatever its shape) from text the server or a library produced. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        return text.replace(config.apiKey(), "***");
    }

    /** scheme://host/path of a URL, for logs and toString (a presigned query is a credential). */
    static String withoutQuery(String url) {
        HttpUrl u = url == null ? null : HttpUrl.parse(url);
        if (u == null) {
            return "<not a URL>";
        }
        return u.scheme() + "://" + u.host() + (u.port() == HttpUrl.defaultPort(u.scheme()) ? "" : ":" + u.port())
                + u.encodedPath();
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}

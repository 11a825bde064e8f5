package io.gigaslack.giga;

import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Settings of a {@link GigaClient}. {@link #toString()} never shows the API key.
 *
 * @param baseUrl         API root, e.g. {@code https://api.withgiga.ai}; paths {@code /api/...} are appended
 * @param apiKey          secret sent as {@code Authorization: Bearer <apiKey>}
 * @param clientId        optional tenant id sent as {@code X-Client-Id}; null or blank for none
 * @param connectTimeout  TCP/TLS connect timeout
 * @param readTimeout     socket read timeout of ordinary calls
 * @param callTimeout     whole-call timeout of ordinary calls
 * @param longReadTimeout read timeout of calls the server may hold open ~15 s (start, create, sessions, runs);
 *                        should stay well above 15 s (default 60 s); their call timeout is stretched to fit
 * @param maxAttempts     attempts (first try included) of calls that are safe to repeat; 1 disables retries
 */
public record GigaClientConfig(
        HttpUrl baseUrl,
        String apiKey,
        String clientId,
        Duration connectTimeout,
        Duration readTimeout,
        Duration callTimeout,
        Duration longReadTimeout,
        int maxAttempts) {

    public static final String DEFAULT_BASE_URL = "https://api.withgiga.ai";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(45);
    public static final Duration DEFAULT_LONG_READ_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_ATTEMPTS = 4;

    public GigaClientConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        if (apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey must not be blank");
        }
        if (clientId != null && clientId.isBlank()) {
            clientId = null;
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(callTimeout, "callTimeout");
        requirePositive(longReadTimeout, "longReadTimeout");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
    }

    /** Same as the canonical constructor with the base URL as a string. */
    public GigaClientConfig(String baseUrl, String apiKey, String clientId, Duration connectTimeout,
            Duration readTimeout, Duration callTimeout, Duration longReadTimeout, int maxAttempts) {
        this(parseBaseUrl(baseUrl), apiKey, clientId, connectTimeout, readTimeout, callTimeout, longReadTimeout,
                maxAttempts);
    }

    /** Defaults for everything but the base URL and key. */
    public static GigaClientConfig of(String baseUrl, String apiKey) {
        return new GigaClientConfig(parseBaseUrl(baseUrl), apiKey, null, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_READ_TIMEOUT, DEFAULT_CALL_TIMEOUT, DEFAULT_LONG_READ_TIMEOUT, DEFAULT_MAX_ATTEMPTS);
    }

    /** Defaults against the production host. */
    public static GigaClientConfig of(String apiKey) {
        return of(DEFAULT_BASE_URL, apiKey);
    }

    public GigaClientConfig withBaseUrl(HttpUrl url) {
        return new GigaClientConfig(url, apiKey, clientId, connectTimeout, readTimeout, callTimeout,
                longReadTimeout, maxAttempts);
    }

    public GigaClientConfig withClientId(String id) {
        return new GigaClientConfig(baseUrl, apiKey, id, connectTimeout, readTimeout, callTimeout, longReadTimeout,
                maxAttempts);
    }

    public GigaClientConfig withTimeouts(Duration connect, Duration read, Duration call) {
        return new GigaClientConfig(baseUrl, apiKey, clientId, connect, read, call, longReadTimeout, maxAttempts);
    }

    public GigaClientConfig withLongReadTimeout(Duration longRead) {
        return new GigaClientConfig(baseUrl, apiKey, clientId, connectTimeout, readTimeout, callTimeout, longRead,
                maxAttempts);
    }

    public GigaClientConfig withMaxAttempts(int attempts) {
        return new GigaClientConfig(baseUrl, apiKey, clientId, connectTimeout, readTimeout, callTimeout,
                longReadTimeout, attempts);
    }

    /** Call timeout used with {@link #longReadTimeout()}: never shorter than connect + long read. */
    public Duration longCallTimeout() {
        Duration needed = connectTimeout.plus(longReadTimeout);
        return callTimeout.compareTo(needed) >= 0 ? callTimeout : needed;
    }

    @Override
    public String toString() {
        return "GigaClientConfig[baseUrl=" + baseUrl
                + ", apiKey=" + redactedKey()
                + ", clientId=" + clientId
                + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout
                + ", callTimeout=" + callTimeout
                + ", longReadTimeout=" + longReadTimeout
                + ", maxAttempts=" + maxAttempts + ']';
    }

    private String redactedKey() {
        return apiKey.startsWith("giga_sk_") ? "giga_sk_***" : "***";
    }

    private static HttpUrl parseBaseUrl(String url) {
        Objects.requireNonNull(url, "baseUrl");
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw new IllegalArgumentException("baseUrl is not an http(s) URL: " + url);
        }
        return parsed;
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}

package io.gigaslack.gigawork;

import io.gigaslack.giga.RequestBudget;
import io.gigaslack.giga.Sleeper;
import io.gigaslack.store.Jdbc;
import io.gigaslack.store.RateSlots;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Giga request budgets of this process, one per API key ({@link #forKey}), each shared with every replica through
 * the database: a key's limit ({@code GIGA_REQUESTS_PER_MINUTE}) is the whole key's, however many replicas use it,
 * and one key's requests never spend another's.
 *
 * <p>Exact as Giga counts, within {@link #MARGIN}: a slot let a request go is free again only {@link #WINDOW} plus the
 * margin later, and the margin covers the time from the permit to the request's arrival at Giga. That time is the
 * request's trip on an open connection, the replicas' clock differences (keep NTP on), and at most
 * {@link #SEND_WITHIN} before the request leaves: one that leaves later moves its slot to when it left.
 */
public final class SharedRequestBudgets {
    /** Giga's window: 60 requests per key in any 60 seconds. */
    public static final Duration WINDOW = Duration.ofSeconds(60);
    /** A slot stays used this much longer than the window (see the class comment). */
    public static final Duration MARGIN = Duration.ofSeconds(1);
    /** A request that leaves later than this after its permit is counted from when it left. */
    public static final Duration SEND_WITHIN = Duration.ofMillis(250);

    private final RateSlots slots;
    private final int requestsPerMinute;
    private final int backgroundReserve;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Map<String, RequestBudget> byKeyId = new ConcurrentHashMap<>();

    /**
     * @param requestsPerMinute each key's limit in any {@link #WINDOW}, for all replicas together
     * @param backgroundReserve slots background calls leave to user actions; 0 ≤ reserve &lt; requestsPerMinute
     */
    public SharedRequestBudgets(Jdbc jdbc, int requestsPerMinute, int backgroundReserve, Clock clock,
            Sleeper sleeper) {
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("requestsPerMinute must be at least 1: " + requestsPerMinute);
        }
        if (backgroundReserve < 0 || backgroundReserve >= requestsPerMinute) {
            throw new IllegalArgumentException(
                    "backgroundReserve must be in [0, requestsPerMinute): " + backgroundReserve);
        }
        this.slots = new RateSlots(jdbc, WINDOW.plus(MARGIN));
        this.requestsPerMinute = requestsPerMinute;
        this.backgroundReserve = backgroundReserve;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** The budget of {@code apiKey}: the same one for every client of this process that uses the key. */
    public RequestBudget forKey(String apiKey) {
        String keyId = keyId(apiKey);
        return byKeyId.computeIfAbsent(keyId, id -> new SharedRequestBudget(slots, id, requestsPerMinute,
                backgroundReserve, clock, sleeper));
    }

    /** How a key is named in the database: its SHA-256, in hex (the key itself is never stored). */
    static String keyId(String apiKey) {
        Objects.requireNonNull(apiKey, "apiKey");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

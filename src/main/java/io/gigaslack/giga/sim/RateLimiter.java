package io.gigaslack.giga.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** A sliding one-minute window of requests per API key: each key's own, as Giga counts them. */
final class RateLimiter {

    /** {@code remaining} after this request if allowed; else how long until a slot frees. */
    record Decision(boolean allowed, int remaining, long retryAfterSeconds) {
    }

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perMinute;
    private final Clock clock;
    private final Map<String, Deque<Instant>> windows = new HashMap<>();

    RateLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    boolean enabled() {
        return perMinute > 0;
    }

    int perMinute() {
        return perMinute;
    }

    synchronized Decision acquire(String key) {
        Instant now = clock.instant();
        Deque<Instant> window = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!window.isEmpty() && !window.peekFirst().plus(WINDOW).isAfter(now)) {
            window.pollFirst();
        }
        if (window.size() >= perMinute) {
            long millis = Duration.between(now, window.peekFirst().plus(WINDOW)).toMillis();
            return new Decision(false, 0, Math.max(1, (millis + 999) / 1000));
        }
        window.addLast(now);
        return new Decision(true, perMinute - window.size(), 0);
    }
}

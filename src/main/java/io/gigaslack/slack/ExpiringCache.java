package io.gigaslack.slack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Answers Slack gave about people and channels, kept briefly so that a click rarely waits on Slack. A load that throws
 * caches nothing: the next ask tries Slack again.
 */
final class ExpiringCache<K, V> {
    private record Entry<V>(V value, Instant at) {}

    private final Clock clock;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

    ExpiringCache(Clock clock) {
        this.clock = clock;
    }

    /** The value kept for {@code key} if it is younger than {@code maxAge}, else a fresh one from {@code load}. */
    V get(K key, Duration maxAge, Supplier<V> load) {
        Instant now = clock.instant();
        Entry<V> e = entries.get(key);
        if (e != null && e.at().plus(maxAge).isAfter(now)) {
            return e.value();
        }
        V value = load.get();
        entries.put(key, new Entry<>(value, now));
        return value;
    }

    /** The value kept for {@code key} if it is younger than {@code maxAge}; nothing is loaded. */
    Optional<V> fresh(K key, Duration maxAge) {
        Entry<V> e = entries.get(key);
        return e != null && e.at().plus(maxAge).isAfter(clock.instant()) ? Optional.of(e.value()) : Optional.empty();
    }

    /** Keeps {@code value} for {@code key}, as of now (for answers worth keeping only sometimes). */
    void put(K key, V value) {
        entries.put(key, new Entry<>(value, clock.instant()));
    }
}

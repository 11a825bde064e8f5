package io.gigaslack.slack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
}

package io.gigaslack.giga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A token bucket of {@code permitsPerMinute} permits refilled continuously, shared by every caller in the
 * process. {@link Priority#INTERACTIVE} calls take a permit whenever one is left; {@link Priority#BACKGROUND}
 * calls only while more than {@code backgroundReserve} remain, so interactive calls always find room and go
 * first when both wait. A {@link #pauseUntil(Instant)} (after a 429 {@code RATE_LIMITED}) stops everyone until
 * then and empties the bucket. Time comes from the injected {@link Clock}; waiting goes through the
 * injected {@link Sleeper}. Thread-safe.
 */
public final class TokenBucketBudget implements RequestBudget {

    /** The documented limit: 60 requests per minute per API key. */
    public static final int DEFAULT_PERMITS_PER_MINUTE = 60;
    /** Permits kept back for interactive calls. */
    public static final int DEFAULT_BACKGROUND_RESERVE = 10;

    private static final long NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();

    private final int capacity;
    private final int backgroundReserve;
    private final Clock clock;
    private final Sleeper sleeper;

    private double tokens;
    private Instant lastRefill;
    private Instant pausedUntil;

    /** A budget with the documented 60 permits per minute and a reserve of 10 for interactive calls. */
    public TokenBucketBudget(Clock clock, Sleeper sleeper) {
        this(DEFAULT_PERMITS_PER_MINUTE, DEFAULT_BACKGROUND_RESERVE, clock, sleeper);
    }

    /**
     * @param permitsPerMinute  bucket size and refill rate per minute (the bucket starts full)
     * @param backgroundReserve permits background calls leave untouched; 0 ≤ reserve &lt; permitsPerMinute
     */
    public TokenBucketBudget(int permitsPerMinute, int backgroundReserve, Clock clock, Sleeper sleeper) {
        if (permitsPerMinute < 1) {
            throw new IllegalArgumentException("permitsPerMinute must be at least 1: " + permitsPerMinute);
        }
        if (backgroundReserve < 0 || backgroundReserve >= permitsPerMinute) {
            throw new IllegalArgumentException(
                    "backgroundReserve must be in [0, permitsPerMinute): " + backgroundReserve);
        }
        this.capacity = permitsPerMinute;
        this.backgroundReserve = backgroundReserve;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.tokens = permitsPerMinute;
        this.lastRefill = clock.instant();
        this.pausedUntil = Instant.MIN;
    }

    @Override
    public void acquire(Priority priority) throws InterruptedException {
        Objects.requireNonNull(priority, "priority");
        while (true) {
            Duration wait;
            synchronized (this) {
                wait = tryTake(priority);
            }
            if (wait == null) {
                return;
            }
            sleeper.sleep(wait);
        }
    }

    /** Takes a permit without waiting; false if the caller would have to wait. */
    public synchronized boolean tryAcquire(Priority priority) {
        return tryTake(Objects.requireNonNull(priority, "priority")) == null;
    }

    @Override
    public synchronized void pauseUntil(Instant until) {
        Objects.requireNonNull(until, "until");
        refill(clock.instant());
        if (until.isAfter(pausedUntil)) {
            pausedUntil = until;
        }
        tokens = 0;
    }

    /** Whole permits left now (for metrics and tests). */
    public synchronized int availablePermits() {
        refill(clock.instant());
        return (int) Math.floor(tokens);
    }

    /** Instant before which no permit is handed out (Instant.MIN when not paused). */
    public synchronized Instant pausedUntil() {
        return pausedUntil;
    }

    /** Returns null when a permit was taken, otherwise how long to wait before trying again. */
    private Duration tryTake(Priority priority) {
        Instant now = clock.instant();
        refill(now);
        if (now.isBefore(pausedUntil)) {
            return Duration.between(now, pausedUntil);
        }
        int needed = priority == Priority.INTERACTIVE ? 1 : backgroundReserve + 1;
        if (tokens >= needed) {
            tokens -= 1;
            return null;
        }
        double missing = needed - tokens;
        long nanos = (long) Math.ceil(missing * NANOS_PER_MINUTE / capacity);
        return Duration.ofNanos(Math.max(nanos, 1_000_000L));
    }

    private void refill(Instant now) {
        if (now.isAfter(lastRefill)) {
            long elapsed = Duration.between(lastRefill, now).toNanos();
            tokens = Math.min(capacity, tokens + (double) elapsed * capacity / NANOS_PER_MINUTE);
            lastRefill = now;
        }
    }

    @Override
    public String toString() {
        return "TokenBucketBudget{permitsPerMinute=" + capacity + ", backgroundReserve=" + backgroundReserve + '}';
    }
}

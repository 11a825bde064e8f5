package io.gigaslack.giga.sim;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One installed callback fault: applies to the next {@link #remaining()} callbacks whose event matches
 * ({@code null} event = any). Created through {@link Faults}.
 */
public final class CallbackFault {

    public enum Kind {
        /** Never sent (recorded as a DROPPED delivery). */
        DROP,
        /** Sent twice, both copies at the same time. */
        DUPLICATE,
        /** Held back and sent right after the next callback. */
        HOLD_BACK,
        /** Sent after a delay. */
        DELAY
    }

    private final String event;
    private final Kind kind;
    private final Duration delay;
    private final AtomicInteger remaining;

    CallbackFault(String event, Kind kind, int times, Duration delay) {
        this.event = event;
        this.kind = kind;
        this.delay = delay;
        this.remaining = new AtomicInteger(times);
    }

    boolean tryConsume(String callbackEvent) {
        if (event != null && !event.equals(callbackEvent)) {
            return false;
        }
        return remaining.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0;
    }

    public String event() { return event; }
    public Kind kind() { return kind; }
    public Duration delay() { return delay; }
    public int remaining() { return remaining.get(); }
}

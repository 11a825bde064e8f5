package io.gigaslack.engine;

import java.time.Duration;

/** Thrown by a job handler that wants to run again later (e.g. Slack said 429 with Retry-After). */
public final class RetryLater extends RuntimeException {
    private final Duration after;

    public RetryLater(String reason, Duration after) {
        super(reason, null, false, false);
        this.after = after;
    }

    /** The wait the other side asked for, or null to use the worker's backoff. */
    public Duration after() {
        return after;
    }
}

package io.gigaslack.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * Thrown by a job handler that must wait before it can go on (e.g. for an earlier attempt's Slack post to settle, or
 * for Slack to allow another read): the job runs again at {@link #until()}, and the wait does not count as a failed
 * attempt.
 */
public final class Postpone extends RuntimeException {
    private final Instant until;

    public Postpone(String reason, Instant until) {
        super(reason, null, false, false);
        this.until = Objects.requireNonNull(until, "until");
    }

    public Instant until() {
        return until;
    }
}

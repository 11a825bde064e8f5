package io.gigaslack.giga;

import java.time.Instant;

/**
 * The process-wide request budget for one Giga API key (60 requests per minute, one bucket for all endpoints).
 * Every HTTP request the {@link GigaClient} sends to the API takes one permit first; requests to presigned
 * storage URLs do not.
 */
public interface RequestBudget {

    /** Who is waiting for the call. */
    enum Priority {
        /** A user is waiting (start, stop, extend, follow-up message): always finds room. */
        INTERACTIVE,
        /** Polling and housekeeping: only takes a permit while more than a reserve remain. */
        BACKGROUND
    }

    /**
     * Blocks until a permit for {@code priority} is available and takes it.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    void acquire(Priority priority) throws InterruptedException;

    /**
     * Tells the budget that the server answered 429 {@code RATE_LIMITED}: nobody takes a permit before
     * {@code until}.
     */
    void pauseUntil(Instant until);

    /** A budget that never waits (for tests and tools). */
    static RequestBudget unlimited() {
        return new RequestBudget() {
            @Override
            public void acquire(Priority priority) {
                // never waits
            }

            @Override
            public void pauseUntil(Instant until) {
                // ignores pauses
            }

            @Override
            public String toString() {
                return "RequestBudget.unlimited()";
            }
        };
    }
}

package io.gigaslack.giga;

import java.time.Instant;

/**
 * The request budget of one Giga API key (60 requests per minute, one budget for all endpoints). Every HTTP request
 * the {@link GigaClient} sends to the API takes one permit first; requests to presigned storage URLs do not. Each
 * attempt of a retried call is a request of its own and takes its own permit (OkHttp's silent retries are off for the
 * API, so a request never leaves twice on one permit).
 */
public interface RequestBudget {

    /** Who is waiting for the call. */
    enum Priority {
        /** A user is waiting (start, stop, extend, follow-up message): always finds room. */
        INTERACTIVE,
        /** Polling and housekeeping: only takes a permit while more than a reserve remain. */
        BACKGROUND
    }

    /** Leave to send one request, from {@link #acquire}. */
    @FunctionalInterface
    interface Permit {
        /**
         * Called just before the request is written to its connection (after any connect), with the time then: a
         * budget that counts requests as the server receives them moves the request to this time when it left later
         * than planned.
         */
        void sending(Instant at);

        /** A permit with nothing to record. */
        Permit ANY = at -> {
            // nothing to record
        };
    }

    /**
     * Blocks until a permit for {@code priority} is available and takes it.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    Permit acquire(Priority priority) throws InterruptedException;

    /**
     * Tells the budget that the server answered 429 {@code RATE_LIMITED}: nobody takes a permit before
     * {@code until}.
     */
    void pauseUntil(Instant until);

    /** A budget that never waits (for tests and tools). */
    static RequestBudget unlimited() {
        return new RequestBudget() {
            @Override
            public Permit acquire(Priority priority) {
                return Permit.ANY;
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

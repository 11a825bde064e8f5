package io.gigaslack.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How a run's start has fared while Giga turned it away for now (a 5xx, a 429, an error page, no answer): the start
 * requests sent so far, what Giga answered the last time (in plain words), when, and when the app tries next.
 * Stored on the run, so the card can say it and a restart cannot reset the count: at most {@link #MAX_REQUESTS} start
 * requests are sent for one run, over about four minutes ({@link #waitAfter}), whatever restarts in between.
 *
 * @param requests start requests sent (or about to be sent) for this run
 * @param answer what Giga answered the last time, a clause such as "Giga answered 503 Service Unavailable"; or null
 * @param answeredAt when it answered that, or null
 * @param nextTryAt when the app tries again, or null when no try is planned
 */
public record StartTries(int requests, String answer, Instant answeredAt, Instant nextTryAt) {

    /** Start requests sent for one run at most, over the whole give-up window. */
    public static final int MAX_REQUESTS = 8;

    /** Nothing tried yet. */
    public static final StartTries NONE = new StartTries(0, null, null, null);

    /**
     * The wait after the n-th failed try (0-based), the last one repeated: growing, so a Giga that is back within
     * seconds is caught at once and one that stays away is not pressed; 3 minutes 30 seconds from the first request
     * to the eighth, then half a minute before the final check whether an unanswered start made a computer after all.
     * No jitter: every run's start has its own moment, and the card shows the exact time of the next try.
     */
    public static final List<Duration> WAITS = List.of(Duration.ofSeconds(3), Duration.ofSeconds(6),
            Duration.ofSeconds(12), Duration.ofSeconds(24), Duration.ofSeconds(45), Duration.ofSeconds(60),
            Duration.ofSeconds(60), Duration.ofSeconds(30));

    /** Giga's {@code Retry-After} is honoured up to this; a longer one would stretch the give-up window too far. */
    public static final Duration MAX_WAIT = Duration.ofMinutes(5);

    /** Longest answer kept (the column holds 500). */
    public static final int MAX_ANSWER_CHARS = 300;

    public StartTries {
        if (requests < 0) {
            throw new IllegalArgumentException("requests must not be negative: " + requests);
        }
        if (answer != null && answer.length() > MAX_ANSWER_CHARS) {
            answer = answer.substring(0, MAX_ANSWER_CHARS - 1) + "…";
        }
    }

    /** The wait after the {@code failedTries}-th failed try (0-based), or Giga's {@code retryAfter} if that is longer. */
    public static Duration waitAfter(int failedTries, Duration retryAfter) {
        Duration planned = WAITS.get(Math.min(Math.max(failedTries, 0), WAITS.size() - 1));
        if (retryAfter == null || retryAfter.compareTo(planned) <= 0) {
            return planned;
        }
        return retryAfter.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : retryAfter;
    }

    /** True once every allowed start request was sent: the next step is the final check, then the end. */
    public boolean exhausted() {
        return requests >= MAX_REQUESTS;
    }

    /** The tries with one more start request counted, recorded just before it is sent. */
    public StartTries sending() {
        return new StartTries(requests + 1, answer, answeredAt, null);
    }

    /** The tries after Giga turned a request away: what it answered, when, and when the next try is. */
    public StartTries answered(String what, Instant at, Instant next) {
        return new StartTries(requests, what, at, next);
    }
}

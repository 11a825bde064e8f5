package io.gigaslack.giga;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Known values of a run's {@code status}. Documented: QUEUED, RUNNING, COMPLETED, FAILED; the run engine is
 * Trigger.dev, whose other statuses may surface too. The field is an open string.
 */
public final class AgentRunStatus {
    public static final String QUEUED = "QUEUED";
    public static final String RUNNING = "RUNNING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";
    // Trigger.dev statuses (inferred).
    public static final String EXECUTING = "EXECUTING";
    public static final String WAITING = "WAITING";
    public static final String DELAYED = "DELAYED";
    public static final String REATTEMPTING = "REATTEMPTING";
    public static final String FROZEN = "FROZEN";
    public static final String CANCELED = "CANCELED";
    public static final String CRASHED = "CRASHED";
    public static final String INTERRUPTED = "INTERRUPTED";
    public static final String SYSTEM_FAILURE = "SYSTEM_FAILURE";
    public static final String TIMED_OUT = "TIMED_OUT";
    public static final String EXPIRED = "EXPIRED";

    private static final Set<String> FAILURES =
            Set.of(FAILED, CANCELED, CRASHED, INTERRUPTED, SYSTEM_FAILURE, TIMED_OUT, EXPIRED);

    // Spellings of an ending seen from other engines, read leniently.
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String SUCCESS = "SUCCESS";
    public static final String DONE = "DONE";
    public static final String ERRORED = "ERRORED";
    public static final String CANCELLED = "CANCELLED";

    private static final Set<String> SUCCESSES = Set.of(COMPLETED, SUCCEEDED, SUCCESS, DONE);
    /**
     * The statuses that end an agent's session in failure. INTERRUPTED is not among them: the engine may resume an
     * interrupted run, so a session that says it has not ended yet.
     */
    private static final Set<String> SESSION_FAILURES =
            Set.of(FAILED, ERRORED, CRASHED, SYSTEM_FAILURE, TIMED_OUT, CANCELED, CANCELLED, EXPIRED);

    /** How an agent's run ended. */
    public enum Ending {
        SUCCEEDED, FAILED
    }

    /** How the run with this status ended, or empty while it has not (or the status is unknown). */
    public static Optional<Ending> ending(String status) {
        String s = normalize(status);
        if (SUCCESSES.contains(s)) {
            return Optional.of(Ending.SUCCEEDED);
        }
        return SESSION_FAILURES.contains(s) ? Optional.of(Ending.FAILED) : Optional.empty();
    }

    /** The status in the upper case the constants use ("" for null). */
    public static String normalize(String status) {
        return status == null ? "" : status.trim().toUpperCase(Locale.ROOT);
    }

    private AgentRunStatus() {
    }

    /** True for a status after which the run does nothing more (completed or one of the failures). */
    public static boolean isTerminal(String status) {
        return COMPLETED.equals(normalize(status)) || isFailure(status);
    }

    /** True for a known failure status (FAILED, CANCELED, CRASHED, SYSTEM_FAILURE, TIMED_OUT, ...). */
    public static boolean isFailure(String status) {
        return FAILURES.contains(normalize(status));
    }

}

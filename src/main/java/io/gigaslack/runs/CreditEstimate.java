package io.gigaslack.runs;

import java.time.Instant;

/**
 * Estimated credits spent by a run's computer so far: runtime is billed per minute while the
 * sandbox runs (AI tokens are billed separately and not known to us).
 */
public final class CreditEstimate {
    private CreditEstimate() {}

    /** Credits for the run's elapsed runtime at the platform's hourly rate, rounded up to a whole credit. */
    public static long estimate(Run run, int creditsPerHour, Instant now) {
        if (run.computer() == ComputerState.NONE) {
            return 0;
        }
        long minutes = (run.elapsed(now).toSeconds() + 59) / 60;
        return (minutes * creditsPerHour + 59) / 60;
    }
}

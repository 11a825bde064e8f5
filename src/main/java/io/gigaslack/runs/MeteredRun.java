package io.gigaslack.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a run costs in Giga credits, from the few facts it is computed from. Giga bills a computer's runtime by the
 * minute (its AI tokens are billed apart and not known here), so a run <em>uses</em> its rate for each minute its
 * computer ran, and <em>holds</em> its rate for each minute it may still run until the app stops it. A start holds
 * the hours asked for; an extension holds more; the end settles the run to what it used. A run whose rate is not
 * known costs nothing here (and says so where it is shown).
 *
 * @param createdAt when the run was recorded (a run counts in full on the day and in the month it was started)
 * @param creditsPerHour the rate when it was started, or {@link Platform#UNKNOWN_RATE}
 * @param readyAt when its desktop was ready (runtime is counted from there, else from {@code createdAt}); or null
 * @param endedAt when its computer ended; null while it runs or before it started
 * @param heldUntil when the app stops the computer if nobody does before ({@link Run#keepsComputerUntil()})
 * @param computerStarted whether Giga ever started a computer for it
 * @param mayStillRun whether its computer runs or may still be started ({@link Run#canBeStopped()})
 */
public record MeteredRun(String runId, String requesterId, String channelId, Instant createdAt, int creditsPerHour,
        Instant readyAt, Instant endedAt, Instant heldUntil, boolean computerStarted, boolean mayStillRun) {

    public MeteredRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(heldUntil, "heldUntil");
    }

    public static MeteredRun of(Run run) {
        return of(run, run.creditsPerHour());
    }

    /** The run metered at {@code creditsPerHour} (for runs recorded before rates were kept: today's rate). */
    public static MeteredRun of(Run run, int creditsPerHour) {
        return new MeteredRun(run.id(), run.requesterId(), run.channelId(), run.createdAt(), creditsPerHour,
                run.readyAt(), run.computerEndedAt(), run.keepsComputerUntil(), run.computer() != ComputerState.NONE,
                run.canBeStopped());
    }

    public boolean rateKnown() {
        return creditsPerHour >= 0;
    }

    /** Credits used up to {@code now} (or up to the computer's end): its runtime at its rate, rounded up. */
    public long used(Instant now) {
        return credits(creditsPerHour, runtime(now));
    }

    /**
     * Credits still held at {@code now}: its rate until the app would stop it; none once it cannot run any more. The
     * part of {@link #charged} that is not used yet.
     */
    public long held(Instant now) {
        return charged(now) - used(now);
    }

    /**
     * What the run counts against a budget at {@code now}: used and held, rounded up once for the two together (each
     * rounded up apart, a running run would count up to two credits more than its start held).
     */
    public long charged(Instant now) {
        return credits(creditsPerHour, runtime(now).plus(stillHeld(now)));
    }

    /** How long its computer ran up to {@code now} (or to its end), counted from when its desktop was ready. */
    private Duration runtime(Instant now) {
        if (!rateKnown() || !computerStarted) {
            return Duration.ZERO;
        }
        Instant start = readyAt != null ? readyAt : createdAt;
        Instant end = endedAt != null ? endedAt : now;
        return end.isAfter(start) ? Duration.between(start, end) : Duration.ZERO;
    }

    /** How long from {@code now} the app may still keep its computer. */
    private Duration stillHeld(Instant now) {
        if (!rateKnown() || !mayStillRun || endedAt != null) {
            return Duration.ZERO;
        }
        Instant from = createdAt.isAfter(now) ? createdAt : now;
        return heldUntil.isAfter(from) ? Duration.between(from, heldUntil) : Duration.ZERO;
    }

    /** Credits for {@code time} at {@code creditsPerHour}, by the started minute, rounded up to a whole credit. */
    public static long credits(int creditsPerHour, Duration time) {
        if (creditsPerHour < 0) {
            return 0;
        }
        long minutes = (time.toSeconds() + 59) / 60;
        return (minutes * creditsPerHour + 59) / 60;
    }
}

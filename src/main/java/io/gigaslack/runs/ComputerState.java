package io.gigaslack.runs;

import java.util.Locale;

/**
 * The Giga deployment (the cloud computer) behind a run. Moves forward only: a late report of an
 * earlier state never brings a stopped computer back.
 */
public enum ComputerState {
    NONE(0), PROVISIONING(1), RUNNING(2), STOPPED(3), TERMINATED(4), DELETED(5);

    private final int rank;

    ComputerState(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    /** True once the computer no longer runs (and no longer costs runtime credits). */
    public boolean hasEnded() {
        return rank >= STOPPED.rank;
    }

    /** True while the computer exists and runs or is about to (it costs credits). */
    public boolean isLive() {
        return this == PROVISIONING || this == RUNNING;
    }

    /**
     * Maps Giga's open-ended deployment status to a state; unknown values give {@code null}, so
     * the caller keeps what it knew rather than guessing.
     */
    public static ComputerState fromGigaStatus(String status) {
        if (status == null) {
            return null;
        }
        switch (status.trim().toLowerCase(Locale.ROOT)) {
            case "provisioning":
            case "pending":
            case "starting":
                return PROVISIONING;
            case "running":
            case "ready":
                return RUNNING;
            case "stopped":
            case "stopping":
            case "paused":
                return STOPPED;
            case "terminated":
            case "failed":
            case "expired":
                return TERMINATED;
            case "deleted":
                return DELETED;
            default:
                return null;
        }
    }
}

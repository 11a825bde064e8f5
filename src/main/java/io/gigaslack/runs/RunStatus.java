package io.gigaslack.runs;

/**
 * Where a run is, as a person would describe it. Statuses only move forward (by {@link #rank()});
 * the three terminal ones share the last rank, so the first terminal status reached stays (except that an agent
 * outcome reported late replaces {@link #STOPPED}, see {@link RunMachine}).
 */
public enum RunStatus {
    /** Acknowledged and recorded; the Giga start has not been confirmed yet. */
    PENDING(0),
    /** Giga created the deployment; the desktop is not ready yet. */
    PROVISIONING(1),
    /** The desktop is ready; the agent is at work (or a person is using the computer). */
    RUNNING(2),
    /** The agent finished its task. */
    SUCCEEDED(3),
    /** The agent failed, or Giga refused or failed to start the computer. */
    FAILED(3),
    /** The computer stopped (by a person, by expiry or by deletion) before the agent finished. */
    STOPPED(3);

    private final int rank;

    RunStatus(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    public boolean isTerminal() {
        return rank == 3;
    }
}

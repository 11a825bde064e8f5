package io.gigaslack.giga.sim;

import java.time.Instant;

/** One agent run of a thread. Guarded by the {@link SimState} lock. */
final class SimRun {
    final String id;
    final String threadId;
    final String prompt;
    final int index;
    final String publicAccessToken;
    final Instant createdAt;
    String status = "QUEUED";
    Instant startedAt;
    /** When the agent began working (the desktop was ready and the run was its turn); its steps count from here. */
    Instant workStartedAt;
    Instant finishAt;

    SimRun(String id, String threadId, String prompt, int index, String publicAccessToken, Instant createdAt) {
        this.id = id;
        this.threadId = threadId;
        this.prompt = prompt;
        this.index = index;
        this.publicAccessToken = publicAccessToken;
        this.createdAt = createdAt;
    }

    boolean isActive() {
        return "QUEUED".equals(status) || "RUNNING".equals(status);
    }
}

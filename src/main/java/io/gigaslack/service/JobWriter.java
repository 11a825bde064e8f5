package io.gigaslack.service;

import io.gigaslack.store.JobQueue;
import io.gigaslack.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Enqueues typed jobs, in the caller's transaction, through the one {@link JobCodec}. */
public final class JobWriter {
    private final JobQueue queue;
    private final Clock clock;

    public JobWriter(JobQueue queue, Clock clock) {
        this.queue = queue;
        this.clock = clock;
    }

    /** Adds {@code job} for {@code runId} (null: unordered), due now. */
    public void add(Tx tx, String runId, RunJob job) {
        add(tx, runId, job, clock.instant());
    }

    public void add(Tx tx, String runId, RunJob job, Instant due) {
        JobCodec.Stored s = JobCodec.encode(job);
        queue.enqueue(tx, s.queue(), runId, s.kind(), s.payload(), due);
    }

    /**
     * Adds {@code job} unless an unclaimed job of the same kind already waits for this run (that one will do: e.g. a
     * card edit renders the run's latest state when it runs).
     */
    public void addCoalesced(Tx tx, String runId, RunJob job, Instant due) {
        JobCodec.Stored s = JobCodec.encode(job);
        queue.enqueueCoalesced(tx, s.queue(), runId, s.kind(), s.payload(), due);
    }

    /** When a job of {@code sample}'s kind was last added for this run (done or not), if ever. */
    public Optional<Instant> lastAdded(Tx tx, String runId, RunJob sample) {
        JobCodec.Stored s = JobCodec.encode(sample);
        return queue.lastCreatedAt(tx, s.queue(), runId, s.kind());
    }

    /** Whether a job of {@code sample}'s kind is unfinished (waiting or running) for this run. */
    public boolean hasUnfinished(String runId, RunJob sample) {
        JobCodec.Stored s = JobCodec.encode(sample);
        return queue.hasUnfinished(s.queue(), runId, s.kind());
    }
}

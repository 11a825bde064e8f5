package io.gigaslack.store;

import java.time.Instant;

/**
 * A claimed unit of work from {@link JobQueue}.
 *
 * @param runId the run whose jobs in this queue run strictly in order, or null for an unordered job
 * @param payload JSON, as given at enqueue
 * @param attempts how many earlier attempts were given up for a retry or a failure, or abandoned by a replica that
 *     died holding the job (its lease expired)
 * @param runAfter when the job became (or becomes) due; moved on by a retry
 * @param createdAt when the job was first due (the {@code runAfter} given at enqueue)
 * @param lastError the error recorded by the last retry, or null
 * @param progress what an earlier attempt recorded with {@link JobQueue#recordProgress}, or null
 * @param leaseOwner who holds the job's lease (the claimer, for a claimed job)
 */
public record Job(long id, String queue, String runId, String kind, String payload, int attempts, Instant runAfter,
        Instant createdAt, String lastError, String progress, String leaseOwner) {}

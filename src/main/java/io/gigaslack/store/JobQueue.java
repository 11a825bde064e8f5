package io.gigaslack.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The durable queue: the Slack outbox ({@link #SLACK}) and the Giga task queue ({@link #GIGA}) in one table.
 *
 * <p>Jobs are added in the caller's transaction, so a run's change and the work it causes commit together. A job is
 * claimed with a lease; if its owner dies, the job is claimable again once the lease has expired. Jobs of one run in
 * one queue run strictly one after another in the order they were added (by id): a job is not claimed while an
 * earlier job of its run is unfinished, including one waiting for a retry. Jobs without a run are unordered.
 *
 * <p>Claiming is safe across replicas: a claim is a conditional {@code UPDATE} of the lease columns that succeeds for
 * exactly one claimer (both H2 and PostgreSQL re-check the condition after waiting for a row lock).
 *
 * <p>Order is by id, which both databases hand out in insertion order; jobs of one run are normally added by
 * transactions serialized by the run's optimistic lock, so ids follow commit order within a run.
 */
public final class JobQueue {
    public static final String SLACK = "slack";
    public static final String GIGA = "giga";
    /** How many due jobs a claimer looks at per attempt; it tries them in order until one claim succeeds. */
    public static final int DEFAULT_CLAIM_BATCH = 16;
    public static final int MAX_ERROR_LENGTH = 4000;

    public static final int MAX_PROGRESS_LENGTH = 200;
    private static final String LEASE_EXPIRED_PREFIX = "lease of ";
    private static final String LEASE_EXPIRED_SUFFIX = " expired";

    private static final String COLUMNS =
            "id, queue, run_id, kind, payload, attempts, run_after, created_at, last_error, progress, lease_owner";
    private static final String FREE_LEASE = "(lease_until IS NULL OR lease_until <= ?)";

    private final Jdbc jdbc;

    public JobQueue(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds a job in the caller's transaction; returns its id. {@code runId} null makes it unordered. */
    public long enqueue(Tx tx, String queue, String runId, String kind, String payloadJson, Instant runAfter) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payloadJson, "payloadJson");
        Objects.requireNonNull(runAfter, "runAfter");
        return tx.insertReturningId("INSERT INTO jobs (queue, run_id, kind, payload, attempts, run_after, created_at, "
                + "done, failed) VALUES (?, ?, ?, ?, 0, ?, ?, FALSE, FALSE)",
                queue, runId, kind, payloadJson, runAfter, runAfter);
    }

    /**
     * Adds a job unless an unclaimed, unfinished job of the same queue, run and kind already waits (that one will do,
     * e.g. a status-card edit that renders the run's latest state when it runs). A job being worked on does not
     * count: it may have read the state before this change. Returns the new job's id, or empty when coalesced.
     *
     * <p>Two transactions coalescing for the same run at once may both add a job; callers that also update the run
     * (optimistic lock) in the same transaction are serialized by the run's row.
     */
    public OptionalLong enqueueCoalesced(Tx tx, String queue, String runId, String kind, String payloadJson,
            Instant runAfter) {
        Objects.requireNonNull(runId, "runId");
        long waiting = tx.queryLong("SELECT COUNT(*) FROM jobs WHERE queue = ? AND run_id = ? AND kind = ? "
                + "AND done = FALSE AND lease_owner IS NULL", queue, runId, kind);
        if (waiting > 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(enqueue(tx, queue, runId, kind, payloadJson, runAfter));
    }

    /** Whether any unfinished job of this run and kind exists, claimed or not. */
    public boolean hasUnfinished(String queue, String runId, String kind) {
        return jdbc.queryLong("SELECT COUNT(*) FROM jobs WHERE queue = ? AND run_id = ? AND kind = ? AND done = FALSE",
                queue, runId, kind) > 0;
    }

    /**
     * A job {@code j} that may be claimed now (parameters: the queue, now, now): due, not finished, not leased (or its
     * lease expired), and its run has no earlier unfinished job in the queue.
     */
    private static final String CLAIMABLE = "j.queue = ? AND j.done = FALSE "
            + "AND j.run_after <= ? AND (j.lease_until IS NULL OR j.lease_until <= ?) "
            + "AND (j.run_id IS NULL OR NOT EXISTS (SELECT 1 FROM jobs e WHERE e.queue = j.queue "
            + "AND e.run_id = j.run_id AND e.done = FALSE AND e.id < j.id)) ";

    /**
     * Claims the oldest due job of {@code queue} (by {@code runAfter}, then id) that is not finished, not leased (or
     * whose lease expired) and whose run has no earlier unfinished job in this queue. The lease lasts until
     * {@code now + lease}. Taking over a job whose lease expired under another owner counts as an attempt
     * ({@link Job#attempts()} goes up by one and {@link Job#lastError()} says whose lease expired).
     */
    public Optional<Job> claimNext(String queue, String owner, Duration lease, Instant now) {
        Objects.requireNonNull(owner, "owner");
        Instant leaseUntil = now.plus(lease);
        List<Long> candidates = jdbc.query("SELECT j.id FROM jobs j WHERE " + CLAIMABLE
                // Ordered by the whole of jobs_due_idx (queue and done are fixed by the WHERE, so the order is the
                // same as by run_after, id): H2 then reads the index in order and stops after the batch, instead of
                // reading every due job and sorting (a claim cost 8 ms with 5 000 jobs waiting, now flat).
                + "ORDER BY j.queue, j.done, j.run_after, j.id FETCH FIRST ? ROWS ONLY",
                rs -> rs.getLong(1), queue, now, now, DEFAULT_CLAIM_BATCH);
        for (long id : candidates) {
            Optional<Job> claimed = claim(id, owner, leaseUntil, now);
            if (claimed.isPresent()) {
                return claimed;
            }
        }
        return Optional.empty();
    }

    /**
     * Claims job {@code id} if it still may be claimed at {@code now}: not done, due, and not leased. Checked again here
     * because the candidates were read before: meanwhile another claimer may have run the job and put it off (a
     * retry), and it must not run again before its time.
     */
    Optional<Job> claim(long id, String owner, Instant leaseUntil, Instant now) {
        return jdbc.inTransaction(tx -> {
            // A job still carrying an owner was abandoned by a replica that died holding it: that was an
            // attempt, which handlers see (e.g. a start then looks for what it may already have started).
            int n = tx.update("UPDATE jobs SET attempts = CASE WHEN lease_owner IS NULL THEN attempts "
                    + "ELSE attempts + 1 END, last_error = CASE WHEN lease_owner IS NULL THEN last_error "
                    + "ELSE '" + LEASE_EXPIRED_PREFIX + "' || lease_owner || '" + LEASE_EXPIRED_SUFFIX + "' END, "
                    + "lease_owner = ?, lease_until = ? WHERE id = ? AND done = FALSE AND run_after <= ? AND "
                    + FREE_LEASE, owner, leaseUntil, id, now, now);
            return n == 1 ? find(tx, id) : Optional.<Job>empty();
        });
    }

    /** Marks a claimed job done. False when {@code owner} no longer holds it (it was claimed by someone else). */
    public boolean complete(Tx tx, Job job, String owner) {
        return tx.update("UPDATE jobs SET done = TRUE, lease_until = NULL WHERE id = ? AND lease_owner = ? "
                + "AND done = FALSE", job.id(), owner) == 1;
    }

    public boolean complete(Job job, String owner) {
        return jdbc.inTransaction(tx -> complete(tx, job, owner));
    }

    /**
     * Releases a claimed job to run again at {@code nextRunAt}, counting the attempt and recording the error. The
     * run's later jobs keep waiting for it.
     */
    public boolean retryLater(Tx tx, Job job, String owner, Instant nextRunAt, String error) {
        return tx.update("UPDATE jobs SET attempts = attempts + 1, run_after = ?, last_error = ?, lease_owner = NULL, "
                + "lease_until = NULL WHERE id = ? AND lease_owner = ? AND done = FALSE",
                nextRunAt, truncate(error), job.id(), owner) == 1;
    }

    public boolean retryLater(Job job, String owner, Instant nextRunAt, String error) {
        return jdbc.inTransaction(tx -> retryLater(tx, job, owner, nextRunAt, error));
    }

    /** Gives a claimed job up: it is done, with its error kept, and the run's later jobs proceed. */
    public boolean fail(Tx tx, Job job, String owner, String error) {
        return tx.update("UPDATE jobs SET done = TRUE, failed = TRUE, attempts = attempts + 1, last_error = ?, "
                + "lease_until = NULL WHERE id = ? AND lease_owner = ? AND done = FALSE",
                truncate(error), job.id(), owner) == 1;
    }

    public boolean fail(Job job, String owner, String error) {
        return jdbc.inTransaction(tx -> fail(tx, job, owner, error));
    }

    /**
     * Records, in its own transaction, what a claimed job has done so far that a later attempt must know (see
     * {@link Job#progress()}); at most {@link #MAX_PROGRESS_LENGTH} characters, null to clear it. False when the
     * job's claimer ({@link Job#leaseOwner()}) no longer holds it, or it is finished: the caller must then stop.
     */
    public boolean recordProgress(Job job, String progress) {
        return jdbc.inTransaction(tx -> recordProgress(tx, job, progress));
    }

    /**
     * As {@link #recordProgress(Job, String)}, in the caller's transaction: what the job did (e.g. the jobs it added)
     * and the record of it commit together, and only while the job is still its claimer's (the row stays locked until
     * the commit, so a replica taking the job over sees both or neither).
     */
    public boolean recordProgress(Tx tx, Job job, String progress) {
        if (progress != null && progress.length() > MAX_PROGRESS_LENGTH) {
            throw new IllegalArgumentException("progress longer than " + MAX_PROGRESS_LENGTH + " characters");
        }
        return tx.update("UPDATE jobs SET progress = ? WHERE id = ? AND lease_owner = ? AND done = FALSE",
                progress, job.id(), job.leaseOwner()) == 1;
    }

    /**
     * Releases a claimed job to run again at {@code runAt} without counting an attempt or changing its recorded
     * error: it is waiting for something, not failing.
     */
    public boolean postpone(Job job, String owner, Instant runAt) {
        return jdbc.update("UPDATE jobs SET run_after = ?, lease_owner = NULL, lease_until = NULL "
                + "WHERE id = ? AND lease_owner = ? AND done = FALSE", runAt, job.id(), owner) == 1;
    }

    /** Keeps a long job's lease until {@code now + lease}. False when {@code owner} no longer holds the job. */
    public boolean extendLease(Job job, String owner, Duration lease, Instant now) {
        return jdbc.update("UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_owner = ? AND done = FALSE",
                now.plus(lease), job.id(), owner) == 1;
    }

    /** A job as stored now, finished or not. */
    public Optional<Job> find(long id) {
        return jdbc.inTransaction(tx -> find(tx, id));
    }

    /** Whether a job is finished (completed or given up); empty if there is no such job. */
    public Optional<Boolean> isDone(long id) {
        return jdbc.queryOne("SELECT done FROM jobs WHERE id = ?", rs -> rs.getBoolean(1), id);
    }

    /** Unfinished jobs in a queue, due or not. */
    public long depth(String queue) {
        return jdbc.queryLong("SELECT COUNT(*) FROM jobs WHERE queue = ? AND done = FALSE", queue);
    }

    /** Unfinished jobs per queue (queues with none are absent). */
    public Map<String, Long> depths() {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.query("SELECT queue, COUNT(*) FROM jobs WHERE done = FALSE GROUP BY queue ORDER BY queue",
                rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    /** How long the oldest due, unfinished job of a queue has been due; zero when none is due. */
    public Duration oldestDueAge(String queue, Instant now) {
        List<Instant> oldest = jdbc.query("SELECT MIN(run_after) AS oldest FROM jobs WHERE queue = ? "
                + "AND done = FALSE AND run_after <= ?", rs -> Rows.instant(rs, "oldest"), queue, now);
        Instant due = oldest.isEmpty() ? null : oldest.get(0);
        return due == null ? Duration.ZERO : Duration.between(due, now);
    }

    /** When the newest job of this run and kind was first due (finished or not), if there is one. */
    public Optional<Instant> lastCreatedAt(Tx tx, String queue, String runId, String kind) {
        List<Instant> at = tx.query("SELECT MAX(created_at) AS newest FROM jobs WHERE queue = ? AND run_id = ? AND kind = ?",
                rs -> Rows.instant(rs, "newest"), queue, runId, kind);
        return at.isEmpty() ? Optional.empty() : Optional.ofNullable(at.get(0));
    }

    /** Whether a job of the queue could be claimed at {@code now} (see {@link #claimNext}). */
    public boolean hasClaimable(String queue, Instant now) {
        return jdbc.queryLong("SELECT COUNT(*) FROM jobs j WHERE " + CLAIMABLE, queue, now, now) > 0;
    }

    /** Deletes finished jobs first due before {@code before}; returns how many. */
    public int purgeDone(Instant before) {
        return jdbc.update("DELETE FROM jobs WHERE done = TRUE AND created_at < ?", before);
    }

    private static Optional<Job> find(Tx tx, long id) {
        return tx.queryOne("SELECT " + COLUMNS + " FROM jobs WHERE id = ?", JobQueue::map, id);
    }

    private static Job map(ResultSet rs) throws SQLException {
        return new Job(rs.getLong("id"), rs.getString("queue"), rs.getString("run_id"), rs.getString("kind"),
                rs.getString("payload"), rs.getInt("attempts"), Rows.instant(rs, "run_after"),
                Rows.instant(rs, "created_at"), rs.getString("last_error"), rs.getString("progress"),
                rs.getString("lease_owner"));
    }

    private static String truncate(String error) {
        if (error == null || error.length() <= MAX_ERROR_LENGTH) {
            return error;
        }
        return error.substring(0, MAX_ERROR_LENGTH);
    }
}

package io.gigaslack.store;

import static io.gigaslack.store.JobQueue.GIGA;
import static io.gigaslack.store.JobQueue.SLACK;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link JobQueue} behaviour that must hold on every supported database. */
abstract class JobQueueCompatibility extends DatabaseSuite {
    static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(5);

    JobQueue jobs;

    @BeforeEach
    void setUp() {
        jobs = new JobQueue(db.jdbc());
    }

    long enqueue(String queue, String runId, String kind, Instant runAfter) {
        return db.jdbc().inTransaction(tx -> jobs.enqueue(tx, queue, runId, kind, "{\"k\":\"" + kind + "\"}", runAfter));
    }

    Optional<Job> claim(String owner) {
        return jobs.claimNext(SLACK, owner, LEASE, NOW);
    }

    @Test
    void nothing_to_claim_in_an_empty_queue() {
        assertThat(claim("a")).isEmpty();
    }

    @Test
    void claimed_job_carries_what_was_enqueued() {
        long id = enqueue(SLACK, "r_1", "post_card", NOW.minusSeconds(3));

        Job job = claim("a").orElseThrow();

        assertThat(job).isEqualTo(new Job(id, SLACK, "r_1", "post_card", "{\"k\":\"post_card\"}", 0,
                NOW.minusSeconds(3), NOW.minusSeconds(3), null, null, "a"));
    }

    @Test
    void job_not_yet_due_is_not_claimed() {
        enqueue(SLACK, "r_1", "later", NOW.plusSeconds(1));
        assertThat(claim("a")).isEmpty();
        assertThat(jobs.claimNext(SLACK, "a", LEASE, NOW.plusSeconds(1))).isPresent();
    }

    @Test
    void oldest_due_job_is_claimed_first() {
        long late = enqueue(SLACK, "r_1", "x", NOW.minusSeconds(1));
        long early = enqueue(SLACK, "r_2", "x", NOW.minusSeconds(10));
        long unordered = enqueue(SLACK, null, "x", NOW.minusSeconds(5));

        assertThat(claim("a")).map(Job::id).contains(early);
        assertThat(claim("a")).map(Job::id).contains(unordered);
        assertThat(claim("a")).map(Job::id).contains(late);
    }

    @Test
    void queues_are_separate() {
        long giga = enqueue(GIGA, "r_1", "start", NOW);
        assertThat(claim("a")).isEmpty();
        assertThat(jobs.claimNext(GIGA, "a", LEASE, NOW)).map(Job::id).contains(giga);
    }

    @Test
    void claim_respects_order_within_a_run() {
        long first = enqueue(SLACK, "r_1", "post_card", NOW);
        long second = enqueue(SLACK, "r_1", "edit_card", NOW.minusSeconds(60)); // due earlier, still waits its turn
        long other = enqueue(SLACK, "r_2", "post_card", NOW);

        Job a = claim("a").orElseThrow();
        assertThat(a.id()).isEqualTo(first);
        assertThat(claim("b")).map(Job::id).contains(other);
        assertThat(claim("b")).as("r_1's second job waits for its first").isEmpty();

        assertThat(jobs.complete(a, "a")).isTrue();
        assertThat(claim("b")).map(Job::id).contains(second);
    }

    @Test
    void jobs_without_a_run_are_unordered() {
        long one = enqueue(SLACK, null, "x", NOW);
        long two = enqueue(SLACK, null, "x", NOW);

        assertThat(claim("a")).map(Job::id).contains(one);
        assertThat(claim("b")).map(Job::id).contains(two);
    }

    @Test
    void retry_later_counts_the_attempt_and_keeps_the_runs_later_jobs_waiting() {
        long first = enqueue(SLACK, "r_1", "post_card", NOW);
        long second = enqueue(SLACK, "r_1", "post_milestone", NOW);
        Job job = claim("a").orElseThrow();

        assertThat(jobs.retryLater(job, "a", NOW.plusSeconds(30), "slack 503")).isTrue();

        assertThat(claim("a")).as("neither the retried job (not due) nor the next one (waits)").isEmpty();
        Job again = jobs.claimNext(SLACK, "b", LEASE, NOW.plusSeconds(30)).orElseThrow();
        assertThat(again.id()).isEqualTo(first);
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(again.lastError()).isEqualTo("slack 503");
        assertThat(again.runAfter()).isEqualTo(NOW.plusSeconds(30));
        assertThat(again.createdAt()).isEqualTo(NOW);

        jobs.complete(again, "b");
        assertThat(jobs.claimNext(SLACK, "b", LEASE, NOW.plusSeconds(30))).map(Job::id).contains(second);
    }

    @Test
    void failed_job_is_given_up_and_the_runs_later_jobs_proceed() {
        long first = enqueue(SLACK, "r_1", "post_card", NOW);
        long second = enqueue(SLACK, "r_1", "post_milestone", NOW);
        Job job = claim("a").orElseThrow();

        assertThat(jobs.fail(job, "a", "channel_not_found")).isTrue();

        assertThat(jobs.isDone(first)).contains(true);
        assertThat(jobs.find(first).orElseThrow().lastError()).isEqualTo("channel_not_found");
        assertThat(claim("a")).map(Job::id).contains(second);
    }

    @Test
    void a_job_put_off_by_another_claimer_meanwhile_is_not_claimed_from_candidates_read_before() {
        long id = enqueue(SLACK, "r_1", "start", NOW);
        Job first = claim("a").orElseThrow();
        // "b" read the job as a candidate before "a" claimed it; "a" runs it and puts it off by a minute.
        assertThat(jobs.retryLater(first, "a", NOW.plusSeconds(60), "503")).isTrue();

        assertThat(jobs.claim(id, "b", NOW.plus(LEASE), NOW)).as("not before its time").isEmpty();
        assertThat(jobs.claim(id, "b", NOW.plusSeconds(60).plus(LEASE), NOW.plusSeconds(60))).isPresent();
    }

    @Test
    void leased_job_is_not_claimed_again_before_its_lease_expires() {
        enqueue(SLACK, null, "x", NOW);
        claim("a").orElseThrow();

        assertThat(jobs.claimNext(SLACK, "b", LEASE, NOW.plus(LEASE).minusMillis(1))).isEmpty();
    }

    @Test
    void expired_lease_is_claimed_again() {
        long id = enqueue(SLACK, "r_1", "x", NOW);
        Job crashed = claim("dead-replica").orElseThrow(); // never completed: its owner died

        Job reclaimed = jobs.claimNext(SLACK, "b", LEASE, NOW.plus(LEASE)).orElseThrow();

        assertThat(reclaimed.id()).isEqualTo(id);
        assertThat(jobs.complete(crashed, "dead-replica")).as("the old owner lost the job").isFalse();
        assertThat(jobs.complete(reclaimed, "b")).isTrue();
        assertThat(jobs.isDone(id)).contains(true);
    }

    @Test
    void taking_over_an_expired_lease_counts_the_abandoned_attempt() {
        enqueue(GIGA, "r_1", "start", NOW);
        assertThat(jobs.claimNext(GIGA, "dead-replica", LEASE, NOW).orElseThrow().attempts()).isZero();

        Job reclaimed = jobs.claimNext(GIGA, "b", LEASE, NOW.plus(LEASE)).orElseThrow();

        assertThat(reclaimed.attempts()).as("the dead replica may have started it").isEqualTo(1);
        assertThat(reclaimed.lastError()).isEqualTo("lease of dead-replica expired");
    }

    @Test
    void recorded_progress_reaches_the_next_attempt_after_a_takeover() {
        enqueue(SLACK, "r_1", "file", NOW);
        Job first = claim("dead-replica").orElseThrow();
        assertThat(first.progress()).isNull();

        assertThat(jobs.recordProgress(first, "F123")).isTrue();
        Job second = jobs.claimNext(SLACK, "b", LEASE, NOW.plus(LEASE)).orElseThrow();

        assertThat(second.progress()).isEqualTo("F123");
        jobs.retryLater(second, "b", NOW.plus(LEASE), "ratelimited");
        assertThat(jobs.claimNext(SLACK, "c", LEASE, NOW.plus(LEASE)).orElseThrow().progress()).isEqualTo("F123");
    }

    @Test
    void progress_is_not_recorded_by_a_claimer_that_lost_the_job() {
        enqueue(SLACK, "r_1", "file", NOW);
        Job stale = claim("slow-replica").orElseThrow();
        jobs.claimNext(SLACK, "b", LEASE, NOW.plus(LEASE)).orElseThrow();

        assertThat(jobs.recordProgress(stale, "F1")).isFalse();
        assertThat(jobs.find(stale.id()).orElseThrow().progress()).isNull();
    }

    @Test
    void a_postponed_job_waits_without_counting_an_attempt() {
        long id = enqueue(SLACK, "r_1", "thread", NOW);
        Job job = claim("a").orElseThrow();
        jobs.retryLater(job, "a", NOW, "HTTP 503");
        job = claim("a").orElseThrow();

        assertThat(jobs.postpone(job, "a", NOW.plusSeconds(40))).isTrue();

        assertThat(claim("b")).as("not due yet").isEmpty();
        Job again = jobs.claimNext(SLACK, "b", LEASE, NOW.plusSeconds(40)).orElseThrow();
        assertThat(again.id()).isEqualTo(id);
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(again.lastError()).isEqualTo("HTTP 503");
    }

    @Test
    void progress_is_not_recorded_on_a_finished_job() {
        enqueue(SLACK, "r_1", "file", NOW);
        Job job = claim("a").orElseThrow();
        jobs.complete(job, "a");

        assertThat(jobs.recordProgress(job, "F1")).isFalse();
    }

    @Test
    void extended_lease_keeps_the_job_from_others() {
        enqueue(SLACK, null, "x", NOW);
        Job job = claim("a").orElseThrow();

        assertThat(jobs.extendLease(job, "a", LEASE, NOW.plus(Duration.ofMinutes(4)))).isTrue();

        assertThat(jobs.claimNext(SLACK, "b", LEASE, NOW.plus(LEASE))).isEmpty();
        assertThat(jobs.claimNext(SLACK, "b", LEASE, NOW.plus(Duration.ofMinutes(9)))).isPresent();
        assertThat(jobs.extendLease(job, "a", LEASE, NOW.plus(Duration.ofMinutes(9)))).isFalse();
    }

    @Test
    void only_the_owner_can_complete_retry_or_fail_a_job() {
        enqueue(SLACK, null, "x", NOW);
        Job job = claim("a").orElseThrow();

        assertThat(jobs.complete(job, "b")).isFalse();
        assertThat(jobs.retryLater(job, "b", NOW, "x")).isFalse();
        assertThat(jobs.fail(job, "b", "x")).isFalse();
        assertThat(jobs.isDone(job.id())).contains(false);
        assertThat(jobs.complete(job, "a")).isTrue();
        assertThat(jobs.complete(job, "a")).as("completing twice").isFalse();
    }

    @Test
    void coalesced_job_is_not_added_while_one_of_the_same_kind_waits() {
        OptionalLong first = db.jdbc().inTransaction(tx -> jobs.enqueueCoalesced(tx, SLACK, "r_1", "edit_card", "{}", NOW));
        OptionalLong dup = db.jdbc().inTransaction(tx -> jobs.enqueueCoalesced(tx, SLACK, "r_1", "edit_card", "{}", NOW));
        OptionalLong otherKind = db.jdbc().inTransaction(
                tx -> jobs.enqueueCoalesced(tx, SLACK, "r_1", "post_milestone", "{}", NOW));
        OptionalLong otherRun = db.jdbc().inTransaction(
                tx -> jobs.enqueueCoalesced(tx, SLACK, "r_2", "edit_card", "{}", NOW));

        assertThat(first).isPresent();
        assertThat(dup).isEmpty();
        assertThat(otherKind).isPresent();
        assertThat(otherRun).isPresent();
        assertThat(jobs.depth(SLACK)).isEqualTo(3);
    }

    @Test
    void coalesced_job_is_added_when_the_waiting_one_is_already_being_worked_on() {
        db.jdbc().useTransaction(tx -> jobs.enqueueCoalesced(tx, SLACK, "r_1", "edit_card", "{}", NOW));
        Job inProgress = claim("a").orElseThrow(); // may have rendered the old state already

        OptionalLong again = db.jdbc().inTransaction(
                tx -> jobs.enqueueCoalesced(tx, SLACK, "r_1", "edit_card", "{}", NOW));

        assertThat(again).isPresent();
        jobs.complete(inProgress, "a");
        assertThat(claim("a")).map(Job::id).hasValue(again.getAsLong());
    }

    @Test
    void enqueue_rolls_back_with_the_callers_transaction() {
        try {
            db.jdbc().useTransaction(tx -> {
                jobs.enqueue(tx, SLACK, "r_1", "x", "{}", NOW);
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // the job must be gone with the transaction
        }
        assertThat(jobs.depth(SLACK)).isZero();
        assertThat(claim("a")).isEmpty();
    }

    @Test
    void depth_and_age_of_the_oldest_due_job() {
        enqueue(SLACK, "r_1", "x", NOW.minusSeconds(90));
        enqueue(SLACK, "r_2", "x", NOW.minusSeconds(30));
        enqueue(SLACK, "r_3", "x", NOW.plusSeconds(60));
        enqueue(GIGA, null, "x", NOW);
        Job oldest = claim("a").orElseThrow();

        assertThat(jobs.depth(SLACK)).isEqualTo(3);
        assertThat(jobs.depths()).containsExactly(Map.entry(GIGA, 1L), Map.entry(SLACK, 3L));
        assertThat(jobs.oldestDueAge(SLACK, NOW)).isEqualTo(Duration.ofSeconds(90));

        jobs.complete(oldest, "a");
        assertThat(jobs.oldestDueAge(SLACK, NOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(jobs.oldestDueAge("nothing", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void purge_deletes_only_finished_jobs() {
        enqueue(SLACK, null, "x", NOW.minusSeconds(100));
        long open = enqueue(SLACK, null, "x", NOW.minusSeconds(100));
        jobs.complete(claim("a").orElseThrow(), "a");

        assertThat(jobs.purgeDone(NOW)).isEqualTo(1);
        assertThat(jobs.find(open)).isPresent();
    }

    /**
     * Several claimers (as several replicas would) drain thousands of jobs: every job is completed exactly once, no
     * job is ever held by two claimers at once, and each run's jobs run one at a time in order.
     */
    @Test
    void two_claimers_never_get_the_same_job() throws Exception {
        int runsCount = 40;
        int perRun = 60;
        int unordered = 600;
        Map<Long, String> runOf = new HashMap<>();
        Map<Long, Integer> seqOf = new HashMap<>();
        db.jdbc().useTransaction(tx -> {
            for (int seq = 0; seq < perRun; seq++) {
                for (int r = 0; r < runsCount; r++) {
                    long id = jobs.enqueue(tx, SLACK, "r_" + r, "step", "{\"seq\":" + seq + "}", NOW);
                    runOf.put(id, "r_" + r);
                    seqOf.put(id, seq);
                }
                for (int u = 0; u < unordered / perRun; u++) {
                    jobs.enqueue(tx, SLACK, null, "loose", "{}", NOW);
                }
            }
        });
        int total = runsCount * perRun + unordered;

        int claimers = 6;
        ConcurrentHashMap<Long, String> holder = new ConcurrentHashMap<>();
        ConcurrentHashMap<Long, AtomicInteger> completions = new ConcurrentHashMap<>();
        ConcurrentHashMap<String, List<long[]>> completedByRun = new ConcurrentHashMap<>(); // {seq, claimTick, preCompleteTick}
        List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong ticks = new AtomicLong();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        List<Future<?>> futures = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (int c = 0; c < claimers; c++) {
            String owner = "replica-" + c;
            futures.add(pool.submit(() -> {
                start.await();
                while (done.get() < total && System.nanoTime() < deadline) {
                    Optional<Job> claimed = jobs.claimNext(SLACK, owner, LEASE, NOW);
                    if (claimed.isEmpty()) {
                        Thread.sleep(1);
                        continue;
                    }
                    Job job = claimed.get();
                    long claimTick = ticks.incrementAndGet();
                    String previous = holder.putIfAbsent(job.id(), owner);
                    if (previous != null) {
                        violations.add("job " + job.id() + " claimed by " + owner + " while held by " + previous);
                    }
                    // every ordered job whose seq is 3 mod 7 fails once, then succeeds
                    boolean retry = job.runId() != null && seqOf.get(job.id()) % 7 == 3 && job.attempts() == 0;
                    holder.remove(job.id());
                    if (retry) {
                        retries.incrementAndGet();
                        if (!jobs.retryLater(job, owner, NOW, "transient")) {
                            violations.add("retry of " + job.id() + " refused for its owner");
                        }
                        continue;
                    }
                    long preCompleteTick = ticks.incrementAndGet();
                    if (job.runId() != null) {
                        completedByRun.computeIfAbsent(job.runId(), k -> java.util.Collections.synchronizedList(
                                new ArrayList<>())).add(new long[] {seqOf.get(job.id()), claimTick, preCompleteTick});
                    }
                    if (!jobs.complete(job, owner)) {
                        violations.add("complete of " + job.id() + " refused for its owner");
                    }
                    completions.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet();
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(150, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(violations).isEmpty();
        assertThat(done.get()).isEqualTo(total);
        assertThat(completions).hasSize(total);
        assertThat(completions.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(retries.get()).isEqualTo(runsCount * ((perRun + 3) / 7));
        assertThat(jobs.depth(SLACK)).isZero();
        assertThat(completedByRun).hasSize(runsCount);
        completedByRun.forEach((run, steps) -> {
            List<long[]> byCompletion = new ArrayList<>(steps);
            byCompletion.sort((a, b) -> Long.compare(a[2], b[2]));
            for (int i = 0; i < byCompletion.size(); i++) {
                assertThat(byCompletion.get(i)[0]).as("%s step %d", run, i).isEqualTo(i);
                if (i > 0) {
                    assertThat(byCompletion.get(i)[1]).as("%s step %d claimed only after step %d finished", run, i, i - 1)
                            .isGreaterThan(byCompletion.get(i - 1)[2]);
                }
            }
        });
        assertThat(runOf).hasSize(runsCount * perRun);
    }
}

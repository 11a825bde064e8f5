package io.gigaslack.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.gigaslack.store.Database;
import io.gigaslack.store.Job;
import io.gigaslack.store.JobQueue;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.TestDatabases;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Worker} on a real H2 queue, with a clock that moves only when a test moves it. */
class WorkerTest {
    private static final String QUEUE = "test";
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final SettableClock clock = new SettableClock();
    private Database db;
    private JobQueue queue;

    @BeforeEach
    void openDatabase() {
        db = TestDatabases.h2();
        queue = new JobQueue(db.jdbc());
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void a_completed_job_is_not_run_again() {
        long id = enqueue("r1", "post");
        Recording handler = new Recording(job -> {});
        Worker worker = worker("w", handler);

        assertThat(worker.drain()).isEqualTo(1);
        clock.advance(Duration.ofDays(1));

        assertThat(worker.drain()).isZero();
        assertThat(handler.kinds()).containsExactly("post");
        Row row = row(id);
        assertThat(row.done()).isTrue();
        assertThat(row.failed()).isFalse();
        assertThat(row.leaseUntil()).isNull();
    }

    @Test
    void a_runs_next_job_is_not_claimed_while_its_first_is_leased_but_another_runs_job_is() {
        long first = enqueue("r1", "first");
        enqueue("r1", "second");
        enqueue("r2", "other");
        Job leased = queue.claimNext(QUEUE, "elsewhere", LEASE, clock.instant()).orElseThrow();
        assertThat(leased.id()).isEqualTo(first);
        Recording handler = new Recording(job -> {});
        Worker worker = worker("w", handler);

        assertThat(worker.drain()).isEqualTo(1);
        assertThat(handler.kinds()).containsExactly("other");

        assertThat(queue.complete(leased, "elsewhere")).isTrue();
        assertThat(worker.drain()).isEqualTo(1);
        assertThat(handler.kinds()).containsExactly("other", "second");
    }

    @Test
    void a_runs_next_job_is_not_claimed_while_its_first_waits_for_a_retry() {
        enqueue("r1", "first");
        enqueue("r1", "second");
        enqueue("r2", "other");
        Recording handler = new Recording(job -> {
            if (job.kind().equals("first") && job.attempts() == 0) {
                throw new RetryLater("not yet", Duration.ofMinutes(1));
            }
        });
        Worker worker = worker("w", handler);

        assertThat(worker.drain()).isEqualTo(2);
        assertThat(handler.kinds()).containsExactly("first", "other");

        clock.advance(Duration.ofMinutes(1));
        assertThat(worker.drain()).isEqualTo(2);
        assertThat(handler.kinds()).containsExactly("first", "other", "first", "second");
    }

    @Test
    void unordered_jobs_do_not_block_each_other() {
        long leased = enqueue(null, "leased");
        enqueue(null, "retried");
        enqueue(null, "plain");
        assertThat(queue.claimNext(QUEUE, "elsewhere", LEASE, clock.instant()).orElseThrow().id()).isEqualTo(leased);
        Recording handler = new Recording(job -> {
            if (job.kind().equals("retried")) {
                throw new RetryLater("not yet", Duration.ofMinutes(1));
            }
        });

        assertThat(worker("w", handler).drain()).isEqualTo(2);
        assertThat(handler.kinds()).containsExactly("retried", "plain");
    }

    @Test
    void a_job_whose_lease_ran_out_is_taken_over_by_another_owner() {
        long id = enqueue("r1", "post");
        Job claimedByA = queue.claimNext(QUEUE, "a", LEASE, clock.instant()).orElseThrow();
        AtomicBoolean aCouldComplete = new AtomicBoolean();
        Recording handler = new Recording(job -> aCouldComplete.set(queue.complete(claimedByA, "a")));
        Worker b = worker("b", handler);

        clock.advance(LEASE.minusMillis(1));
        assertThat(b.drain()).as("claimed before A's lease ran out").isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(b.drain()).isEqualTo(1);

        Job seenByB = handler.handled.get(0);
        assertThat(seenByB.leaseOwner()).isEqualTo("b");
        assertThat(seenByB.attempts()).as("a take-over counts as an attempt").isEqualTo(1);
        assertThat(seenByB.lastError()).isEqualTo("lease of a expired");
        assertThat(aCouldComplete).as("A completed a job B holds").isFalse();
        Row row = row(id);
        assertThat(row.done()).isTrue();
        assertThat(row.failed()).isFalse();
        assertThat(row.leaseOwner()).isEqualTo("b");
    }

    @Test
    void the_former_owner_cannot_record_an_outcome_after_a_take_over() {
        long id = enqueue("r1", "post");
        Worker b = worker("b", new Recording(job -> {
            throw new RetryLater("b must wait", Duration.ofMinutes(1));
        }));
        AtomicInteger ranByB = new AtomicInteger();
        // A's job outlives its lease: B takes it over and asks for a retry before A returns normally.
        Worker a = worker("a", new Recording(job -> {
            clock.advance(LEASE);
            ranByB.set(b.drain());
        }));

        assertThat(a.drain()).isEqualTo(1);

        assertThat(ranByB).hasValue(1);

        Row row = row(id);
        assertThat(row.done()).as("A's completion was recorded").isFalse();
        assertThat(row.attempts()).isEqualTo(2);
        assertThat(row.lastError()).isEqualTo("b must wait");
        assertThat(row.runAfter()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
    }

    @Test
    void a_running_jobs_lease_is_renewed_so_it_is_not_taken_over() throws Exception {
        Duration lease = Duration.ofMillis(600);
        long id = enqueue("r1", "slow");
        Instant claimedAt = clock.instant();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Worker worker = new Worker(QUEUE, queue, job -> {
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
        }, clock, new Random(1), "a", Worker.Options.threads(1).withLease(lease));
        try {
            worker.start();
            assertThat(started.await(10, TimeUnit.SECONDS)).as("job started").isTrue();
            assertThat(row(id).leaseUntil()).isEqualTo(claimedAt.plus(lease));

            Instant later = clock.advance(Duration.ofMillis(500));
            waitUntil("the lease is renewed from " + later, () -> later.plus(lease).equals(row(id).leaseUntil()));

            // Past the first lease, within the renewed one.
            Instant now = clock.advance(Duration.ofMillis(500));
            assertThat(queue.claimNext(QUEUE, "b", lease, now)).as("taken over while running").isEmpty();

            release.countDown();
            waitUntil("the job is done", () -> row(id).done());
        } finally {
            release.countDown(); // so that close() does not wait for a handler a failed assertion left blocked
            worker.close();
        }
        assertThat(row(id).attempts()).isZero();
        assertThat(row(id).leaseOwner()).isEqualTo("a");
    }

    @Test
    void retry_later_makes_the_job_due_exactly_after_the_asked_wait_and_counts_an_attempt() {
        long id = enqueue("r1", "post");
        Recording handler = new Recording(job -> {
            if (job.attempts() == 0) {
                throw new RetryLater("429", Duration.ofSeconds(30));
            }
        });
        Worker worker = worker("w", handler);
        Instant due = clock.instant().plusSeconds(30);

        assertThat(worker.drain()).isEqualTo(1);
        Row row = row(id);
        assertThat(row.done()).isFalse();
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.lastError()).isEqualTo("429");
        assertThat(row.runAfter()).isEqualTo(due);

        clock.set(due.minusMillis(1));
        assertThat(worker.drain()).isZero();
        clock.set(due);
        assertThat(worker.drain()).isEqualTo(1);
        assertThat(handler.handled.get(1).attempts()).isEqualTo(1);
        assertThat(row(id).done()).isTrue();
    }

    @Test
    void an_ordinary_exception_retries_after_a_backoff_and_counts_an_attempt() {
        long id = enqueue("r1", "post");
        Worker worker = worker("w", new Recording(job -> {
            throw new IllegalStateException("boom");
        }));

        assertThat(worker.drain()).isEqualTo(1);

        Row row = row(id);
        assertThat(row.done()).isFalse();
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.lastError()).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(row.leaseOwner()).isNull();
        // The first retry waits between the base and twice it.
        assertThat(Duration.between(clock.instant(), row.runAfter()))
                .isBetween(Worker.BASE_BACKOFF, Worker.BASE_BACKOFF.multipliedBy(2));
    }

    @Test
    void backoff_is_jittered_between_the_base_and_a_doubling_cap_up_to_max_backoff() {
        Worker worker = worker("w", new Recording(job -> {}));
        for (int attempt = 1; attempt <= 30; attempt++) {
            Duration cap = Worker.BASE_BACKOFF.multipliedBy(1L << Math.min(attempt, 20));
            cap = cap.compareTo(Worker.MAX_BACKOFF) < 0 ? cap : Worker.MAX_BACKOFF;
            Set<Duration> seen = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                Duration wait = worker.backoff(attempt);
                assertThat(wait).as("backoff(%d)", attempt).isBetween(Worker.BASE_BACKOFF, cap);
                seen.add(wait);
            }
            assertThat(seen).as("backoff(%d) jittered", attempt).hasSizeGreaterThan(1);
        }
    }

    @Test
    void postpone_runs_the_job_again_at_until_without_counting_an_attempt() {
        long id = enqueue("r1", "post");
        // More postponements than attempts allowed: waiting must never use them up.
        AtomicInteger calls = new AtomicInteger();
        Recording handler = new Recording(job -> {
            if (calls.incrementAndGet() <= 3) {
                throw new Postpone("settling", clock.instant().plusSeconds(10));
            }
        });
        Worker worker = worker("w", handler, 2);

        for (int i = 0; i < 3; i++) {
            Instant until = clock.instant().plusSeconds(10);
            assertThat(worker.drain()).isEqualTo(1);
            Row row = row(id);
            assertThat(row.done()).isFalse();
            assertThat(row.attempts()).as("attempts after a postponement").isZero();
            assertThat(row.lastError()).isNull();
            assertThat(row.runAfter()).isEqualTo(until);

            clock.set(until.minusMillis(1));
            assertThat(worker.drain()).as("ran before until").isZero();
            clock.set(until);
        }
        assertThat(worker.drain()).isEqualTo(1);

        assertThat(handler.handled).extracting(Job::attempts).containsExactly(0, 0, 0, 0);
        assertThat(row(id).done()).isTrue();
        assertThat(row(id).failed()).isFalse();
        assertThat(handler.givenUp).isEmpty();
    }

    @Test
    void give_up_closes_the_job_at_once_keeps_its_error_and_lets_the_run_go_on() {
        long first = enqueue("r1", "first");
        enqueue("r1", "second");
        Recording handler = new Recording(job -> {
            if (job.kind().equals("first")) {
                throw new GiveUp("bad payload");
            }
        });
        Worker worker = worker("w", handler);

        assertThat(worker.drain()).isEqualTo(2);
        clock.advance(Worker.MAX_BACKOFF);
        assertThat(worker.drain()).isZero();

        assertThat(handler.kinds()).containsExactly("first", "second");
        assertThat(handler.givenUp).containsExactly("first#" + first + ": bad payload");
        Row row = row(first);
        assertThat(row.done()).isTrue();
        assertThat(row.failed()).isTrue();
        assertThat(row.lastError()).isEqualTo("bad payload");
    }

    @Test
    void a_job_out_of_attempts_by_failures_is_given_up_once() {
        long id = enqueue("r1", "post");
        Recording handler = new Recording(job -> {
            throw new IllegalStateException("boom");
        });
        Worker worker = worker("w", handler, 3);

        for (int i = 0; i < 5; i++) {
            worker.drain();
            clock.advance(Worker.MAX_BACKOFF);
        }

        assertThat(handler.handled).extracting(Job::attempts).containsExactly(0, 1, 2);
        assertThat(handler.givenUp).containsExactly("post#" + id + ": java.lang.IllegalStateException: boom");
        Row row = row(id);
        assertThat(row.done()).isTrue();
        assertThat(row.failed()).isTrue();
        assertThat(row.attempts()).isEqualTo(3);
    }

    @Test
    void a_job_out_of_attempts_by_take_overs_is_given_up_without_running_it() {
        long id = enqueue("r1", "post");
        queue.claimNext(QUEUE, "a", LEASE, clock.instant()).orElseThrow();
        clock.advance(LEASE);
        queue.claimNext(QUEUE, "b", LEASE, clock.instant()).orElseThrow();
        clock.advance(LEASE);
        Recording handler = new Recording(job -> {});
        Worker worker = worker("w", handler, 2);

        assertThat(worker.drain()).isEqualTo(1);
        clock.advance(Worker.MAX_BACKOFF);
        assertThat(worker.drain()).isZero();

        assertThat(handler.handled).as("handled after its replicas kept dying").isEmpty();
        assertThat(handler.givenUp).containsExactly("post#" + id + ": abandoned after 2 attempts: lease of b expired");
        Row row = row(id);
        assertThat(row.done()).isTrue();
        assertThat(row.failed()).isTrue();
    }

    @Test
    void a_handler_throwing_an_error_is_recorded_as_a_failure_and_the_worker_goes_on() {
        long broken = enqueue(null, "broken");
        enqueue(null, "fine");
        Recording handler = new Recording(job -> {
            if (job.kind().equals("broken")) {
                throw new NoClassDefFoundError("io/gigaslack/Missing");
            }
        });

        assertThat(worker("w", handler).drain()).isEqualTo(2);

        assertThat(handler.kinds()).containsExactly("broken", "fine");
        Row row = row(broken);
        assertThat(row.done()).isFalse();
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.lastError()).contains("java.lang.NoClassDefFoundError: io/gigaslack/Missing");
        assertThat(row.leaseOwner()).isNull();
    }

    @Test
    void a_stack_overflow_in_a_handler_is_recorded_as_a_failure_and_the_worker_goes_on() {
        long broken = enqueue(null, "broken");
        enqueue(null, "fine");
        Recording handler = new Recording(job -> {
            if (job.kind().equals("broken")) {
                throw new StackOverflowError();
            }
        });

        assertThat(worker("w", handler).drain()).isEqualTo(2);

        assertThat(handler.kinds()).containsExactly("broken", "fine");
        Row row = row(broken);
        assertThat(row.done()).isFalse();
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.lastError()).contains("java.lang.StackOverflowError");
    }

    @Test
    void crash_leaves_jobs_in_flight_leased_and_unrecorded_and_reap_returns_them() {
        long id = enqueue("r1", "post");
        enqueue("r2", "next");
        AtomicReference<Worker> self = new AtomicReference<>();
        Recording handler = new Recording(job -> {
            self.get().crash();
            throw new IllegalStateException("not to be recorded");
        });
        Worker worker = worker("a", handler);
        self.set(worker);
        Instant leaseUntil = clock.instant().plus(LEASE);

        assertThat(worker.drain()).as("jobs run, none after the crash").isEqualTo(1);

        assertThat(worker.reapAfterCrash()).extracting(Job::id).containsExactly(id);
        Row row = row(id);
        assertThat(row.done()).isFalse();
        assertThat(row.attempts()).isZero();
        assertThat(row.lastError()).isNull();
        assertThat(row.leaseOwner()).isEqualTo("a");
        assertThat(row.leaseUntil()).isEqualTo(leaseUntil);
        assertThat(handler.kinds()).as("run after the crash").containsExactly("post");
    }

    @Test
    void idle_when_no_thread_works_and_nothing_is_due() {
        Worker worker = worker("w", new Recording(job -> {}));
        assertThat(worker.idle()).as("empty queue").isTrue();

        enqueue("r1", "later", clock.instant().plusSeconds(5));
        assertThat(worker.idle()).as("only a job not yet due").isTrue();
    }

    @Test
    void not_idle_while_a_job_is_due() {
        Worker worker = worker("w", new Recording(job -> {}));
        enqueue("r1", "later", clock.instant().plusSeconds(5));

        clock.advance(Duration.ofSeconds(5));
        assertThat(worker.idle()).isFalse();

        worker.drain();
        assertThat(worker.idle()).isTrue();
    }

    @Test
    void not_idle_while_a_thread_works_even_when_nothing_is_due() {
        AtomicReference<Worker> self = new AtomicReference<>();
        AtomicBoolean closedItself = new AtomicBoolean();
        AtomicReference<Boolean> idleWhileWorking = new AtomicReference<>();
        // The job closes itself first, so that only the working thread keeps the worker from being idle.
        Worker worker = worker("w", new Recording(job -> {
            closedItself.set(queue.complete(job, "w"));
            idleWhileWorking.set(self.get().idle());
        }));
        self.set(worker);
        enqueue(null, "post");

        assertThat(worker.drain()).isEqualTo(1);

        assertThat(closedItself).isTrue();
        assertThat(idleWhileWorking.get()).isFalse();
        assertThat(worker.idle()).isTrue();
    }

    @Test
    void close_gives_jobs_in_progress_one_grace_in_all_then_interrupts_those_still_waiting_and_they_are_retried()
            throws Exception {
        for (int i = 0; i < 4; i++) {
            enqueue("r" + i, "waits-for-giga");
        }
        CountDownLatch allWaiting = new CountDownLatch(4);
        AtomicInteger interrupted = new AtomicInteger();
        Worker worker = new Worker(QUEUE, queue, job -> {
            allWaiting.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(1).toMillis()); // as a call waiting a minute for its budget slot
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw new IllegalStateException("interrupted while waiting", e);
            }
        }, clock, new Random(1), "a", Worker.Options.threads(4).withLease(LEASE)).start();
        assertThat(allWaiting.await(10, TimeUnit.SECONDS)).isTrue();

        long began = System.nanoTime();
        worker.close(Duration.ofMillis(500));
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        assertThat(took).as("one grace for all four threads, not one each").isLessThan(Duration.ofSeconds(2));
        assertThat(interrupted).hasValue(4);
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM jobs WHERE done = FALSE AND attempts = 1"))
                .as("each to be tried again").isEqualTo(4);
    }

    private Worker worker(String owner, JobHandler handler) {
        return worker(owner, handler, Worker.DEFAULT_MAX_ATTEMPTS);
    }

    private Worker worker(String owner, JobHandler handler, int maxAttempts) {
        return new Worker(QUEUE, queue, handler, clock, new Random(42), owner,
                Worker.Options.threads(1).withLease(LEASE).withMaxAttempts(maxAttempts));
    }

    private long enqueue(String runId, String kind) {
        return enqueue(runId, kind, clock.instant());
    }

    private long enqueue(String runId, String kind, Instant runAfter) {
        return db.jdbc().inTransaction(tx -> queue.enqueue(tx, QUEUE, runId, kind, "{}", runAfter));
    }

    /** The columns {@link Job} does not show, as stored now. */
    private record Row(boolean done, boolean failed, int attempts, Instant runAfter, String leaseOwner,
            Instant leaseUntil, String lastError) {}

    private Row row(long id) {
        return db.jdbc().queryOne("SELECT done, failed, attempts, run_after, lease_owner, lease_until, last_error "
                + "FROM jobs WHERE id = ?", rs -> new Row(rs.getBoolean("done"), rs.getBoolean("failed"),
                        rs.getInt("attempts"), instant(rs, "run_after"), rs.getString("lease_owner"),
                        instant(rs, "lease_until"), rs.getString("last_error")), id)
                .orElseThrow();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out after 10 s waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Runs the given body and remembers every job handled and every job given up ("kind#id: reason"). */
    private static final class Recording implements JobHandler {
        final List<Job> handled = new CopyOnWriteArrayList<>();
        final List<String> givenUp = new CopyOnWriteArrayList<>();
        private final JobHandler body;

        Recording(JobHandler body) {
            this.body = body;
        }

        @Override
        public void handle(Job job) throws Exception {
            handled.add(job);
            body.handle(job);
        }

        @Override
        public void givenUp(Job job, String reason) {
            givenUp.add(job.kind() + "#" + job.id() + ": " + reason);
        }

        List<String> kinds() {
            return handled.stream().map(Job::kind).toList();
        }
    }
}

package io.gigaslack.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link GroupCommit} on every supported database: batches, per-request rollback, whole-batch failure. */
abstract class GroupCommitCompatibility extends DatabaseSuite {
    private Jdbc jdbc;
    private GroupCommit group;
    private ExecutorService callers;

    @BeforeEach
    void setUp() {
        jdbc = new Jdbc(db.dataSource(), db.dialect()); // its own: one test kills it
        group = new GroupCommit(jdbc, 32, Duration.ofSeconds(10));
        callers = Executors.newCachedThreadPool();
    }

    @AfterEach
    void tearDown() {
        if (group != null) { // null when the database is not available here and the test was skipped
            group.close();
            callers.shutdownNow();
        }
    }

    @Test
    void requests_arriving_during_a_commit_are_committed_together_and_each_answered_after_it() throws Exception {
        CountDownLatch inWriter = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> first = submit(tx -> {
            insert(tx, "first");
            inWriter.countDown();
            await(release);
            return "first";
        });
        assertThat(inWriter.await(10, TimeUnit.SECONDS)).isTrue();
        long batchesBefore = group.batches();
        List<Future<String>> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String key = "k" + i;
            // Each caller checks, as soon as it is answered, that its row is committed (another connection sees it).
            waiting.add(callers.submit(() -> {
                String got = group.inTransaction(tx -> {
                    insert(tx, key);
                    return key;
                });
                assertThat(committed(key)).as(key + " committed when answered").isTrue();
                return got;
            }));
        }
        waitForQueued(10);
        assertThat(committed("first")).as("not committed before its batch").isFalse();
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        for (int i = 0; i < 10; i++) {
            assertThat(waiting.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("k" + i);
        }
        assertThat(group.batches() - batchesBefore).as("the ten waiting requests took one commit").isEqualTo(1);
        assertThat(group.requests()).isEqualTo(11);
    }

    @Test
    void a_failing_request_is_rolled_back_alone_and_the_rest_of_its_batch_commits() throws Exception {
        insertNow("taken");
        CountDownLatch inWriter = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> blocker = submit(tx -> {
            inWriter.countDown();
            await(release);
            return "blocker";
        });
        assertThat(inWriter.await(10, TimeUnit.SECONDS)).isTrue();
        Future<String> a = submit(tx -> insert(tx, "a"));
        waitForQueued(1);
        // b writes a row, then a statement of it fails (a duplicate key): on PostgreSQL that would abort the whole
        // transaction without b's savepoint.
        Future<String> b = submit(tx -> {
            insert(tx, "b");
            return insert(tx, "taken");
        });
        waitForQueued(2);
        Future<String> c = submit(tx -> insert(tx, "c"));
        waitForQueued(3);
        release.countDown();

        assertThat(blocker.get(10, TimeUnit.SECONDS)).isEqualTo("blocker");
        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(c.get(10, TimeUnit.SECONDS)).isEqualTo("c");
        assertThatThrownBy(() -> b.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class)
                .hasMessageContaining("23505");
        assertThat(committed("a")).isTrue();
        assertThat(committed("c")).isTrue();
        assertThat(committed("b")).as("nothing of the failed request is committed").isFalse();
        assertThat(group.batches()).as("blocker, then a, b and c together").isEqualTo(2);
    }

    @Test
    void a_batch_whose_commit_fails_fails_every_request_in_it_and_commits_none_of_them() throws Exception {
        CountDownLatch inWriter = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> first = submit(tx -> {
            insert(tx, "x1");
            inWriter.countDown();
            await(release);
            return "x1";
        });
        assertThat(inWriter.await(10, TimeUnit.SECONDS)).isTrue();
        jdbc.kill(); // the commit of the running batch is refused, as when the database goes away
        release.countDown();
        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class);
        assertThat(committed("x1")).isFalse();

        Future<String> next = submit(tx -> insert(tx, "x2"));
        assertThatThrownBy(() -> next.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class);
        assertThat(committed("x2")).isFalse();
    }

    @Test
    void a_request_sees_the_rows_of_the_earlier_requests_of_its_batch() throws Exception {
        CountDownLatch inWriter = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> first = submit(tx -> {
            inWriter.countDown();
            await(release);
            return "first";
        });
        assertThat(inWriter.await(10, TimeUnit.SECONDS)).isTrue();
        // Five "count, then insert if under 3" requests in one batch: exactly three pass.
        List<Future<String>> tries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String key = "limited" + i;
            tries.add(submit(tx -> tx.queryLong("SELECT COUNT(*) FROM slack_events WHERE event_key LIKE 'limited%'") < 3
                    ? insert(tx, key) : "refused"));
            waitForQueued(i + 1);
        }
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        List<String> answers = new ArrayList<>();
        for (Future<String> f : tries) {
            answers.add(f.get(10, TimeUnit.SECONDS));
        }
        assertThat(answers).containsExactly("limited0", "limited1", "limited2", "refused", "refused");
        assertThat(group.batches()).isEqualTo(2);
    }

    @Test
    void a_request_not_taken_in_time_is_refused_and_never_committed() throws Exception {
        GroupCommit impatient = new GroupCommit(jdbc, 32, Duration.ofMillis(200));
        CountDownLatch inLeader = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> blocker = callers.submit(() -> impatient.inTransaction(tx -> {
            inLeader.countDown();
            await(release);
            return "blocker";
        }));
        assertThat(inLeader.await(10, TimeUnit.SECONDS)).isTrue();
        Future<String> late = callers.submit(() -> impatient.inTransaction(tx -> insert(tx, "late")));
        assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class)
                .hasMessageContaining("not written within 200 ms");
        release.countDown();
        assertThat(blocker.get(10, TimeUnit.SECONDS)).isEqualTo("blocker");
        String next = impatient.inTransaction(tx -> insert(tx, "next"));
        assertThat(next).isEqualTo("next");
        assertThat(committed("late")).as("given up, so never run").isFalse();
        assertThat(committed("next")).isTrue();
    }

    @Test
    void after_close_requests_are_refused() {
        group.close();
        assertThatThrownBy(() -> group.inTransaction(tx -> insert(tx, "late"))).isInstanceOf(StoreException.class);
        assertThat(committed("late")).isFalse();
    }

    private Future<String> submit(Function<Tx, String> work) {
        return callers.submit(() -> group.inTransaction(work));
    }

    /** Waits until {@code n} requests wait behind the running one (the queue is private: counted by polling). */
    private void waitForQueued(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (group.queued() < n) {
            if (System.nanoTime() > end) {
                throw new AssertionError("requests not queued: " + group.queued() + " of " + n);
            }
            Thread.sleep(1);
        }
    }

    private static String insert(Tx tx, String key) {
        tx.update("INSERT INTO slack_events (event_key, first_seen) VALUES (?, 0)", key);
        return key;
    }

    private void insertNow(String key) {
        db.jdbc().update("INSERT INTO slack_events (event_key, first_seen) VALUES (?, 0)", key);
    }

    private boolean committed(String key) {
        return db.jdbc().queryLong("SELECT COUNT(*) FROM slack_events WHERE event_key = ?", key) == 1;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

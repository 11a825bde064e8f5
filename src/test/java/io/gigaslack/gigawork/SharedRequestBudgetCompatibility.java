package io.gigaslack.gigawork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gigaslack.giga.RequestBudget;
import io.gigaslack.giga.RequestBudget.Permit;
import io.gigaslack.giga.RequestBudget.Priority;
import io.gigaslack.giga.Sleeper;
import io.gigaslack.store.Database;
import io.gigaslack.store.RateSlots;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.WindowCount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link SharedRequestBudgets} on every supported database: the window is exact at its edges, background calls leave
 * the reserve to user actions, a pause and the window are shared by the replicas of a key, and keys are apart. Each
 * "replica" is a {@link SharedRequestBudgets} of its own on the same database. Time is a settable clock; in the
 * one-thread tests the sleeper moves it by what was asked, so a wait is measured exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharedRequestBudgetCompatibility {
    static final int LIMIT = 60;
    static final int RESERVE = 10;
    static final Duration SPAN = SharedRequestBudgets.WINDOW.plus(SharedRequestBudgets.MARGIN);

    private Database db;
    final SettableClock clock = new SettableClock();
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    /** Waits by moving the clock, as if the time had passed. */
    final Sleeper clockSleeper = d -> {
        sleeps.add(d);
        clock.advance(d);
    };
    /** A key of its own for each test, so tests never share a window. */
    String key;
    Instant start;

    protected abstract Database openDatabase();

    protected String unavailableReason() {
        return null;
    }

    protected void dropDatabase() {}

    @BeforeAll
    void open() {
        if (unavailableReason() == null) {
            db = openDatabase();
        }
    }

    @BeforeEach
    void freshKey() {
        String reason = unavailableReason();
        assumeTrue(reason == null, reason);
        key = "giga_sk_" + UUID.randomUUID().toString().replace("-", "");
        start = clock.instant();
        sleeps.clear();
    }

    @AfterAll
    void close() {
        if (db != null) {
            db.close();
            dropDatabase();
        }
    }

    /** One replica's budgets with the defaults of GigaSlackApp (60 a minute, 10 kept for user actions). */
    SharedRequestBudgets replica(Sleeper sleeper) {
        return new SharedRequestBudgets(db.jdbc(), LIMIT, RESERVE, clock, sleeper);
    }

    private Duration slept() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }

    @Test
    void hands_out_the_limit_at_once_then_the_next_permit_exactly_a_window_and_margin_after_the_first()
            throws Exception {
        RequestBudget budget = replica(clockSleeper).forKey(key);
        for (int i = 0; i < LIMIT; i++) {
            budget.acquire(Priority.INTERACTIVE);
        }
        assertThat(sleeps).isEmpty();

        budget.acquire(Priority.INTERACTIVE);

        assertThat(clock.instant()).isEqualTo(start.plus(SPAN));
    }

    @Test
    void a_slot_is_not_free_a_millisecond_before_its_window_and_margin_end() throws Exception {
        RequestBudget budget = replica(clockSleeper).forKey(key);
        for (int i = 0; i < LIMIT; i++) {
            budget.acquire(Priority.INTERACTIVE);
        }
        clock.advance(SPAN.minusMillis(1));
        sleeps.clear();

        budget.acquire(Priority.INTERACTIVE);

        assertThat(slept()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void saturated_it_lets_exactly_the_limit_go_in_each_window_and_margin() throws Exception {
        RequestBudget budget = replica(clockSleeper).forKey(key);
        List<Instant> granted = new ArrayList<>();
        for (int i = 0; i < 5 * LIMIT; i++) {
            budget.acquire(Priority.INTERACTIVE);
            granted.add(clock.instant());
        }
        for (int i = 0; i < granted.size(); i++) {
            assertThat(granted.get(i)).as("permit %d", i).isEqualTo(start.plus(SPAN.multipliedBy(i / LIMIT)));
        }
        assertThat(WindowCount.max(granted, SharedRequestBudgets.WINDOW)).isEqualTo(LIMIT);
    }

    @Test
    void never_more_than_the_limit_in_any_window_whatever_the_arrivals() throws Exception {
        Random random = new Random(16);
        RequestBudget budget = replica(clockSleeper).forKey(key);
        List<Instant> granted = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            clock.advance(Duration.ofMillis(random.nextInt(3) == 0 ? random.nextInt(4000) : 0));
            budget.acquire(random.nextInt(4) == 0 ? Priority.BACKGROUND : Priority.INTERACTIVE);
            granted.add(clock.instant());
        }
        assertThat(WindowCount.max(granted, SharedRequestBudgets.WINDOW)).isEqualTo(LIMIT);
    }

    @Test
    void background_calls_leave_the_reserve_to_user_actions() throws Exception {
        RequestBudget budget = replica(clockSleeper).forKey(key);
        for (int i = 0; i < LIMIT - RESERVE; i++) {
            budget.acquire(Priority.BACKGROUND);
        }
        for (int i = 0; i < RESERVE; i++) {
            budget.acquire(Priority.INTERACTIVE);
        }
        assertThat(sleeps).as("50 background and then 10 interactive without waiting").isEmpty();
    }

    @Test
    void background_waits_until_more_than_the_reserve_are_free() throws Exception {
        RequestBudget budget = replica(clockSleeper).forKey(key);
        for (int i = 0; i < LIMIT; i++) {
            budget.acquire(Priority.INTERACTIVE); // one a second: the slots free one a second too
            clock.advance(Duration.ofSeconds(1));
        }
        Instant asked = clock.instant();

        budget.acquire(Priority.BACKGROUND);

        // The 11th-oldest slot (used at start + 10 s) frees at start + 10 s + span: then 11 are free and one is taken.
        assertThat(clock.instant()).isEqualTo(start.plusSeconds(RESERVE).plus(SPAN));
        assertThat(asked).isBefore(clock.instant());
    }

    @Test
    void when_both_wait_a_user_action_gets_the_freed_slot_first() throws Exception {
        RequestBudget budget = replica(realNaps()).forKey(key);
        for (int i = 0; i < LIMIT; i++) {
            budget.acquire(Priority.INTERACTIVE);
            clock.advance(Duration.ofMillis(100));
        }
        ExecutorService waiters = Executors.newFixedThreadPool(2);
        try {
            Future<Instant> background = waiters.submit(() -> grantedAt(budget, Priority.BACKGROUND));
            Future<Instant> interactive = waiters.submit(() -> grantedAt(budget, Priority.INTERACTIVE));
            Thread.sleep(300); // both are waiting for the first slot now

            clock.set(start.plus(SPAN)); // the first slot frees
            Instant interactiveAt = interactive.get(10, TimeUnit.SECONDS);
            assertThat(background.isDone()).as("background still waits for more than the reserve").isFalse();

            clock.set(start.plusMillis(100L * RESERVE + 100).plus(SPAN)); // 11 free, and one of them is taken
            Instant backgroundAt = background.get(10, TimeUnit.SECONDS);
            assertThat(interactiveAt).isBefore(backgroundAt);
        } finally {
            waiters.shutdownNow();
        }
    }

    @Test
    void the_replicas_of_a_key_share_one_window() throws Exception {
        RequestBudget one = replica(clockSleeper).forKey(key);
        RequestBudget two = replica(clockSleeper).forKey(key);
        for (int i = 0; i < LIMIT / 2; i++) {
            one.acquire(Priority.INTERACTIVE);
            two.acquire(Priority.INTERACTIVE);
        }
        assertThat(sleeps).isEmpty();

        two.acquire(Priority.INTERACTIVE);

        assertThat(clock.instant()).isEqualTo(start.plus(SPAN));
    }

    @Test
    void three_replicas_of_many_threads_never_put_more_than_the_limit_in_a_window() throws Exception {
        StampClock stamps = new StampClock(clock);
        List<RequestBudget> replicas = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            replicas.add(new SharedRequestBudgets(db.jdbc(), LIMIT, RESERVE, stamps, realNaps()).forKey(key));
        }
        int permits = 3 * LIMIT + 20;
        List<Instant> granted = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger left = new AtomicInteger(permits);
        ExecutorService threads = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                RequestBudget budget = replicas.get(t % 3);
                Priority priority = t % 4 == 0 ? Priority.BACKGROUND : Priority.INTERACTIVE;
                done.add(threads.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        budget.acquire(priority);
                        granted.add(stamps.lastRead());
                    }
                    return null;
                }));
            }
            // Time moves in steps of half a second while they wait.
            while (granted.size() < permits) {
                Thread.sleep(5);
                clock.advance(Duration.ofMillis(500));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(granted).hasSize(permits);
        assertThat(WindowCount.max(granted, SharedRequestBudgets.WINDOW)).isEqualTo(LIMIT);
    }

    @Test
    void a_pause_after_a_429_holds_every_replica_of_the_key() throws Exception {
        RequestBudget one = replica(clockSleeper).forKey(key);
        RequestBudget two = replica(clockSleeper).forKey(key);
        two.acquire(Priority.INTERACTIVE); // two has read the window before the pause: the pause is news to it

        one.pauseUntil(start.plusSeconds(30));
        two.acquire(Priority.BACKGROUND);

        assertThat(clock.instant()).isEqualTo(start.plusSeconds(30));
    }

    @Test
    void a_shorter_pause_does_not_shorten_a_longer_one() throws Exception {
        RequestBudget one = replica(clockSleeper).forKey(key);
        RequestBudget two = replica(clockSleeper).forKey(key);
        one.pauseUntil(start.plusSeconds(30));
        two.pauseUntil(start.plusSeconds(5));

        replica(clockSleeper).forKey(key).acquire(Priority.INTERACTIVE);

        assertThat(clock.instant()).isEqualTo(start.plusSeconds(30));
    }

    @Test
    void one_keys_burst_leaves_another_keys_window_untouched() throws Exception {
        SharedRequestBudgets budgets = replica(clockSleeper);
        String other = key + "-other";
        for (int i = 0; i < LIMIT; i++) {
            budgets.forKey(key).acquire(Priority.INTERACTIVE);
        }
        budgets.forKey(key).pauseUntil(start.plusSeconds(30));

        for (int i = 0; i < LIMIT - RESERVE; i++) {
            budgets.forKey(other).acquire(Priority.BACKGROUND);
        }
        for (int i = 0; i < RESERVE; i++) {
            budgets.forKey(other).acquire(Priority.INTERACTIVE);
        }
        assertThat(sleeps).isEmpty();
        assertThat(budgets.forKey(other)).isNotSameAs(budgets.forKey(key)).isSameAs(budgets.forKey(other));
    }

    @Test
    void a_request_that_leaves_late_counts_from_when_it_left() throws Exception {
        RequestBudget budget = replica(clockSleeper).forKey(key);
        Permit first = budget.acquire(Priority.INTERACTIVE);
        first.sending(start.plusSeconds(5)); // its connection took 5 s to open
        for (int i = 1; i < LIMIT; i++) {
            budget.acquire(Priority.INTERACTIVE).sending(start); // these left at once
        }

        for (int i = 0; i < LIMIT; i++) {
            budget.acquire(Priority.INTERACTIVE);
        }

        // 59 slots freed at start + span; the late one's only at start + 5 s + span.
        assertThat(clock.instant()).isEqualTo(start.plusSeconds(5).plus(SPAN));
    }

    @Test
    void a_request_that_leaves_within_the_allowance_keeps_its_slot_time() throws Exception {
        RequestBudget budget = replica(clockSleeper).forKey(key);
        budget.acquire(Priority.INTERACTIVE).sending(start.plus(SharedRequestBudgets.SEND_WITHIN));

        assertThat(new RateSlots(db.jdbc(), SPAN).usedAt(SharedRequestBudgets.keyId(key))).contains(start)
                .doesNotContain(start.plus(SharedRequestBudgets.SEND_WITHIN));
    }

    @Test
    void a_replica_with_a_lower_limit_counts_the_slots_of_one_with_a_higher_limit() throws Exception {
        RequestBudget high = replica(clockSleeper).forKey(key);
        RequestBudget low = new SharedRequestBudgets(db.jdbc(), LIMIT / 2, RESERVE, clock, clockSleeper).forKey(key);
        for (int i = 0; i < LIMIT / 2; i++) {
            high.acquire(Priority.INTERACTIVE);
        }
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < LIMIT / 2; i++) {
            high.acquire(Priority.INTERACTIVE); // these land in slots the low replica does not have
        }
        sleeps.clear();

        low.acquire(Priority.INTERACTIVE);

        // 60 in use, the low limit is 30: it waits until 31 have aged out, the first 30 at start + span, the 31st
        // one second later (while slots above its limit count it looks again every second, so within one more).
        assertThat(clock.instant()).isBetween(start.plusSeconds(1).plus(SPAN), start.plusSeconds(3).plus(SPAN));
    }

    @Test
    void the_database_names_a_key_by_a_hash_never_the_key() throws Exception {
        replica(clockSleeper).forKey(key).acquire(Priority.INTERACTIVE);

        List<String> ids = db.jdbc().query("SELECT key_id FROM giga_rate_keys", rs -> rs.getString(1));
        assertThat(ids).contains(SharedRequestBudgets.keyId(key)).noneMatch(id -> id.contains(key.substring(8)));
        assertThat(SharedRequestBudgets.keyId(key)).hasSize(64).doesNotContain(key.substring(8));
    }

    /**
     * The settable clock, remembering per thread the last time it gave: after a permit, the time the permit was
     * stamped with (the budget's last look at the clock), however far the clock moved since.
     */
    private static final class StampClock extends java.time.Clock {
        private final java.time.Clock clock;
        private final ThreadLocal<Instant> last = new ThreadLocal<>();

        StampClock(java.time.Clock clock) {
            this.clock = clock;
        }

        Instant lastRead() {
            return last.get();
        }

        @Override
        public Instant instant() {
            Instant now = clock.instant();
            last.set(now);
            return now;
        }

        @Override
        public long millis() {
            return instant().toEpochMilli();
        }

        @Override
        public java.time.ZoneId getZone() {
            return clock.getZone();
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return new StampClock(clock.withZone(zone));
        }
    }

    /** A sleeper that naps for real, so that several threads can wait while the test moves the clock. */
    private static Sleeper realNaps() {
        return d -> Thread.sleep(Math.max(1, Math.min(5, d.toMillis())));
    }

    private Instant grantedAt(RequestBudget budget, Priority priority) throws InterruptedException {
        budget.acquire(priority);
        return clock.instant();
    }
}

package io.gigaslack.giga;

import io.gigaslack.testing.SettableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gigaslack.giga.RequestBudget.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The shared 60/min budget: priorities, the background reserve, and 429 pauses. No real sleeping. */
class TokenBucketBudgetTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2024-03-16T12:00:00Z"));
    private final List<Duration> sleeps = new ArrayList<>();
    private final Sleeper sleeper = d -> {
        sleeps.add(d);
        clock.advance(d);
    };
    private final TokenBucketBudget budget = new TokenBucketBudget(clock, sleeper);

    private void drain(int permits) throws InterruptedException {
        for (int i = 0; i < permits; i++) {
            budget.acquire(Priority.INTERACTIVE);
        }
    }

    @Test
    void starts_full_and_hands_out_60_permits_without_waiting() throws InterruptedException {
        drain(60);
        assertThat(sleeps).isEmpty();
        assertThat(budget.availablePermits()).isZero();
    }

    @Test
    void the_61st_call_in_a_minute_waits_for_one_refill() throws InterruptedException {
        drain(60);
        budget.acquire(Priority.INTERACTIVE);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void refills_at_one_permit_per_second_up_to_60() {
        assertThat(budget.tryAcquire(Priority.INTERACTIVE)).isTrue();
        clock.advance(Duration.ofHours(1));
        assertThat(budget.availablePermits()).isEqualTo(60);
    }

    @Test
    void background_calls_leave_the_reserve_to_interactive_ones() {
        int background = 0;
        while (budget.tryAcquire(Priority.BACKGROUND)) {
            background++;
        }
        assertThat(background).isEqualTo(60 - TokenBucketBudget.DEFAULT_BACKGROUND_RESERVE);
        for (int i = 0; i < TokenBucketBudget.DEFAULT_BACKGROUND_RESERVE; i++) {
            assertThat(budget.tryAcquire(Priority.INTERACTIVE)).as("interactive permit %d", i).isTrue();
        }
        assertThat(budget.tryAcquire(Priority.INTERACTIVE)).isFalse();
    }

    @Test
    void background_waits_until_more_than_the_reserve_remain() throws InterruptedException {
        drain(50);
        budget.acquire(Priority.BACKGROUND);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
        assertThat(budget.availablePermits()).isEqualTo(10);
    }

    @Test
    void interactive_goes_before_background_when_the_bucket_is_empty() throws InterruptedException {
        drain(60);
        clock.advance(Duration.ofSeconds(1));
        assertThat(budget.tryAcquire(Priority.BACKGROUND)).isFalse();
        assertThat(budget.tryAcquire(Priority.INTERACTIVE)).isTrue();

        budget.acquire(Priority.BACKGROUND);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(11));
    }

    @Test
    void a_rate_limit_pause_stops_every_caller_until_it_ends() throws InterruptedException {
        Instant until = clock.instant().plusSeconds(30);
        budget.pauseUntil(until);

        assertThat(budget.tryAcquire(Priority.INTERACTIVE)).isFalse();
        budget.acquire(Priority.INTERACTIVE);

        assertThat(clock.instant()).isEqualTo(until);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(30));
        assertThat(budget.pausedUntil()).isEqualTo(until);
    }

    @Test
    void a_shorter_pause_does_not_shorten_a_longer_one() {
        budget.pauseUntil(clock.instant().plusSeconds(30));
        budget.pauseUntil(clock.instant().plusSeconds(5));
        assertThat(budget.pausedUntil()).isEqualTo(clock.instant().plusSeconds(30));
    }

    @Test
    void rejects_a_reserve_that_leaves_nothing_for_background() {
        assertThatThrownBy(() -> new TokenBucketBudget(60, 60, clock, sleeper))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucketBudget(0, 0, clock, sleeper))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_429_rate_limited_response_pauses_the_budget_shared_with_the_background_view() throws Exception {
        try (Fixture f = new Fixture()) {
            TokenBucketBudget shared = new TokenBucketBudget(f.clock, f.sleeper);
            GigaClient client = f.client(f.config(), shared);
            f.server.enqueue(Fixture.json(429, Fixture.error("RATE_LIMITED", "slow")).setHeader("Retry-After", "20"));
            f.enqueue(200, "{\"id\":\"run_1\",\"status\":\"RUNNING\"}");

            assertThatThrownBy(() -> client.createRun("th-1", "hi")).isInstanceOf(GigaApiException.class);
            assertThat(shared.pausedUntil()).isEqualTo(Fixture.START.plusSeconds(20));

            client.background().getRun("th-1", "run_1");

            assertThat(f.sleeps).containsExactly(Duration.ofSeconds(20));
            assertThat(f.server.getRequestCount()).isEqualTo(2);
        }
    }

    /** Whatever the mix of callers, no more than 60 + (elapsed seconds) permits are ever handed out. */
    @Property(tries = 50)
    void never_exceeds_the_rate(@ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 3) Integer> steps) {
        SettableClock c = new SettableClock(Instant.EPOCH);
        TokenBucketBudget b = new TokenBucketBudget(60, 10, c, d -> c.advance(d));
        int granted = 0;
        for (int step : steps) {
            if (step == 3) {
                c.advance(Duration.ofMillis(700));
            } else if (b.tryAcquire(step == 0 ? Priority.BACKGROUND : Priority.INTERACTIVE)) {
                granted++;
            }
            long elapsedSeconds = Duration.between(Instant.EPOCH, c.instant()).toSeconds();
            assertThat(granted).isLessThanOrEqualTo(60 + (int) elapsedSeconds + 1);
        }
    }
}

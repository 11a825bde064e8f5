package io.gigaslack.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What one run counts in credits: held at the start, used as its computer runs, settled when it ends. */
class MeteredRunTest {
    static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    static final int RATE = 20;

    /** A run recorded at {@link #T0} for {@code hours}, before Giga was asked anything. */
    static MeteredRun requested(int hours) {
        return new MeteredRun("r_1", "U1", "C1", T0, RATE, null, null, T0.plus(Duration.ofHours(hours)), false, true);
    }

    /** A run at {@link #T0} for {@code hours} whose desktop was ready at {@code ready} and still runs. */
    static MeteredRun running(int hours, Instant ready) {
        return new MeteredRun("r_1", "U1", "C1", T0, RATE, ready, null, T0.plus(Duration.ofHours(hours)), true, true);
    }

    /** The same run once its computer ended at {@code ended}. */
    static MeteredRun ended(int hours, Instant ready, Instant ended) {
        return new MeteredRun("r_1", "U1", "C1", T0, RATE, ready, ended, T0.plus(Duration.ofHours(hours)), true,
                false);
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    // ---- reserve ----

    @Test
    void a_new_start_holds_its_rate_times_its_hours_and_uses_nothing() {
        MeteredRun run = requested(3);
        assertThat(run.used(T0)).isZero();
        assertThat(run.held(T0)).isEqualTo(60);
        assertThat(run.charged(T0)).isEqualTo(60);
    }

    @Test
    void a_start_not_yet_confirmed_by_giga_holds_what_is_left_of_its_hours() {
        // Giga has not answered for ten minutes: nothing ran, so nothing is used, and the hold shrinks with the clock.
        MeteredRun run = requested(1);
        assertThat(run.used(at(600))).isZero();
        assertThat(run.held(at(600))).isEqualTo(17); // 50 minutes at 20 an hour = 16.7, rounded up
    }

    @Test
    void of_a_requested_run_holds_until_its_planned_end() {
        Run run = Run.requested("r_1", "T1", "C1", "U1", RunKind.AGENT,
                new RunParams("giga-standard", 2, "Do it", "A file", "", ""), "gs-x", null, T0)
                .toBuilder().creditsPerHour(RATE).build();
        MeteredRun m = MeteredRun.of(run);
        assertThat(m.heldUntil()).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThat(m.computerStarted()).isFalse();
        assertThat(m.mayStillRun()).isTrue();
        assertThat(m.charged(T0)).isEqualTo(40);
    }

    // ---- extend ----

    @Test
    void an_extension_holds_fifteen_more_minutes_worth() {
        Run run = Run.requested("r_1", "T1", "C1", "U1", RunKind.DESKTOP,
                new RunParams("giga-standard", 1, "", "", "", ""), "gs-x", null, T0)
                .toBuilder().creditsPerHour(RATE).computer(ComputerState.RUNNING).status(RunStatus.RUNNING)
                .deploymentId("dep_1").readyAt(T0).build();
        long before = MeteredRun.of(run).charged(T0);
        Run extended = run.toBuilder().extendedTo(run.plannedEndAfterExtension(T0)).build();
        assertThat(MeteredRun.of(extended).heldUntil()).isEqualTo(T0.plus(Duration.ofMinutes(75)));
        assertThat(MeteredRun.of(extended).charged(T0) - before).isEqualTo(5);
        assertThat(MeteredRun.credits(RATE, Run.EXTENSION)).isEqualTo(5);
    }

    // ---- settle ----

    @Test
    void a_run_stopped_early_counts_only_what_its_computer_used() {
        MeteredRun run = ended(3, T0, at(30 * 60));
        assertThat(run.used(at(5 * 3600))).isEqualTo(10);
        assertThat(run.held(at(5 * 3600))).isZero();
        assertThat(run.charged(at(31 * 60))).isEqualTo(10);
    }

    @Test
    void runtime_is_counted_from_when_the_desktop_was_ready() {
        MeteredRun run = ended(3, at(5 * 60), at(35 * 60));
        assertThat(run.used(at(40 * 60))).isEqualTo(10); // 30 minutes, not 35
    }

    @Test
    void a_computer_that_never_became_ready_counts_from_the_run_s_creation() {
        // Giga bills a provisioned computer too; without a ready time the run's creation is where it began.
        MeteredRun run = ended(1, null, at(6 * 60));
        assertThat(run.used(at(3600))).isEqualTo(2);
    }

    @Test
    void a_run_that_failed_to_start_counts_nothing() {
        MeteredRun failed = new MeteredRun("r_1", "U1", "C1", T0, RATE, null, null, T0.plus(Duration.ofHours(3)),
                false, false);
        assertThat(failed.used(at(3600))).isZero();
        assertThat(failed.held(at(3600))).isZero();
        assertThat(failed.charged(T0)).isZero();
    }

    @Test
    void a_running_computer_uses_up_to_now_and_holds_the_rest() {
        MeteredRun run = running(3, at(2 * 60));
        Instant now = at(32 * 60);
        assertThat(run.used(now)).isEqualTo(10); // 30 minutes
        assertThat(run.held(now)).isEqualTo(50); // 148 minutes = 49.3, rounded up
    }

    @Test
    void a_computer_kept_past_its_planned_end_holds_nothing_more_and_uses_on() {
        MeteredRun run = running(1, T0);
        Instant late = at(70 * 60);
        assertThat(run.held(late)).isZero();
        assertThat(run.used(late)).isEqualTo(24); // 70 minutes = 23.3, rounded up
    }

    @Test
    void an_automatic_stop_before_the_planned_end_holds_only_until_it() {
        Instant autoStop = at(40 * 60);
        MeteredRun run = new MeteredRun("r_1", "U1", "C1", T0, RATE, T0, null, autoStop, true, true);
        assertThat(run.held(at(30 * 60))).isEqualTo(4); // 10 minutes = 3.3, rounded up
    }

    @Test
    void while_it_runs_a_run_never_counts_more_than_the_start_held() {
        // Used and held are parts of one stretch of time: counted together they must not round up twice.
        for (int ready = 0; ready <= 120; ready += 7) {
            MeteredRun run = running(1, at(ready));
            for (int now = ready; now <= 3600; now += 13) {
                assertThat(run.charged(at(now))).as("ready at +%ds, now +%ds", ready, now).isLessThanOrEqualTo(20);
            }
        }
    }

    // ---- rounding ----

    @Test
    void credits_count_each_started_minute_and_round_up_to_a_whole_credit() {
        assertThat(MeteredRun.credits(20, Duration.ZERO)).isZero();
        assertThat(MeteredRun.credits(20, Duration.ofSeconds(1))).isEqualTo(1); // 1 minute = 0.33
        assertThat(MeteredRun.credits(20, Duration.ofMinutes(3))).isEqualTo(1);
        assertThat(MeteredRun.credits(20, Duration.ofMinutes(3).plusSeconds(1))).isEqualTo(2); // 4 minutes
        assertThat(MeteredRun.credits(60, Duration.ofSeconds(61))).isEqualTo(2);
        assertThat(MeteredRun.credits(7, Duration.ofHours(1))).isEqualTo(7);
        assertThat(MeteredRun.credits(80, Duration.ofHours(8))).isEqualTo(640);
        assertThat(MeteredRun.credits(0, Duration.ofHours(8))).isZero();
    }

    // ---- unknown rate ----

    @Test
    void a_run_whose_rate_is_not_known_counts_nothing() {
        MeteredRun run = new MeteredRun("r_1", "U1", "C1", T0, Platform.UNKNOWN_RATE, T0, null,
                T0.plus(Duration.ofHours(3)), true, true);
        assertThat(run.rateKnown()).isFalse();
        assertThat(run.used(at(3600))).isZero();
        assertThat(run.held(at(3600))).isZero();
        assertThat(MeteredRun.credits(Platform.UNKNOWN_RATE, Duration.ofHours(3))).isZero();
    }
}

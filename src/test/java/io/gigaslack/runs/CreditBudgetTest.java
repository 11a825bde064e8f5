package io.gigaslack.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gigaslack.runs.CreditBudget.Spend;
import io.gigaslack.runs.Decision.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The credit caps: what a start and an extension must fit, when the periods start again, and the exact refusals. */
class CreditBudgetTest {
    /** 5 h 10 min before the day starts again. */
    static final Instant EVENING = Instant.parse("2026-01-05T18:50:00Z");
    /** Two and a half days before the month starts again. */
    static final Instant END_OF_JANUARY = Instant.parse("2026-01-29T12:00:00Z");
    static final int RATE = 20;

    static void assertRefused(Decision d, Reason reason, String text) {
        assertThat(d.isRefused()).as("refused").isTrue();
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.text()).isEqualTo(text);
    }

    // ---- the periods and when they start again ----

    @Test
    void the_day_starts_at_midnight_utc() {
        assertThat(CreditBudget.dayStart(EVENING)).isEqualTo(Instant.parse("2026-01-05T00:00:00Z"));
        assertThat(CreditBudget.dayStart(Instant.parse("2026-01-05T23:59:59.999Z")))
                .isEqualTo(Instant.parse("2026-01-05T00:00:00Z"));
        assertThat(CreditBudget.dayStart(Instant.parse("2026-01-06T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-01-06T00:00:00Z"));
    }

    @Test
    void a_run_started_yesterday_is_before_today_s_start() {
        Instant lateYesterday = Instant.parse("2026-01-05T23:59:00Z");
        Instant justAfterMidnight = Instant.parse("2026-01-06T00:00:01Z");
        assertThat(lateYesterday).isBefore(CreditBudget.dayStart(justAfterMidnight));
        assertThat(lateYesterday).isAfterOrEqualTo(CreditBudget.dayStart(lateYesterday));
    }

    @Test
    void the_month_starts_on_the_first_at_midnight_utc() {
        assertThat(CreditBudget.monthStart(Instant.parse("2026-01-31T23:59:59Z")))
                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(CreditBudget.monthStart(Instant.parse("2026-02-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(CreditBudget.monthStart(Instant.parse("2028-02-29T12:00:00Z")))
                .isEqualTo(Instant.parse("2028-02-01T00:00:00Z"));
        assertThat(CreditBudget.monthStart(Instant.parse("2028-03-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2028-03-01T00:00:00Z"));
    }

    @Test
    void the_time_until_a_reset_reads_in_minutes_hours_or_days() {
        Instant t = EVENING;
        assertThat(CreditBudget.until(t, t.plusSeconds(20))).isEqualTo("1 min");
        assertThat(CreditBudget.until(t, t.plus(Duration.ofMinutes(42)))).isEqualTo("42 min");
        assertThat(CreditBudget.until(t, t.plus(Duration.ofMinutes(59)).plusSeconds(1))).isEqualTo("1 hour");
        assertThat(CreditBudget.until(t, t.plus(Duration.ofMinutes(310)))).isEqualTo("5 h 10 min");
        assertThat(CreditBudget.until(t, t.plus(Duration.ofMinutes(310)).minusSeconds(30))).isEqualTo("5 h 10 min");
        assertThat(CreditBudget.until(t, t.plus(Duration.ofHours(24)))).isEqualTo("24 hours");
        assertThat(CreditBudget.until(t, t.plus(Duration.ofMinutes(30 * 60 + 5)))).isEqualTo("30 h 5 min");
        assertThat(CreditBudget.until(t, t.plus(Duration.ofHours(48)))).isEqualTo("2 days");
        assertThat(CreditBudget.until(t, t.plus(Duration.ofHours(60)))).isEqualTo("3 days");
    }

    // ---- what a period counts ----

    @Test
    void a_period_counts_what_its_runs_used_and_still_hold() {
        Instant t0 = Instant.parse("2026-01-05T10:00:00Z");
        MeteredRun stoppedEarly = new MeteredRun("r_1", "U1", "C1", t0, RATE, t0, t0.plus(Duration.ofMinutes(30)),
                t0.plus(Duration.ofHours(3)), true, false);
        MeteredRun running = new MeteredRun("r_2", "U1", "C1", t0, RATE, t0, null, t0.plus(Duration.ofHours(2)),
                true, true);
        MeteredRun failed = new MeteredRun("r_3", "U1", "C1", t0, RATE, null, null, t0.plus(Duration.ofHours(8)),
                false, false);
        MeteredRun unknownRate = new MeteredRun("r_4", "U1", "C1", t0, Platform.UNKNOWN_RATE, t0, null,
                t0.plus(Duration.ofHours(8)), true, true);
        Spend s = Spend.of(List.of(stoppedEarly, running, failed, unknownRate), t0.plus(Duration.ofHours(1)));
        assertThat(s).isEqualTo(new Spend(30, 20)); // 10 + 20 used, the second run's last hour held
        assertThat(s.total()).isEqualTo(50);
        assertThat(Spend.of(List.of(), t0)).isEqualTo(Spend.NOTHING);
    }

    // ---- a start ----

    @Test
    void no_caps_allow_anything() {
        assertThat(CreditBudget.NONE.checkStart(80, 8, new Spend(1_000_000, 1_000_000),
                new Spend(1_000_000, 1_000_000), EVENING).isAllowed()).isTrue();
    }

    @Test
    void a_start_exactly_at_the_daily_cap_is_allowed_and_one_over_is_refused() {
        Spend today = new Spend(10, 10);
        assertThat(new CreditBudget(60, 0).checkStart(RATE, 2, today, Spend.NOTHING, EVENING).isAllowed()).isTrue();
        assertThat(new CreditBudget(59, 0).checkStart(RATE, 2, today, Spend.NOTHING, EVENING).reason())
                .isEqualTo(Reason.CREDITS_PER_USER_PER_DAY);
    }

    @Test
    void refuses_a_start_over_the_daily_cap_with_the_numbers_and_when_it_resets() {
        assertRefused(new CreditBudget(100, 0).checkStart(RATE, 2, new Spend(30, 40), Spend.NOTHING, EVENING),
                Reason.CREDITS_PER_USER_PER_DAY,
                "This run would hold 40 credits (2 hours at 20 credits an hour), and you have 70 in use"
                        + " (30 used, 40 held by runs still going) of your 100 credits a day"
                        + " (GIGA_MAX_CREDITS_PER_USER_PER_DAY). The day's budget starts again at 00:00 UTC, in 5 h"
                        + " 10 min. Ask for fewer hours, or stop a run you no longer need.");
    }

    @Test
    void a_start_that_alone_passes_the_daily_cap_is_refused_with_singular_words() {
        assertRefused(new CreditBudget(1_000, 0).checkStart(1_001, 1, Spend.NOTHING, Spend.NOTHING,
                        Instant.parse("2026-01-05T23:59:30Z")),
                Reason.CREDITS_PER_USER_PER_DAY,
                "This run would hold 1,001 credits (1 hour at 1,001 credits an hour), more than your 1,000 credits"
                        + " a day (GIGA_MAX_CREDITS_PER_USER_PER_DAY). Ask for fewer hours, or stop a run you no longer"
                        + " need.");
    }

    @Test
    void a_start_exactly_at_the_monthly_cap_is_allowed_and_one_over_is_refused() {
        Spend month = new Spend(900, 60);
        assertThat(new CreditBudget(0, 1_000).checkStart(RATE, 2, Spend.NOTHING, month, END_OF_JANUARY).isAllowed())
                .isTrue();
        assertThat(new CreditBudget(0, 999).checkStart(RATE, 2, Spend.NOTHING, month, END_OF_JANUARY).reason())
                .isEqualTo(Reason.CREDITS_PER_WORKSPACE_PER_MONTH);
    }

    @Test
    void refuses_a_start_over_the_monthly_cap_with_the_numbers_and_the_day_it_resets() {
        assertRefused(new CreditBudget(0, 1_000).checkStart(RATE, 2, Spend.NOTHING, new Spend(900, 80),
                        END_OF_JANUARY),
                Reason.CREDITS_PER_WORKSPACE_PER_MONTH,
                "This run would hold 40 credits (2 hours at 20 credits an hour), and this workspace has 980 in use"
                        + " (900 used, 80 held by runs still going) of its 1,000 credits a month"
                        + " (GIGA_MAX_CREDITS_PER_WORKSPACE_PER_MONTH). The month's budget starts again on 1 February"
                        + " at 00:00 UTC, in 3 days. An admin can raise the cap.");
    }

    @Test
    void on_the_last_day_of_a_month_the_next_month_is_named() {
        // 31 January → 1 February, a leap February → 1 March, December → 1 January.
        assertThat(new CreditBudget(0, 10).checkStart(RATE, 1, Spend.NOTHING, new Spend(1, 0),
                Instant.parse("2026-01-31T18:50:00Z")).text())
                .contains("starts again on 1 February at 00:00 UTC, in 5 h 10 min.");
        assertThat(new CreditBudget(0, 10).checkStart(RATE, 1, Spend.NOTHING, new Spend(1, 0),
                Instant.parse("2028-02-28T00:00:00Z")).text())
                .contains("starts again on 1 March at 00:00 UTC, in 2 days.");
        assertThat(new CreditBudget(0, 10).checkStart(RATE, 1, Spend.NOTHING, new Spend(1, 0),
                Instant.parse("2026-12-31T23:00:00Z")).text())
                .contains("starts again on 1 January at 00:00 UTC, in 1 hour.");
    }

    @Test
    void the_daily_cap_is_checked_before_the_monthly_one() {
        CreditBudget both = new CreditBudget(50, 100);
        assertThat(both.checkStart(RATE, 3, Spend.NOTHING, new Spend(90, 0), EVENING).reason())
                .isEqualTo(Reason.CREDITS_PER_USER_PER_DAY);
        assertThat(both.checkStart(RATE, 2, Spend.NOTHING, new Spend(90, 0), EVENING).reason())
                .isEqualTo(Reason.CREDITS_PER_WORKSPACE_PER_MONTH);
        assertThat(both.checkStart(RATE, 2, new Spend(10, 0), new Spend(60, 0), EVENING).isAllowed()).isTrue();
    }

    @Test
    void a_platform_whose_rate_is_not_known_is_never_refused() {
        CreditBudget tight = new CreditBudget(1, 1);
        assertThat(tight.checkStart(Platform.UNKNOWN_RATE, 8, new Spend(500, 500), new Spend(500, 500), EVENING)
                .isAllowed()).isTrue();
        assertThat(tight.checkExtend(Platform.UNKNOWN_RATE, Run.EXTENSION, true, new Spend(500, 500),
                new Spend(500, 500), EVENING).isAllowed()).isTrue();
    }

    // ---- an extension ----

    @Test
    void an_extension_exactly_at_the_cap_is_allowed_and_one_over_is_refused() {
        Spend today = new Spend(20, 20);
        assertThat(new CreditBudget(45, 0).checkExtend(RATE, Run.EXTENSION, true, today, Spend.NOTHING, EVENING)
                .isAllowed()).isTrue();
        assertThat(new CreditBudget(44, 0).checkExtend(RATE, Run.EXTENSION, true, today, Spend.NOTHING, EVENING)
                .reason()).isEqualTo(Reason.CREDITS_PER_USER_PER_DAY);
        assertThat(new CreditBudget(0, 45).checkExtend(RATE, Run.EXTENSION, true, Spend.NOTHING, today, EVENING)
                .isAllowed()).isTrue();
        assertThat(new CreditBudget(0, 44).checkExtend(RATE, Run.EXTENSION, true, Spend.NOTHING, today, EVENING)
                .reason()).isEqualTo(Reason.CREDITS_PER_WORKSPACE_PER_MONTH);
    }

    @Test
    void refuses_an_extension_over_the_daily_cap_worded_for_the_person_who_started_the_run() {
        assertRefused(new CreditBudget(100, 0).checkExtend(RATE, Run.EXTENSION, true, new Spend(60, 38),
                        Spend.NOTHING, EVENING),
                Reason.CREDITS_PER_USER_PER_DAY,
                "Extending it would hold 5 more credits (15 minutes at 20 credits an hour), and you have 98 in use"
                        + " (60 used, 38 held by runs still going) of your 100 credits a day"
                        + " (GIGA_MAX_CREDITS_PER_USER_PER_DAY). The day's budget starts again at 00:00 UTC, in 5 h"
                        + " 10 min. Stop a run you no longer need, or save what you need from its desktop before it"
                        + " stops.");
    }

    @Test
    void refuses_an_extension_over_the_daily_cap_worded_for_someone_else() {
        assertRefused(new CreditBudget(100, 0).checkExtend(RATE, Run.EXTENSION, false, new Spend(60, 38),
                        Spend.NOTHING, EVENING),
                Reason.CREDITS_PER_USER_PER_DAY,
                "Extending it would hold 5 more credits (15 minutes at 20 credits an hour), and the person who started"
                        + " it has 98 in use (60 used, 38 held by runs still going) of their 100 credits a day"
                        + " (GIGA_MAX_CREDITS_PER_USER_PER_DAY). The day's budget starts again at 00:00 UTC, in 5 h"
                        + " 10 min. Save what you need from its desktop before it stops.");
    }

    @Test
    void refuses_an_extension_over_the_monthly_cap_with_the_same_words_for_anyone() {
        String text = "Extending it would hold 5 more credits (15 minutes at 20 credits an hour), and this workspace"
                + " has 998 in use (990 used, 8 held by runs still going) of its 1,000 credits a month"
                + " (GIGA_MAX_CREDITS_PER_WORKSPACE_PER_MONTH). The month's budget starts again on 1 February at"
                + " 00:00 UTC, in 3 days. Save what you need from its desktop before it stops; an admin can raise"
                + " the cap.";
        CreditBudget monthly = new CreditBudget(0, 1_000);
        assertRefused(monthly.checkExtend(RATE, Run.EXTENSION, true, Spend.NOTHING, new Spend(990, 8),
                END_OF_JANUARY), Reason.CREDITS_PER_WORKSPACE_PER_MONTH, text);
        assertRefused(monthly.checkExtend(RATE, Run.EXTENSION, false, Spend.NOTHING, new Spend(990, 8),
                END_OF_JANUARY), Reason.CREDITS_PER_WORKSPACE_PER_MONTH, text);
    }

    // ---- settings ----

    @Test
    void a_cap_is_zero_for_none_or_more() {
        assertThat(CreditBudget.NONE.capsPeople()).isFalse();
        assertThat(CreditBudget.NONE.capsWorkspace()).isFalse();
        assertThat(new CreditBudget(1, 0).capsPeople()).isTrue();
        assertThat(new CreditBudget(0, 1).capsWorkspace()).isTrue();
        assertThatThrownBy(() -> new CreditBudget(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CreditBudget(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keeping_a_computer_running_holds_the_rest_of_the_hours_and_must_fit_the_daily_cap() {
        Duration rest = Duration.ofMinutes(45);
        assertThat(new CreditBudget(100, 0).checkKeep(RATE, rest, true, new Spend(50, 35), Spend.NOTHING, EVENING)
                .isAllowed()).as("85 + 15 = the cap").isTrue();
        assertRefused(new CreditBudget(100, 0).checkKeep(RATE, rest, true, new Spend(50, 36), Spend.NOTHING, EVENING),
                Reason.CREDITS_PER_USER_PER_DAY,
                "Keeping the computer running would hold 15 more credits (45 minutes at 20 credits an hour), and you"
                        + " have 86 in use (50 used, 36 held by runs still going) of your 100 credits a day"
                        + " (GIGA_MAX_CREDITS_PER_USER_PER_DAY). The day's budget starts again at 00:00 UTC, in 5 h"
                        + " 10 min. Save what you need from its desktop before it stops by itself, or stop a run you"
                        + " no longer need.");
    }

    @Test
    void keeping_a_computer_with_nothing_left_of_its_hours_needs_no_budget() {
        assertThat(new CreditBudget(1, 1).checkKeep(RATE, Duration.ZERO, true, new Spend(5, 5), new Spend(5, 5),
                EVENING).isAllowed()).isTrue();
    }

    @Test
    void a_refusal_has_brief_words_for_a_forms_field() {
        Decision d = new CreditBudget(60, 0).checkStart(RATE, 4, new Spend(10, 20), Spend.NOTHING, EVENING);
        assertThat(d.shortText()).isEqualTo("Needs 80 credits; 30 of your 60 a day are left until 00:00 UTC"
                + " (GIGA_MAX_CREDITS_PER_USER_PER_DAY).");
        Decision m = new CreditBudget(0, 1_000).checkStart(RATE, 2, Spend.NOTHING, new Spend(999, 0), END_OF_JANUARY);
        assertThat(m.shortText()).isEqualTo("Needs 40 credits; 1 of this workspace's 1,000 a month is left until"
                + " 1 February (GIGA_MAX_CREDITS_PER_WORKSPACE_PER_MONTH).");
    }
}

package io.gigaslack.runs;

import static io.gigaslack.runs.UsageFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageReportTest {

    @Test
    void this_months_credits_are_what_its_runs_used_by_person_and_by_channel() {
        UsageReport r = UsageFixtures.everyone();

        assertThat(r.used()).isEqualTo(43);
        assertThat(r.held()).isEqualTo(7);
        assertThat(r.runs()).isEqualTo(5);
        assertThat(r.going()).isEqualTo(1);
        assertThat(r.people()).containsExactly(new UsageReport.Total("U2", 30, 1), new UsageReport.Total("U1", 13, 3),
                new UsageReport.Total("U3", 0, 1));
        assertThat(r.channels()).containsExactly(new UsageReport.Total("C2", 30, 2),
                new UsageReport.Total("C1", 13, 3));
        assertThat(r.monthRuns()).extracting(UsageReport.RunCredits::runId)
                .containsExactly("r_mar3", "r_mar2", "r_mar5g", "r_mar5u", "r_mar4");
    }

    @Test
    void runs_on_platforms_whose_rate_is_unknown_count_nothing_and_are_counted_apart() {
        UsageReport r = UsageFixtures.everyone();

        assertThat(r.unknownRate()).isEqualTo(1);
        assertThat(r.monthRuns()).filteredOn(c -> c.runId().equals("r_mar5u")).singleElement()
                .satisfies(c -> assertThat(c.rateKnown()).isFalse())
                .satisfies(c -> assertThat(c.credits()).isZero());
    }

    @Test
    void the_chart_has_the_last_thirty_utc_days_with_each_run_on_the_day_it_was_created() {
        UsageReport r = UsageFixtures.everyone();

        assertThat(r.days()).hasSize(30);
        assertThat(r.days().get(0).date()).isEqualTo(LocalDate.parse("2026-02-04"));
        assertThat(r.days().get(29).date()).isEqualTo(LocalDate.parse("2026-03-05"));
        assertThat(r.days()).filteredOn(d -> d.credits() > 0 || d.runs() > 0).containsExactly(
                new UsageReport.Day(LocalDate.parse("2026-02-20"), 20, 1),
                new UsageReport.Day(LocalDate.parse("2026-03-02"), 10, 1),
                new UsageReport.Day(LocalDate.parse("2026-03-03"), 30, 1),
                new UsageReport.Day(LocalDate.parse("2026-03-04"), 0, 1),
                new UsageReport.Day(LocalDate.parse("2026-03-05"), 3, 2));
        assertThat(r.chartTotal()).isEqualTo(63);
    }

    @Test
    void a_persons_report_has_only_their_runs() {
        UsageReport r = UsageFixtures.ofU1();

        assertThat(r.everyone()).isFalse();
        assertThat(r.used()).isEqualTo(13);
        assertThat(r.people()).containsExactly(new UsageReport.Total("U1", 13, 3));
        assertThat(r.monthRuns()).extracting(UsageReport.RunCredits::requesterId).containsOnly("U1");
        assertThat(r.chartTotal()).isEqualTo(33);
    }

    @Test
    void reads_back_to_the_month_start_or_the_charts_first_day_whichever_is_earlier() {
        assertThat(UsageReport.since(NOW)).isEqualTo(Instant.parse("2026-02-04T00:00:00Z"));
        // On the 31st the month began 30 days ago, before the chart's first day.
        assertThat(UsageReport.since(Instant.parse("2026-03-31T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    }

    @Test
    void a_new_month_starts_from_nothing_while_the_chart_still_shows_last_month() {
        List<MeteredRun> ended = UsageFixtures.runs().stream().filter(m -> !m.mayStillRun()).toList();
        UsageReport r = UsageReport.of(ended, Instant.parse("2026-04-01T00:30:00Z"), null);

        assertThat(r.runs()).isZero();
        assertThat(r.used()).isZero();
        assertThat(r.people()).isEmpty();
        // The chart now starts on 3 March: the run of that day is on it, the one of 2 March no longer.
        assertThat(r.days().get(0).date()).isEqualTo(LocalDate.parse("2026-03-03"));
        assertThat(r.chartTotal()).isEqualTo(30);
    }

    @Test
    void no_runs_make_an_empty_report_with_thirty_empty_days() {
        UsageReport r = UsageReport.of(List.of(), NOW, "U5");

        assertThat(r.runs()).isZero();
        assertThat(r.days()).hasSize(30).allSatisfy(d -> assertThat(d.credits()).isZero());
    }
}

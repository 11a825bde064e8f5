package io.gigaslack.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gigaslack.runs.Decision.Reason;
import io.gigaslack.runs.Limits.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimitsTest {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final Limits LIMITS = Limits.defaults(List.of("giga-mini", "giga-standard", "giga-pro", "giga-max"));
    static final Usage IDLE = new Usage(0, 0, 0);

    static RunParams params(String platform, int hours, String prompt) {
        return new RunParams(platform, hours, prompt, "A file on the Desktop", "", "");
    }

    static final RunParams OK = params("giga-standard", 1, "Find the pricing on example.com");

    static void assertRefused(Decision d, Reason reason, String text) {
        assertThat(d.isRefused()).isTrue();
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.text()).isEqualTo(text);
    }

    @Test
    void defaults_are_the_documented_ones() {
        assertThat(LIMITS.maxHours()).isEqualTo(8);
        assertThat(LIMITS.maxConcurrentPerUser()).isEqualTo(3);
        assertThat(LIMITS.maxConcurrentPerWorkspace()).isEqualTo(20);
        assertThat(LIMITS.maxRunsPerUserPerDay()).isEqualTo(20);
        assertThat(LIMITS.maxPromptChars()).isEqualTo(4000);
        assertThat(LIMITS.maxFileBytes()).isEqualTo(50L * 1024 * 1024);
        assertThat(LIMITS.platforms()).containsExactly("giga-mini", "giga-standard", "giga-pro", "giga-max");
    }

    @Test
    void allows_a_start_within_every_limit() {
        assertThat(LIMITS.checkStart(params("giga-max", 8, "x".repeat(4000)), new Usage(2, 19, 19)).isAllowed())
                .isTrue();
        assertThat(LIMITS.checkStart(OK, IDLE)).isEqualTo(Decision.allowed());
    }

    @Test
    void refuses_more_hours_than_max_hours() {
        assertRefused(LIMITS.checkStart(params("giga-standard", 12, "x"), IDLE), Reason.MAX_HOURS,
                "You asked for 12 hours, more than the 8 hours a run may last (GIGA_MAX_HOURS). Ask for 8 hours or"
                        + " fewer.");
    }

    @Test
    void refuses_zero_hours() {
        assertRefused(LIMITS.checkStart(params("giga-standard", 0, "x"), IDLE), Reason.MAX_HOURS,
                "You asked for 0 hours; a run lasts from 1 to 8 hours (GIGA_MAX_HOURS).");
    }

    @Test
    void refuses_platform_not_allowed() {
        assertRefused(LIMITS.checkStart(params("giga-huge", 1, "x"), IDLE), Reason.PLATFORM_NOT_ALLOWED,
                "giga-huge is not a platform this app may use. Choose giga-mini, giga-standard, giga-pro or giga-max"
                        + " (GIGA_PLATFORMS).");
    }

    @Test
    void refuses_platform_not_allowed_without_echoing_slack_markup() {
        assertThat(LIMITS.checkStart(params("<!channel>", 1, "x"), IDLE).text())
                .startsWith("&lt;!channel&gt; is not a platform").doesNotContain("<!channel>");
    }

    @Test
    void refuses_prompt_too_long() {
        assertRefused(LIMITS.checkStart(params("giga-standard", 1, "x".repeat(4512)), IDLE), Reason.PROMPT_TOO_LONG,
                "Your task is 4,512 characters long, more than the 4,000 this app accepts (GIGA_MAX_PROMPT_CHARS)."
                        + " Shorten it and try again.");
    }

    @Test
    void refuses_goal_or_extra_instructions_too_long() {
        String long4001 = "y".repeat(4001);
        assertThat(LIMITS.checkStart(new RunParams("giga-standard", 1, "x", long4001, "", ""), IDLE).text())
                .startsWith("Your goal is 4,001 characters long");
        Decision d = LIMITS.checkStart(new RunParams("giga-standard", 1, "x", "g", long4001, ""), IDLE);
        assertThat(d.reason()).isEqualTo(Reason.PROMPT_TOO_LONG);
        assertThat(d.text()).startsWith("Your extra instructions are 4,001 characters long");
    }

    @Test
    void counts_prompt_length_in_characters_not_utf16_units() {
        assertThat(LIMITS.checkStart(params("giga-standard", 1, "😀".repeat(4000)), IDLE).isAllowed()).isTrue();
    }

    @Test
    void refuses_fourth_concurrent_run_of_a_user() {
        assertRefused(LIMITS.checkStart(OK, new Usage(3, 3, 3)), Reason.CONCURRENT_PER_USER,
                "You already have 3 runs going, the most one person may have at once (GIGA_MAX_CONCURRENT_PER_USER)."
                        + " Stop one with `/giga list`, or wait for one to finish.");
    }

    @Test
    void refuses_a_user_above_a_lowered_concurrency_limit() {
        Limits one = new Limits(8, 1, 20, 20, 4000, 1024, LIMITS.platforms());
        assertRefused(one.checkStart(OK, new Usage(2, 2, 2)), Reason.CONCURRENT_PER_USER,
                "You already have 2 runs going, more than the 1 one person may have at once"
                        + " (GIGA_MAX_CONCURRENT_PER_USER). Stop one with `/giga list`, or wait for one to finish.");
        assertThat(one.checkStart(OK, new Usage(1, 1, 1)).text()).startsWith("You already have 1 run going, the most");
    }

    @Test
    void refuses_twenty_first_concurrent_run_of_the_workspace() {
        assertRefused(LIMITS.checkStart(OK, new Usage(0, 20, 0)), Reason.CONCURRENT_PER_WORKSPACE,
                "This workspace already has 20 runs going, the most it may have at once"
                        + " (GIGA_MAX_CONCURRENT_PER_WORKSPACE). Try again when one of them has finished.");
    }

    @Test
    void refuses_twenty_first_run_of_a_user_in_a_day() {
        assertRefused(LIMITS.checkStart(OK, new Usage(0, 0, 20)), Reason.RUNS_PER_DAY,
                "You have started 20 runs in the last 24 hours, the most one person may start in a day"
                        + " (GIGA_MAX_RUNS_PER_USER_PER_DAY). Try again later: each run counts for 24 hours after it"
                        + " started.");
    }

    @Test
    void names_what_was_asked_before_what_is_in_use() {
        Usage full = new Usage(3, 20, 20);
        assertThat(LIMITS.checkStart(params("giga-huge", 99, "x"), full).reason())
                .isEqualTo(Reason.PLATFORM_NOT_ALLOWED);
        assertThat(LIMITS.checkStart(params("giga-mini", 99, "x"), full).reason()).isEqualTo(Reason.MAX_HOURS);
        assertThat(LIMITS.checkStart(OK, full).reason()).isEqualTo(Reason.CONCURRENT_PER_USER);
        assertThat(LIMITS.checkStart(OK, new Usage(0, 20, 20)).reason()).isEqualTo(Reason.RUNS_PER_DAY);
    }

    @Test
    void refuses_extension_past_max_hours() {
        Run run = Run.requested("r_1", "T1", "C1", "U1", RunKind.AGENT, params("giga-standard", 8, "x"), "gs-r_1",
                "h", T0);
        Instant planned = T0.plus(Duration.ofHours(8)).plusSeconds(40);
        assertThat(LIMITS.checkExtend(run, planned).isAllowed()).isTrue();
        assertRefused(LIMITS.checkExtend(run, planned.plus(Duration.ofMinutes(15))), Reason.MAX_HOURS,
                "This run would then last 8 h 16 min, more than the 8 hours a run may last (GIGA_MAX_HOURS). Save"
                        + " what you need from its desktop before it stops.");
    }

    @Test
    void refuses_to_post_a_file_too_large() {
        long big = 72L * 1024 * 1024 + 400 * 1024;
        assertThat(LIMITS.fileFits(50L * 1024 * 1024)).isTrue();
        assertThat(LIMITS.checkFile("report.pdf", 50L * 1024 * 1024).isAllowed()).isTrue();
        assertThat(LIMITS.fileFits(big)).isFalse();
        assertRefused(LIMITS.checkFile("<b>dump.zip", big), Reason.FILE_TOO_LARGE,
                "&lt;b&gt;dump.zip is 72.4 MB, larger than the 50 MB this app posts into a thread (GIGA_MAX_FILE_MB)."
                        + " It is still on the computer's Desktop: open the desktop to get it while the computer runs.");
    }

    @Test
    void limits_below_one_are_rejected_not_read_as_unlimited() {
        assertThatThrownBy(() -> new Limits(8, 0, 20, 20, 4000, 1, LIMITS.platforms()))
                .hasMessageContaining("maxConcurrentPerUser must be at least 1");
        assertThatThrownBy(() -> new Limits(25, 3, 20, 20, 4000, 1, LIMITS.platforms()))
                .hasMessageContaining("maxHours is at most 24");
        assertThatThrownBy(() -> new Usage(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_decision_is_either_allowed_without_words_or_refused_with_them() {
        assertThatThrownBy(() -> new Decision(Reason.MAX_HOURS, "", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Decision(null, "words", null)).isInstanceOf(IllegalArgumentException.class);
    }
}

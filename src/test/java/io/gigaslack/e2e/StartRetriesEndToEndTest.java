package io.gigaslack.e2e;

import static io.gigaslack.testing.TestApp.runId;
import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.runs.StartTries;
import io.gigaslack.slack.render.ActionIds;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Say what is going on while Giga turns a start away: through the real endpoint, on the simulator, with a clock the
 * test moves. The card says what Giga answered and when the next try is; at most {@link StartTries#MAX_REQUESTS}
 * start requests reach Giga over the whole give-up window, restarts included; then the run fails with plain words and
 * a Retry that works.
 */
class StartRetriesEndToEndTest {
    private static final String START = "/api/deployments/start";
    private static final Instant T0 = SettableClock.DEFAULT_START;
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final SettableClock clock = new SettableClock(T0);
    private TestApp t;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    @Test
    void a_503_start_is_retried_8_times_in_all_saying_so_on_the_card_then_fails_clearly_and_retry_starts_it() {
        t = TestApp.startWith(slack -> { }, sim -> { }, Map.of(), clock);
        t.giga.faults().on("POST", START).times(1000).respond(503, "SERVICE_UNAVAILABLE");

        String id = runId(t.command("run Save the report to report.txt"));
        t.awaitIdle();
        assertThat(t.giga.count("POST", START)).isEqualTo(1);
        assertThat(card()).contains("Starting", ":arrows_counterclockwise: Giga answered 503 Service Unavailable at "
                + at(T0) + ". The app is waiting for Giga: next try at " + at(T0.plusSeconds(3)) + " (try 2 of 8).");

        for (int n = 2; n <= StartTries.MAX_REQUESTS; n++) {
            clock.advance(StartTries.WAITS.get(n - 2));
            t.awaitIdle();
            assertThat(t.giga.count("POST", START)).as("start requests by try %d: %s", n, starts()).isEqualTo(n);
        }
        Instant eighth = clock.instant();
        assertThat(eighth).as("3 min 30 s from the first request to the eighth").isEqualTo(T0.plusSeconds(210));
        assertThat(card()).contains(":arrows_counterclockwise: Giga answered 503 Service Unavailable at " + at(eighth)
                + ". That was the last of 8 tries: at " + at(eighth.plusSeconds(30)) + " the app checks once more"
                + " whether Giga started the computer anyway, and then gives up.");

        clock.advance(StartTries.WAITS.get(7));
        t.awaitIdle();
        String reason = "The app tried 8 times in 4 min to start the computer and has stopped trying. The last time,"
                + " Giga answered 503 Service Unavailable. Press Retry to try again in a few minutes.";
        assertThat(card()).contains(":x: Failed", ":warning: " + reason, ActionIds.RUN_RETRY)
                .doesNotContain(":arrows_counterclockwise:");
        assertThat(thread()).anySatisfy(m -> assertThat(m)
                .contains(":x: <@U1> Giga could not start the computer: " + reason, ActionIds.RUN_RETRY));
        // Long after the give-up window, still not one request more.
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofMinutes(5));
            t.awaitIdle();
        }
        assertThat(t.giga.count("POST", START)).as("start requests over the whole give-up window").isEqualTo(8);
        assertThat(t.giga.deployments()).isEmpty();

        t.giga.faults().clear();
        t.button(ActionIds.RUN_RETRY, "U1", "C1", id);
        await("the retried run's computer is being set up", () -> t.slack.rootMessages("C1").size() == 2
                && t.slack.rootMessages("C1").get(1).blocks().contains("Setting up the computer"));
        assertThat(t.giga.count("POST", START)).isEqualTo(9);
        assertThat(t.giga.deployments()).hasSize(1);
        assertThat(t.giga.requests("POST", START).get(8).body()).contains("Save the report to report.txt");
        assertThat(t.slack.rootMessages("C1").get(1).blocks()).doesNotContain(":arrows_counterclockwise:");
    }

    @Test
    void a_restart_in_the_middle_of_the_retries_does_not_allow_more_than_8_start_requests() {
        t = TestApp.startWith(slack -> { }, sim -> { }, Map.of(), clock);
        t.giga.faults().on("POST", START).times(1000).respond(503, "SERVICE_UNAVAILABLE");
        String id = runId(t.command("run Save the report to report.txt"));
        t.awaitIdle();
        for (int n = 2; n <= 4; n++) {
            clock.advance(StartTries.WAITS.get(n - 2));
            t.awaitIdle();
        }
        assertThat(t.giga.count("POST", START)).isEqualTo(4);

        t.restart();
        // Four more requests, the final check, and a minute more: each wait is at most a minute.
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofMinutes(1));
            t.awaitIdle();
        }

        assertThat(t.giga.count("POST", START)).isEqualTo(8);
        assertThat(card()).contains(":x: Failed", "The app tried 8 times in");
    }

    @Test
    void an_html_error_page_from_a_proxy_is_described_not_dumped_and_the_next_try_starts_the_computer() {
        t = TestApp.startWith(slack -> { }, sim -> { }, Map.of(), clock);
        t.giga.faults().on("POST", START).times(1).html(502);

        String id = runId(t.command("run Save the report to report.txt"));
        t.awaitIdle();
        assertThat(card()).contains(":arrows_counterclockwise: Giga's address answered 502 Bad Gateway with an error"
                + " page (from a proxy in front of Giga, not from Giga itself) at " + at(T0) + ". The app is waiting for"
                + " Giga: next try at " + at(T0.plusSeconds(3)) + " (try 2 of 8).")
                .doesNotContain("html", "nginx", "<center>", "&lt;");

        clock.advance(StartTries.WAITS.get(0));
        t.awaitIdle();
        assertThat(t.giga.count("POST", START)).isEqualTo(2);
        assertThat(t.giga.deployments()).hasSize(1);
        assertThat(card()).contains("Setting up the computer").doesNotContain(":arrows_counterclockwise:", "Bad Gateway");
        assertThat(String.join("\n", thread())).doesNotContain("html", "nginx", "Bad Gateway");
    }

    @Test
    void a_429_rate_limited_start_says_the_app_is_waiting_for_giga_and_after_giving_up_not_that_it_keeps_trying() {
        t = TestApp.startWith(slack -> { }, sim -> { }, Map.of(), clock);
        t.giga.faults().on("POST", START).times(1000).rateLimited(Duration.ofSeconds(20));

        String id = runId(t.command("run Save the report to report.txt"));
        await("the first answer on the card", () -> card().contains(":arrows_counterclockwise:"));
        assertThat(card()).contains(":arrows_counterclockwise: Giga answered 429 Too Many Requests (the app sent more"
                + " requests than Giga takes from it in a minute) at " + at(T0) + ". The app is waiting for Giga: next"
                + " try at " + at(T0.plusSeconds(20)) + " (try 2 of 8).").doesNotContain("keep trying");

        // Giga's Retry-After (20 s) where it is longer than the app's own wait, then the app's.
        List<Integer> waits = List.of(20, 20, 20, 24, 45, 60, 60);
        for (int n = 2; n <= StartTries.MAX_REQUESTS; n++) {
            clock.advance(Duration.ofSeconds(waits.get(n - 2)));
            int sent = n;
            // Not awaitIdle: after a 429 the request budget holds every Giga call, the poller's too, until Giga's
            // Retry-After has passed on the test's clock.
            await("start request " + n, () -> t.giga.count("POST", START) == sent);
            await("answer " + n + " on the card", () -> card().contains(sent == StartTries.MAX_REQUESTS
                    ? ":x: Failed" : "(try " + (sent + 1) + " of 8)"));
        }

        String reason = "The app tried 8 times in 4 min to start the computer and has stopped trying. The last time,"
                + " Giga answered 429 Too Many Requests (the app sent more requests than Giga takes from it in a"
                + " minute). Press Retry to try again in a few minutes.";
        assertThat(card()).contains(":warning: " + reason, ActionIds.RUN_RETRY).doesNotContain("keep trying");
        await("the thread says it failed", () -> thread().stream().anyMatch(m -> m.contains(reason)));
        assertThat(String.join("\n", thread())).doesNotContain("keep trying", "will keep");
        clock.advance(Duration.ofMinutes(5));
        t.awaitIdle();
        assertThat(t.giga.count("POST", START)).isEqualTo(8);
    }

    /**
     * The status card of the test's (first) run as it is now, its blocks as JSON; found as the channel's first message,
     * since a card names its run only in its buttons, and a starting run has none.
     */
    private String card() {
        List<FakeSlack.Message> roots = t.slack.rootMessages("C1");
        return roots.isEmpty() ? "" : t.slack.message("C1", roots.get(0).ts()).blocks();
    }

    /** When each start request reached the simulator (its clock) and for which deployment name, for failure messages. */
    private List<String> starts() {
        return t.giga.requests("POST", START).stream().map(r -> r.receivedAt() + " " + r.body().replaceAll(
                ".*\"name\":\"([^\"]*)\".*", "$1")).toList();
    }

    /** The thread of the test's (first) run: each reply's text and blocks. */
    private List<String> thread() {
        List<FakeSlack.Message> roots = t.slack.rootMessages("C1");
        return roots.isEmpty() ? List.of() : t.slack.thread("C1", roots.get(0).ts()).stream()
                .map(m -> m.text() + " " + m.blocks()).toList();
    }

    /** A time as the card shows it: Slack's date token to the second, with its UTC fallback. */
    private static String at(Instant instant) {
        return "<!date^" + instant.getEpochSecond() + "^{time_secs}|" + HMS.format(instant) + " UTC>";
    }

    private void await(String what, BooleanSupplier condition) {
        t.await(what, Duration.ofSeconds(20), condition);
    }
}

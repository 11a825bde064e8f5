package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gigaslack.slack.SlackSignatureVerifier;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.SlackRequests;
import io.gigaslack.testing.TestApp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The credit caps through the real endpoint, on the simulator and a clock the test moves: a start over a person's
 * daily cap or the workspace's monthly cap is refused with the numbers before Giga is asked anything, a run stopped
 * early counts only what it used, the day starts again at 00:00 UTC, and Extend over the cap is refused privately.
 * giga-standard costs 20 credits an hour (the default GIGA_PLATFORMS), so an hour holds 20 and 15 minutes hold 5.
 */
class CreditBudgetEndToEndTest {
    /** 5 h 10 min before the UTC day starts again. */
    private static final Instant EVENING = Instant.parse("2026-01-05T18:50:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestApp t;
    private SettableClock clock;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    private void start(Instant at, Map<String, String> settings) {
        clock = new SettableClock(at);
        t = TestApp.startWith(slack -> { }, sim -> sim.provisionDelay(Duration.ZERO)
                .agentDuration(Duration.ofHours(10)), settings, clock);
    }

    /**
     * A {@code /giga} command from {@code user} in C1, signed at the app's clock (a request signed by the wall clock
     * would be refused as stale once the test moved the clock).
     */
    private HttpResponse<String> command(String user, String text) {
        return signedNow(SlackRequests.form(SlackRequests.slashCommand("T1", user, "C1", text,
                t.slack.responseUrl())));
    }

    private HttpResponse<String> button(String actionId, String user, String runId) {
        return signedNow(SlackRequests.form(Map.of("payload",
                SlackRequests.buttonPress(actionId, user, "C1", runId, t.slack.responseUrl()))));
    }

    private HttpResponse<String> signedNow(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String ts = String.valueOf(clock.instant().getEpochSecond());
        Map<String, String> headers = new HashMap<>();
        headers.put(SlackSignatureVerifier.TIMESTAMP_HEADER, ts);
        headers.put(SlackSignatureVerifier.SIGNATURE_HEADER,
                SlackSignatureVerifier.sign(TestApp.SIGNING_SECRET, ts, bytes));
        HttpResponse<String> r = t.post("/slack/events", bytes, "application/x-www-form-urlencoded", headers);
        assertThat(r.statusCode()).as("acknowledged: " + r.body()).isEqualTo(200);
        return r;
    }

    /** The words of an answer (a command's response or a body posted to response_url). */
    private static String text(String body) {
        return json(body).path("text").asText();
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private String started(String user, String text) {
        HttpResponse<String> ack = command(user, text);
        assertThat(ack.body()).as("started").contains("Starting");
        return TestApp.runId(ack);
    }

    private int gigaStarts() {
        return t.giga.count("POST", "/api/deployments/start");
    }

    /** Until Giga has started {@code n} computers and the app has seen them running. */
    private void awaitRunning(String runId) {
        t.await("the computer of " + runId + " runs", Duration.ofSeconds(20), () -> {
            t.giga.tick();
            t.app.testHooks().reconciler().cycle();
            return "RUNNING".equals(column(runId, "computer"));
        });
        t.awaitIdle();
    }

    private String column(String runId, String name) {
        try (Connection c = DriverManager.getConnection(t.databaseUrl, "", "");
                PreparedStatement ps = c.prepareStatement("SELECT " + name + " FROM runs WHERE id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void refuses_a_start_over_the_daily_budget_with_the_numbers_and_asks_giga_nothing() {
        start(EVENING, Map.of("GIGA_MAX_CREDITS_PER_USER_PER_DAY", "60"));
        started("U1", "run --hours 2 First job");
        t.await("the first computer is asked for", Duration.ofSeconds(20), () -> gigaStarts() == 1);

        HttpResponse<String> refusal = command("U1", "run --hours 2 Second job");

        assertThat(text(refusal.body())).isEqualTo("This run would hold 40 credits (2 hours at 20 credits an hour),"
                + " and you have 40 in use (0 used, 40 held by runs still going) of your 60 credits a day"
                + " (GIGA_MAX_CREDITS_PER_USER_PER_DAY). The day's budget starts again at 00:00 UTC, in 5 h 10 min."
                + " Ask for fewer hours, or stop a run you no longer need.");
        t.awaitIdle();
        assertThat(gigaStarts()).as("no Giga request for the refused run").isEqualTo(1);
        assertThat(t.slack.rootMessages("C1")).as("one card, for the first run").hasSize(1);
        // Someone else's day is their own.
        started("U2", "run --hours 3 Their job");
    }

    @Test
    void a_run_stopped_early_counts_only_what_it_used_and_a_new_start_fits() {
        start(EVENING, Map.of("GIGA_MAX_CREDITS_PER_USER_PER_DAY", "60"));
        String first = started("U1", "run --hours 3 Long job");
        awaitRunning(first);
        clock.advance(Duration.ofMinutes(10));
        assertThat(command("U1", "run --hours 1 Meanwhile").body()).as("3 hours held: nothing left")
                .doesNotContain("Starting").contains("GIGA_MAX_CREDITS_PER_USER_PER_DAY");

        assertThat(command("U1", "stop " + first).body()).contains("Stopping");
        t.await("the computer ended", Duration.ofSeconds(20), () -> {
            t.giga.tick();
            t.app.testHooks().reconciler().cycle();
            return column(first, "computer_ended_at") != null;
        });
        t.awaitIdle();

        // 10 minutes at 20 an hour: 3.3, rounded up to 4; a 3-hour run would pass the cap by 4.
        assertThat(text(command("U1", "run --hours 3 Too long again").body())).isEqualTo("This run would hold 60"
                + " credits (3 hours at 20 credits an hour), and you have 4 in use (4 used, 0 held by runs still"
                + " going) of your 60 credits a day (GIGA_MAX_CREDITS_PER_USER_PER_DAY). The day's budget starts again"
                + " at 00:00 UTC, in 5 hours. Ask for fewer hours, or stop a run you no longer need.");
        int before = gigaStarts();
        started("U1", "run --hours 2 Fits now");
        t.await("the new computer is asked for", Duration.ofSeconds(20), () -> gigaStarts() == before + 1);
    }

    @Test
    void the_next_utc_day_the_budget_starts_again() {
        start(EVENING, Map.of("GIGA_MAX_CREDITS_PER_USER_PER_DAY", "60"));
        started("U1", "run --hours 3 Exactly the day's budget");
        assertThat(command("U1", "run --hours 1 One more").body()).doesNotContain("Starting")
                .contains("GIGA_MAX_CREDITS_PER_USER_PER_DAY");
        t.awaitIdle();

        clock.set(Instant.parse("2026-01-05T23:59:00Z"));
        assertThat(text(command("U1", "run --hours 1 Not yet").body())).contains("in 1 min.");

        clock.set(Instant.parse("2026-01-06T00:00:00Z"));
        started("U1", "run --hours 3 A new day");
    }

    @Test
    void the_workspace_monthly_budget_refuses_a_second_person() {
        start(Instant.parse("2026-01-29T12:00:00Z"), Map.of("GIGA_MAX_CREDITS_PER_WORKSPACE_PER_MONTH", "100"));
        started("U1", "run --hours 3 Big job");
        t.await("the first computer is asked for", Duration.ofSeconds(20), () -> gigaStarts() == 1);

        HttpResponse<String> refusal = command("U2", "run --hours 3 Another big job");

        assertThat(text(refusal.body())).isEqualTo("This run would hold 60 credits (3 hours at 20 credits an hour),"
                + " and this workspace has 60 in use (0 used, 60 held by runs still going) of its 100 credits a month"
                + " (GIGA_MAX_CREDITS_PER_WORKSPACE_PER_MONTH). The month's budget starts again on 1 February at"
                + " 00:00 UTC, in 3 days. An admin can raise the cap.");
        t.awaitIdle();
        assertThat(gigaStarts()).as("no Giga request for the refused run").isEqualTo(1);
        // Exactly what is left fits.
        started("U2", "run --hours 2 A smaller job");
    }

    @Test
    void extend_over_the_daily_budget_is_refused_privately() {
        start(EVENING, Map.of("GIGA_MAX_CREDITS_PER_USER_PER_DAY", "44"));
        String id = started("U1", "run --hours 2 Nearly the whole budget");
        awaitRunning(id);
        int extends0 = t.giga.count("POST", "/api/sandbox/extend");
        int answers = t.slack.responses().size();
        List<String> channel = t.slack.rootMessages("C1").stream().map(m -> m.text() + m.blocks()).toList();

        button("run_extend", "U1", id);

        t.await("the refusal, to the presser only", Duration.ofSeconds(10),
                () -> t.slack.responses().size() > answers);
        assertThat(text(t.slack.responses().get(answers))).isEqualTo("Extending it would hold 5 more credits"
                + " (15 minutes at 20 credits an hour), and you have 40 in use (0 used, 40 held by runs still going)"
                + " of your 44 credits a day (GIGA_MAX_CREDITS_PER_USER_PER_DAY). The day's budget starts again at"
                + " 00:00 UTC, in 5 h 10 min. Stop a run you no longer need, or save what you need from its desktop"
                + " before it stops.");
        t.awaitIdle();
        assertThat(t.giga.count("POST", "/api/sandbox/extend")).as("not extended").isEqualTo(extends0);
        assertThat(column(id, "extended_to")).as("the planned end is unchanged").isNull();
        assertThat(t.slack.rootMessages("C1").stream().map(m -> m.text() + m.blocks()).toList())
                .as("nothing new in the channel").isEqualTo(channel);
        assertThat(t.threadTexts("C1", id)).noneMatch(m -> m.contains("Extending it would hold"));
    }

    @Test
    void extend_exactly_to_the_daily_budget_is_allowed() {
        start(EVENING, Map.of("GIGA_MAX_CREDITS_PER_USER_PER_DAY", "45"));
        String id = started("U1", "run --hours 2 Nearly the whole budget");
        awaitRunning(id);
        clock.advance(Duration.ofSeconds(30)); // mid-minute: used and held must not each round up
        int extends0 = t.giga.count("POST", "/api/sandbox/extend");
        int answers = t.slack.responses().size();

        button("run_extend", "U1", id);

        t.await("extended", Duration.ofSeconds(10), () -> t.giga.count("POST", "/api/sandbox/extend") > extends0);
        t.awaitIdle();
        assertThat(t.slack.responses().subList(answers, t.slack.responses().size()))
                .noneMatch(r -> r.contains("GIGA_MAX_CREDITS_PER_USER_PER_DAY"));
    }

    @Test
    void the_run_form_over_the_budget_shows_the_refusal_under_hours() {
        start(EVENING, Map.of("GIGA_MAX_CREDITS_PER_USER_PER_DAY", "60"));
        HttpResponse<String> r = signedNow(SlackRequests.form(Map.of("payload", "{\"type\":\"view_submission\","
                + "\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U1\"},\"api_app_id\":\"A1\","
                + "\"trigger_id\":\"1.2.3\",\"view\":{\"id\":\"V1\",\"type\":\"modal\","
                + "\"callback_id\":\"giga_run_modal\",\"private_metadata\":\"{\\\"channel\\\":\\\"C1\\\"}\","
                + "\"state\":{\"values\":{\"run_task\":{\"task_input\":{\"value\":\"Do it\"}},"
                + "\"run_platform\":{\"platform_input\":{\"selected_option\":{\"value\":\"giga-standard\"}}},"
                + "\"run_hours\":{\"hours_input\":{\"value\":\"4\"}}}}}}")));
        JsonNode answer = json(r.body());
        assertThat(answer.path("response_action").asText()).isEqualTo("errors");
        assertThat(answer.path("errors").path("run_hours").asText()).as("under hours, where the fix is: " + r.body())
                .isEqualTo("Needs 80 credits; 60 of your 60 a day are left until 00:00 UTC"
                        + " (GIGA_MAX_CREDITS_PER_USER_PER_DAY).");
        t.awaitIdle();
        assertThat(gigaStarts()).isZero();
    }

    @Test
    void a_platform_whose_rate_is_not_known_is_never_refused_by_the_budget() {
        start(EVENING, Map.of("GIGA_MAX_CREDITS_PER_USER_PER_DAY", "1"));
        started("U1", "run --platform linux-toolkit-standard --hours 8 Rate unknown");
        assertThat(command("U1", "run --hours 1 Rate known").body()).doesNotContain("Starting")
                .contains("GIGA_MAX_CREDITS_PER_USER_PER_DAY");
    }
}

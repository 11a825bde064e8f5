package io.gigaslack.e2e;

import static io.gigaslack.testing.TestApp.runId;
import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The /giga commands, buttons, modal, shortcut, mentions and App Home, through the real endpoint. */
class SlackCommandsEndToEndTest {
    private static TestApp t;

    @BeforeAll
    static void start() {
        t = TestApp.start(Map.of());
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @BeforeEach
    void reset() {
        t.giga.faults().clear();
    }

    private int starts() {
        return t.giga.count("POST", "/api/deployments/start") + t.giga.count("POST", "/api/deployments");
    }

    @Test
    void help_shows_usage() {
        HttpResponse<String> r = t.command("help");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("/giga run", "/giga desktop", "/giga list");
    }

    @Test
    void run_without_prompt_is_refused_with_usage_and_starts_nothing() {
        int before = starts();
        HttpResponse<String> r = t.command("run --hours 2");
        assertThat(r.body()).contains("/giga run").contains("task is missing");
        assertThat(starts()).isEqualTo(before);
    }

    @Test
    void hours_outside_1_to_24_are_refused() {
        assertThat(t.command("run --hours 25 do it").body()).contains("25").contains("/giga run");
    }

    @Test
    void unknown_option_is_refused() {
        assertThat(t.command("run --colour blue do it").body()).contains("--colour");
    }

    @Test
    void unknown_platform_is_refused_and_lists_the_allowed_ones() {
        int before = starts();
        assertThat(t.command("run --platform giga-huge do it").body()).contains("giga-huge", "giga-standard");
        assertThat(starts()).isEqualTo(before);
    }

    @Test
    void unknown_subcommand_is_refused() {
        assertThat(t.command("dance").body()).contains("dance").contains("/giga");
    }

    @Test
    void status_of_unknown_run_is_refused() {
        assertThat(t.command("status r_nothere").body()).contains("r_nothere");
    }

    @Test
    void desktop_creates_a_computer_without_the_agent() {
        String id = runId(t.command("desktop --name \"Design review\" --hours 1"));
        t.await("desktop deployment created", Duration.ofSeconds(10), () -> t.giga.count("POST", "/api/deployments") == 1);
        assertThat(t.giga.requests("POST", "/api/deployments").get(0).body()).contains("\"aiEnabled\":false");
        t.await("desktop ready in thread", Duration.ofSeconds(20), () -> threadOf(id).contains("wss://"));
    }

    @Test
    void list_shows_the_callers_runs_and_status_one_run() {
        String id = runId(t.command("run --name Pricing Find prices"));
        assertThat(t.command("list").body()).contains(id).contains("Pricing");
        assertThat(t.command("status " + id).body()).contains("Pricing").contains("Find prices");
    }

    @Test
    void stop_by_the_requester_stops_the_computer_and_says_so_in_the_thread() {
        String id = runId(t.command("run Long task that takes a while"));
        awaitDeployment(id);
        assertThat(t.command("stop " + id).body()).contains("Stopping");
        t.await("stop sent to Giga", Duration.ofSeconds(10), () -> t.giga.countMatching("POST", ".*/stop") >= 1);
        t.await("thread says stopped", Duration.ofSeconds(10), () -> threadOf(id).contains("<@U1>")
                && threadOf(id).toLowerCase().contains("stop"));
    }

    @Test
    void stop_button_from_non_owner_changes_nothing() {
        String id = runId(t.command("run Something important"));
        awaitDeployment(id);
        int stops = t.giga.countMatching("POST", ".*/stop");
        int responses = t.slack.responses().size();
        assertThat(t.button("run_stop", "U2", "C1", id).statusCode()).isEqualTo(200);
        t.await("refusal sent to the presser", Duration.ofSeconds(10), () -> t.slack.responses().size() > responses);
        assertThat(t.slack.responses().get(t.slack.responses().size() - 1)).contains("<@U1>");
        assertThat(t.giga.countMatching("POST", ".*/stop")).isEqualTo(stops);
    }

    @Test
    void button_with_a_run_of_another_channel_is_refused() {
        String id = runId(t.command("run Task in C1"));
        int stops = t.giga.countMatching("POST", ".*/stop");
        t.button("run_stop", "U1", "C999", id);
        t.button("run_stop", "U1", "C1", "r_forged");
        assertThat(t.giga.countMatching("POST", ".*/stop")).isEqualTo(stops);
    }

    @Test
    void extend_button_extends_the_sandbox_and_says_so() {
        String id = runId(t.command("run Extend me"));
        awaitDesktopReady(id);
        t.button("run_extend", "U1", "C1", id);
        t.await("extend sent", Duration.ofSeconds(10), () -> t.giga.count("POST", "/api/sandbox/extend") >= 1);
        t.await("thread says extended", Duration.ofSeconds(10), () -> threadOf(id).contains("xtend"));
    }

    @Test
    void retry_button_starts_the_same_task_again() {
        String id = runId(t.command("run Retry me please"));
        awaitDeployment(id);
        int before = t.giga.count("POST", "/api/deployments/start");
        t.button("run_retry", "U1", "C1", id);
        t.await("second start", Duration.ofSeconds(10), () -> t.giga.count("POST", "/api/deployments/start") == before + 1);
        assertThat(t.giga.requests("POST", "/api/deployments/start").get(before).body()).contains("Retry me please");
    }

    @Test
    void giga_alone_opens_the_run_modal() {
        int before = t.slack.calls("views.open").size();
        assertThat(t.command("").statusCode()).isEqualTo(200);
        t.await("views.open", Duration.ofSeconds(5), () -> t.slack.calls("views.open").size() == before + 1);
        assertThat(t.slack.calls("views.open").get(before).param("view")).contains("giga_run_modal");
    }

    @Test
    void modal_with_field_errors_answers_errors_and_starts_nothing() {
        int before = starts();
        HttpResponse<String> r = t.interaction(viewSubmission("", "giga-standard", "30"));
        assertThat(r.body()).contains("\"response_action\":\"errors\"").contains("run_task").contains("run_hours");
        assertThat(starts()).isEqualTo(before);
    }

    @Test
    void valid_modal_starts_a_run_in_the_channel_it_came_from() {
        int before = t.giga.count("POST", "/api/deployments/start");
        HttpResponse<String> r = t.interaction(viewSubmission("Summarise the news ✓", "giga-pro", "2"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("errors");
        t.await("started", Duration.ofSeconds(10), () -> t.giga.count("POST", "/api/deployments/start") == before + 1);
        assertThat(t.giga.requests("POST", "/api/deployments/start").get(before).body()).contains("giga-pro");
    }

    @Test
    void message_shortcut_opens_the_modal_with_the_message_text() {
        int before = t.slack.calls("views.open").size();
        t.interaction("{\"type\":\"message_action\",\"callback_id\":\"run_with_giga\",\"trigger_id\":\"1.2.3\","
                + "\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U1\"},\"channel\":{\"id\":\"C1\"},"
                + "\"message\":{\"type\":\"message\",\"text\":\"Check &lt;https://example.com|example&gt; pricing\",\"ts\":\"1.1\"},"
                + "\"response_url\":\"" + t.slack.responseUrl() + "\"}");
        t.await("views.open", Duration.ofSeconds(5), () -> t.slack.calls("views.open").size() == before + 1);
        assertThat(t.slack.calls("views.open").get(before).param("view")).contains("pricing");
    }

    @Test
    void mention_in_a_run_thread_sends_a_follow_up_to_the_agent() {
        t.giga.faults().clear();
        String id = runId(t.command("run --hours 3 Work on it"));
        awaitDesktopReady(id);
        String root = t.rootTs("C1", id);
        int before = t.giga.countMatching("POST", "/api/sessions/.*/runs");
        t.event("Ev-follow-" + id, "{\"type\":\"app_mention\",\"user\":\"U1\",\"text\":\"<@UBOT> also check the FAQ\","
                + "\"ts\":\"9.9\",\"thread_ts\":\"" + root + "\",\"channel\":\"C1\",\"event_ts\":\"9.9\"}", Map.of());
        t.await("follow-up sent", Duration.ofSeconds(10),
                () -> t.giga.countMatching("POST", "/api/sessions/.*/runs") == before + 1);
        t.await("confirmed in thread", Duration.ofSeconds(10), () -> threadOf(id).contains("also check the FAQ"));
    }

    @Test
    void repeated_event_delivery_has_one_effect() {
        int before = t.giga.count("POST", "/api/deployments/start");
        String event = "{\"type\":\"app_mention\",\"user\":\"U1\",\"text\":\"<@UBOT> Find flights to Oslo\","
                + "\"ts\":\"5.5\",\"channel\":\"C1\",\"event_ts\":\"5.5\"}";
        t.event("Ev-dup-1", event, Map.of());
        t.event("Ev-dup-1", event, Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"));
        t.await("one start", Duration.ofSeconds(10), () -> t.giga.count("POST", "/api/deployments/start") == before + 1);
        t.awaitIdle();
        assertThat(t.giga.count("POST", "/api/deployments/start")).isEqualTo(before + 1);
    }

    @Test
    void app_home_lists_the_users_runs() {
        int before = t.slack.calls("views.publish").size();
        t.event("Ev-home-1", "{\"type\":\"app_home_opened\",\"user\":\"U1\",\"channel\":\"D1\",\"tab\":\"home\","
                + "\"event_ts\":\"1.1\"}", Map.of());
        t.await("views.publish", Duration.ofSeconds(5), () -> t.slack.calls("views.publish").size() == before + 1);
        assertThat(t.slack.calls("views.publish").get(before).param("user_id")).isEqualTo("U1");
    }

    private String viewSubmission(String task, String platform, String hours) {
        return "{\"type\":\"view_submission\",\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U1\"},\"api_app_id\":\"A1\","
                + "\"trigger_id\":\"1.2.3\",\"view\":{\"id\":\"V1\",\"type\":\"modal\",\"callback_id\":\"giga_run_modal\","
                + "\"private_metadata\":\"{\\\"channel\\\":\\\"C1\\\"}\",\"state\":{\"values\":{"
                + "\"run_task\":{\"task_input\":{\"type\":\"plain_text_input\",\"value\":\"" + task + "\"}},"
                + "\"run_platform\":{\"platform_input\":{\"type\":\"static_select\",\"selected_option\":{\"value\":\""
                + platform + "\"}}},"
                + "\"run_hours\":{\"hours_input\":{\"type\":\"plain_text_input\",\"value\":\"" + hours + "\"}}}}}}";
    }

    private String threadOf(String runId) {
        String root = t.rootTs("C1", runId);
        if (root == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        t.slack.thread("C1", root).forEach(m -> sb.append(m.text()).append(' ').append(m.blocks()).append('\n'));
        return sb.toString();
    }

    private void awaitDeployment(String id) {
        t.await("card for " + id, Duration.ofSeconds(10), () -> t.rootTs("C1", id) != null);
        t.await("deployment for " + id, Duration.ofSeconds(10),
                () -> t.slack.message("C1", t.rootTs("C1", id)).blocks().contains("dep_"));
    }

    private void awaitDesktopReady(String id) {
        awaitDeployment(id);
        t.await("desktop ready for " + id, Duration.ofSeconds(10), () -> threadOf(id).contains("wss://"));
    }
}

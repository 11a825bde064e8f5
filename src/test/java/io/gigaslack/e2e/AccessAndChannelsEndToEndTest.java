package io.gigaslack.e2e;

import static io.gigaslack.testing.TestApp.runId;
import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who may do what, the configured limits, and channels the bot is not in, through the real endpoint. */
class AccessAndChannelsEndToEndTest {
    private TestApp t;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    private HttpResponse<String> command(String user, String channel, String text) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("team_id", "T1");
        f.put("channel_id", channel);
        f.put("user_id", user);
        f.put("command", "/giga");
        f.put("text", text);
        f.put("response_url", t.slack.responseUrl());
        f.put("trigger_id", "1.2.3");
        return t.slackForm(f);
    }


    @Test
    void joins_a_public_channel_it_is_not_in_before_posting() {
        t = TestApp.start(Map.of());
        t.slack.botNotInChannels();
        command("U1", "C5", "run Save it to a.txt");
        t.await("card posted after joining", Duration.ofSeconds(10), () -> !t.slack.rootMessages("C5").isEmpty());
        assertThat(t.slack.calls("conversations.join")).hasSize(1);
        t.await("started", Duration.ofSeconds(10), () -> t.giga.count("POST", "/api/deployments/start") == 1);
    }

    @Test
    void refuses_start_in_denied_channel() {
        t = TestApp.start(Map.of("GIGA_DENIED_CHANNELS", "C0DENIED99"));
        HttpResponse<String> r = command("U1", "C0DENIED99", "run Anything");
        assertThat(r.body()).doesNotContain("Starting").containsIgnoringCase("channel");
        t.awaitIdle();
        assertThat(t.slack.rootMessages("C0DENIED99")).isEmpty();
    }

    @Test
    void user_groups_decide_who_may_start() {
        t = TestApp.start(Map.of("GIGA_ALLOWED_USERGROUPS", "S0GROUP001"));
        t.slack.userGroup("S0GROUP001", "U1");
        assertThat(command("U1", "C1", "run Allowed").body()).contains("Starting");
        assertThat(command("U2", "C1", "run Not allowed").body()).doesNotContain("Starting");
    }

    @Test
    void refuses_second_concurrent_run_when_the_limit_is_one() {
        t = TestApp.start(Map.of("GIGA_MAX_CONCURRENT_PER_USER", "1"));
        assertThat(command("U1", "C1", "run First").body()).contains("Starting");
        String refusal = command("U1", "C1", "run Second").body();
        assertThat(refusal).doesNotContain("Starting").contains("GIGA_MAX_CONCURRENT_PER_USER");
        assertThat(command("U2", "C1", "run Someone else's").body()).contains("Starting");
    }

    @Test
    void refuses_more_hours_than_configured_with_the_limit_named() {
        t = TestApp.start(Map.of("GIGA_MAX_HOURS", "2"));
        assertThat(command("U1", "C1", "run --hours 3 Too long").body()).doesNotContain("Starting")
                .contains("GIGA_MAX_HOURS");
    }

    @Test
    void modal_over_the_hours_limit_shows_the_error_under_hours() {
        t = TestApp.start(Map.of("GIGA_MAX_HOURS", "2"));
        HttpResponse<String> r = t.interaction("{\"type\":\"view_submission\",\"team\":{\"id\":\"T1\"},"
                + "\"user\":{\"id\":\"U1\"},\"api_app_id\":\"A1\",\"trigger_id\":\"1.2.3\","
                + "\"view\":{\"id\":\"V1\",\"type\":\"modal\",\"callback_id\":\"giga_run_modal\","
                + "\"private_metadata\":\"{\\\"channel\\\":\\\"C1\\\"}\",\"state\":{\"values\":{"
                + "\"run_task\":{\"task_input\":{\"value\":\"Do it\"}},"
                + "\"run_platform\":{\"platform_input\":{\"selected_option\":{\"value\":\"giga-standard\"}}},"
                + "\"run_hours\":{\"hours_input\":{\"value\":\"5\"}}}}}}");
        assertThat(r.body()).contains("\"response_action\":\"errors\"").contains("run_hours");
    }

    @Test
    void workspace_admin_may_stop_someone_elses_run() {
        t = TestApp.start(Map.of());
        t.slack.admin("U9");
        String id = runId(command("U1", "C1", "run Admin will stop this"));
        t.await("started", Duration.ofSeconds(10), () -> t.giga.count("POST", "/api/deployments/start") == 1);
        t.await("deployment known", Duration.ofSeconds(10), () -> command("U1", "C1", "status " + id).body()
                .contains("dep_"));
        t.button("run_stop", "U9", "C1", id);
        t.await("stopped", Duration.ofSeconds(10), () -> t.giga.countMatching("POST", ".*/stop") == 1);
    }

    @Test
    void audit_is_for_admins_only_and_lists_who_did_what() {
        t = TestApp.start(Map.of("GIGA_ADMIN_USERS", "U0ADMIN007"));
        String id = runId(command("U1", "C1", "run Audited"));
        command("U1", "C1", "stop " + id);
        assertThat(command("U2", "C1", "audit").body()).contains("Only");
        String audit = command("U0ADMIN007", "C1", "audit").body();
        assertThat(audit).contains("start").contains("stop").contains(id);
    }
}

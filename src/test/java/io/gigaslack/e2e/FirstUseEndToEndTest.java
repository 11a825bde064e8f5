package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.slack.render.ActionIds;
import io.gigaslack.testing.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What new users tripped over, each through the real endpoint. */
class FirstUseEndToEndTest {
    private TestApp t;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    @Test
    void both_documented_platforms_are_offered_and_an_unknown_rate_is_said_so() {
        t = TestApp.start(Map.of("GIGA_PLATFORMS", "giga-standard:20,linux-toolkit-standard:?"));
        String id = TestApp.runId(t.command("run --platform linux-toolkit-standard List the open ports"));
        t.await("the card", Duration.ofSeconds(10), () -> t.rootTs("C1", id) != null);
        String card = t.slack.message("C1", t.rootTs("C1", id)).blocks();
        assertThat(card).contains("linux-toolkit-standard (rate unknown)");
    }

    @Test
    void a_mention_in_the_middle_of_the_text_asks_the_task_without_the_apps_name() {
        t = TestApp.start(Map.of());
        t.event("Ev-mid-1", "{\"type\":\"app_mention\",\"user\":\"U1\",\"text\":\"What is the hour of the pearl, <@UBOT>?\","
                + "\"ts\":\"7.7\",\"channel\":\"C1\",\"event_ts\":\"7.7\"}", Map.of());
        t.await("started", Duration.ofSeconds(10), () -> t.giga.count("POST", "/api/deployments/start") == 1);
        String body = t.giga.requests().stream().filter(r -> r.path().equals("/api/deployments/start"))
                .findFirst().orElseThrow().body();
        assertThat(body).contains("What is the hour of the pearl?").doesNotContain("UBOT");
    }

    @Test
    void a_click_in_the_app_home_is_answered_in_the_apps_dm() {
        t = TestApp.start(Map.of());
        String id = TestApp.runId(t.command("run Anything"));
        t.await("the card", Duration.ofSeconds(10), () -> t.rootTs("C1", id) != null);
        // As Slack sends a click in the Home tab: a view container, no channel and no response_url.
        t.interaction("{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\",\"domain\":\"acme\"},"
                + "\"user\":{\"id\":\"U1\",\"team_id\":\"T1\"},\"api_app_id\":\"A1\",\"trigger_id\":\"1.2.3\","
                + "\"container\":{\"type\":\"view\",\"view_id\":\"V1\"},\"view\":{\"id\":\"V1\",\"type\":\"home\"},"
                + "\"actions\":[{\"action_id\":\"" + ActionIds.RUN_STATUS + "\",\"block_id\":\"b\",\"type\":\"button\","
                + "\"value\":\"" + id + "\",\"action_ts\":\"1\"}]}");
        t.await("a DM to U1", Duration.ofSeconds(10), () -> !t.slack.rootMessages("U1").isEmpty());
        assertThat(t.slack.rootMessages("U1").get(0).blocks()).contains(id);
        assertThat(t.slack.calls("chat.postEphemeral")).noneMatch(c -> "null".equals(c.param("channel")));
    }

    @Test
    void the_simulator_prints_its_options_for_help() throws Exception {
        PrintStream before = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            io.gigaslack.giga.sim.GigaSimulatorMain.main(new String[] {"--help"});
        } finally {
            System.setOut(before);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: simulator").contains("--desktop");
    }
}

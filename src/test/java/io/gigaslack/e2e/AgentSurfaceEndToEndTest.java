package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.TestApp;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slack's own surface for the agent, through the real endpoint: its native Stop goes through the run rules; a thread
 * message without a mention from someone who may control the run reaches the agent (once), others' and asides do
 * not; a message in the app's DM starts a run whose thread is in the DM.
 */
class AgentSurfaceEndToEndTest {
    private TestApp t;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    private void start(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(Map.of("GIGA_LIVE_PROGRESS", "true"));
        all.putAll(env);
        t = TestApp.startWith(slack -> { }, sim -> sim.agentDuration(Duration.ofSeconds(60)), all);
    }

    /** Starts an agent run in C1 and waits until its computer runs and its session is processing; returns its id. */
    private String workingRun() {
        String id = TestApp.runId(t.command("run --hours 3 Work on it"));
        t.await("the computer runs", Duration.ofSeconds(20), () -> t.giga.deployments().size() == 1
                && "running".equals(t.giga.deployments().get(0).status()));
        t.await("the session is processing", Duration.ofSeconds(10),
                () -> t.slack.sessionStatuses("C1", t.rootTs("C1", id)).contains("processing"));
        return id;
    }

    private void nativeStop(String eventId, String user, String root) {
        t.event(eventId, "{\"type\":\"agent_session_stopped\",\"user\":\"" + user + "\",\"channel\":\"C1\","
                + "\"thread_ts\":\"" + root + "\",\"streaming_message_ts\":[],\"event_ts\":\"9.1\"}", Map.of());
    }

    private void message(String eventId, String user, String channel, String channelType, String threadTs,
            String text) {
        t.event(eventId, "{\"type\":\"message\",\"user\":\"" + user + "\",\"channel\":\"" + channel + "\","
                + "\"channel_type\":\"" + channelType + "\",\"text\":\"" + text + "\",\"ts\":\"1700000001.000100\","
                + (threadTs == null ? "" : "\"thread_ts\":\"" + threadTs + "\",") + "\"event_ts\":\"1700000001.000100\"}",
                Map.of());
    }

    private int followUps() {
        return t.giga.countMatching("POST", "/api/sessions/.*/runs");
    }

    @Test
    void slacks_stop_pressed_by_the_requester_stops_the_computer_and_closes_the_session() {
        start(Map.of());
        String id = workingRun();
        String root = t.rootTs("C1", id);

        nativeStop("Ev-native-1", "U1", root);

        t.await("the computer stopped", Duration.ofSeconds(20),
                () -> !"running".equals(t.giga.deployments().get(0).status()));
        t.await("the session closed", Duration.ofSeconds(10),
                () -> t.slack.sessionStatuses("C1", root).contains("closed"));
        List<String> statuses = t.slack.sessionStatuses("C1", root);
        assertThat(statuses.subList(statuses.indexOf("processing") + 1, statuses.size())).doesNotContain("processing");
        assertThat(t.slack.violations()).isEmpty();
    }

    @Test
    void slacks_stop_pressed_by_someone_else_is_refused_privately_and_the_session_goes_back_to_processing() {
        start(Map.of());
        String id = workingRun();
        String root = t.rootTs("C1", id);

        nativeStop("Ev-native-2", "U2", root);

        t.await("told privately", Duration.ofSeconds(10), () -> t.slack.calls("chat.postEphemeral").stream()
                .anyMatch(c -> "U2".equals(c.param("user"))));
        t.await("processing again", Duration.ofSeconds(10),
                () -> t.slack.sessionStatuses("C1", root).stream().filter("processing"::equals).count() == 2);
        t.awaitIdle();
        FakeSlack.Call told = t.slack.calls("chat.postEphemeral").stream()
                .filter(c -> "U2".equals(c.param("user"))).findFirst().orElseThrow();
        assertThat(told.param("text")).contains(
                "Only <@U1> and the workspace's admins and owners can stop this run. The agent keeps working.");
        assertThat(t.slack.sessionStatuses("C1", root)).containsExactly("processing", "processing");
        assertThat(t.giga.deployments().get(0).status()).isEqualTo("running");
    }

    @Test
    void a_thread_message_without_a_mention_from_the_requester_reaches_the_agent_once() {
        start(Map.of());
        String id = workingRun();
        String root = t.rootTs("C1", id);
        int before = followUps();

        message("Ev-plain-1", "U1", "C1", "channel", root, "also check the FAQ");
        message("Ev-plain-1", "U1", "C1", "channel", root, "also check the FAQ"); // Slack's retry
        t.await("sent to the agent", Duration.ofSeconds(10), () -> followUps() == before + 1);
        // An edit of it comes as a message_changed: never sent again.
        t.event("Ev-plain-edit", "{\"type\":\"message\",\"subtype\":\"message_changed\",\"channel\":\"C1\","
                + "\"channel_type\":\"channel\",\"hidden\":true,\"ts\":\"1700000002.000100\",\"message\":{\"type\":"
                + "\"message\",\"user\":\"U1\",\"text\":\"also check the FAQ!\",\"ts\":\"1700000001.000100\","
                + "\"thread_ts\":\"" + root + "\"},\"event_ts\":\"1700000002.000100\"}", Map.of());
        t.awaitIdle();

        assertThat(followUps()).isEqualTo(before + 1);
        assertThat(t.giga.requests().stream().filter(r -> r.path().matches("/api/sessions/.*/runs"))
                .map(r -> r.body()).toList()).containsExactly("{\"message\":\"also check the FAQ\"}");
        assertThat(String.join("\n", t.threadTexts("C1", id))).contains("also check the FAQ");
    }

    @Test
    void an_aside_and_someone_elses_message_stay_in_the_thread() {
        start(Map.of());
        String id = workingRun();
        String root = t.rootTs("C1", id);
        int before = followUps();
        int ephemerals = t.slack.calls("chat.postEphemeral").size();

        message("Ev-aside-1", "U1", "C1", "channel", root, "// is it the right site?");
        message("Ev-other-1", "U2", "C1", "channel", root, "what is it doing?");
        t.awaitIdle();

        assertThat(followUps()).isEqualTo(before);
        assertThat(t.slack.calls("chat.postEphemeral")).as("nobody is answered").hasSize(ephemerals);
    }

    @Test
    void with_thread_follow_ups_off_only_mentions_reach_the_agent() {
        start(Map.of("GIGA_THREAD_FOLLOW_UPS", "false"));
        String id = workingRun();
        int before = followUps();

        message("Ev-off-1", "U1", "C1", "channel", t.rootTs("C1", id), "also check the FAQ");
        t.awaitIdle();

        assertThat(followUps()).isEqualTo(before);
    }

    @Test
    void a_message_in_the_apps_dm_starts_a_run_whose_thread_is_in_the_dm() {
        start(Map.of());
        String dm = FakeSlack.appDm("U1");

        message("Ev-dm-1", "U1", dm, "im", null, "--hours 2 Find the pricing on example.com");

        t.await("a card in the DM", Duration.ofSeconds(10), () -> !t.slack.rootMessages(dm).isEmpty());
        FakeSlack.Message card = t.slack.rootMessages(dm).get(0);
        assertThat(card.blocks()).contains("Find the pricing on example.com");
        t.await("the computer starts", Duration.ofSeconds(20), () -> t.giga.deployments().size() == 1);
        assertThat(t.giga.deployments().get(0).durationHours()).isEqualTo(2);
        t.await("its thread is in the DM", Duration.ofSeconds(20), () -> !t.slack.thread(dm, card.ts()).isEmpty()
                && t.slack.sessionStatuses(dm, card.ts()).contains("processing"));
    }
}

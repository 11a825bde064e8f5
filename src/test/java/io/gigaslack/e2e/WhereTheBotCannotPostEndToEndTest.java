package io.gigaslack.e2e;

import static io.gigaslack.testing.TestApp.runId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gigaslack.slack.render.Responses;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.SlackRequests;
import io.gigaslack.testing.TestApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs asked for where the bot cannot post its card, through the real endpoint, with the fake Slack answering
 * {@code conversations.info} as Slack does: {@code channel_not_found} for a private channel the bot is not in and for
 * a direct message between people. {@code /giga run} there is answered once, with what to do, and nothing is
 * recorded; the "Run with Giga" shortcut there opens a form for the person's DM with the app that says so. When Slack
 * cannot tell (an error, or no answer in time), both behave as before the check existed.
 */
class WhereTheBotCannotPostEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PEOPLES_DM = "D0PEOPLE1";
    private static final String MESSAGE_TEXT = "Compare the two offers &amp; pick the cheaper one";

    private TestApp t;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    @Test
    void run_in_a_private_channel_the_bot_is_not_in_answers_once_how_to_invite_it_and_records_nothing() {
        t = TestApp.start(Map.of());
        t.slack.botNotInChannels().privateChannel("G7");

        HttpResponse<String> r = command("G7", "run Secret project");

        assertThat(json(r.body())).isEqualTo(Responses.notInChannel());
        assertThat(r.body()).contains("I am not in this channel").contains("Invite me with `/invite @Giga`");
        t.awaitIdle();
        assertNothingPostedOrStarted();
        assertThat(command("G7", "list all").body()).contains("No Giga runs yet.");
    }

    @Test
    void run_in_a_private_channel_the_bot_is_in_answers_once_and_the_run_starts() {
        t = TestApp.start(Map.of());
        t.slack.botNotInChannels().privateChannel("G8").addBotTo("G8");

        HttpResponse<String> r = command("G8", "run Secret project");

        assertThat(r.body()).contains("Its status card will appear in this channel.");
        String id = runId(r);
        t.await("the card in G8", Duration.ofSeconds(10), () -> t.rootTs("G8", id) != null);
        t.await("started", Duration.ofSeconds(10), () -> t.giga.count("POST", "/api/deployments/start") == 1);
        assertThat(t.slack.responses()).as("no second answer").isEmpty();
        assertThat(t.slack.calls("conversations.join")).isEmpty();
    }

    @Test
    void run_in_a_dm_between_people_answers_once_where_to_run_it_and_records_nothing() {
        t = TestApp.start(Map.of());
        t.slack.dmBetweenPeople(PEOPLES_DM);

        HttpResponse<String> r = command(PEOPLES_DM, "run Compare the offers");

        assertThat(json(r.body())).isEqualTo(Responses.notInPeoplesDm());
        assertThat(r.body()).contains("I cannot post in a direct message between people")
                .contains("your DM with me (Giga, under Apps)");
        t.awaitIdle();
        assertNothingPostedOrStarted();
        assertThat(command(PEOPLES_DM, "list").body()).contains("No Giga runs yet.");
    }

    @Test
    void when_slack_fails_to_say_whether_the_bot_is_in_the_channel_the_run_is_answered_as_before() {
        t = TestApp.start(Map.of());
        t.slack.botNotInChannels().privateChannel("G7").failNext("conversations.info", 1, 500, 0);

        HttpResponse<String> r = command("G7", "run Secret project");

        // As before the check: accepted, then told by the card's post that the bot is not there; nothing started.
        assertThat(t.slack.calls("conversations.info")).hasSize(1);
        assertThat(r.body()).contains("Starting `r_");
        t.await("invite instructions through the response URL", Duration.ofSeconds(10),
                () -> t.slack.responses().stream().anyMatch(b -> b.contains("/invite @Giga")));
        t.awaitIdle();
        assertThat(t.giga.count("POST", "/api/deployments/start")).isZero();
        assertThat(t.slack.rootMessages("G7")).isEmpty();
    }

    @Test
    void when_slack_is_too_slow_to_say_the_command_is_acknowledged_in_time_and_the_run_starts_as_before() {
        t = TestApp.start(Map.of());
        t.slack.delay("conversations.info", 4_000);

        long start = System.nanoTime();
        HttpResponse<String> r = command("C1", "run Slow Slack");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).as("acknowledged within Slack's 3 s").isLessThan(Duration.ofMillis(2_500));
        assertThat(t.slack.calls("conversations.info")).as("Slack was asked, and not waited for").hasSize(1);
        assertThat(r.body()).contains("Its status card will appear in this channel.");
        String id = runId(r);
        t.await("the card in C1", Duration.ofSeconds(10), () -> t.rootTs("C1", id) != null);
        t.await("started", Duration.ofSeconds(10), () -> t.giga.count("POST", "/api/deployments/start") == 1);
    }

    @Test
    void shortcut_in_a_dm_between_people_opens_the_form_for_the_apps_dm_and_says_so_first() {
        t = TestApp.start(Map.of());
        t.slack.dmBetweenPeople(PEOPLES_DM);

        JsonNode view = shortcutView(PEOPLES_DM, "directmessage");

        assertThat(json(view.path("private_metadata").asText()).path("channel").asText())
                .as("the run goes to U1's DM with the app").isEqualTo("U1");
        assertThat(view.path("blocks").get(0).path("text").path("text").asText()).isEqualTo(":speech_balloon: I"
                + " cannot post in a direct message between people, so this run's status card and thread will be in"
                + " *your DM with me* (Giga, under Apps).");
        assertThat(view.path("submit").path("text").asText()).isEqualTo("Start in my DM");
        assertThat(view.toString()).contains("Compare the two offers & pick the cheaper one");
        assertThat(t.slack.calls("views.open")).as("one form").hasSize(1);
        assertThat(t.slack.calls("chat.postMessage")).isEmpty();
        assertThat(t.slack.calls("chat.postEphemeral")).isEmpty();
    }

    @Test
    void taking_the_offer_starts_the_run_in_the_apps_dm_with_the_messages_text() {
        t = TestApp.start(Map.of());
        t.slack.dmBetweenPeople(PEOPLES_DM);
        JsonNode view = shortcutView(PEOPLES_DM, "directmessage");

        HttpResponse<String> r = t.interaction(submission(view));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("errors");
        t.await("started", Duration.ofSeconds(10), () -> t.giga.count("POST", "/api/deployments/start") == 1);
        assertThat(t.giga.requests("POST", "/api/deployments/start").get(0).body())
                .contains("Compare the two offers & pick the cheaper one");
        String dm = FakeSlack.appDm("U1");
        t.await("the card in U1's DM with the app", Duration.ofSeconds(10),
                () -> t.slack.rootMessages(dm).stream().anyMatch(m -> m.blocks().contains("Compare the two offers")));
        FakeSlack.Message card = t.slack.rootMessages(dm).get(0);
        t.await("the card kept up to date", Duration.ofSeconds(10),
                () -> t.slack.message(dm, card.ts()).blocks().contains("dep_"));
        t.await("the desktop's link in its thread", Duration.ofSeconds(10),
                () -> t.slack.thread(dm, card.ts()).stream()
                        .anyMatch(m -> m.blocks() != null && m.blocks().contains("wss://")));
        assertThat(t.slack.calls("chat.postMessage")).noneMatch(c -> PEOPLES_DM.equals(c.param("channel")));
    }

    @Test
    void shortcut_in_a_private_channel_the_bot_is_not_in_opens_the_form_for_the_apps_dm_with_how_to_invite_it() {
        t = TestApp.start(Map.of());
        t.slack.botNotInChannels().privateChannel("G7");

        JsonNode view = shortcutView("G7", "secret-project");

        assertThat(json(view.path("private_metadata").asText()).path("channel").asText()).isEqualTo("U1");
        assertThat(view.path("blocks").get(0).path("text").path("text").asText()).isEqualTo(":lock: I am not in"
                + " this channel, so this run's status card and thread will be in *your DM with me* (Giga, under"
                + " Apps). To run it in the channel instead, cancel, invite me with `/invite @Giga` and try again.");
    }

    @Test
    void shortcut_when_slack_cannot_say_opens_the_form_for_the_conversation_as_before() {
        t = TestApp.start(Map.of());
        t.slack.dmBetweenPeople(PEOPLES_DM).failNext("conversations.info", 1, 500, 0);

        JsonNode view = shortcutView(PEOPLES_DM, "directmessage");

        assertThat(json(view.path("private_metadata").asText()).path("channel").asText()).isEqualTo(PEOPLES_DM);
        assertThat(view.path("submit").path("text").asText()).isEqualTo("Start");
        assertThat(view.toString()).doesNotContain("your DM with me");
    }

    // ---- helpers ----

    private HttpResponse<String> command(String channel, String text) {
        return t.slackForm(SlackRequests.slashCommand("T1", "U1", channel, text, t.slack.responseUrl()));
    }

    /** Nothing was posted anywhere, no answer came later, and Giga was asked to start nothing. */
    private void assertNothingPostedOrStarted() {
        assertThat(t.slack.responses()).as("no answer through the response URL").isEmpty();
        assertThat(t.slack.calls("chat.postMessage")).as("no card, no DM").isEmpty();
        assertThat(t.slack.calls("chat.postEphemeral")).isEmpty();
        assertThat(t.giga.requests()).as("no Giga request").isEmpty();
    }

    /** "Run with Giga" on a message in {@code channel}, as Slack sends it; the form it opened. */
    private JsonNode shortcutView(String channel, String channelName) {
        HttpResponse<String> ack = t.interaction("{\"type\":\"message_action\",\"token\":\"legacy\","
                + "\"action_ts\":\"1700000000.1\",\"team\":{\"id\":\"T1\",\"domain\":\"acme\"},"
                + "\"user\":{\"id\":\"U1\",\"username\":\"alice\",\"team_id\":\"T1\",\"name\":\"alice\"},"
                + "\"channel\":{\"id\":\"" + channel + "\",\"name\":\"" + channelName + "\"},"
                + "\"is_enterprise_install\":false,\"enterprise\":null,\"callback_id\":\"run_with_giga\","
                + "\"trigger_id\":\"944799105734.773906753841.38b5894552bd\",\"response_url\":\""
                + t.slack.responseUrl() + "\",\"message_ts\":\"1700000000.000200\",\"message\":{\"type\":\"message\","
                + "\"user\":\"U2\",\"text\":\"" + MESSAGE_TEXT + "\",\"ts\":\"1700000000.000200\"}}");
        assertThat(ack.statusCode()).isEqualTo(200);
        t.await("views.open", Duration.ofSeconds(5), () -> !t.slack.calls("views.open").isEmpty());
        return json(t.slack.calls("views.open").get(0).param("view"));
    }

    /** The submission of {@code view} as opened, with its task and defaults unchanged. */
    private static String submission(JsonNode view) {
        String task = "";
        for (JsonNode b : view.path("blocks")) {
            if (b.path("block_id").asText().equals("run_task")) {
                task = b.path("element").path("initial_value").asText();
            }
        }
        var payload = JSON.createObjectNode().put("type", "view_submission");
        payload.putObject("team").put("id", "T1");
        payload.putObject("user").put("id", "U1");
        payload.put("api_app_id", "A1").put("trigger_id", "1.2.3");
        var v = payload.putObject("view").put("id", "V1").put("type", "modal").put("callback_id", "giga_run_modal")
                .put("private_metadata", view.path("private_metadata").asText());
        var values = v.putObject("state").putObject("values");
        values.putObject("run_task").putObject("task_input").put("type", "plain_text_input").put("value", task);
        values.putObject("run_platform").putObject("platform_input").put("type", "static_select")
                .putObject("selected_option").put("value", "giga-standard");
        values.putObject("run_hours").putObject("hours_input").put("type", "number_input").put("value", "1");
        return payload.toString();
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

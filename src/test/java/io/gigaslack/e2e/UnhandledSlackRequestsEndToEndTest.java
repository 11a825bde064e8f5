package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.SlackRequests;
import io.gigaslack.testing.TestApp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Requests Slack sends that no listener handles (events the app does not act on, a closed modal, an options request,
 * a global shortcut, a button the app does not know), through the real endpoint: each is acknowledged with 200 and an
 * empty body (anything else is a failed delivery Slack retries), one DEBUG line names it, and nothing else happens.
 * The app has its own instance with no runs, so any Slack call, Giga call or job after a request came from it.
 */
class UnhandledSlackRequestsEndToEndTest {
    /** The logger of the listener registry, which writes the DEBUG line. */
    private static final String LISTENERS_LOGGER = "io.gigaslack.slack.Listeners";

    private static TestApp t;
    private static Logger listenersLogger;
    private static Level listenersLevel;
    private static Logger boltLogger;
    private final ListAppender<ILoggingEvent> debugLines = new ListAppender<>();
    private final ListAppender<ILoggingEvent> boltLines = new ListAppender<>();

    @BeforeAll
    static void start() {
        t = TestApp.start(Map.of());
        listenersLogger = (Logger) LoggerFactory.getLogger(LISTENERS_LOGGER);
        listenersLevel = listenersLogger.getLevel();
        boltLogger = (Logger) LoggerFactory.getLogger("com.slack.api");
    }

    @AfterAll
    static void stop() {
        listenersLogger.setLevel(listenersLevel);
        t.close();
    }

    @BeforeEach
    void capture() {
        debugLines.start();
        listenersLogger.setLevel(Level.DEBUG);
        listenersLogger.addAppender(debugLines);
        boltLines.start();
        boltLogger.addAppender(boltLines);
    }

    @AfterEach
    void release() {
        listenersLogger.detachAppender(debugLines);
        listenersLogger.setLevel(listenersLevel);
        boltLogger.detachAppender(boltLines);
    }

    @Test
    void reaction_added_event_is_acknowledged_and_does_nothing() {
        acknowledgedAndNothingHappened(() -> t.event("Ev-reaction-1", "{\"type\":\"reaction_added\",\"user\":\"U1\","
                + "\"reaction\":\"thumbsup\",\"item_user\":\"U2\",\"item\":{\"type\":\"message\",\"channel\":\"C1\","
                + "\"ts\":\"1360782400.498405\"},\"event_ts\":\"1360782804.083113\"}", Map.of()),
                "Event reaction_added", "thumbsup");
    }

    @Test
    void channel_join_message_event_is_acknowledged_and_does_nothing() {
        // Plain messages are handled (thread follow-ups, runs from the app's DM); a message subtype is not.
        acknowledgedAndNothingHappened(() -> t.event("Ev-message-1", "{\"type\":\"message\",\"subtype\":"
                + "\"channel_join\",\"channel\":\"C1\",\"user\":\"U1\",\"text\":\"<@U1> joined, secret plans\","
                + "\"ts\":\"1355517523.000005\",\"event_ts\":\"1355517523.000005\",\"channel_type\":\"channel\"}",
                Map.of()), "Event message:channel_join", "secret plans");
    }

    @Test
    void view_closed_is_acknowledged_and_does_nothing() {
        acknowledgedAndNothingHappened(() -> t.interaction("{\"type\":\"view_closed\",\"team\":{\"id\":\"T1\","
                + "\"domain\":\"acme\"},\"user\":{\"id\":\"U1\",\"team_id\":\"T1\"},\"api_app_id\":\"A1\","
                + "\"token\":\"legacy\",\"view\":{\"id\":\"V1\",\"team_id\":\"T1\",\"type\":\"modal\","
                + "\"callback_id\":\"giga_run_modal\",\"private_metadata\":\"{\\\"channel\\\":\\\"C1\\\"}\","
                + "\"title\":{\"type\":\"plain_text\",\"text\":\"Run with Giga\"},\"blocks\":[],"
                + "\"state\":{\"values\":{\"run_task\":{\"task_input\":{\"type\":\"plain_text_input\","
                + "\"value\":\"half-typed task\"}}}},\"hash\":\"1.a\",\"app_id\":\"A1\",\"bot_id\":\"B1\"},"
                + "\"is_cleared\":false}"),
                "ViewClosed callback_id=giga_run_modal", "half-typed task");
    }

    @Test
    void block_suggestion_is_acknowledged_and_does_nothing() {
        acknowledgedAndNothingHappened(() -> t.interaction("{\"type\":\"block_suggestion\",\"user\":{\"id\":\"U1\","
                + "\"username\":\"ada\",\"team_id\":\"T1\"},\"container\":{\"type\":\"view\",\"view_id\":\"V1\"},"
                + "\"api_app_id\":\"A1\",\"token\":\"legacy\",\"action_id\":\"platform_search\","
                + "\"block_id\":\"run_platform\",\"value\":\"typed-query\",\"team\":{\"id\":\"T1\",\"domain\":\"acme\"},"
                + "\"view\":{\"id\":\"V1\",\"type\":\"modal\",\"callback_id\":\"giga_run_modal\",\"blocks\":[]}}"),
                "BlockSuggestion action_id=platform_search", "typed-query");
    }

    @Test
    void global_shortcut_with_an_unknown_callback_id_is_acknowledged_and_does_nothing() {
        acknowledgedAndNothingHappened(() -> t.interaction("{\"type\":\"shortcut\",\"token\":\"legacy\","
                + "\"action_ts\":\"1581106241.371594\",\"team\":{\"id\":\"T1\",\"domain\":\"acme\"},"
                + "\"user\":{\"id\":\"U1\",\"username\":\"ada\",\"team_id\":\"T1\"},"
                + "\"callback_id\":\"some_global_shortcut\",\"trigger_id\":\"944799105734.773906753841.38b5894552bd\"}"),
                "GlobalShortcut callback_id=some_global_shortcut", "944799105734");
    }

    @Test
    void block_action_with_an_unknown_action_id_is_acknowledged_and_does_nothing() {
        acknowledgedAndNothingHappened(() -> t.interaction(SlackRequests.buttonPress("not_a_giga_button", "U1", "C1",
                "button-value-x", t.slack.responseUrl())),
                "BlockAction action_id=not_a_giga_button", "button-value-x");
    }

    @Test
    void unsigned_badly_signed_and_malformed_requests_are_still_refused() {
        String event = "{\"token\":\"legacy\",\"team_id\":\"T1\",\"api_app_id\":\"A1\",\"type\":\"event_callback\","
                + "\"event_id\":\"Ev-refused\",\"event_time\":1700000000,\"event\":{\"type\":\"reaction_added\","
                + "\"user\":\"U1\",\"reaction\":\"x\",\"item\":{\"type\":\"message\",\"channel\":\"C1\",\"ts\":\"1.1\"},"
                + "\"event_ts\":\"1.2\"}}";
        byte[] body = event.getBytes(StandardCharsets.UTF_8);
        assertThat(t.post("/slack/events", body, "application/json", Map.of()).statusCode()).isEqualTo(401);
        Map<String, String> wrong = new HashMap<>(SlackRequests.signatureHeaders("another-secret", body));
        assertThat(t.post("/slack/events", body, "application/json", wrong).statusCode()).isEqualTo(401);
        byte[] truncated = event.substring(0, event.length() / 2).getBytes(StandardCharsets.UTF_8);
        assertThat(t.post("/slack/events", truncated, "application/json",
                SlackRequests.signatureHeaders(TestApp.SIGNING_SECRET, truncated)).statusCode()).isEqualTo(400);
        assertThat(t.interaction("not json").statusCode()).isEqualTo(400);
    }

    /**
     * Sends the request, then asserts: 200 with an empty body, exactly one DEBUG line and it names
     * {@code description} without {@code payloadContent}, no warning from Bolt, and (once the workers are idle) no
     * Slack Web API call, response_url post, Giga call or job.
     */
    private void acknowledgedAndNothingHappened(Supplier<HttpResponse<String>> send, String description,
            String payloadContent) {
        t.awaitIdle();
        List<String> slackCalls = slackCalls();
        int responses = t.slack.responses().size();
        int gigaRequests = t.giga.requests().size();
        long lastJob = lastJobId();

        HttpResponse<String> r = send.get();

        assertThat(r.statusCode()).as("status; body: " + r.body()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        t.awaitIdle();
        assertThat(slackCalls()).as("Slack Web API calls").isEqualTo(slackCalls);
        assertThat(t.slack.responses()).as("response_url posts").hasSize(responses);
        assertThat(t.giga.requests()).as("Giga calls").hasSize(gigaRequests);
        assertThat(lastJobId()).as("jobs enqueued").isEqualTo(lastJob);
        assertThat(debugLines.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(e.getFormattedMessage()).endsWith(": " + description).doesNotContain(payloadContent);
        });
        assertThat(boltLines.list).as("Bolt's log lines").filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .isEmpty();
    }

    /**
     * The Web API methods called so far, Bolt's auth.test aside: its authorization middleware calls it (cached) before
     * looking at any request, handled or not.
     */
    private static List<String> slackCalls() {
        return t.slack.calls().stream().map(FakeSlack.Call::method).filter(m -> !m.equals("auth.test")).toList();
    }

    /** The id of the newest job ever enqueued (finished jobs included), 0 for none. */
    private static long lastJobId() {
        try (Connection c = DriverManager.getConnection(t.databaseUrl, "", "");
                ResultSet rs = c.createStatement().executeQuery("SELECT COALESCE(MAX(id), 0) FROM jobs")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

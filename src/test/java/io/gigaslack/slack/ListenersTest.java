package io.gigaslack.slack;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.MessageChangedEvent;
import io.gigaslack.ops.BoltSuggestionFilter;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.SlackRequests;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The registry's dispatch on a real Bolt app (its default middleware, authorization against a fake Slack): requests a
 * listener handles reach it, every other one is acknowledged with 200 and no body before Bolt searches (so Bolt logs
 * nothing about it), and what the registry recorded is exactly what Bolt holds. The log filter for Bolt's
 * "[Suggestion]" blocks is taken off here, so that a warning Bolt wrote would show.
 */
class ListenersTest {
    private static FakeSlack slack;
    private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> boltLog = new ListAppender<>();
    private final ListAppender<ILoggingEvent> debugLog = new ListAppender<>();
    private final Logger boltLogger = logging.getLogger("com.slack.api");
    private final Logger listenersLogger = logging.getLogger(Listeners.class);
    private final List<String> handled = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void fakeSlack() {
        slack = new FakeSlack();
    }

    @AfterAll
    static void closeSlack() {
        slack.close();
    }

    @BeforeEach
    void capture() {
        logging.getTurboFilterList().removeIf(f -> f instanceof BoltSuggestionFilter);
        boltLog.start();
        boltLogger.addAppender(boltLog);
        debugLog.start();
        listenersLogger.addAppender(debugLog);
        listenersLogger.setLevel(Level.DEBUG);
    }

    @AfterEach
    void release() {
        boltLogger.detachAppender(boltLog);
        listenersLogger.detachAppender(debugLog);
        listenersLogger.setLevel(null);
        BoltSuggestionFilter filter = new BoltSuggestionFilter();
        filter.setContext(logging);
        filter.start();
        logging.addTurboFilter(filter);
    }

    private static AppConfig config() {
        SlackConfig sdk = new SlackConfig();
        sdk.setMethodsEndpointUrlPrefix(slack.apiUrl());
        return AppConfig.builder().slack(Slack.getInstance(sdk)).singleTeamBotToken("xoxb-test")
                .signingSecret("secret").requestVerificationEnabled(false).build();
    }

    /** An app from {@link Listeners#newApp} with a few listeners that note what they handled. */
    private App app() {
        App app = Listeners.newApp(config());
        Listeners.on(app)
                .command("/giga", (req, ctx) -> note("command", ctx.ack()))
                .blockAction("run_stop", (req, ctx) -> note("run_stop", ctx.ack()))
                .viewSubmission("giga_run_modal", (req, ctx) -> note("modal", ctx.ack()))
                .messageShortcut("run_with_giga", (req, ctx) -> note("shortcut", ctx.ack()))
                .event(AppMentionEvent.class, (payload, ctx) -> note("mention", ctx.ack()))
                .event(MessageChangedEvent.class, (payload, ctx) -> note("message_changed", ctx.ack()));
        return app;
    }

    private Response note(String what, Response ack) {
        handled.add(what);
        return ack;
    }

    @Test
    void requests_a_listener_handles_reach_it() throws Exception {
        App app = app();
        assertThat(run(app, form(SlackRequests.slashCommand("T1", "U1", "C1", "help", "http://x/"))).getStatusCode())
                .isEqualTo(200);
        run(app, interaction(SlackRequests.buttonPress("run_stop", "U1", "C1", "r_1", "http://x/")));
        run(app, interaction("{\"type\":\"view_submission\",\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U1\"},"
                + "\"view\":{\"id\":\"V1\",\"type\":\"modal\",\"callback_id\":\"giga_run_modal\","
                + "\"state\":{\"values\":{}}}}"));
        run(app, interaction("{\"type\":\"message_action\",\"callback_id\":\"run_with_giga\",\"team\":{\"id\":\"T1\"},"
                + "\"user\":{\"id\":\"U1\"},\"channel\":{\"id\":\"C1\"},\"message\":{\"text\":\"x\"}}"));
        run(app, event("{\"type\":\"app_mention\",\"user\":\"U1\",\"text\":\"hi\",\"channel\":\"C1\",\"ts\":\"1.1\"}"));
        run(app, event("{\"type\":\"message\",\"subtype\":\"message_changed\",\"channel\":\"C1\",\"ts\":\"1.2\","
                + "\"message\":{\"type\":\"message\",\"text\":\"x\",\"ts\":\"1.1\"}}"));

        assertThat(handled).containsExactly("command", "run_stop", "modal", "shortcut", "mention", "message_changed");
        assertThat(debugLog.list).isEmpty();
    }

    @Test
    void every_other_request_is_acknowledged_before_bolt_searches_for_a_listener() throws Exception {
        App app = app();
        Map<String, Map<String, String>> requests = new java.util.LinkedHashMap<>();
        Map<String, String> otherCommand = SlackRequests.slashCommand("T1", "U1", "C1", "x", "http://x/");
        otherCommand.put("command", "/other");
        requests.put("Command /other", form(otherCommand));
        requests.put("BlockAction action_id=run_stopx",
                interaction(SlackRequests.buttonPress("run_stopx", "U1", "C1", "v", "http://x/")));
        requests.put("BlockAction action_id=run_stop,run_extend", interaction("{\"type\":\"block_actions\","
                + "\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U1\"},\"actions\":[{\"action_id\":\"run_stop\"},"
                + "{\"action_id\":\"run_extend\"}]}"));
        requests.put("ViewSubmission callback_id=other_modal", interaction("{\"type\":\"view_submission\","
                + "\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U1\"},\"view\":{\"id\":\"V1\","
                + "\"type\":\"modal\",\"callback_id\":\"other_modal\",\"state\":{\"values\":{}}}}"));
        requests.put("MessageShortcut callback_id=other_shortcut", interaction("{\"type\":\"message_action\","
                + "\"callback_id\":\"other_shortcut\",\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U1\"},"
                + "\"channel\":{\"id\":\"C1\"},\"message\":{\"text\":\"x\"}}"));
        requests.put("ViewClosed callback_id=giga_run_modal", interaction("{\"type\":\"view_closed\","
                + "\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U1\"},\"view\":{\"id\":\"V1\","
                + "\"type\":\"modal\",\"callback_id\":\"giga_run_modal\"},\"is_cleared\":false}"));
        requests.put("BlockSuggestion action_id=pick", interaction("{\"type\":\"block_suggestion\","
                + "\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U1\"},\"action_id\":\"pick\",\"value\":\"q\"}"));
        requests.put("GlobalShortcut callback_id=run_with_giga", interaction("{\"type\":\"shortcut\","
                + "\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U1\"},\"callback_id\":\"run_with_giga\"}"));
        requests.put("Event message", event("{\"type\":\"message\",\"channel\":\"C1\",\"user\":\"U1\","
                + "\"text\":\"x\",\"ts\":\"1.1\",\"channel_type\":\"channel\"}"));
        requests.put("Event message:message_deleted", event("{\"type\":\"message\",\"subtype\":\"message_deleted\","
                + "\"channel\":\"C1\",\"ts\":\"1.2\",\"deleted_ts\":\"1.1\"}"));
        requests.put("Event reaction_added", event("{\"type\":\"reaction_added\",\"user\":\"U1\","
                + "\"reaction\":\"tada\",\"item\":{\"type\":\"message\",\"channel\":\"C1\",\"ts\":\"1.1\"}}"));

        for (Map.Entry<String, Map<String, String>> e : requests.entrySet()) {
            Response r = run(app, e.getValue());
            assertThat(r.getStatusCode()).as(e.getKey()).isEqualTo(200);
            assertThat(r.getBody()).as(e.getKey()).isNull();
        }

        assertThat(handled).isEmpty();
        assertThat(debugLog.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactlyElementsOf(requests.keySet().stream()
                        .map(what -> "acknowledged a Slack request no listener handles: " + what).toList());
        assertThat(boltLog.list).as("Bolt's warnings").filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .isEmpty();
    }

    @Test
    void on_an_app_built_elsewhere_bolts_misses_are_acknowledged_after_its_warning() throws Exception {
        App app = new App(config());
        Listeners.on(app).blockAction("run_stop", (req, ctx) -> note("run_stop", ctx.ack()));

        Response r = run(app, interaction(SlackRequests.buttonPress("unknown", "U1", "C1", "v", "http://x/")));

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getBody()).isNull();
        assertThat(debugLog.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("acknowledged a Slack request no listener handles: BlockAction action_id=unknown");
        assertThat(boltLog.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("No BlockActionHandler registered").contains("[Suggestion]"));
    }

    @Test
    void requests_missing_what_they_would_match_on_are_left_to_bolt() throws Exception {
        App app = app();
        // Bolt answers block_actions without actions 400 itself.
        assertThat(run(app, interaction("{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\"},"
                + "\"user\":{\"id\":\"U1\"}}")).getStatusCode()).isEqualTo(400);
        assertThat(debugLog.list).isEmpty();
    }

    @Test
    void what_was_registered_is_what_bolt_holds() throws Exception {
        App app = Listeners.newApp(config());
        SlackFrontEnd.registerListeners(app, null, null, null, null, null, null, null);
        Map<String, Set<String>> registered = Listeners.on(app).registered();

        for (Field f : App.class.getDeclaredFields()) {
            if (!f.getName().endsWith("Handlers") || f.getName().equals("webEndpointHandlers")) {
                continue;
            }
            f.setAccessible(true);
            Set<String> bolt = ((Map<?, ?>) f.get(app)).keySet().stream()
                    .map(k -> k instanceof Pattern p ? p.pattern() : k.toString()).collect(Collectors.toSet());
            Set<String> ours = registered.getOrDefault(f.getName(), Set.of()).stream()
                    .map(id -> f.getName().equals("eventHandlers") ? id : "^" + Pattern.quote(id) + "$")
                    .collect(Collectors.toSet());
            assertThat(bolt).as("Bolt's " + f.getName()).isEqualTo(ours);
        }
        assertThat(registered.get("blockActionHandlers")).contains("run_stop", "open_run_modal");
        assertThat(registered.get("eventHandlers")).containsExactlyInAnyOrder("app_mention", "app_home_opened",
                "agent_session_stopped", "message", "message:file_share", "app_uninstalled", "tokens_revoked");
    }

    @Test
    void ids_reach_the_log_printable_and_bounded() {
        assertThat(Listeners.safe("run_stop")).isEqualTo("run_stop");
        assertThat(Listeners.safe("a\nb c\u0000é")).isEqualTo("a?b?c??");
        assertThat(Listeners.safe("x".repeat(300))).isEqualTo("x".repeat(100) + "…");
    }

    private static Map<String, String> form(Map<String, String> fields) {
        return new HashMap<>(Map.of("body", SlackRequests.form(fields),
                "type", "application/x-www-form-urlencoded"));
    }

    private static Map<String, String> interaction(String payload) {
        return form(Map.of("payload", payload));
    }

    private static Map<String, String> event(String eventJson) {
        return new HashMap<>(Map.of("body", "{\"token\":\"x\",\"team_id\":\"T1\",\"api_app_id\":\"A1\","
                + "\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event_time\":1700000000,\"event\":"
                + eventJson + "}", "type", "application/json"));
    }

    /** Parses {@code request} as the HTTP endpoint does and runs it through {@code app}. */
    private static Response run(App app, Map<String, String> request) throws Exception {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("content-type", List.of(request.get("type")));
        Request<?> parsed = new SlackRequestParser(app.config()).parse(SlackRequestParser.HttpRequest.builder()
                .requestUri("/slack/events").queryString(Map.of()).headers(new RequestHeaders(headers))
                .requestBody(request.get("body")).remoteAddress("127.0.0.1").build());
        assertThat(parsed).as("parsed: " + request).isNotNull();
        return app.run(parsed);
    }
}

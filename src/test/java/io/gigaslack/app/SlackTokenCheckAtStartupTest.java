package io.gigaslack.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gigaslack.giga.sim.GigaSimulator;
import io.gigaslack.slack.web.SlackWebGateway;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The start-up check of the Slack tokens, through the whole app: {@code Main.run} against the fake Slack and the Giga
 * simulator. A token Slack refuses stops the app with exit code 2 and the fix, leaving nothing running; a Slack that
 * cannot be reached is one warning line and the app starts; a Socket Mode connection that fails says how.
 */
class SlackTokenCheckAtStartupTest {

    /**
     * The Slack SDK starts a few threads of its own once per JVM (for its default configuration), the first time it is
     * used: they are started here, before any test notes which threads were running, so that only the app's count.
     */
    @BeforeAll
    static void letTheSlackSdkStartItsSharedThreads() {
        OkHttpClient http = new OkHttpClient();
        new SlackWebGateway(FakeSlack.unreachableApiUrl(), "xoxb-warm-up", http).checkToken();
        http.dispatcher().executorService().shutdown();
    }

    /** What one {@code Main.run} left behind. */
    record Outcome(int code, String out, String err, int port, FakeSlack slack) {}

    @Test
    void refuses_to_start_with_a_bot_token_slack_rejects() {
        Outcome o = run(slack -> slack.refuseBotToken("invalid_auth"), Map.of());

        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).startsWith("giga-slack cannot start: SLACK_BOT_TOKEN was refused by Slack (invalid_auth)")
                .contains("copy the Bot User OAuth Token (xoxb-…) again", "OAuth & Permissions", "and restart")
                .doesNotContain("Exception", "\tat ");
        assertThat(o.out()).doesNotContain("is ready");
        assertThat(o.slack().calls().stream().map(FakeSlack.Call::method).toList())
                .as("nothing but the check reached Slack").containsExactly("auth.test");
    }

    @Test
    void refuses_to_start_when_the_bot_token_belongs_to_an_inactive_account() {
        Outcome o = run(slack -> slack.refuseBotToken("account_inactive"), Map.of());

        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).startsWith("giga-slack cannot start: SLACK_BOT_TOKEN was refused by Slack"
                        + " (account_inactive)")
                .contains("deactivated user", "uninstalled", "Reinstall the app", "Bot User OAuth Token (xoxb-…",
                        "SLACK_BOT_TOKEN and restart")
                .doesNotContain("Exception", "\tat ");
        assertThat(o.out()).doesNotContain("is ready");
    }

    @Test
    void starts_anyway_when_slack_cannot_be_reached() {
        String unreachable = FakeSlack.unreachableApiUrl();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try (TestApp t = TestApp.start(Map.of("SLACK_API_URL", unreachable))) {
            assertThat(t.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(t.get("/readyz").body()).contains("slack: auth.test failed");

            List<ILoggingEvent> about = logs.list.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .filter(e -> e.getFormattedMessage().contains("bot token")).toList();
            assertThat(about).as("warnings about the bot token").hasSize(1);
            ILoggingEvent warning = about.get(0);
            assertThat(warning.getLevel()).isEqualTo(Level.WARN);
            assertThat(warning.getFormattedMessage())
                    .startsWith("Slack could not be reached to check the bot token (")
                    .contains("connection to Slack's host " + unreachable.substring("http://".length(),
                            unreachable.indexOf("/api/")) + " refused")
                    .endsWith("); starting anyway")
                    .doesNotContain("\n");
            assertThat(warning.getThrowableProxy()).as("no stack trace").isNull();
        } finally {
            root.detachAppender(logs);
        }
    }

    @Test
    void refuses_to_start_when_slack_refuses_the_app_level_token() {
        Outcome o = run(slack -> slack.refuseAppToken("invalid_auth"),
                Map.of("SLACK_APP_TOKEN", "xapp-1-A1-refused"));

        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).startsWith("giga-slack cannot start: SLACK_APP_TOKEN was refused by Slack (invalid_auth)")
                .contains("App-Level Token (xapp-…", "connections:write", "Basic Information → App-Level Tokens",
                        "and restart")
                .doesNotContain("SLACK_BOT_TOKEN", "Exception", "\tat ");
    }

    @Test
    void socket_mode_says_when_slacks_host_cannot_be_resolved() {
        Outcome o = run(slack -> slack.socketModeUrl("wss://wss-primary.slack.invalid/link"),
                Map.of("SLACK_APP_TOKEN", "xapp-1-A1-test-app-token"));

        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err().strip()).isEqualTo("giga-slack could not start: Socket Mode could not connect:"
                + " cannot resolve Slack's host wss-primary.slack.invalid: check DNS / network");
        assertThat(o.err()).doesNotContainIgnoringCase("token");
    }

    @Test
    void socket_mode_says_when_slacks_host_refuses_the_connection() {
        int closed = FakeSlack.closedPort();
        Outcome o = run(slack -> slack.socketModeUrl("ws://127.0.0.1:" + closed + "/link"),
                Map.of("SLACK_APP_TOKEN", "xapp-1-A1-test-app-token"));

        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).startsWith("giga-slack could not start: Socket Mode could not connect:"
                        + " connection to Slack's host 127.0.0.1:" + closed + " refused")
                .doesNotContainIgnoringCase("token");
    }

    /**
     * Runs {@code Main} against a fake Slack prepared by {@code prepare} and the Giga simulator, and checks that
     * nothing of the app keeps running afterwards: its port is free and none of its threads is left.
     */
    private static Outcome run(Consumer<FakeSlack> prepare, Map<String, String> extra) {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        FakeSlack slack = new FakeSlack();
        prepare.accept(slack);
        GigaSimulator giga = GigaSimulator.builder().build();
        giga.start();
        try {
            int port = TestApp.freePort();
            Map<String, String> env = new java.util.HashMap<>(
                    TestApp.env(slack, giga, port, "jdbc:h2:mem:startup-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
            env.putAll(extra);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(List.of(), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertPortFree(port);
            assertNoAppThreadsLeft(before);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), port,
                    slack);
        } finally {
            giga.close();
            slack.close();
        }
    }

    private static void assertPortFree(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            assertThat(s.getLocalPort()).isEqualTo(port);
        } catch (IOException e) {
            throw new AssertionError("port " + port + " is still in use after the app refused to start", e);
        }
    }

    /** The app's own threads (workers, database pool, HTTP server, Socket Mode) started since {@code before}. */
    private static void assertNoAppThreadsLeft(Set<Thread> before) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Set<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !before.contains(t) && isAppThread(t.getName()))
                    .map(Thread::getName).collect(Collectors.toCollection(java.util.TreeSet::new));
            if (left.isEmpty()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        assertThat(left).as("threads of the app still running after it refused to start").isEmpty();
    }

    private static boolean isAppThread(String name) {
        return name.contains("-worker-") || name.endsWith("-lease-renewer") || name.equals("maintenance")
                || name.equals("slack-views") || name.startsWith("giga-slack-db") || name.startsWith("http-")
                || name.startsWith("OkHttp Dispatcher") || name.contains("socket-mode")
                || name.startsWith("WebSocket") || name.contains("connectionLostChecker");
    }
}

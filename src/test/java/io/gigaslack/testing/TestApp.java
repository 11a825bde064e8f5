package io.gigaslack.testing;

import io.gigaslack.app.AppConfig;
import io.gigaslack.app.ConfigLoader;
import io.gigaslack.app.GigaSlackApp;
import io.gigaslack.giga.sim.GigaSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The whole app on a real Jetty with a real H2 database, talking over real HTTP to a fake Slack
 * Web API and to the Giga simulator. Tests send it Slack-signed requests.
 */
public final class TestApp implements AutoCloseable {
    public static final String SIGNING_SECRET = "test-signing-secret-0123456789";
    public static final String BOT_TOKEN = "xoxb-test-bot-token-secret";

    public final FakeSlack slack;
    public final GigaSimulator giga;
    public GigaSlackApp app;
    private AppConfig config;
    private java.time.Clock clock;
    public final String databaseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestApp(FakeSlack slack, GigaSimulator giga, GigaSlackApp app, String databaseUrl) {
        this.slack = slack;
        this.giga = giga;
        this.app = app;
        this.databaseUrl = databaseUrl;
    }

    /** Starts everything; {@code extra} adds or overrides environment settings. */
    public static TestApp start(Map<String, String> extra) {
        return startWith(slack -> { }, extra);
    }

    /** As {@link #start}, preparing the fake Slack before the app starts (e.g. for Socket Mode). */
    public static TestApp startWith(java.util.function.Consumer<FakeSlack> prepare, Map<String, String> extra) {
        return startWith(prepare, sim -> { }, extra);
    }

    /** As {@link #start}, also adjusting the simulator (durations, lifetimes) before it starts. */
    public static TestApp startWith(java.util.function.Consumer<FakeSlack> prepare,
            java.util.function.Consumer<GigaSimulator.Builder> simulator, Map<String, String> extra) {
        return startWith(prepare, simulator, extra, null);
    }

    /**
     * As {@link #startWith(java.util.function.Consumer, java.util.function.Consumer, Map)}, with the app and the
     * simulator on {@code clock} (a clock the test moves), or on real time when it is null.
     */
    public static TestApp startWith(java.util.function.Consumer<FakeSlack> prepare,
            java.util.function.Consumer<GigaSimulator.Builder> simulator, Map<String, String> extra,
            java.time.Clock clock) {
        FakeSlack slack = new FakeSlack();
        if (clock != null) {
            slack.useClock(clock);
        }
        prepare.accept(slack);
        GigaSimulator.Builder simBuilder = GigaSimulator.builder()
                .provisionDelay(Duration.ofMillis(300))
                .agentDuration(Duration.ofMillis(700));
        if (clock != null) {
            simBuilder.clock(clock);
        }
        simulator.accept(simBuilder);
        GigaSimulator giga = simBuilder.build();
        giga.start();
        String db = "jdbc:h2:mem:e2e-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Map<String, String> env = env(slack, giga, freePort(), db);
        env.putAll(extra);
        AppConfig config = ConfigLoader.load(List.of(), env);
        GigaSlackApp app;
        try {
            app = clock == null ? GigaSlackApp.start(config) : GigaSlackApp.start(config, clock);
        } catch (RuntimeException e) {
            giga.close();
            slack.close();
            throw e;
        }
        TestApp t = new TestApp(slack, giga, app, db);
        t.config = config;
        t.clock = clock;
        return t;
    }

    /**
     * The environment the app is started with against {@code slack} and {@code giga}: HTTP mode on {@code port}, the
     * database {@code db}, limits out of the way. Also for tests that start it through {@code Main}.
     */
    public static Map<String, String> env(FakeSlack slack, GigaSimulator giga, int port, String db) {
        Map<String, String> env = new HashMap<>();
        env.put("SLACK_BOT_TOKEN", BOT_TOKEN);
        env.put("SLACK_SIGNING_SECRET", SIGNING_SECRET);
        env.put("SLACK_API_URL", slack.apiUrl());
        env.put("GIGA_API_URL", giga.baseUrl());
        env.put("GIGA_API_KEY", giga.apiKey());
        env.put("PORT", String.valueOf(port));
        env.put("PUBLIC_URL", "http://127.0.0.1:" + port);
        env.put("DATABASE_URL", db);
        env.put("DESKTOP_VIEWER_URL", "https://viewer.example/?url={vncUrlEncoded}");
        env.put("GIGA_POLL_INTERVAL_SECONDS", "5");
        // Giga's window per key is exact (no burst beyond it): a test about something else, which makes a minute's
        // worth of requests in seconds, would wait for the window. The window has its own tests.
        env.put("GIGA_REQUESTS_PER_MINUTE", "600");
        // Tests start many runs as one user; the limits have their own tests.
        env.put("GIGA_MAX_CONCURRENT_PER_USER", "1000");
        env.put("GIGA_MAX_CONCURRENT_PER_WORKSPACE", "10000");
        env.put("GIGA_MAX_RUNS_PER_USER_PER_DAY", "100000");
        // Slack's agent surface (sessions, streamed progress) is on, as in production, so every test runs with it;
        // a test about the card and notices alone turns it off.
        env.put("GIGA_LIVE_PROGRESS", "true");
        return env;
    }

    /** The run id an acknowledgement names (as `r_…`); fails the test when it names none. */
    public static String runId(HttpResponse<String> ack) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("`(r_[a-z0-9]+)`").matcher(ack.body());
        org.assertj.core.api.Assertions.assertThat(m.find()).as("ack names the run: " + ack.body()).isTrue();
        return m.group(1);
    }

    /** The ts of the status card in {@code channel} that names {@code runId}, or null while there is none. */
    public String rootTs(String channel, String runId) {
        return slack.rootMessages(channel).stream().filter(m -> m.blocks() != null && m.blocks().contains(runId))
                .findFirst().map(FakeSlack.Message::ts).orElse(null);
    }

    /** A run's thread replies in {@code channel} as "text blocks" strings, oldest first; empty while it has no card. */
    public List<String> threadTexts(String channel, String runId) {
        String root = rootTs(channel, runId);
        return root == null ? List.of() : slack.thread(channel, root).stream()
                .map(m -> m.text() + " " + m.blocks()).toList();
    }

    /** Stops the app (as a crash would, between any two steps) and starts it again on the same database. */
    public void restart() {
        app.close();
        app = clock == null ? GigaSlackApp.start(config) : GigaSlackApp.start(config, clock);
    }

    /** Stops only the app; {@link #startAgain()} brings it back on the same database and port. */
    public void stopApp() {
        app.close();
    }

    public void startAgain() {
        app = clock == null ? GigaSlackApp.start(config) : GigaSlackApp.start(config, clock);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    /** POSTs a Slack-signed form body to {@code /slack/events}. */
    public HttpResponse<String> slackForm(Map<String, String> fields) {
        return signedPost("/slack/events", SlackRequests.form(fields), "application/x-www-form-urlencoded");
    }

    /** A {@code /giga} slash command from user U1 in channel C1 of team T1. */
    public HttpResponse<String> command(String text) {
        return slackForm(SlackRequests.slashCommand("T1", "U1", "C1", text, slack.responseUrl()));
    }

    /** An interactivity payload (block_actions, view_submission, shortcut) as Slack sends it. */
    public HttpResponse<String> interaction(String payloadJson) {
        return slackForm(Map.of("payload", payloadJson));
    }

    /** A button press on a run's card. */
    public HttpResponse<String> button(String actionId, String user, String channel, String value) {
        return interaction(SlackRequests.buttonPress(actionId, user, channel, value, slack.responseUrl()));
    }

    /** An Events API delivery. */
    public HttpResponse<String> event(String eventId, String eventJson, Map<String, String> headers) {
        String body = "{\"token\":\"legacy\",\"team_id\":\"T1\",\"api_app_id\":\"A1\",\"type\":\"event_callback\","
                + "\"event_id\":\"" + eventId + "\",\"event_time\":1700000000,\"event\":" + eventJson + "}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new HashMap<>(headers);
        h.putAll(SlackRequests.signatureHeaders(SIGNING_SECRET, bytes, slackNow()));
        return post("/slack/events", bytes, "application/json", h);
    }

    public HttpResponse<String> signedPost(String path, String body, String contentType) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(path, bytes, contentType, SlackRequests.signatureHeaders(SIGNING_SECRET, bytes, slackNow()));
    }

    /** When Slack signs a request: now on the app's clock (a test's settable one, if it has one), as NTP would have it. */
    private Instant slackNow() {
        return clock == null ? Instant.now() : clock.instant();
    }

    public HttpResponse<String> post(String path, byte[] body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Declares a body of {@code declaredLength} bytes but sends none, and returns the status line
     * the server answers with: how a server that refuses oversized bodies before reading them is
     * tested without racing its early answer against the upload.
     */
    public String statusForDeclaredLength(String path, long declaredLength) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(10_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + declaredLength + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return in.readLine();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code condition} holds, running reconcile cycles meanwhile (as the poller would). */
    public void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (!condition.getAsBoolean()) {
            throw new AssertionError("timed out waiting for: " + what + "\nSlack calls: " + slack.calls().stream()
                    .map(FakeSlack.Call::method).toList());
        }
    }

    /**
     * Waits until the app's workers have nothing running and nothing due: what a test waits for before it asserts that
     * something did not happen (a sleep would pass on a slow machine whatever the code does).
     */
    public void awaitIdle() {
        try {
            org.assertj.core.api.Assertions.assertThat(app.testHooks().awaitIdle(Duration.ofSeconds(30)))
                    .as("the workers became idle").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Moves {@code clock} on by {@code total}, {@code step} at a time, letting the simulator, the reconciler and the
     * workers catch up at each step (for tests of runs that last minutes or hours on a settable clock; the simulator
     * must run with {@code autoTick(false)}).
     */
    public void advance(SettableClock clock, Duration total, Duration step) {
        for (Duration done = Duration.ZERO; done.compareTo(total) < 0; done = done.plus(step)) {
            clock.advance(step);
            giga.tick();
            app.testHooks().reconciler().cycle();
            awaitIdle();
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.close();
        giga.close();
        slack.close();
    }
}

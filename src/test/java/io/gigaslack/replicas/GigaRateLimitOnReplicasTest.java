package io.gigaslack.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.app.ConfigLoader;
import io.gigaslack.app.GigaSlackApp;
import io.gigaslack.giga.GigaClient;
import io.gigaslack.giga.GigaClientConfig;
import io.gigaslack.giga.Sleeper;
import io.gigaslack.giga.sim.GigaSimulator;
import io.gigaslack.giga.sim.RecordedRequest;
import io.gigaslack.gigawork.SharedRequestBudgets;
import io.gigaslack.store.Database;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.RoundRobinBalancer;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.SlackRequests;
import io.gigaslack.testing.TestApp;
import io.gigaslack.testing.TestDatabases;
import io.gigaslack.testing.WindowCount;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Giga's limit of 60 requests a minute per key holds however many replicas share the key: a burst of 100
 * {@code /giga run} through the real endpoint, on one replica (H2) and on three (one PostgreSQL, behind a round-robin
 * balancer that is also the callback URL), against the simulator enforcing 60 a minute per key. Counted at the
 * simulator as each request arrived, no 60-second window, wherever it starts, holds more than 60 of the key's
 * requests, up to a minute after the last run started; the budget is used to the full (a window holds exactly 60);
 * every run is started on Giga once and none fails (each is provisioning, running or done, waiting its turn for
 * Giga); and meanwhile a second key's 60 requests go at once. The app, the simulator and the fake Slack run on one
 * settable clock, which the test moves on in steps while the replicas work, so minutes of Giga time pass in
 * seconds.
 */
class GigaRateLimitOnReplicasTest {
    private static final int RUNS = 100;
    private static final int LIMIT = 60;
    private static final String KEY = GigaSimulator.Builder.DEFAULT_API_KEY;
    private static final String OTHER_KEY = "giga_sk_" + "b".repeat(32);
    private static final String SCHEMA = "rate_limit_replicas";
    /**
     * How far the clock moves at each step. After each, the replicas get real time until they have sent Giga nothing
     * for {@link #QUIET_MILLIS} (longer than a waiting call naps before it looks at the clock again), at most
     * {@link #MAX_STEP_PAUSE_MILLIS}: work takes them moments, not Giga's seconds, and no request is on its way while
     * the clock jumps.
     */
    private static final Duration STEP = Duration.ofSeconds(3);
    private static final long QUIET_MILLIS = 150;
    private static final long MAX_STEP_PAUSE_MILLIS = 3000;

    private final SettableClock clock = new SettableClock();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<GigaSlackApp> replicas = new ArrayList<>();
    private FakeSlack slack;
    private GigaSimulator giga;
    private RoundRobinBalancer balancer;
    private String databaseUrl;
    private String databaseUser = "sa";
    private String databasePassword = "";
    private boolean postgres;

    @AfterEach
    void stop() throws InterruptedException {
        // Together, and with the clock moving on meanwhile, so that the Giga calls still waiting for a slot get one
        // (on a standing clock each replica would wait out its grace for them).
        List<Thread> closing = new ArrayList<>();
        for (GigaSlackApp app : replicas) {
            Thread t = new Thread(app::close, "closing-replica");
            t.start();
            closing.add(t);
        }
        while (closing.stream().anyMatch(Thread::isAlive)) {
            clock.advance(Duration.ofSeconds(30));
            Thread.sleep(50);
        }
        if (balancer != null) {
            balancer.close();
        }
        if (giga != null) {
            giga.close();
        }
        if (slack != null) {
            slack.close();
        }
        if (postgres) {
            TestDatabases.dropSchema(SCHEMA);
        }
    }

    @Test
    void one_replica_never_sends_more_than_60_requests_in_any_minute_under_a_burst_of_100_runs() throws Exception {
        databaseUrl = TestDatabases.h2Url();
        burstOf100Runs(1);
    }

    @Test
    void three_replicas_on_one_postgres_never_send_more_than_60_in_any_minute_together() throws Exception {
        databaseUrl = TestDatabases.freshSchemaUrl(SCHEMA);
        databaseUser = TestDatabases.postgresUser();
        databasePassword = TestDatabases.postgresPassword();
        postgres = true;
        burstOf100Runs(3);
    }

    private void burstOf100Runs(int replicaCount) throws Exception {
        long began = System.nanoTime();
        Instant t0 = clock.instant();
        slack = new FakeSlack().useClock(clock);
        giga = GigaSimulator.builder().clock(clock).apiKeys(List.of(KEY, OTHER_KEY))
                .rateLimitPerMinute(LIMIT).provisionDelay(Duration.ofSeconds(3)).agentDuration(Duration.ofSeconds(20))
                .random(new Random(16)).build().start();
        balancer = new RoundRobinBalancer();
        for (int i = 0; i < replicaCount; i++) {
            replicas.add(GigaSlackApp.start(ConfigLoader.load(List.of(), env(TestApp.freePort())), clock));
            int index = i;
            balancer.addBackend(() -> replicas.get(index).port());
        }

        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<HttpResponse<String>>> acks = new ArrayList<>();
        for (int k = 0; k < RUNS; k++) {
            int n = k;
            acks.add(senders.submit(() -> command("U" + (10 + n % 8), "CBURST" + (n % 3),
                    String.format("run task%03d: summarise example.com and save notes.txt", n))));
        }
        for (Future<HttpResponse<String>> ack : acks) {
            HttpResponse<String> r = ack.get(60, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as("command acknowledged: %s", r.body()).isEqualTo(200);
        }
        senders.shutdown();

        // Slack's side runs in real time: let every card be posted (each run's start is queued then) before Giga's time
        // runs, as it would in the second or two a burst takes.
        awaitReal("every card posted", Duration.ofSeconds(60),
                () -> count("SELECT COUNT(*) FROM runs WHERE root_ts IS NOT NULL") == RUNS);
        // The burst fills the key's window at once; a second key (another workspace's) still goes at once.
        awaitReal("the key's window is full", Duration.ofSeconds(60), () -> giga.apiRequests(KEY).size() >= LIMIT);
        int otherKeyCalls = otherKeySendsItsWholeBudgetWithoutWaiting();

        drive("every run started", Duration.ofSeconds(120),
                () -> giga.count("POST", "/api/deployments/start") >= RUNS && noneFailed());
        Instant allStarted = clock.instant();
        // A window more, so that what the started runs ask of Giga next (reads after callbacks, polling) counts too.
        Instant windowLater = allStarted.plus(Duration.ofSeconds(61));
        drive("a window after the last start", Duration.ofSeconds(60),
                () -> !clock.instant().isBefore(windowLater) && noneFailed());

        List<Instant> arrivals = giga.apiRequests(KEY).stream().map(RecordedRequest::receivedAt).toList();
        int busiest = WindowCount.max(arrivals, Duration.ofSeconds(60));
        System.out.printf("giga rate limit, %d replica(s): %d runs; %d requests of the key over %d s of Giga time; "
                        + "most in any 60 s window %d (limit %d); all started after %d s; runs %s; second key %d"
                        + " requests at once (most in a window %d); %d s of real time%n",
                replicaCount, RUNS, arrivals.size(), Duration.between(t0, clock.instant()).toSeconds(), busiest, LIMIT,
                Duration.between(t0, allStarted).toSeconds(), statuses(), otherKeyCalls,
                WindowCount.max(times(OTHER_KEY), Duration.ofSeconds(60)),
                Duration.ofNanos(System.nanoTime() - began).toSeconds());

        assertThat(busiest).as("the most requests of the key in any 60 s window").isEqualTo(LIMIT);
        assertThat(giga.count("POST", "/api/deployments/start")).as("one start request per run").isEqualTo(RUNS);
        assertThat(giga.deployments(KEY)).hasSize(RUNS);
        assertThat(giga.deployments(OTHER_KEY)).isEmpty();
        for (int i = 0; i < replicaCount && replicaCount > 1; i++) {
            assertThat(balancer.served(i)).as("replica %d took part", i).isPositive();
        }
    }

    /**
     * With the first key's window full, a GigaClient of the second key (as another workspace's would be, on its own
     * budget in the same database) sends 60 requests while the clock stands still: none waits.
     */
    private int otherKeySendsItsWholeBudgetWithoutWaiting() throws Exception {
        OkHttpClient okHttp = new OkHttpClient();
        try (Database db = Database.open(databaseUrl, databaseUser, databasePassword)) {
            SharedRequestBudgets budgets = new SharedRequestBudgets(db.jdbc(), LIMIT, LIMIT / 6, clock,
                    Sleeper.system());
            GigaClient other = new GigaClient(GigaClientConfig.of(giga.baseUrl(), OTHER_KEY), okHttp,
                    budgets.forKey(OTHER_KEY), clock, Sleeper.system(), new Random(1));
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < LIMIT; i++) {
                    calls.add(callers.submit(() -> other.getBilling()));
                }
                for (Future<?> call : calls) {
                    call.get(20, TimeUnit.SECONDS);
                }
            } finally {
                callers.shutdownNow();
            }
            // Nothing moves the clock meanwhile: a call that had to wait for a slot would never have been answered.
            assertThat(giga.apiRequests(OTHER_KEY)).as("one request each, no 429 to retry").hasSize(LIMIT);
            assertThat(WindowCount.max(times(KEY), Duration.ofSeconds(60))).isLessThanOrEqualTo(LIMIT);
            return giga.apiRequests(OTHER_KEY).size();
        } finally {
            okHttp.dispatcher().executorService().shutdown();
            okHttp.connectionPool().evictAll();
        }
    }

    private List<Instant> times(String key) {
        return giga.apiRequests(key).stream().map(RecordedRequest::receivedAt).toList();
    }

    /** Moves the clock on, a step at a time, ticking the simulator, until {@code done}; fails after {@code limit}. */
    private void drive(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not in time: " + what + "; runs " + statuses() + ", starts "
                        + giga.count("POST", "/api/deployments/start") + ", key's requests "
                        + giga.apiRequests(KEY).size() + ", Giga time "
                        + Duration.between(SettableClock.DEFAULT_START, clock.instant()).toSeconds() + " s");
            }
            clock.advance(STEP);
            giga.tick();
            awaitQuiet();
        }
    }

    private void awaitQuiet() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_STEP_PAUSE_MILLIS);
        int seen = -1;
        while (System.nanoTime() < end) {
            int now = giga.requests().size();
            if (now == seen) {
                return;
            }
            seen = now;
            Thread.sleep(QUIET_MILLIS);
        }
    }

    /** Waits in real time, the clock standing still. */
    private static void awaitReal(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not in time: " + what);
            }
            Thread.sleep(20);
        }
    }

    private long count(String sql) {
        try (Connection c = DriverManager.getConnection(databaseUrl, databaseUser, databasePassword);
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean noneFailed() {
        Map<String, Long> s = statuses();
        if (s.containsKey("FAILED") || s.containsKey("STOPPED")) {
            throw new AssertionError("runs ended other than succeeded: " + s);
        }
        return true;
    }

    private Map<String, Long> statuses() {
        try (Connection c = DriverManager.getConnection(databaseUrl, databaseUser, databasePassword);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT status, COUNT(*) FROM runs GROUP BY status")) {
            Map<String, Long> out = new TreeMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> env(int port) {
        Map<String, String> env = new HashMap<>();
        env.put("SLACK_BOT_TOKEN", TestApp.BOT_TOKEN);
        env.put("SLACK_SIGNING_SECRET", TestApp.SIGNING_SECRET);
        env.put("SLACK_API_URL", slack.apiUrl());
        env.put("GIGA_API_URL", giga.baseUrl());
        env.put("GIGA_API_KEY", KEY);
        env.put("PORT", String.valueOf(port));
        env.put("PUBLIC_URL", balancer.url());
        env.put("DATABASE_URL", databaseUrl);
        env.put("DATABASE_USER", databaseUser);
        env.put("DATABASE_PASSWORD", databasePassword);
        env.put("DESKTOP_VIEWER_URL", "https://viewer.example/?url={vncUrlEncoded}");
        env.put("GIGA_POLL_INTERVAL_SECONDS", "5");
        // The clock runs far ahead of real time: a lease must outlast the test (a live replica renews it in real time).
        env.put("GIGA_JOB_LEASE_SECONDS", "3600");
        env.put("GIGA_MAX_CONCURRENT_PER_USER", "1000");
        env.put("GIGA_MAX_CONCURRENT_PER_WORKSPACE", "10000");
        env.put("GIGA_MAX_RUNS_PER_USER_PER_DAY", "100000");
        env.put("GIGA_LIVE_PROGRESS", "true");
        return env;
    }

    /** A signed {@code /giga} command sent to the balancer, signed at the clock's time. */
    private HttpResponse<String> command(String user, String channel, String text) throws Exception {
        byte[] body = SlackRequests.form(SlackRequests.slashCommand("T1", user, channel, text, slack.responseUrl()))
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(balancer.url() + "/slack/events"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        SlackRequests.signatureHeaders(TestApp.SIGNING_SECRET, body, clock.instant()).forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}

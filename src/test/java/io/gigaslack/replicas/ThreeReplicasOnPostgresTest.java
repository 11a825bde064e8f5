package io.gigaslack.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gigaslack.app.ConfigLoader;
import io.gigaslack.app.GigaSlackApp;
import io.gigaslack.giga.sim.DeploymentSnapshot;
import io.gigaslack.giga.sim.GigaSimulator;
import io.gigaslack.store.Job;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.TestDatabases;
import io.gigaslack.testing.RoundRobinBalancer;
import io.gigaslack.testing.SlackRequests;
import io.gigaslack.testing.TestApp;
import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three app instances in one JVM on one PostgreSQL schema, behind a round-robin load balancer that
 * is both the Slack request URL and the {@code PUBLIC_URL} Giga calls back, so commands and
 * callbacks land on any replica. A few hundred runs are started by signed {@code /giga run}
 * commands from several users; halfway through one replica is killed (its claimed jobs are left
 * leased, as a dead process leaves them). Then: every run was started on Giga exactly once, every
 * thread is complete, and no Slack message was posted twice.
 *
 * <p>{@code -Dreplicas.runs=N} changes the number of runs (default {@value #DEFAULT_RUNS}).
 */
class ThreeReplicasOnPostgresTest {
    static final int DEFAULT_RUNS = 300;
    private static final String SCHEMA = "three_replicas";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<GigaSlackApp> replicas = new ArrayList<>();
    private FakeSlack slack;
    private GigaSimulator giga;
    private RoundRobinBalancer balancer;
    private String databaseUrl;
    private GigaSlackApp crashed;

    @AfterEach
    void stop() {
        for (GigaSlackApp app : replicas) {
            if (app != crashed) {
                app.close();
            }
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
        if (databaseUrl != null) {
            TestDatabases.dropSchema(SCHEMA);
        }
    }

    @Test
    void every_run_starts_once_and_every_message_is_posted_once_when_a_replica_dies_midway() throws Exception {
        int runs = Integer.getInteger("replicas.runs", DEFAULT_RUNS);
        databaseUrl = TestDatabases.freshSchemaUrl(SCHEMA);
        Instant began = Instant.now();
        slack = new FakeSlack();
        giga = GigaSimulator.builder()
                .provisionDelay(Duration.ofMillis(200))
                .agentDuration(Duration.ofMillis(500))
                .build()
                .start();
        balancer = new RoundRobinBalancer();
        for (int i = 0; i < 3; i++) {
            GigaSlackApp app = GigaSlackApp.start(ConfigLoader.load(List.of(), env(freePort())));
            replicas.add(app);
            int index = i;
            balancer.addBackend(() -> replicas.get(index).port());
        }

        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<HttpResponse<String>>> acks = new ArrayList<>();
        List<Job> abandoned = List.of();
        for (int k = 0; k < runs; k++) {
            int n = k;
            acks.add(senders.submit(() -> command("U" + (10 + n % 8), "CREPL" + (n % 3), "run " + task(n)
                    + ": summarise example.com and save notes.txt")));
            if (k == runs / 2) {
                // Let the first half get going, then kill replica 1 with work in flight.
                acks.get(runs / 4).get(30, TimeUnit.SECONDS);
                abandoned = replicas.get(1).testHooks().crash();
                crashed = replicas.get(1);
                balancer.markDown(1);
            }
        }
        for (Future<HttpResponse<String>> ack : acks) {
            HttpResponse<String> r = ack.get(60, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as("command acknowledged: %s", r.body()).isEqualTo(200);
        }
        senders.shutdown();

        awaitAllSucceeded(runs, Duration.ofSeconds(150));
        Map<String, StoredRun> stored = storedRuns();
        assertThat(stored).as("one run per command").hasSize(runs);
        awaitThreadsComplete(stored, Duration.ofSeconds(60));
        awaitSlackOutboxEmpty(Duration.ofSeconds(60)); // so a retry that would post again has had its chance
        Duration took = Duration.between(began, Instant.now());

        // Every run started on Giga exactly once: one start request and one deployment per run's name.
        Map<String, Long> startsByName = giga.requests("POST", "/api/deployments/start").stream()
                .map(r -> name(r.body())).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        Map<String, Long> deploymentsByName = giga.deployments().stream()
                .collect(Collectors.groupingBy(DeploymentSnapshot::name, Collectors.counting()));
        for (StoredRun run : stored.values()) {
            String tag = "[" + run.nameTag() + "]";
            assertThat(countEndingWith(deploymentsByName, tag)).as("deployments of " + run.task()).isEqualTo(1);
            assertThat(countEndingWith(startsByName, tag)).as("start requests of " + run.task()).isEqualTo(1);
        }

        // One card per run, and in each thread every message once.
        Map<String, Long> cards = new HashMap<>();
        for (int c = 0; c < 3; c++) {
            for (FakeSlack.Message m : slack.rootMessages("CREPL" + c)) {
                String blocks = m.blocks() == null ? "" : m.blocks();
                int at = blocks.indexOf("task");
                if (at >= 0 && at + 8 <= blocks.length()) {
                    cards.merge(blocks.substring(at, at + 8), 1L, Long::sum);
                }
            }
        }
        Map<String, List<String>> duplicates = new TreeMap<>();
        for (StoredRun run : stored.values()) {
            if (cards.getOrDefault(run.task(), 0L) != 1) {
                duplicates.computeIfAbsent(run.task(), x -> new ArrayList<>())
                        .add(cards.getOrDefault(run.task(), 0L) + " cards");
            }
            List<String> texts = slack.thread(run.channel(), run.rootTs()).stream()
                    .map(m -> m.text() + "|" + m.blocks()).toList();
            texts.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                    .forEach((text, c) -> {
                        if (c > 1) {
                            duplicates.computeIfAbsent(run.task(), x -> new ArrayList<>()).add(c + "× " + text);
                        }
                    });
            long uploads = slack.fileShares(run.channel(), run.rootTs()).size();
            if (uploads != 1) {
                duplicates.computeIfAbsent(run.task(), x -> new ArrayList<>()).add(uploads + " file uploads");
            }
        }
        Set<String> inFlightAtCrash = abandoned.stream().map(Job::runId).filter(stored::containsKey)
                .map(id -> stored.get(id).task()).collect(Collectors.toCollection(TreeSet::new));
        System.out.printf("three replicas: %d runs in %d s; requests served per replica %d/%d/%d; "
                        + "jobs in flight at the crash %s (runs %s); Giga requests %d; Slack calls %d; "
                        + "threads/channels read back %d/%d; duplicates %s%n",
                runs, took.toSeconds(), balancer.served(0), balancer.served(1), balancer.served(2),
                abandoned.stream().map(j -> j.queue() + ":" + j.kind()).toList(), inFlightAtCrash,
                giga.requests().size(), slack.calls().size(), slack.calls("conversations.replies").size(),
                slack.calls("conversations.history").size(), duplicates);
        assertThat(balancer.served(0)).isPositive();
        assertThat(balancer.served(1)).isPositive();
        assertThat(balancer.served(2)).isPositive();
        // Including the runs whose Slack call was in flight when the replica died: the replica that takes such a
        // job over reads the thread back and finds the post before making it again.
        assertThat(duplicates).as("duplicate messages per run").isEmpty();
    }

    private Map<String, String> env(int port) {
        Map<String, String> env = new HashMap<>();
        env.put("SLACK_BOT_TOKEN", TestApp.BOT_TOKEN);
        env.put("SLACK_SIGNING_SECRET", TestApp.SIGNING_SECRET);
        env.put("SLACK_API_URL", slack.apiUrl());
        env.put("GIGA_API_URL", giga.baseUrl());
        env.put("GIGA_API_KEY", giga.apiKey());
        env.put("PORT", String.valueOf(port));
        env.put("PUBLIC_URL", balancer.url());
        env.put("DATABASE_URL", databaseUrl);
        env.put("DATABASE_USER", TestDatabases.postgresUser());
        env.put("DATABASE_PASSWORD", TestDatabases.postgresPassword());
        env.put("DESKTOP_VIEWER_URL", "https://viewer.example/?url={vncUrlEncoded}");
        env.put("GIGA_POLL_INTERVAL_SECONDS", "5");
        env.put("GIGA_REQUESTS_PER_MINUTE", "6000");
        env.put("GIGA_JOB_LEASE_SECONDS", "3");
        // A post left without an answer at the kill is looked for once it has settled (3 s + 3 s).
        env.put("SLACK_TIMEOUT_SECONDS", "3");
        env.put("GIGA_MAX_CONCURRENT_PER_USER", "1000");
        env.put("GIGA_MAX_CONCURRENT_PER_WORKSPACE", "10000");
        env.put("GIGA_MAX_RUNS_PER_USER_PER_DAY", "100000");
        return env;
    }

    private static String task(int n) {
        return String.format("task%04d", n);
    }

    /** A signed {@code /giga} command sent to the load balancer. */
    private HttpResponse<String> command(String user, String channel, String text) throws Exception {
        byte[] body = SlackRequests.form(SlackRequests.slashCommand("T1", user, channel, text, slack.responseUrl()))
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(balancer.url() + "/slack/events"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        SlackRequests.signatureHeaders(TestApp.SIGNING_SECRET, body).forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private void awaitAllSucceeded(int runs, Duration timeout) throws Exception {
        Instant end = Instant.now().plus(timeout);
        Map<String, Long> byStatus = Map.of();
        while (Instant.now().isBefore(end)) {
            byStatus = query("SELECT status, COUNT(*) FROM runs GROUP BY status");
            if (byStatus.getOrDefault("SUCCEEDED", 0L) == runs) {
                return;
            }
            if (byStatus.containsKey("FAILED") || byStatus.containsKey("STOPPED")) {
                throw new AssertionError("runs ended other than succeeded: " + byStatus + ", e.g. "
                        + query("SELECT status || ': ' || COALESCE(failure_reason, '-') || ' / ' || computer, COUNT(*) "
                        + "FROM runs WHERE status IN ('FAILED', 'STOPPED') GROUP BY 1"));
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not every run succeeded in time: " + byStatus);
    }

    /** A stored run, keyed by id. */
    record StoredRun(String id, String task, String nameTag, String channel, String rootTs) {}

    private Map<String, StoredRun> storedRuns() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, params_prompt, name_tag, channel_id, root_ts FROM runs")) {
            Map<String, StoredRun> out = new TreeMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), new StoredRun(rs.getString(1), rs.getString(2).substring(0, 8),
                        rs.getString(3), rs.getString(4), rs.getString(5)));
            }
            return out;
        }
    }

    /** Waits until each thread holds its messages: desktop ready, the outcome, still running, files, and the file. */
    private void awaitThreadsComplete(Map<String, StoredRun> runs, Duration timeout) throws Exception {
        Instant end = Instant.now().plus(timeout);
        List<StoredRun> incomplete = List.of();
        while (Instant.now().isBefore(end)) {
            incomplete = runs.values().stream()
                    .filter(r -> slack.thread(r.channel(), r.rootTs()).size() < 4
                            || slack.fileShares(r.channel(), r.rootTs()).isEmpty())
                    .toList();
            if (incomplete.isEmpty()) {
                return;
            }
            Thread.sleep(250);
        }
        StoredRun sample = incomplete.get(0);
        throw new AssertionError(incomplete.size() + " threads incomplete, e.g. " + sample.task() + ": "
                + slack.thread(sample.channel(), sample.rootTs()).stream().map(FakeSlack.Message::text).toList());
    }

    private void awaitSlackOutboxEmpty(Duration timeout) throws Exception {
        Instant end = Instant.now().plus(timeout);
        Map<String, Long> waiting = Map.of();
        while (Instant.now().isBefore(end)) {
            waiting = query("SELECT kind, COUNT(*) FROM jobs WHERE queue = 'slack' AND done = FALSE GROUP BY kind");
            if (waiting.isEmpty()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Slack jobs still waiting: " + waiting);
    }

    private Map<String, Long> query(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            Map<String, Long> out = new TreeMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(databaseUrl, TestDatabases.postgresUser(), TestDatabases.postgresPassword());
    }

    private static long countEndingWith(Map<String, Long> counts, String suffix) {
        return counts.entrySet().stream().filter(e -> e.getKey() != null && e.getKey().endsWith(suffix))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static String name(String startBody) {
        try {
            return JSON.readTree(startBody).path("name").asText(null);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

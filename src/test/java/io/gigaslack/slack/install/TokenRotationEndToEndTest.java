package io.gigaslack.slack.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.app.ConfigLoader;
import io.gigaslack.app.GigaSlackApp;
import io.gigaslack.giga.sim.GigaSimulator;
import io.gigaslack.store.Database;
import io.gigaslack.store.SecretBox;
import io.gigaslack.store.SlackInstallation;
import io.gigaslack.store.SlackInstallations;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.Installs;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.SlackRequests;
import io.gigaslack.testing.TestApp;
import io.gigaslack.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Token rotation through the running app: a workspace installed with rotation on gets its bot token refreshed once,
 * shortly before it expires, and its requests are then authorized with the new token; with two app instances on one
 * PostgreSQL receiving requests at the same moment, still one refresh, and the newer token is the one kept.
 */
class TokenRotationEndToEndTest {
    private static final String SCHEMA = "token_rotation_e2e";
    private final SettableClock clock = new SettableClock();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TestApp t;
    private final List<GigaSlackApp> replicas = new ArrayList<>();
    private FakeSlack slack;
    private GigaSimulator giga;
    private boolean usedPostgres;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
        replicas.forEach(GigaSlackApp::close);
        if (giga != null) {
            giga.close();
        }
        if (slack != null) {
            slack.close();
        }
        if (usedPostgres) {
            TestDatabases.dropSchema(SCHEMA);
        }
    }

    private static SecretBox box() {
        return SecretBox.of(SecretBox.decodeKey(Installs.ENCRYPTION_KEY), null, new SecureRandom());
    }

    @Test
    void an_expiring_bot_token_is_refreshed_once_and_the_new_one_authorizes_the_workspaces_requests() {
        t = Installs.start(Map.of(), clock);
        Installs.installed(t, FakeSlack.Grant.workspace("TROT").withRotation(Duration.ofHours(12)));
        String first = t.slack.botToken("TROT");
        assertThat(first).startsWith("xoxe.xoxb-");

        assertThat(help(t, "TROT").statusCode()).isEqualTo(200);
        assertThat(t.slack.refreshes()).isEmpty();
        clock.advance(Duration.ofHours(11).plusMinutes(55));
        t.slack.clear();
        assertThat(help(t, "TROT").statusCode()).isEqualTo(200);
        assertThat(help(t, "TROT").statusCode()).isEqualTo(200);

        String second = t.slack.botToken("TROT");
        assertThat(second).isNotEqualTo(first);
        assertThat(t.slack.refreshes()).hasSize(1);
        assertThat(t.slack.refreshes().get(0).param("refresh_token")).isNotEqualTo(t.slack.refreshToken("TROT"));
        assertThat(t.slack.calls("auth.test")).extracting(FakeSlack.Call::token).containsOnly(second);
        try (Database db = Database.open(t.databaseUrl, "", "")) {
            SlackInstallation stored = new SlackInstallations(db.jdbc(), box()).byWorkspace("TROT").orElseThrow();
            assertThat(stored.bot().value()).isEqualTo(second);
            assertThat(stored.bot().refreshToken()).isEqualTo(t.slack.refreshToken("TROT"));
        }
        // After the old token's expiry the app still works: it holds the new one.
        clock.advance(Duration.ofMinutes(6));
        assertThat(help(t, "TROT").statusCode()).isEqualTo(200);
        assertThat(t.slack.refreshes()).hasSize(1);
    }

    private static HttpResponse<String> help(TestApp t, String team) {
        return t.slackForm(Installs.command(null, false, team, "U" + team, "C" + team, "help",
                t.slack.responseUrl()));
    }

    @Test
    void two_instances_on_one_postgresql_receiving_requests_together_refresh_once_and_keep_the_newer_token()
            throws Exception {
        String url = TestDatabases.freshSchemaUrl(SCHEMA);
        usedPostgres = true;
        slack = new FakeSlack().oauthApp(Installs.CLIENT_ID, Installs.CLIENT_SECRET);
        slack.useClock(clock);
        giga = GigaSimulator.builder().clock(clock).build().start();
        for (int i = 0; i < 2; i++) {
            int port = TestApp.freePort();
            Map<String, String> env = new HashMap<>(TestApp.env(slack, giga, port, url));
            env.put("DATABASE_USER", TestDatabases.postgresUser());
            env.put("DATABASE_PASSWORD", TestDatabases.postgresPassword());
            env.putAll(Installs.env(Map.of()));
            replicas.add(GigaSlackApp.start(ConfigLoader.load(List.of(), env), clock));
        }
        HttpResponse<String> installed = Installs.install(base(0), slack,
                FakeSlack.Grant.workspace("TREP").withRotation(Duration.ofHours(12)));
        assertThat(installed.statusCode()).as(installed.body()).isEqualTo(200);
        String first = slack.botToken("TREP");
        clock.advance(Duration.ofHours(11).plusMinutes(58));
        slack.clear();

        int perReplica = 6;
        ExecutorService pool = Executors.newFixedThreadPool(2 * perReplica);
        List<Integer> statuses = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> acks = new ArrayList<>();
            for (int i = 0; i < 2 * perReplica; i++) {
                String base = base(i % 2);
                acks.add(pool.submit(() -> {
                    go.await();
                    return command(base, "TREP").statusCode();
                }));
            }
            go.countDown();
            for (Future<Integer> f : acks) {
                statuses.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(statuses).containsOnly(200);
        assertThat(slack.refreshes()).hasSize(1);
        String second = slack.botToken("TREP");
        assertThat(second).isNotEqualTo(first);
        assertThat(slack.calls("auth.test")).extracting(FakeSlack.Call::token).isSubsetOf(first, second);
        try (Database db = Database.open(url, TestDatabases.postgresUser(), TestDatabases.postgresPassword())) {
            SlackInstallation stored = new SlackInstallations(db.jdbc(), box()).byWorkspace("TREP").orElseThrow();
            assertThat(stored.bot().value()).isEqualTo(second);
            assertThat(stored.bot().refreshToken()).isEqualTo(slack.refreshToken("TREP"));
        }
        // Once the old token has expired both instances go on with the new one, without refreshing again.
        clock.advance(Duration.ofMinutes(3));
        slack.clear();
        assertThat(command(base(0), "TREP").statusCode()).isEqualTo(200);
        assertThat(command(base(1), "TREP").statusCode()).isEqualTo(200);
        assertThat(slack.refreshes()).isEmpty();
        // Bolt caches auth.test per token: an instance that already checked the new token asks nothing now, so the
        // calls may be none; what matters is that none goes out with the expired token.
        assertThat(slack.calls("auth.test")).extracting(FakeSlack.Call::token).isSubsetOf(second);
        assertThat(slack.calls()).extracting(FakeSlack.Call::token).doesNotContain(first);
    }

    private String base(int replica) {
        return "http://127.0.0.1:" + replicas.get(replica).port();
    }

    private HttpResponse<String> command(String base, String team) throws Exception {
        byte[] body = SlackRequests.form(Installs.command(null, false, team, "U" + team, "C" + team, "help",
                slack.responseUrl())).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/slack/events"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        SlackRequests.signatureHeaders(TestApp.SIGNING_SECRET, body, clock.instant()).forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}

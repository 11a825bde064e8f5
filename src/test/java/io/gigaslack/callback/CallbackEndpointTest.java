package io.gigaslack.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.http.JettyServer;
import io.gigaslack.runs.AccessRules;
import io.gigaslack.runs.CallbackTokens;
import io.gigaslack.runs.Limits;
import io.gigaslack.runs.Platform;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunParams;
import io.gigaslack.service.Directory;
import io.gigaslack.service.JobWriter;
import io.gigaslack.service.RunService;
import io.gigaslack.service.RunSettings;
import io.gigaslack.service.RunUpdater;
import io.gigaslack.store.AuditLog;
import io.gigaslack.store.Database;
import io.gigaslack.store.JobQueue;
import io.gigaslack.store.RunRepository;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.TestDatabases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Giga webhook served by the app's real HTTP layer (Jetty), on a real in-memory H2 database, called over real
 * HTTP: one test per outcome the endpoint reports.
 */
class CallbackEndpointTest {
    private static final String RUN_ID = "r_cb01";
    private static final String TOKEN = "tok_correct-horse-battery-staple";
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    // One server and one database for the class (a server's graceful stop waits for the client's idle keep-alive
    // connection); each test starts from an empty database with the one run in it.
    private static Database db;
    private static RunRepository runs;
    private static JettyServer server;
    private static HttpClient http;
    private static final List<String> outcomes = new CopyOnWriteArrayList<>();
    private static final AtomicInteger nudges = new AtomicInteger();

    @BeforeAll
    static void start() {
        db = TestDatabases.h2();
        SettableClock clock = new SettableClock(NOW);
        runs = new RunRepository(db.jdbc());
        JobWriter jobs = new JobWriter(new JobQueue(db.jdbc()), clock);
        RunUpdater updater = new RunUpdater(db.jdbc(), runs, jobs, clock, null, () -> { });
        Directory nobody = new Directory() {
            @Override
            public boolean isWorkspaceAdmin(String teamId, String userId) {
                return false;
            }

            @Override
            public Set<String> groupsOf(String teamId, String userId, Set<String> candidates) {
                return Set.of();
            }
        };
        Map<String, Platform> platforms = Map.of("giga-standard", new Platform("giga-standard", 60));
        RunSettings settings = new RunSettings(platforms, "giga-standard", 1, "The task is complete.", "", null, null);
        RunService service = new RunService(new RunService.Parts(db.jdbc(), runs, jobs, updater,
                new AuditLog(db.jdbc()), nobody, clock, new Random(7), nudges::incrementAndGet),
                settings, AccessRules.open(), Limits.defaults(platforms.keySet()));

        CallbackEndpoint endpoint = new CallbackEndpoint(runs, service, outcomes::add);
        server = JettyServer.start("127.0.0.1", 0, Map.of("POST " + CallbackEndpoint.PREFIX + "*", endpoint), 1000);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @BeforeEach
    void oneRunAndNoJobs() {
        TestDatabases.clean(db);
        Run run = Run.requested(RUN_ID, "T1", "C1", "U1", RunKind.AGENT,
                new RunParams("giga-standard", 1, "Find the pricing", "", "", ""), "gs-" + RUN_ID, null, NOW)
                .toBuilder().callbackTokenHash(CallbackTokens.hash(TOKEN)).build();
        db.jdbc().useTransaction(tx -> runs.insert(tx, run));
        outcomes.clear();
        nudges.set(0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
    }

    // ---- accepted ----

    @Test
    void accepted_records_one_refresh_job_and_answers_202() throws Exception {
        HttpResponse<String> r = post(RUN_ID, TOKEN, "{\"deploymentId\":\"dep_1\"}");

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.body()).isEqualTo("{\"ok\":true}");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/json"));
        assertThat(outcomes).containsExactly("accepted");
        assertThat(jobs("refresh")).isEqualTo(1);
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM jobs WHERE queue='giga' AND run_id=? AND kind='refresh'",
                RUN_ID)).isEqualTo(1);
        assertThat(allJobs()).isEqualTo(1);
        assertThat(new JobQueue(db.jdbc()).hasUnfinished(JobQueue.GIGA, RUN_ID, "refresh")).isTrue();
        assertThat(nudges.get()).as("the workers are woken").isPositive();
    }

    @Test
    void accepted_completed_status_records_a_refresh_completed_job() throws Exception {
        assertThat(post(RUN_ID, TOKEN, "{\"status\":\"completed\"}").statusCode()).isEqualTo(202);

        assertThat(outcomes).containsExactly("accepted");
        assertThat(jobs("refresh_completed")).isEqualTo(1);
        assertThat(allJobs()).isEqualTo(1);
    }

    @Test
    void accepted_failed_event_records_a_refresh_failed_job() throws Exception {
        assertThat(post(RUN_ID, TOKEN, "{\"event\":\"run.failed\"}").statusCode()).isEqualTo(202);

        assertThat(outcomes).containsExactly("accepted");
        assertThat(jobs("refresh_failed")).isEqualTo(1);
        assertThat(allJobs()).isEqualTo(1);
    }

    @Test
    void accepted_empty_object_records_a_plain_refresh_job() throws Exception {
        assertThat(post(RUN_ID, TOKEN, "{}").statusCode()).isEqualTo(202);

        assertThat(outcomes).containsExactly("accepted");
        assertThat(jobs("refresh")).isEqualTo(1);
        assertThat(allJobs()).isEqualTo(1);
    }

    @Test
    void accepted_empty_body_records_a_plain_refresh_job() throws Exception {
        assertThat(post(RUN_ID, TOKEN, "").statusCode()).isEqualTo(202);

        assertThat(outcomes).containsExactly("accepted");
        assertThat(jobs("refresh")).isEqualTo(1);
        assertThat(allJobs()).isEqualTo(1);
    }

    @Test
    void repeated_callbacks_coalesce_into_one_waiting_job() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(post(RUN_ID, TOKEN, "{}").statusCode()).isEqualTo(202);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(post(RUN_ID, TOKEN, "{\"status\":\"completed\"}").statusCode()).isEqualTo(202);
        }

        assertThat(outcomes).containsExactly("accepted", "accepted", "accepted", "accepted", "accepted");
        assertThat(jobs("refresh")).isEqualTo(1);
        // Coalescing is per kind: a completion hint is never merged into a bare refresh.
        assertThat(jobs("refresh_completed")).isEqualTo(1);
        assertThat(allJobs()).isEqualTo(2);
    }

    // ---- rejected_token ----

    @Test
    void wrong_token_is_rejected_with_404_and_no_job() throws Exception {
        HttpResponse<String> r = post(RUN_ID, "tok_wrong", "{\"status\":\"completed\"}");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("not found\n");
        assertThat(outcomes).containsExactly("rejected_token");
        assertThat(allJobs()).isZero();
    }

    @Test
    void missing_token_is_rejected_with_404_and_no_job() throws Exception {
        HttpResponse<String> r = send(CallbackEndpoint.PREFIX + RUN_ID, "{}");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("not found\n");
        assertThat(outcomes).containsExactly("rejected_token");
        assertThat(allJobs()).isZero();
    }

    @Test
    void empty_token_is_rejected_with_404_and_no_job() throws Exception {
        HttpResponse<String> r = send(CallbackEndpoint.PREFIX + RUN_ID + "?token=", "{}");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(outcomes).containsExactly("rejected_token");
        assertThat(allJobs()).isZero();
    }

    @Test
    void unknown_run_answers_exactly_as_a_wrong_token() throws Exception {
        HttpResponse<String> unknown = post("r_nosuchrun", TOKEN, "{}");
        HttpResponse<String> wrongToken = post(RUN_ID, "tok_wrong", "{}");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo(wrongToken.body());
        assertThat(unknown.statusCode()).isEqualTo(wrongToken.statusCode());
        assertThat(unknown.headers().firstValue("Content-Type"))
                .isEqualTo(wrongToken.headers().firstValue("Content-Type"));
        assertThat(outcomes).containsExactly("rejected_token", "rejected_token");
        assertThat(allJobs()).isZero();
    }

    @Test
    void run_id_longer_than_64_chars_is_rejected_with_404_and_no_job() throws Exception {
        String longId = RUN_ID + "x".repeat(65 - RUN_ID.length());
        assertThat(longId).hasSize(65);

        HttpResponse<String> r = post(longId, TOKEN, "{}");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("not found\n");
        assertThat(outcomes).containsExactly("rejected_token");
        assertThat(allJobs()).isZero();
    }

    @Test
    void empty_run_id_is_rejected_with_404_and_no_job() throws Exception {
        HttpResponse<String> r = post("", TOKEN, "{}");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(outcomes).containsExactly("rejected_token");
        assertThat(allJobs()).isZero();
    }

    // ---- too_large ----

    @Test
    void too_large_body_is_refused_with_413_before_it_is_read() {
        String status = statusForDeclaredLength(CallbackEndpoint.PREFIX + RUN_ID + "?token=" + TOKEN,
                CallbackEndpoint.MAX_BODY_BYTES + 1L);

        assertThat(status).startsWith("HTTP/1.1 413");
        assertThat(outcomes).containsExactly("too_large");
        assertThat(allJobs()).isZero();
    }

    @Test
    void body_of_exactly_the_limit_is_read() throws Exception {
        // A JSON object padded with spaces to exactly MAX_BODY_BYTES bytes.
        String body = "{\"status\":\"completed\"}";
        body = body + " ".repeat(CallbackEndpoint.MAX_BODY_BYTES - body.length());
        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(CallbackEndpoint.MAX_BODY_BYTES);

        assertThat(post(RUN_ID, TOKEN, body).statusCode()).isEqualTo(202);
        assertThat(outcomes).containsExactly("accepted");
        assertThat(jobs("refresh_completed")).isEqualTo(1);
    }

    // ---- malformed ----

    @Test
    void malformed_json_is_refused_with_400_and_no_job() throws Exception {
        HttpResponse<String> r = post(RUN_ID, TOKEN, "{\"status\":");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("malformed JSON\n");
        assertThat(outcomes).containsExactly("malformed");
        assertThat(allJobs()).isZero();
    }

    @Test
    void json_that_is_not_an_object_is_refused_with_400_and_no_job() throws Exception {
        for (String body : List.of("[1]", "\"completed\"", "42", "null")) {
            HttpResponse<String> r = post(RUN_ID, TOKEN, body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.body()).as(body).isEqualTo("expected a JSON object\n");
        }

        assertThat(outcomes).containsExactly("malformed", "malformed", "malformed", "malformed");
        assertThat(allJobs()).isZero();
    }

    @Test
    void malformed_json_is_refused_even_with_a_wrong_token() throws Exception {
        // The body is checked before the token: a prober learns no more than from a wrong token with good JSON.
        HttpResponse<String> r = post("r_nosuchrun", "tok_wrong", "not json");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(outcomes).containsExactly("malformed");
        assertThat(allJobs()).isZero();
    }

    // ---- helpers ----

    private static long jobs(String kind) {
        return db.jdbc().queryLong("SELECT COUNT(*) FROM jobs WHERE queue='giga' AND kind=?", kind);
    }

    private static long allJobs() {
        return db.jdbc().queryLong("SELECT COUNT(*) FROM jobs");
    }

    private HttpResponse<String> post(String runId, String token, String body) throws Exception {
        return send(CallbackEndpoint.PREFIX + runId + "?token=" + token, body);
    }

    private HttpResponse<String> send(String pathAndQuery, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * The status line answered to a POST that declares {@code declaredLength} bytes and sends none of them: how a
     * server that refuses an oversized body before reading it is tested without racing its early answer against the
     * upload (as {@code TestApp.statusForDeclaredLength}).
     */
    private String statusForDeclaredLength(String pathAndQuery, long declaredLength) {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            String head = "POST " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + declaredLength + "\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            return in.readLine();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.gigaslack.giga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which calls are retried, how long the client waits, and the at-most-once start. */
class GigaClientRetryTest {

    private static final Prompts PROMPTS = new Prompts("u", "g");
    private static final StartDeploymentRequest START =
            StartDeploymentRequest.of("slack-T1-C1-job-42", PlatformNames.GIGA_STANDARD, 1, PROMPTS);
    private static final String STARTED = """
            {"success":true,"data":{"deployment":{"id":"dep_new","name":"slack-T1-C1-job-42","status":"provisioning"},
             "session":{"threadId":"th-1","messageId":"msg_1"}}}""";

    private final Fixture f = new Fixture();
    private final GigaClient client = f.client();
    /** Start/create/sessions/runs time out after 250 ms; lookups keep the normal read timeout. */
    private final GigaClient quickStart = f.client(f.shortLongReadTimeout());

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    private static MockResponse noResponse() {
        return new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
    }

    private static String page(String itemsJson, boolean hasMore) {
        return "{\"success\":true,\"data\":{\"deployments\":[" + itemsJson + "],\"pagination\":{\"hasMore\":" + hasMore
                + "}}}";
    }

    // ---- retries of safe calls ----------------------------------------------------------------

    @Test
    void retries_get_after_429_honouring_retry_after() {
        f.server.enqueue(Fixture.json(429, Fixture.error("RATE_LIMITED", "slow")).setHeader("Retry-After", "3"));
        f.enqueue(200, "{\"billing\":{\"plan\":\"free\"}}");

        Billing b = client.getBilling();

        assertThat(b.plan()).isEqualTo("free");
        assertThat(f.server.getRequestCount()).isEqualTo(2);
        assertThat(f.sleeps).containsExactly(Duration.ofSeconds(3));
        assertThat(f.pauses).containsExactly(Fixture.START.plusSeconds(3));
    }

    @Test
    void retries_get_after_5xx_with_full_jitter_below_a_doubling_ceiling() {
        f.enqueue(500, Fixture.error("INTERNAL_ERROR", "x"));
        f.server.enqueue(new MockResponse().setResponseCode(502).setBody("<html>bad gateway</html>"));
        f.enqueue(200, "{\"id\":\"run_1\",\"status\":\"RUNNING\"}");

        RunInfo run = client.getRun("t", "run_1");

        assertThat(run.status()).isEqualTo("RUNNING");
        assertThat(f.server.getRequestCount()).isEqualTo(3);
        assertThat(f.sleeps).hasSize(2);
        assertThat(f.sleeps.get(0)).isBetween(Duration.ZERO, GigaHttp.BASE_BACKOFF);
        assertThat(f.sleeps.get(1)).isBetween(Duration.ZERO, GigaHttp.BASE_BACKOFF.multipliedBy(2));
    }

    @Test
    void backoff_ceiling_doubles_and_is_capped() {
        GigaHttp http = new GigaHttp(f.config(), Fixture.SHARED_HTTP, RequestBudget.unlimited(), f.clock, f.sleeper,
                new java.util.Random(1), "ua");
        GigaApiException e = new GigaApiException(500, "INTERNAL_ERROR", "x", null, null, null, true, null);
        for (int attempt = 1; attempt < 40; attempt++) {
            long ceiling = Math.min(GigaHttp.BASE_BACKOFF.toMillis() << Math.min(attempt - 1, 20),
                    GigaHttp.MAX_BACKOFF.toMillis());
            for (int i = 0; i < 50; i++) {
                assertThat(http.retryDelay(e, attempt).toMillis()).isBetween(0L, ceiling);
            }
        }
    }

    @Test
    void gives_up_after_max_attempts() {
        for (int i = 0; i < 3; i++) {
            f.enqueue(500, Fixture.error("SANDBOX_FAILED", "x"));
        }
        GigaApiException e = catchThrowableOfType(GigaApiException.class, () -> client.getDeployment("dep_1"));
        assertThat(e.code()).isEqualTo("SANDBOX_FAILED");
        assertThat(f.server.getRequestCount()).isEqualTo(3);
        assertThat(f.sleeps).hasSize(2);
    }

    @Test
    void get_is_not_retried_after_404() {
        f.enqueue(404, Fixture.error("RESOURCE_NOT_FOUND", "gone"));
        GigaApiException e = catchThrowableOfType(GigaApiException.class, () -> client.getDeployment("dep_1"));
        assertThat(e.code()).isEqualTo("RESOURCE_NOT_FOUND");
        assertThat(f.server.getRequestCount()).isEqualTo(1);
        assertThat(f.sleeps).isEmpty();
    }

    @Test
    void get_is_retried_after_a_read_timeout() {
        f.server.enqueue(noResponse());
        f.enqueue(200, "{\"deployment\":{\"id\":\"dep_1\"}}");
        assertThat(f.client(f.shortReadTimeouts()).getDeployment("dep_1").id()).isEqualTo("dep_1");
        assertThat(f.server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void retry_after_longer_than_the_maximum_is_not_waited_for() {
        f.server.enqueue(Fixture.json(429, Fixture.error("RATE_LIMITED", "slow")).setHeader("Retry-After", "3600"));
        GigaApiException e = catchThrowableOfType(GigaApiException.class, client::listPlans);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(f.server.getRequestCount()).isEqualTo(1);
        assertThat(f.sleeps).isEmpty();
    }

    static Stream<Arguments> safeCalls() {
        return Stream.of(
                Arguments.of("stop", (Consumer<GigaClient>) c -> c.stopDeployment("dep_1")),
                Arguments.of("delete", (Consumer<GigaClient>) c -> c.deleteDeployment("dep_1")),
                Arguments.of("extend", (Consumer<GigaClient>) c -> c.extendSandbox("sbx_1")),
                Arguments.of("files sync", (Consumer<GigaClient>) c -> c.syncFiles("dep_1")),
                Arguments.of("files pull", (Consumer<GigaClient>) c -> c.pullFiles("dep_1")),
                Arguments.of("presign", (Consumer<GigaClient>) c -> c.presignUpload(
                        new FileUpload("dep_1", "a.txt", 1, "text/plain"))),
                Arguments.of("list files", (Consumer<GigaClient>) c -> c.listFiles("dep_1")),
                Arguments.of("get session", (Consumer<GigaClient>) c -> c.getSession("th-1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("safeCalls")
    void calls_safe_to_repeat_are_retried_after_500(String name, Consumer<GigaClient> call) {
        f.enqueue(500, Fixture.error("INTERNAL_ERROR", "x"));
        f.enqueue(200, "{\"success\":true,\"message\":\"ok\",\"sandboxId\":\"sbx_1\",\"data\":{"
                + "\"uploadUrl\":\"https://s3.example/u\",\"storagePath\":\"p\",\"files\":[]}}");
        call.accept(client);
        assertThat(f.server.getRequestCount()).isEqualTo(2);
    }

    static Stream<Arguments> unsafeCalls() {
        return Stream.of(
                Arguments.of("start", (Consumer<GigaClient>) c -> c.startDeployment(START)),
                Arguments.of("create", (Consumer<GigaClient>) c -> c.createDeployment(
                        new CreateDeploymentRequest("n", PlatformNames.GIGA_STANDARD, 1))),
                Arguments.of("create session", (Consumer<GigaClient>) c -> c.createSession(
                        CreateSessionRequest.of(PROMPTS))),
                Arguments.of("create run", (Consumer<GigaClient>) c -> c.createRun("th-1", "more")),
                Arguments.of("record", (Consumer<GigaClient>) c -> c.recordUpload(
                        new FileUpload("dep_1", "a.txt", 1, "text/plain"), "p")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafeCalls")
    void creating_calls_are_not_retried_after_500(String name, Consumer<GigaClient> call) {
        f.enqueue(500, Fixture.error("INTERNAL_ERROR", "x"));
        GigaApiException e = catchThrowableOfType(GigaApiException.class, () -> call.accept(client));
        assertThat(e.outcomeUnknown()).isTrue();
        assertThat(f.server.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafeCalls")
    void creating_calls_are_not_retried_after_a_timeout(String name, Consumer<GigaClient> call) {
        f.server.enqueue(noResponse());
        f.enqueue(201, STARTED);
        GigaClient quick = f.client(f.shortReadTimeouts());
        GigaApiException e = catchThrowableOfType(GigaApiException.class, () -> call.accept(quick));
        assertThat(e.code()).isEqualTo(GigaApiException.TIMEOUT);
        assertThat(e.outcomeUnknown()).isTrue();
        assertThat(f.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void start_is_not_retried_after_500() {
        f.enqueue(500, Fixture.error("SANDBOX_FAILED", "e2b down"));
        GigaApiException e = catchThrowableOfType(GigaApiException.class, () -> client.startDeployment(START));
        assertThat(e.code()).isEqualTo("SANDBOX_FAILED");
        assertThat(f.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void start_uses_the_long_read_timeout() {
        GigaClient slowOk = f.client(f.config()
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(5))
                .withLongReadTimeout(Duration.ofSeconds(3)));
        f.server.enqueue(Fixture.json(201, STARTED).setBodyDelay(700, java.util.concurrent.TimeUnit.MILLISECONDS));
        assertThat(slowOk.startDeployment(START).deployment().id()).isEqualTo("dep_new");
    }

    // ---- at-most-once start ---------------------------------------------------------------------

    @Test
    void start_at_most_once_finds_the_deployment_by_name_after_a_timeout_and_does_not_start_again() {
        f.server.enqueue(noResponse());
        f.enqueue(200, page("""
                {"id":"dep_other","name":"slack-T1-C1-job-42-b"},
                {"id":"dep_new","name":"slack-T1-C1-job-42","status":"provisioning"}""", false));

        StartedDeployment d = quickStart.startDeploymentAtMostOnce(START);

        assertThat(d.recovered()).isTrue();
        assertThat(d.deployment().id()).isEqualTo("dep_new");
        assertThat(d.sessionIfKnown()).isEmpty();
        List<RecordedRequest> requests = f.takeAll();
        assertThat(requests).extracting(RecordedRequest::getMethod).containsExactly("POST", "GET");
        RecordedRequest search = requests.get(1);
        assertThat(search.getRequestUrl().encodedPath()).isEqualTo("/api/deployments");
        assertThat(search.getRequestUrl().queryParameter("search")).isEqualTo("slack-T1-C1-job-42");
        assertThat(search.getRequestUrl().queryParameter("limit")).isEqualTo("50");
        assertThat(f.sleeps).containsExactly(GigaClient.AT_MOST_ONCE_SETTLE_DELAY);
    }

    @Test
    void start_at_most_once_starts_exactly_once_more_when_confirmed_absent() {
        f.server.enqueue(noResponse());
        f.enqueue(200, page("{\"id\":\"dep_x\",\"name\":\"slack-T1-C1-job-4\"}", false));
        f.enqueue(201, STARTED);

        StartedDeployment d = quickStart.startDeploymentAtMostOnce(START);

        assertThat(d.recovered()).isFalse();
        assertThat(d.deployment().id()).isEqualTo("dep_new");
        assertThat(d.session().threadId()).isEqualTo("th-1");
        assertThat(f.takeAll()).extracting(RecordedRequest::getMethod).containsExactly("POST", "GET", "POST");
    }

    @Test
    void start_at_most_once_after_500_searches_every_page() {
        f.enqueue(500, Fixture.error("INTERNAL_ERROR", "x"));
        f.enqueue(200, page("{\"id\":\"dep_a\",\"name\":\"other\"}", true));
        f.enqueue(200, page("{\"id\":\"dep_new\",\"name\":\"slack-T1-C1-job-42\"}", false));

        StartedDeployment d = quickStart.startDeploymentAtMostOnce(START);

        assertThat(d.recovered()).isTrue();
        assertThat(d.deployment().id()).isEqualTo("dep_new");
        List<RecordedRequest> requests = f.takeAll();
        assertThat(requests).extracting(r -> r.getRequestUrl().queryParameter("page")).containsExactly(null, "1", "2");
    }

    @Test
    void start_at_most_once_throws_a_definite_error_at_once() {
        f.enqueue(402, Fixture.error("INSUFFICIENT_CREDITS", "top up"));
        GigaApiException e = catchThrowableOfType(GigaApiException.class, () -> quickStart.startDeploymentAtMostOnce(START));
        assertThat(e.code()).isEqualTo("INSUFFICIENT_CREDITS");
        assertThat(f.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void start_at_most_once_throws_concurrency_limit_at_once() {
        f.enqueue(429, Fixture.error("CONCURRENCY_LIMIT_EXCEEDED", "plan cap"));
        GigaApiException e = catchThrowableOfType(GigaApiException.class, () -> quickStart.startDeploymentAtMostOnce(START));
        assertThat(e.isConcurrencyLimited()).isTrue();
        assertThat(f.server.getRequestCount()).isEqualTo(1);
        assertThat(f.pauses).as("a concurrency cap does not pause the request budget").isEmpty();
    }

    @Test
    void start_at_most_once_rethrows_the_original_error_when_absence_cannot_be_confirmed() {
        f.server.enqueue(noResponse());
        f.enqueue(401, Fixture.error("INVALID_API_KEY", "revoked"));

        GigaApiException e = catchThrowableOfType(GigaApiException.class, () -> quickStart.startDeploymentAtMostOnce(START));

        assertThat(e.code()).isEqualTo(GigaApiException.TIMEOUT);
        assertThat(e.getSuppressed()).hasSize(1);
        assertThat(((GigaApiException) e.getSuppressed()[0]).code()).isEqualTo("INVALID_API_KEY");
        assertThat(f.takeAll()).extracting(RecordedRequest::getMethod).containsExactly("POST", "GET");
    }

    @Test
    void start_at_most_once_sends_a_bounded_number_of_starts() {
        for (int i = 0; i < GigaClient.AT_MOST_ONCE_MAX_STARTS; i++) {
            f.enqueue(500, Fixture.error("INTERNAL_ERROR", "x"));
            f.enqueue(200, page("", false));
        }
        GigaApiException e = catchThrowableOfType(GigaApiException.class, () -> quickStart.startDeploymentAtMostOnce(START));
        assertThat(e.code()).isEqualTo("INTERNAL_ERROR");
        assertThat(f.takeAll()).filteredOn(r -> r.getMethod().equals("POST")).hasSize(GigaClient.AT_MOST_ONCE_MAX_STARTS);
    }

    @Test
    void start_at_most_once_resends_without_lookup_when_the_connection_was_refused() throws Exception {
        GigaClient refused = f.client(f.config());
        f.server.shutdown();
        GigaApiException e = catchThrowableOfType(GigaApiException.class, () -> refused.startDeploymentAtMostOnce(START));
        assertThat(e.code()).isEqualTo(GigaApiException.NETWORK_ERROR);
        assertThat(e.outcomeUnknown()).isFalse();
        assertThat(f.sleeps).as("backoff between the sends, no settle delay for a lookup")
                .hasSize(GigaClient.AT_MOST_ONCE_MAX_STARTS - 1)
                .allSatisfy(d -> assertThat(d).isLessThan(GigaClient.AT_MOST_ONCE_SETTLE_DELAY));
        assertThat(f.priorities).hasSize(GigaClient.AT_MOST_ONCE_MAX_STARTS);
    }

    @Test
    void create_at_most_once_recovers_by_name_after_a_timeout() {
        f.server.enqueue(noResponse());
        f.enqueue(200, page("{\"id\":\"dep_c\",\"name\":\"plain-7\"}", false));

        CreatedDeployment d = quickStart.createDeploymentAtMostOnce(
                new CreateDeploymentRequest("plain-7", PlatformNames.GIGA_STANDARD, 1));

        assertThat(d.recovered()).isTrue();
        assertThat(d.deployment().id()).isEqualTo("dep_c");
        assertThat(f.takeAll()).extracting(RecordedRequest::getMethod).containsExactly("POST", "GET");
    }

    @Test
    void find_by_name_keeps_only_exact_matches() {
        f.enqueue(200, page("{\"id\":\"1\",\"name\":\"job\"},{\"id\":\"2\",\"name\":\"job-2\"},{\"id\":\"3\",\"name\":\"JOB\"}",
                false));
        assertThat(client.findDeploymentsByName("job")).extracting(Deployment::id).containsExactly("1");
    }
}

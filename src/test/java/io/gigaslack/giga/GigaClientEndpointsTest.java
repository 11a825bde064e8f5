package io.gigaslack.giga;

import static io.gigaslack.giga.Fixture.KEY;
import static io.gigaslack.giga.Fixture.bodyJson;
import static io.gigaslack.giga.Fixture.maybeWrapped;
import static io.gigaslack.giga.Fixture.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gigaslack.giga.RequestBudget.Priority;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every endpoint: what is sent (method, path, query, body, headers) and what is parsed, in both envelopes. */
class GigaClientEndpointsTest {

    private final Fixture f = new Fixture();
    private final GigaClient client = f.client();

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    private static final Prompts PROMPTS = new Prompts("Summarise the report — Grüße ✓", "save it to /out.md", "be brief");

    @ParameterizedTest(name = "wrapped={0}")
    @ValueSource(booleans = {true, false})
    void start_deployment_posts_the_documented_body_and_parses_deployment_and_session(boolean wrapped) {
        f.enqueue(201, maybeWrapped("""
                {"deployment":{"id":"dep_1","name":"job-7f3a ✓","status":"provisioning","platform":"giga-standard",
                               "createdAt":"2024-03-16T12:00:00.000Z","unknown":1},
                 "session":{"threadId":"th-1","messageId":"msg_1","sandboxId":"sbx_1","vncUrl":"wss://vnc/1"}}""",
                wrapped));

        StartedDeployment started = client.startDeployment(
                StartDeploymentRequest.of("job-7f3a ✓", PlatformNames.GIGA_STANDARD, 2, PROMPTS)
                        .withCallbackUrl("https://bot.example/cb?t=secret").withFiles(List.of("/home/user/Desktop/a.csv")));

        RecordedRequest r = f.take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getPath()).isEqualTo("/api/deployments/start");
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(bodyJson(r)).isEqualTo(parse("""
                {"name":"job-7f3a ✓","platform":"giga-standard","duration":2,"aiEnabled":true,
                 "prompts":{"userPrompt":"Summarise the report — Grüße ✓","goalPrompt":"save it to /out.md",
                            "systemPrompt":"be brief"},
                 "callbackUrl":"https://bot.example/cb?t=secret","files":["/home/user/Desktop/a.csv"]}"""));
        assertThat(started.recovered()).isFalse();
        assertThat(started.deployment().id()).isEqualTo("dep_1");
        assertThat(started.deployment().name()).isEqualTo("job-7f3a ✓");
        assertThat(started.deployment().status()).isEqualTo(DeploymentStatus.PROVISIONING);
        assertThat(started.deployment().platform()).isEqualTo("giga-standard");
        assertThat(started.deployment().createdAt()).isEqualTo(Instant.parse("2024-03-16T12:00:00Z"));
        assertThat(started.session()).isEqualTo(new DeploymentSession("th-1", "msg_1", "sbx_1", "wss://vnc/1"));
    }

    @Test
    void every_api_request_carries_bearer_key_accept_user_agent_and_client_id() {
        GigaClient withTenant = f.client(f.config().withClientId("tenant-42"));
        f.enqueue(200, "{\"success\":true,\"data\":{\"billing\":{\"plan\":\"free\"}}}");

        withTenant.getBilling();

        RecordedRequest r = f.take();
        assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(r.getHeader("Accept")).isEqualTo("application/json");
        assertThat(r.getHeader("User-Agent")).startsWith("giga-slack/");
        assertThat(r.getHeader("X-Client-Id")).isEqualTo("tenant-42");
    }

    @Test
    void no_client_id_header_when_none_is_configured() {
        f.enqueue(200, "{\"billing\":{}}");
        client.getBilling();
        assertThat(f.take().getHeader("X-Client-Id")).isNull();
    }

    @Test
    void request_bodies_are_utf8_whatever_the_platform_charset() {
        f.enqueue(201, "{\"threadId\":\"t\",\"runId\":\"run_1\"}");
        client.createRun("t", "Grüße ✓ 日本");
        byte[] sent = f.take().getBody().readByteArray();
        assertThat(new String(sent, StandardCharsets.UTF_8)).isEqualTo("{\"message\":\"Grüße ✓ 日本\"}");
    }

    @ParameterizedTest(name = "wrapped={0}")
    @ValueSource(booleans = {true, false})
    void create_deployment_posts_ai_disabled_and_parses_deployment(boolean wrapped) {
        f.enqueue(201, maybeWrapped("{\"deployment\":{\"id\":\"dep_2\",\"name\":\"n-1\",\"status\":\"provisioning\"}}",
                wrapped));

        Deployment d = client.createDeployment(new CreateDeploymentRequest("n-1", PlatformNames.LINUX_TOOLKIT_STANDARD, 1));

        RecordedRequest r = f.take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getPath()).isEqualTo("/api/deployments");
        assertThat(bodyJson(r)).isEqualTo(parse(
                "{\"name\":\"n-1\",\"platform\":\"linux-toolkit-standard\",\"duration\":1,\"aiEnabled\":false}"));
        assertThat(d.id()).isEqualTo("dep_2");
        assertThat(d.status()).isEqualTo("provisioning");
        assertThat(d.metadata().isObject()).isTrue();
    }

    @ParameterizedTest(name = "wrapped={0}")
    @ValueSource(booleans = {true, false})
    void list_deployments_sends_page_limit_status_search_and_parses_pagination(boolean wrapped) {
        f.enqueue(200, maybeWrapped("""
                {"deployments":[{"id":"dep_1","name":"a","status":"running"},{"_id":"dep_2","name":"b"}],
                 "pagination":{"total":12,"limit":2,"offset":2,"hasMore":true}}""", wrapped));

        DeploymentPage page = client.listDeployments(
                ListDeploymentsQuery.all().withPage(2).withLimit(2).withStatus("running").withSearch("a b&c"));

        RecordedRequest r = f.take();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getRequestUrl().encodedPath()).isEqualTo("/api/deployments");
        assertThat(r.getRequestUrl().queryParameter("page")).isEqualTo("2");
        assertThat(r.getRequestUrl().queryParameter("limit")).isEqualTo("2");
        assertThat(r.getRequestUrl().queryParameter("status")).isEqualTo("running");
        assertThat(r.getRequestUrl().queryParameter("search")).isEqualTo("a b&c");
        assertThat(page.deployments()).extracting(Deployment::id).containsExactly("dep_1", "dep_2");
        assertThat(page.pagination()).isEqualTo(new Pagination(12, 2, 2, true));
        assertThat(page.hasMore(2)).isTrue();
    }

    @Test
    void list_query_rejects_a_limit_above_50() {
        assertThatThrownBy(() -> ListDeploymentsQuery.all().withLimit(51)).isInstanceOf(IllegalArgumentException.class);
        assertThat(f.server.getRequestCount()).isZero();
    }

    @Test
    void list_without_query_sends_no_parameters() {
        f.enqueue(200, "{\"deployments\":[]}");
        DeploymentPage page = client.listDeployments(ListDeploymentsQuery.all());
        assertThat(f.take().getPath()).isEqualTo("/api/deployments");
        assertThat(page.deployments()).isEmpty();
        assertThat(page.hasMore(50)).isFalse();
    }

    @ParameterizedTest(name = "wrapped={0}")
    @ValueSource(booleans = {true, false})
    void get_deployment_parses_metadata_with_lenient_vnc_and_sandbox_helpers(boolean wrapped) {
        f.enqueue(200, maybeWrapped("""
                {"deployment":{"id":"dep_1","status":"running",
                  "metadata":{"sandbox":{"id":"sbx_9","vnc_url":"wss://vnc/9"}}}}""", wrapped));

        Deployment d = client.getDeployment("dep_1");

        RecordedRequest r = f.take();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getPath()).isEqualTo("/api/deployments/dep_1");
        assertThat(d.status()).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(d.sandboxId()).contains("sbx_9");
        assertThat(d.vncUrl()).contains("wss://vnc/9");
    }

    @Test
    void ids_are_encoded_as_one_path_segment_and_dot_ids_are_refused() {
        f.enqueue(200, "{\"deployment\":{\"id\":\"a/b?c\"}}");
        client.getDeployment("a/b?c");
        assertThat(f.take().getPath()).isEqualTo("/api/deployments/a%2Fb%3Fc");
        assertThatThrownBy(() -> client.getDeployment("..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.stopDeployment(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void base_url_with_a_path_prefix_is_kept() {
        GigaClient prefixed = f.client(f.config().withBaseUrl(f.server.url("/proxy/giga/")));
        f.enqueue(200, "{\"plans\":[]}");
        prefixed.listPlans();
        assertThat(f.take().getPath()).isEqualTo("/proxy/giga/api/billing/plans");
    }

    @Test
    void stop_and_delete_post_to_their_paths_and_accept_empty_or_enveloped_bodies() {
        f.enqueue(200, "");
        f.enqueue(200, "{\"success\":true,\"message\":\"Deployment deleted\"}");

        ActionResult stopped = client.stopDeployment("dep_1");
        ActionResult deleted = client.deleteDeployment("dep_1");

        RecordedRequest stop = f.take();
        RecordedRequest delete = f.take();
        assertThat(stop.getMethod()).isEqualTo("POST");
        assertThat(stop.getPath()).isEqualTo("/api/deployments/dep_1/stop");
        assertThat(delete.getMethod()).isEqualTo("POST");
        assertThat(delete.getPath()).isEqualTo("/api/deployments/dep_1/delete");
        assertThat(stopped.message()).isNull();
        assertThat(deleted.message()).isEqualTo("Deployment deleted");
    }

    @Test
    void files_sync_and_pull_post_to_their_paths() {
        f.enqueue(200, "{\"success\":true,\"message\":\"synced\",\"data\":{\"count\":2}}");
        f.enqueue(200, "{\"message\":\"pulled\"}");

        ActionResult sync = client.syncFiles("dep_1");
        ActionResult pull = client.pullFiles("dep_1");

        assertThat(f.take().getPath()).isEqualTo("/api/deployments/dep_1/files/sync");
        assertThat(f.take().getPath()).isEqualTo("/api/deployments/dep_1/files/pull");
        assertThat(sync.message()).isEqualTo("synced");
        assertThat(sync.data().path("count").asInt()).isEqualTo(2);
        assertThat(pull.message()).isEqualTo("pulled");
    }

    @ParameterizedTest(name = "wrapped={0}")
    @ValueSource(booleans = {true, false})
    void create_session_posts_prompts_and_options(boolean wrapped) {
        f.enqueue(201, maybeWrapped("""
                {"threadId":"th-1","messageId":"m-1","deploymentConfig":{"template":"giga-standard","duration":1}}""",
                wrapped));

        CreatedSession s = client.createSession(
                new CreateSessionRequest(new Prompts("u", "g"), PlatformNames.GIGA_STANDARD, 1, "dep_1"));

        RecordedRequest r = f.take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getPath()).isEqualTo("/api/sessions");
        assertThat(bodyJson(r)).isEqualTo(parse("""
                {"prompts":{"userPrompt":"u","goalPrompt":"g"},"template":"giga-standard","duration":1,
                 "deploymentId":"dep_1"}"""));
        assertThat(s.threadId()).isEqualTo("th-1");
        assertThat(s.messageId()).isEqualTo("m-1");
        assertThat(s.deploymentConfig().path("template").asText()).isEqualTo("giga-standard");
    }

    @ParameterizedTest(name = "wrapped={0}")
    @ValueSource(booleans = {true, false})
    void get_session_keeps_the_thread_and_reads_it_leniently(boolean wrapped) {
        f.enqueue(200, maybeWrapped("""
                {"thread":{"id":"th-1","metadata":{"sandboxId":"sbx_1","vncUrl":"wss://v","sandboxStatus":"ready",
                  "runStatus":"RUNNING"},
                  "messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"Done: 42"}]}}""",
                wrapped));

        SessionThread t = client.getSession("th-1");

        RecordedRequest r = f.take();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getPath()).isEqualTo("/api/sessions/th-1");
        assertThat(t.threadId()).contains("th-1");
        assertThat(t.runStatus()).contains("RUNNING");
        assertThat(t.finalAnswer()).contains("Done: 42");
        assertThat(t.sandboxId()).contains("sbx_1");
        assertThat(t.vncUrl()).contains("wss://v");
        assertThat(t.sandboxStatus()).contains(SandboxStatus.READY);
    }

    @ParameterizedTest(name = "wrapped={0}")
    @ValueSource(booleans = {true, false})
    void create_run_posts_the_message_and_hides_the_token_in_to_string(boolean wrapped) {
        f.enqueue(201, maybeWrapped(
                "{\"threadId\":\"th-1\",\"runId\":\"run_1\",\"publicAccessToken\":\"tok-SECRET\",\"messageId\":\"m-2\"}",
                wrapped));

        CreatedRun run = client.createRun("th-1", "and now the chart");

        RecordedRequest r = f.take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getPath()).isEqualTo("/api/sessions/th-1/runs");
        assertThat(bodyJson(r)).isEqualTo(parse("{\"message\":\"and now the chart\"}"));
        assertThat(run).isEqualTo(new CreatedRun("th-1", "run_1", "tok-SECRET", "m-2"));
        assertThat(run.toString()).doesNotContain("tok-SECRET");
    }

    @ParameterizedTest(name = "wrapped={0}")
    @ValueSource(booleans = {true, false})
    void get_run_parses_status_flags_and_metadata(boolean wrapped) {
        f.enqueue(200, maybeWrapped("""
                {"id":"run_1","status":"COMPLETED","isCompleted":true,"isErrored":false,
                 "metadata":{"sandboxId":"sbx_1","vncUrl":"wss://v","sandboxStatus":"restored"}}""", wrapped));

        RunInfo run = client.getRun("th-1", "run_1");

        RecordedRequest r = f.take();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getPath()).isEqualTo("/api/sessions/th-1/runs/run_1");
        assertThat(run.id()).isEqualTo("run_1");
        assertThat(run.status()).isEqualTo(AgentRunStatus.COMPLETED);
        assertThat(run.isCompleted()).isTrue();
        assertThat(run.isErrored()).isFalse();
        assertThat(run.isFinished()).isTrue();
        assertThat(run.sandboxId()).contains("sbx_1");
        assertThat(run.vncUrl()).contains("wss://v");
        assertThat(run.sandboxStatus()).contains(SandboxStatus.RESTORED);
    }

    @Test
    void get_run_with_unknown_trigger_status_is_kept_as_is() {
        f.enqueue(200, "{\"id\":\"run_1\",\"status\":\"WAITING_FOR_DEPLOY\"}");
        RunInfo run = client.getRun("th-1", "run_1");
        assertThat(run.status()).isEqualTo("WAITING_FOR_DEPLOY");
        assertThat(run.isFinished()).isFalse();
        assertThat(run.metadata().isObject()).isTrue();
    }

    @Test
    void extend_sandbox_posts_the_id_and_reads_the_top_level_fields() {
        f.enqueue(200, "{\"success\":true,\"message\":\"Sandbox lifecycle extended by 15 minutes\",\"sandboxId\":\"sbx_1\"}");
        f.enqueue(200, "{\"success\":true,\"message\":\"extended\",\"data\":{\"sandboxId\":\"sbx_2\"}}");

        ExtendResult bare = client.extendSandbox("sbx_1");
        ExtendResult wrapped = client.extendSandbox("sbx_2");

        RecordedRequest r = f.take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getPath()).isEqualTo("/api/sandbox/extend");
        assertThat(bodyJson(r)).isEqualTo(parse("{\"sandboxId\":\"sbx_1\"}"));
        assertThat(bare).isEqualTo(new ExtendResult("Sandbox lifecycle extended by 15 minutes", "sbx_1"));
        assertThat(wrapped).isEqualTo(new ExtendResult("extended", "sbx_2"));
    }

    @ParameterizedTest(name = "wrapped={0}")
    @ValueSource(booleans = {true, false})
    void list_files_sends_the_deployment_and_accepts_underscore_id_or_id(boolean wrapped) {
        f.enqueue(200, maybeWrapped("""
                {"files":[{"_id":"f1","deploymentId":"dep_1","userId":"u","fileName":"out.csv","fileSize":"1234",
                           "mimeType":"text/csv","storagePath":"s/out.csv","status":"ready",
                           "createdAt":"2024-03-16T12:00:00.000Z","updatedAt":"2024-03-16T12:01:00Z"},
                          {"id":"f2","fileName":"b.txt"}]}""", wrapped));

        List<GigaFile> files = client.listFiles("dep_1");

        RecordedRequest r = f.take();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getPath()).isEqualTo("/api/files?deploymentId=dep_1");
        assertThat(files).extracting(GigaFile::id).containsExactly("f1", "f2");
        GigaFile first = files.get(0);
        assertThat(first.fileSize()).isEqualTo(1234L);
        assertThat(first.status()).isEqualTo(GigaFile.STATUS_READY);
        assertThat(first.updatedAt()).isEqualTo(Instant.parse("2024-03-16T12:01:00Z"));
    }

    @ParameterizedTest(name = "field {0}")
    @ValueSource(strings = {"url", "downloadUrl", "signedUrl", "whatever"})
    void download_link_is_found_under_any_plausible_field(String field) {
        f.enqueue(200, "{\"success\":true,\"data\":{\"" + field + "\":\"https://s3.example/f1?X-Amz-Signature=abc\"}}");

        DownloadLink link = client.getDownloadLink("f1");

        RecordedRequest r = f.take();
        assertThat(r.getPath()).isEqualTo("/api/files/download?fileId=f1");
        assertThat(link.url()).isEqualTo("https://s3.example/f1?X-Amz-Signature=abc");
        assertThat(link.toString()).doesNotContain("Signature");
    }

    @Test
    void download_response_without_url_is_an_invalid_response() {
        f.enqueue(200, "{\"success\":true,\"data\":{\"expires\":3600}}");
        assertThatThrownBy(() -> client.getDownloadLink("f1")).isInstanceOfSatisfying(GigaApiException.class,
                e -> assertThat(e.code()).isEqualTo(GigaApiException.INVALID_RESPONSE));
    }

    @Test
    void upload_presigns_puts_bytes_without_the_key_then_records() {
        String uploadUrl = f.server.url("/bucket/s/in.csv?X-Amz-Signature=sig").toString();
        f.enqueue(200, "{\"success\":true,\"data\":{\"uploadUrl\":\"" + uploadUrl + "\",\"storagePath\":\"s/in.csv\"}}");
        f.server.enqueue(new MockResponse().setResponseCode(200));
        f.enqueue(200, "{\"success\":true,\"data\":{\"file\":{\"id\":\"f9\",\"status\":\"ready\",\"fileName\":\"in.csv\"}}}");
        byte[] content = "a,b\n1,ü\n".getBytes(StandardCharsets.UTF_8);

        GigaFile file = client.uploadFile("dep_1", "in.csv", "text/csv", content);

        RecordedRequest presign = f.take();
        RecordedRequest put = f.take();
        RecordedRequest record = f.take();
        assertThat(presign.getMethod()).isEqualTo("POST");
        assertThat(presign.getPath()).isEqualTo("/api/files/presign");
        assertThat(bodyJson(presign)).isEqualTo(parse("""
                {"deploymentId":"dep_1","fileName":"in.csv","fileSize":%d,"mimeType":"text/csv"}"""
                .formatted(content.length)));
        assertThat(put.getMethod()).isEqualTo("PUT");
        assertThat(put.getPath()).isEqualTo("/bucket/s/in.csv?X-Amz-Signature=sig");
        assertThat(put.getHeader("Authorization")).isNull();
        assertThat(put.getHeader("X-Client-Id")).isNull();
        assertThat(put.getHeader("Content-Type")).isEqualTo("text/csv");
        assertThat(put.getBody().readByteArray()).isEqualTo(content);
        assertThat(record.getMethod()).isEqualTo("POST");
        assertThat(record.getPath()).isEqualTo("/api/files/record");
        assertThat(bodyJson(record)).isEqualTo(parse("""
                {"deploymentId":"dep_1","fileName":"in.csv","fileSize":%d,"mimeType":"text/csv",
                 "storagePath":"s/in.csv"}""".formatted(content.length)));
        assertThat(file.id()).isEqualTo("f9");
        assertThat(file.status()).isEqualTo("ready");
        assertThat(f.priorities).as("the PUT takes no API budget permit").hasSize(2);
    }

    @Test
    void fetch_presigned_returns_the_bytes_without_sending_the_key() {
        byte[] content = "résumé".getBytes(StandardCharsets.UTF_8);
        f.server.enqueue(new MockResponse().setBody(new okio.Buffer().write(content)));

        byte[] got = client.fetchPresigned(f.server.url("/bucket/f1?sig=x").toString(), content.length);

        RecordedRequest r = f.take();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getHeader("Authorization")).isNull();
        assertThat(got).isEqualTo(content);
        assertThat(f.priorities).isEmpty();
    }

    @Test
    void fetch_presigned_refuses_a_body_over_the_cap_by_content_length() {
        f.server.enqueue(new MockResponse().setBody("0123456789"));
        assertThatThrownBy(() -> client.fetchPresigned(f.server.url("/f").toString(), 9))
                .isInstanceOfSatisfying(GigaApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(GigaApiException.RESPONSE_TOO_LARGE);
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void fetch_presigned_refuses_a_chunked_body_over_the_cap() {
        f.server.enqueue(new MockResponse().setChunkedBody("x".repeat(100_000), 1024));
        assertThatThrownBy(() -> client.fetchPresigned(f.server.url("/f").toString(), 50_000))
                .isInstanceOfSatisfying(GigaApiException.class,
                        e -> assertThat(e.code()).isEqualTo(GigaApiException.RESPONSE_TOO_LARGE));
    }

    @Test
    void fetch_presigned_error_does_not_quote_the_storage_body() {
        f.server.enqueue(new MockResponse().setResponseCode(403)
                .setBody("<Error><Code>AccessDenied</Code><SignatureProvided>abc</SignatureProvided></Error>"));
        assertThatThrownBy(() -> client.fetchPresigned(f.server.url("/f?sig=abc").toString(), 100))
                .isInstanceOfSatisfying(GigaApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.getMessage()).doesNotContain("abc");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @ParameterizedTest(name = "wrapped={0}")
    @ValueSource(booleans = {true, false})
    void billing_is_parsed(boolean wrapped) {
        f.enqueue(200, maybeWrapped("""
                {"billing":{"plan":"starter-pro","planCreditsRemaining":150.5,"prepaidBalance":"20",
                 "totalBalance":170.5,"currentPeriodStart":"2024-03-01T00:00:00.000Z",
                 "currentPeriodEnd":"2024-04-01T00:00:00.000Z"}}""", wrapped));

        Billing b = client.getBilling();

        RecordedRequest r = f.take();
        assertThat(r.getMethod()).isEqualTo("GET");
        assertThat(r.getPath()).isEqualTo("/api/billing");
        assertThat(b.plan()).isEqualTo("starter-pro");
        assertThat(b.planCreditsRemaining()).isEqualByComparingTo("150.5");
        assertThat(b.prepaidBalance()).isEqualByComparingTo(BigDecimal.valueOf(20));
        assertThat(b.totalBalance()).isEqualByComparingTo("170.5");
        assertThat(b.currentPeriodStart()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(b.currentPeriodEnd()).isEqualTo(Instant.parse("2024-04-01T00:00:00Z"));
    }

    @ParameterizedTest(name = "wrapped={0}")
    @ValueSource(booleans = {true, false})
    void plans_accept_numbers_or_words(boolean wrapped) {
        f.enqueue(200, maybeWrapped("""
                {"plans":[{"id":"free","name":"Free","monthlyCredits":10,"concurrentAgents":1,"maxDurationHours":1,"price":0},
                          {"id":"max","name":"Max","monthlyCredits":"custom","concurrentAgents":"unlimited",
                           "maxDurationHours":"24","price":"custom"}]}""", wrapped));

        List<Plan> plans = client.listPlans();

        assertThat(f.take().getPath()).isEqualTo("/api/billing/plans");
        assertThat(plans).extracting(Plan::id).containsExactly("free", "max");
        Plan free = plans.get(0);
        Plan max = plans.get(1);
        assertThat(free.monthlyCredits().asNumber()).contains(BigDecimal.TEN);
        assertThat(max.monthlyCredits().isCustom()).isTrue();
        assertThat(max.concurrentAgents().isUnlimited()).isTrue();
        assertThat(max.maxDurationHours().asNumber()).contains(BigDecimal.valueOf(24));
        assertThat(max.price().asNumber()).isEmpty();
        assertThat(max.price().toString()).isEqualTo("custom");
    }

    @Test
    void the_default_view_is_interactive_and_background_view_uses_background_priority() {
        f.enqueue(200, "{\"id\":\"run_1\",\"status\":\"RUNNING\"}");
        f.enqueue(200, "{\"id\":\"run_1\",\"status\":\"RUNNING\"}");

        client.getRun("t", "run_1");
        client.background().getRun("t", "run_1");

        assertThat(client.priority()).isEqualTo(Priority.INTERACTIVE);
        assertThat(client.background().interactive().priority()).isEqualTo(Priority.INTERACTIVE);
        assertThat(f.priorities).containsExactly(Priority.INTERACTIVE, Priority.BACKGROUND);
    }
}

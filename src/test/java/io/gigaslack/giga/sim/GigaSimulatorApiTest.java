package io.gigaslack.giga.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GigaSimulatorApiTest extends SimTestBase {

    @Test
    void start_returns_provisioning_deployment_and_session() throws Exception {
        SimHttp.Reply r = http.post("/api/deployments/start", SimHttp.startBody("pricing", "Find prices", ""));

        assertThat(r.status()).isEqualTo(201);
        JsonNode body = r.json();
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("message").asText()).isEqualTo("Deployment created and session initialized successfully");
        JsonNode deployment = body.at("/data/deployment");
        assertThat(deployment.get("id").asText()).isEqualTo("dep_1");
        assertThat(deployment.get("name").asText()).isEqualTo("pricing");
        assertThat(deployment.get("status").asText()).isEqualTo("provisioning");
        assertThat(deployment.get("platform").asText()).isEqualTo("giga-standard");
        assertThat(deployment.get("createdAt").asText()).isEqualTo("2026-01-05T09:00:00.000Z");
        JsonNode session = body.at("/data/session");
        assertThat(session.get("threadId").asText()).matches("[0-9a-f-]{36}");
        assertThat(session.get("messageId").asText()).startsWith("msg_");
        assertThat(session.get("sandboxId").asText()).startsWith("sbx_");
        assertThat(session.get("vncUrl").asText()).startsWith("wss://");
        assertThat(body.at("/data/session").has("runId")).isFalse();
        assertThat(r.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void create_without_agent_has_no_session() throws Exception {
        SimHttp.Reply r = http.post("/api/deployments",
                "{\"name\":\"bare\",\"platform\":\"linux-toolkit-standard\",\"duration\":1,\"aiEnabled\":false}");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("message").asText()).isEqualTo("Deployment created successfully");
        assertThat(r.json().at("/data/deployment/status").asText()).isEqualTo("provisioning");
        assertThat(r.json().at("/data/session").isMissingNode()).isTrue();
        assertThat(sim.deploymentByName("bare").orElseThrow().threadId()).isNull();
    }

    @Test
    void accepts_every_known_platform() throws Exception {
        for (String platform : new String[] {"giga-mini", "giga-standard", "giga-pro", "giga-max",
                "linux-toolkit-standard"}) {
            SimHttp.Reply r = http.post("/api/deployments",
                    "{\"name\":\"p\",\"platform\":\"" + platform + "\",\"duration\":1,\"aiEnabled\":false}");
            assertThat(r.status()).as(platform).isEqualTo(201);
        }
    }

    @Test
    void rejects_unknown_platform() throws Exception {
        SimHttp.Reply r = http.post("/api/deployments/start",
                SimHttp.startBody("x", "y", "").replace("giga-standard", "giga-ultra"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("UNSUPPORTED_PLATFORM");
        assertThat(r.json().at("/error/requestId").asText()).isNotBlank();
        assertThat(sim.deployments()).isEmpty();
    }

    @Test
    void rejects_duration_outside_1_to_24_naming_the_field() throws Exception {
        for (String duration : new String[] {"0", "25", "1.5", "\"2\""}) {
            SimHttp.Reply r = http.post("/api/deployments/start",
                    SimHttp.startBody("x", "y", "").replace("\"duration\":2", "\"duration\":" + duration));
            assertThat(r.status()).as(duration).isEqualTo(400);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("INVALID_FIELD");
            assertThat(r.json().at("/error/hint").asText()).isEqualTo("duration");
        }
    }

    @Test
    void rejects_malformed_json_and_missing_prompts() throws Exception {
        SimHttp.Reply malformed = http.post("/api/deployments/start", "{\"name\":");
        SimHttp.Reply noPrompts = http.post("/api/deployments/start",
                "{\"name\":\"x\",\"platform\":\"giga-standard\",\"duration\":1,\"aiEnabled\":true}");
        SimHttp.Reply noGoal = http.post("/api/deployments/start",
                "{\"name\":\"x\",\"platform\":\"giga-standard\",\"duration\":1,\"aiEnabled\":true,"
                        + "\"prompts\":{\"userPrompt\":\"u\"}}");

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().at("/error/code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(noPrompts.json().at("/error/code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(noGoal.json().at("/error/code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(noGoal.json().at("/error/hint").asText()).isEqualTo("prompts.goalPrompt");
    }

    @Test
    void list_paginates_filters_by_status_and_searches_names() throws Exception {
        for (int i = 1; i <= 5; i++) {
            start("job-" + i + (i % 2 == 0 ? "-even" : ""), "task " + i);
            clock.advance(Duration.ofMillis(1));
        }
        http.post("/api/deployments/dep_1/stop", "");

        JsonNode page2 = http.get("/api/deployments?page=2&limit=2").json().get("data");
        JsonNode stopped = http.get("/api/deployments?status=stopped").json().get("data");
        JsonNode even = http.get("/api/deployments?search=EVEN").json().get("data");

        assertThat(page2.get("deployments")).extracting(n -> n.get("id").asText()).containsExactly("dep_3", "dep_2");
        assertThat(page2.at("/pagination/total").asInt()).isEqualTo(5);
        assertThat(page2.at("/pagination/limit").asInt()).isEqualTo(2);
        assertThat(page2.at("/pagination/offset").asInt()).isEqualTo(2);
        assertThat(page2.at("/pagination/hasMore").asBoolean()).isTrue();
        assertThat(stopped.get("deployments")).extracting(n -> n.get("id").asText()).containsExactly("dep_1");
        assertThat(even.get("deployments")).extracting(n -> n.get("name").asText())
                .containsExactly("job-4-even", "job-2-even");
        assertThat(even.at("/pagination/hasMore").asBoolean()).isFalse();
    }

    @Test
    void list_rejects_limit_above_50() throws Exception {
        SimHttp.Reply r = http.get("/api/deployments?limit=51");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("INVALID_FIELD");
        assertThat(r.json().at("/error/hint").asText()).isEqualTo("limit");
    }

    @Test
    void get_shows_sandbox_metadata_only_while_running() throws Exception {
        String id = start("m", "task").at("/deployment/id").asText();
        assertThat(deployment(id).has("metadata")).isFalse();

        advance(PROVISION);

        JsonNode running = deployment(id);
        assertThat(running.get("status").asText()).isEqualTo("running");
        assertThat(running.at("/metadata/sandboxId").asText()).startsWith("sbx_");
        assertThat(running.at("/metadata/vncUrl").asText()).startsWith("wss://");
        assertThat(running.at("/metadata/expiresAt").asText()).isEqualTo("2026-01-05T09:15:03.000Z");
    }

    @Test
    void unknown_deployment_and_unknown_path_are_404_in_the_error_envelope() throws Exception {
        SimHttp.Reply unknownId = http.get("/api/deployments/dep_999");
        SimHttp.Reply unknownPath = http.get("/api/nope");

        assertThat(unknownId.status()).isEqualTo(404);
        assertThat(unknownId.json().at("/error/code").asText()).isEqualTo("RESOURCE_NOT_FOUND");
        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.json().at("/error/code").asText()).isEqualTo("RESOURCE_NOT_FOUND");
    }

    @Test
    void delete_makes_the_deployment_404() throws Exception {
        String id = start("d", "task").at("/deployment/id").asText();

        SimHttp.Reply deleted = http.post("/api/deployments/" + id + "/delete", "");

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("success").asBoolean()).isTrue();
        assertThat(http.get("/api/deployments/" + id).status()).isEqualTo(404);
        assertThat(sim.deployment(id)).isEmpty();
    }

    @Test
    void missing_authorization_is_401_unauthorized() throws Exception {
        SimHttp.Reply r = new SimHttp(sim.baseUrl(), null).get("/api/deployments");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(r.json().at("/error/message").asText()).isEqualTo("Missing or invalid authorization token");
    }

    @Test
    void wrong_key_is_401_invalid_api_key() throws Exception {
        SimHttp.Reply r = new SimHttp(sim.baseUrl(), "giga_sk_" + "f".repeat(32)).get("/api/billing");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("INVALID_API_KEY");
    }

    @Test
    void session_create_get_and_run_use_bare_bodies() throws Exception {
        String depId = http.post("/api/deployments",
                "{\"name\":\"s\",\"platform\":\"giga-standard\",\"duration\":1,\"aiEnabled\":false}")
                .json().at("/data/deployment/id").asText();

        SimHttp.Reply created = http.post("/api/sessions", "{\"prompts\":{\"userPrompt\":\"Write notes.md\","
                + "\"goalPrompt\":\"notes saved\"},\"template\":\"giga-standard\",\"duration\":1,"
                + "\"deploymentId\":\"" + depId + "\"}");

        assertThat(created.status()).isEqualTo(201);
        JsonNode session = created.json();
        assertThat(session.has("success")).isFalse();
        assertThat(session.get("threadId").asText()).isNotBlank();
        assertThat(session.get("messageId").asText()).isNotBlank();
        assertThat(session.at("/deploymentConfig/template").asText()).isEqualTo("giga-standard");
        assertThat(session.at("/deploymentConfig/prompts/userPrompt").asText()).isEqualTo("Write notes.md");

        JsonNode thread = thread(session.get("threadId").asText());
        assertThat(thread.get("deploymentId").asText()).isEqualTo(depId);
        assertThat(thread.get("status").asText()).isEqualTo("RUNNING");
        assertThat(thread.at("/metadata/sandboxStatus").asText()).isEqualTo("initializing");
        assertThat(thread.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(thread.at("/messages/0/content").asText()).isEqualTo("Write notes.md");

        String runId = thread.at("/runs/0/id").asText();
        SimHttp.Reply run = http.get("/api/sessions/" + session.get("threadId").asText() + "/runs/" + runId);
        assertThat(run.status()).isEqualTo(200);
        assertThat(run.json().get("id").asText()).isEqualTo(runId);
        assertThat(run.json().get("status").asText()).isEqualTo("RUNNING");
        assertThat(run.json().get("isCompleted").asBoolean()).isFalse();
        assertThat(run.json().get("isErrored").asBoolean()).isFalse();
        assertThat(run.json().at("/metadata/sandboxId").asText()).startsWith("sbx_");
        assertThat(run.json().at("/metadata/sandboxStatus").asText()).isEqualTo("initializing");
    }

    @Test
    void follow_up_run_returns_bare_ids() throws Exception {
        String threadId = start("f", "first").at("/session/threadId").asText();

        SimHttp.Reply r = http.post("/api/sessions/" + threadId + "/runs", "{\"message\":\"and then?\"}");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("threadId").asText()).isEqualTo(threadId);
        assertThat(r.json().get("runId").asText()).startsWith("run_");
        assertThat(r.json().get("publicAccessToken").asText()).isNotBlank();
        assertThat(r.json().get("messageId").asText()).isNotBlank();
        assertThat(http.post("/api/sessions/" + threadId + "/runs", "{}").json().at("/error/code").asText())
                .isEqualTo("INVALID_REQUEST");
        assertThat(http.get("/api/sessions/nope").status()).isEqualTo(404);
    }

    @Test
    void extend_adds_15_minutes_only_while_running() throws Exception {
        JsonNode data = start("e", "task");
        String sandboxId = data.at("/session/sandboxId").asText();
        String id = data.at("/deployment/id").asText();

        SimHttp.Reply early = http.post("/api/sandbox/extend", "{\"sandboxId\":\"" + sandboxId + "\"}");
        advance(PROVISION);
        SimHttp.Reply ok = http.post("/api/sandbox/extend", "{\"sandboxId\":\"" + sandboxId + "\"}");
        SimHttp.Reply unknown = http.post("/api/sandbox/extend", "{\"sandboxId\":\"sbx_nope\"}");

        assertThat(early.status()).isEqualTo(400);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("success").asBoolean()).isTrue();
        assertThat(ok.json().get("message").asText()).isEqualTo("Sandbox lifecycle extended by 15 minutes");
        assertThat(ok.json().get("sandboxId").asText()).isEqualTo(sandboxId);
        assertThat(ok.json().has("data")).isFalse();
        assertThat(deployment(id).at("/metadata/expiresAt").asText()).isEqualTo("2026-01-05T09:30:03.000Z");
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void upload_is_presign_put_record_then_listed_synced_and_downloadable() throws Exception {
        String id = start("u", "task").at("/deployment/id").asText();
        byte[] content = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);

        JsonNode presign = http.post("/api/files/presign", "{\"deploymentId\":\"" + id + "\",\"fileName\":"
                + "\"input.csv\",\"fileSize\":" + content.length + ",\"mimeType\":\"text/csv\"}").json().get("data");
        SimHttp.Reply put = new SimHttp(sim.baseUrl(), null).send(new SimHttp(sim.baseUrl(), null)
                .request(presign.get("uploadUrl").asText()).PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                .build());
        SimHttp.Reply recorded = http.post("/api/files/record", "{\"deploymentId\":\"" + id + "\",\"fileName\":"
                + "\"input.csv\",\"fileSize\":8,\"mimeType\":\"text/csv\",\"storagePath\":\""
                + presign.get("storagePath").asText() + "\"}");

        assertThat(put.status()).isEqualTo(200);
        assertThat(recorded.status()).isEqualTo(200);
        JsonNode file = recorded.json().at("/data/file");
        assertThat(file.get("status").asText()).isEqualTo("ready");
        JsonNode listed = http.get("/api/files?deploymentId=" + id).json().at("/data/files/0");
        assertThat(listed.get("_id").asText()).isEqualTo(file.get("id").asText());
        assertThat(listed.get("deploymentId").asText()).isEqualTo(id);
        assertThat(listed.get("userId").asText()).isNotBlank();
        assertThat(listed.get("fileName").asText()).isEqualTo("input.csv");
        assertThat(listed.get("fileSize").asInt()).isEqualTo(8);
        assertThat(listed.get("mimeType").asText()).isEqualTo("text/csv");
        assertThat(listed.get("storagePath").asText()).isEqualTo(presign.get("storagePath").asText());
        assertThat(listed.get("createdAt").asText()).isNotBlank();
        assertThat(listed.get("updatedAt").asText()).isNotBlank();

        assertThat(http.post("/api/deployments/" + id + "/files/sync", "").status()).isEqualTo(400);
        advance(PROVISION);
        assertThat(http.post("/api/deployments/" + id + "/files/sync", "").status()).isEqualTo(200);
        assertThat(sim.deployment(id).orElseThrow().desktopFiles()).containsExactly("input.csv");
        assertThat(sim.desktopFile(id, "input.csv")).hasValueSatisfying(b -> assertThat(b).isEqualTo(content));

        String url = http.get("/api/files/download?fileId=" + file.get("id").asText()).json().at("/data/url").asText();
        SimHttp.Reply blob = new SimHttp(sim.baseUrl(), null).get(url);
        assertThat(blob.status()).isEqualTo(200);
        assertThat(blob.body()).isEqualTo("a,b\n1,2\n");
    }

    @Test
    void record_without_upload_is_rejected() throws Exception {
        String id = start("r", "task").at("/deployment/id").asText();
        String storagePath = http.post("/api/files/presign", "{\"deploymentId\":\"" + id + "\",\"fileName\":"
                + "\"x.txt\",\"fileSize\":1,\"mimeType\":\"text/plain\"}").json().at("/data/storagePath").asText();

        SimHttp.Reply r = http.post("/api/files/record", "{\"deploymentId\":\"" + id + "\",\"fileName\":\"x.txt\","
                + "\"fileSize\":1,\"mimeType\":\"text/plain\",\"storagePath\":\"" + storagePath + "\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/error/hint").asText()).isEqualTo("storagePath");
    }

    @Test
    void record_with_a_size_other_than_the_bytes_uploaded_is_rejected() throws Exception {
        String id = start("s", "task").at("/deployment/id").asText();
        JsonNode presign = http.post("/api/files/presign", "{\"deploymentId\":\"" + id + "\",\"fileName\":"
                + "\"x.txt\",\"fileSize\":3,\"mimeType\":\"text/plain\"}").json().get("data");
        new SimHttp(sim.baseUrl(), null).send(new SimHttp(sim.baseUrl(), null)
                .request(presign.get("uploadUrl").asText()).PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[2]))
                .build());

        SimHttp.Reply r = http.post("/api/files/record", "{\"deploymentId\":\"" + id + "\",\"fileName\":\"x.txt\","
                + "\"fileSize\":3,\"mimeType\":\"text/plain\",\"storagePath\":\"" + presign.get("storagePath").asText()
                + "\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/error/hint").asText()).isEqualTo("fileSize");
    }

    @Test
    void billing_and_plans_have_documented_shapes() throws Exception {
        JsonNode billing = http.get("/api/billing").json().at("/data/billing");
        JsonNode plans = http.get("/api/billing/plans").json().at("/data/plans");

        assertThat(billing.fieldNames()).toIterable().containsExactlyInAnyOrder("plan", "planCreditsRemaining",
                "prepaidBalance", "totalBalance", "currentPeriodStart", "currentPeriodEnd");
        assertThat(plans).extracting(p -> p.get("id").asText()).containsExactly("free", "starter-pro", "max");
        JsonNode max = plans.get(2);
        assertThat(max.get("monthlyCredits").asText()).isEqualTo("custom");
        assertThat(max.get("concurrentAgents").asText()).isEqualTo("unlimited");
        assertThat(plans.get(0).get("concurrentAgents").isNumber()).isTrue();
    }

    @Test
    void requests_are_recorded_without_authorization_and_counted_per_endpoint() throws Exception {
        start("rec", "task");
        http.get("/api/deployments?search=rec");

        assertThat(sim.count("POST", "/api/deployments/start")).isEqualTo(1);
        assertThat(sim.count("GET", "/api/deployments")).isEqualTo(1);
        assertThat(sim.countMatching("*", "/api/deployments.*")).isEqualTo(2);
        RecordedRequest list = sim.requests("GET", "/api/deployments").get(0);
        assertThat(list.query()).isEqualTo("search=rec");
        RecordedRequest startRequest = sim.requests("POST", "/api/deployments/start").get(0);
        assertThat(startRequest.body()).contains("\"name\":\"rec\"");
        assertThat(startRequest.header("content-type")).isEqualTo("application/json");
        assertThat(startRequest.headers()).doesNotContainKey("authorization");
    }

    @Test
    void utf8_text_round_trips_whatever_the_platform_charset() throws Exception {
        String id = start("café ☕", "Résumé des prix → prix.txt").at("/deployment/id").asText();

        assertThat(deployment(id).get("name").asText()).isEqualTo("café ☕");
        assertThat(sim.requests().get(0).body()).contains("Résumé des prix → prix.txt");
    }

    @Test
    void concurrent_starts_create_distinct_deployments() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                ids.add(pool.submit(() -> start("c" + n, "task").at("/deployment/id").asText()));
            }
            java.util.Set<String> distinct = new java.util.HashSet<>();
            for (java.util.concurrent.Future<String> id : ids) {
                distinct.add(id.get());
            }
            assertThat(distinct).hasSize(40);
            assertThat(sim.deployments()).hasSize(40);
            assertThat(sim.count("POST", "/api/deployments/start")).isEqualTo(40);
        } finally {
            pool.shutdownNow();
        }
    }
}

package io.gigaslack.giga.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import io.gigaslack.testing.SettableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Several API keys: each is an account of its own, and each key's requests are counted apart. */
class GigaSimulatorKeysTest extends SimTestBase {
    static final String OTHER_KEY = "giga_sk_" + "1".repeat(32);

    /** The second account's client; {@link #http} is the first's. */
    SimHttp other;

    @Override
    GigaSimulator.Builder configure(GigaSimulator.Builder builder) {
        return builder.apiKeys(List.of(GigaSimulator.Builder.DEFAULT_API_KEY, OTHER_KEY)).rateLimitPerMinute(10)
                .maxConcurrentAgents(1);
    }

    @BeforeEach
    void otherClient() {
        other = new SimHttp(sim.baseUrl(), OTHER_KEY);
    }

    @Test
    void a_key_lists_only_its_own_deployments() throws Exception {
        String mine = start("mine", "task").at("/deployment/id").asText();

        assertThat(other.get("/api/deployments").json().at("/data/deployments").size()).isZero();
        assertThat(http.get("/api/deployments").json().at("/data/deployments/0/id").asText()).isEqualTo(mine);
        assertThat(sim.deployments(OTHER_KEY)).isEmpty();
        assertThat(sim.deployments(sim.apiKey())).extracting(DeploymentSnapshot::id).containsExactly(mine);
    }

    @Test
    void another_keys_deployment_session_and_files_answer_404_and_stay_untouched() throws Exception {
        JsonNode started = start("mine", "task");
        String id = started.at("/deployment/id").asText();
        String thread = started.at("/session/threadId").asText();
        advance(PROVISION);
        String sandbox = deployment(id).at("/metadata/sandboxId").asText();

        assertThat(other.get("/api/deployments/" + id).status()).isEqualTo(404);
        assertThat(other.get("/api/sessions/" + thread).status()).isEqualTo(404);
        assertThat(other.get("/api/files?deploymentId=" + id).status()).isEqualTo(404);
        assertThat(other.post("/api/files/presign", "{\"deploymentId\":\"" + id + "\",\"fileName\":\"a.txt\"}")
                .status()).isEqualTo(404);
        assertThat(other.post("/api/sessions/" + thread + "/runs", "{\"message\":\"more\"}").status()).isEqualTo(404);
        assertThat(other.post("/api/sandbox/extend", "{\"sandboxId\":\"" + sandbox + "\"}").status()).isEqualTo(404);
        assertThat(other.post("/api/deployments/" + id + "/stop", "{}").status()).isEqualTo(404);
        assertThat(other.post("/api/deployments/" + id + "/delete", "{}").status()).isEqualTo(404);

        assertThat(deployment(id).get("status").asText()).isEqualTo("running");
        assertThat(sim.deployment(id)).isPresent();
    }

    @Test
    void ids_are_unique_across_keys_and_each_key_has_its_own_concurrency_and_billing() throws Exception {
        String mine = start("mine", "task").at("/deployment/id").asText();
        SimHttp.Reply theirs = other.post("/api/deployments/start", SimHttp.startBody("theirs", "task", ""));
        sim.balance(OTHER_KEY, BigDecimal.valueOf(7), BigDecimal.ZERO);

        assertThat(theirs.status()).as("one agent each: the first key's does not count").isEqualTo(201);
        assertThat(theirs.json().at("/data/deployment/id").asText()).isNotEqualTo(mine);
        assertThat(other.get("/api/billing").json().at("/data/billing/totalBalance").asInt()).isEqualTo(7);
        assertThat(http.get("/api/billing").json().at("/data/billing/totalBalance").asInt()).isEqualTo(175);
    }

    @Test
    void a_key_the_simulator_does_not_know_is_refused() throws Exception {
        SimHttp.Reply r = new SimHttp(sim.baseUrl(), "giga_sk_" + "2".repeat(32)).get("/api/deployments");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("INVALID_API_KEY");
    }

    @Test
    void each_request_is_recorded_with_its_arrival_time_and_the_key_it_presented() throws Exception {
        http.get("/api/billing");
        clock.advance(Duration.ofSeconds(2));
        other.get("/api/billing");
        other.get("/api/deployments");
        new SimHttp(sim.baseUrl(), null).get("/api/billing");

        assertThat(sim.apiRequests(sim.apiKey())).extracting(RecordedRequest::receivedAt)
                .containsExactly(SettableClock.DEFAULT_START);
        assertThat(sim.apiRequests(OTHER_KEY)).extracting(RecordedRequest::path)
                .containsExactly("/api/billing", "/api/deployments");
        assertThat(sim.apiRequests(OTHER_KEY)).extracting(RecordedRequest::receivedAt)
                .containsOnly(SettableClock.DEFAULT_START.plusSeconds(2));
        assertThat(sim.requests()).hasSize(4);
    }

    @Test
    void the_rate_limit_counts_each_key_on_its_own() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(http.get("/api/billing").status()).isEqualTo(200);
        }
        SimHttp.Reply throttled = http.get("/api/billing");

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.json().at("/error/message").asText()).contains("10 per minute per key");
        for (int i = 0; i < 10; i++) {
            assertThat(other.get("/api/billing").status()).isEqualTo(200);
        }
    }

    @Test
    void a_files_download_url_works_whichever_key_made_it() throws Exception {
        String theirs = other.post("/api/deployments/start", SimHttp.startBody("theirs", "task", ""))
                .json().at("/data/deployment/id").asText();
        advance(PROVISION);
        sim.putDesktopFile(theirs, "notes.txt", "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        other.post("/api/deployments/" + theirs + "/files/pull", "{}");
        String fileId = other.get("/api/files?deploymentId=" + theirs).json().at("/data/files/0/_id").asText();
        String url = other.get("/api/files/download?fileId=" + fileId).json().at("/data/url").asText();

        assertThat(http.get("/api/files/download?fileId=" + fileId).status()).isEqualTo(404);
        assertThat(new SimHttp(sim.baseUrl(), null).get(url).body()).isEqualTo("hello");
    }
}

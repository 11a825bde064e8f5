package io.gigaslack.giga.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GigaSimulatorFaultsTest extends SimTestBase {

    @Test
    void injected_error_is_returned_n_times_then_the_request_succeeds() throws Exception {
        FaultRule rule = sim.faults().on("POST", "/api/deployments/start").times(2).respond(500, "SANDBOX_FAILED");

        SimHttp.Reply first = http.post("/api/deployments/start", SimHttp.startBody("a", "t", ""));
        SimHttp.Reply second = http.post("/api/deployments/start", SimHttp.startBody("a", "t", ""));
        SimHttp.Reply third = http.post("/api/deployments/start", SimHttp.startBody("a", "t", ""));

        assertThat(first.status()).isEqualTo(500);
        assertThat(first.json().at("/error/code").asText()).isEqualTo("SANDBOX_FAILED");
        assertThat(first.json().at("/error/requestId").asText()).isEqualTo(first.header("X-Request-Id"));
        assertThat(second.status()).isEqualTo(500);
        assertThat(third.status()).isEqualTo(201);
        assertThat(rule.remaining()).isZero();
        assertThat(rule.hits()).isEqualTo(2);
        assertThat(sim.deployments()).hasSize(1);
    }

    @Test
    void faults_match_method_and_whole_path_regex() throws Exception {
        sim.faults().on("GET", "/api/deployments/[^/]+").respond(402, "INSUFFICIENT_CREDITS");
        sim.faults().on("*", "/api/billing.*").respond(403, "PLAN_LIMIT_EXCEEDED");

        assertThat(http.get("/api/deployments").status()).isEqualTo(200);
        assertThat(http.get("/api/deployments/dep_7").json().at("/error/code").asText())
                .isEqualTo("INSUFFICIENT_CREDITS");
        assertThat(http.get("/api/billing/plans").status()).isEqualTo(403);
        assertThat(http.get("/api/billing").status()).isEqualTo(200);
    }

    @Test
    void rate_limited_fault_carries_retry_after_and_remaining_headers() throws Exception {
        sim.faults().on("*", "/api/.*").rateLimited(Duration.ofSeconds(7));
        sim.faults().on("POST", "/api/deployments/start").retryAfter(Duration.ofSeconds(30))
                .respond(429, "CONCURRENCY_LIMIT_EXCEEDED");

        SimHttp.Reply limited = http.get("/api/deployments");
        SimHttp.Reply concurrency = http.post("/api/deployments/start", SimHttp.startBody("a", "t", ""));

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().at("/error/code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(limited.header("Retry-After")).isEqualTo("7");
        assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(concurrency.json().at("/error/code").asText()).isEqualTo("CONCURRENCY_LIMIT_EXCEEDED");
        assertThat(concurrency.header("Retry-After")).isEqualTo("30");
    }

    @Test
    void html_502_body_is_not_json() throws Exception {
        sim.faults().on("GET", "/api/deployments").html(502);

        SimHttp.Reply r = http.get("/api/deployments");

        assertThat(r.status()).isEqualTo(502);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.body()).startsWith("<html>").contains("502 Bad Gateway");
    }

    @Test
    void latency_delays_the_response() throws Exception {
        sim.faults().on("GET", "/api/billing").delay(Duration.ofMillis(300));

        long t0 = System.nanoTime();
        SimHttp.Reply r = http.get("/api/billing");
        long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.status()).isEqualTo(200);
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(300);
    }

    @Test
    void stalled_start_still_creates_the_deployment_findable_by_search() throws Exception {
        sim.faults().on("POST", "/api/deployments/start").stallAfterAction(Duration.ofSeconds(2));

        assertThatThrownBy(() -> new SimHttp(sim.baseUrl(), sim.apiKey()).timeout(Duration.ofMillis(300))
                .post("/api/deployments/start", SimHttp.startBody("slack-C1-1712", "t", "")))
                .isInstanceOf(HttpTimeoutException.class);

        JsonNode found = http.get("/api/deployments?search=slack-C1-1712").json().at("/data/deployments");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("status").asText()).isEqualTo("provisioning");
    }

    @Test
    void dropped_connection_gives_no_answer_and_does_nothing() throws Exception {
        sim.faults().on("POST", "/api/deployments/start").dropConnection();

        assertThatThrownBy(() -> http.post("/api/deployments/start", SimHttp.startBody("dropped", "t", "")))
                .isInstanceOf(IOException.class);
        assertThat(sim.deployments()).isEmpty();
        assertThat(sim.count("POST", "/api/deployments/start")).isEqualTo(1);
    }

    @Test
    void drop_after_action_performs_the_action_without_answering() throws Exception {
        sim.faults().on("POST", "/api/deployments/start").dropAfterAction();

        assertThatThrownBy(() -> http.post("/api/deployments/start", SimHttp.startBody("half", "t", "")))
                .isInstanceOf(IOException.class);
        assertThat(sim.deploymentByName("half")).isPresent();
    }

    @Test
    void cleared_faults_no_longer_apply() throws Exception {
        sim.faults().on("*", ".*").times(5).respond(500, "INTERNAL_ERROR");
        sim.faults().clear();

        assertThat(http.get("/api/billing").status()).isEqualTo(200);
    }

    @Test
    void enforced_rate_limit_answers_429_after_60_requests_a_minute() throws Exception {
        try (GigaSimulator limited = GigaSimulator.builder().clock(clock).enforceRateLimit(true).build().start()) {
            SimHttp client = new SimHttp(limited.baseUrl(), limited.apiKey());
            SimHttp.Reply last = null;
            for (int i = 0; i < 60; i++) {
                last = client.get("/api/billing");
                assertThat(last.status()).isEqualTo(200);
            }
            assertThat(last.header("X-RateLimit-Remaining")).isEqualTo("0");

            clock.advance(Duration.ofSeconds(20));
            SimHttp.Reply throttled = client.get("/api/billing");
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(throttled.json().at("/error/code").asText()).isEqualTo("RATE_LIMITED");
            assertThat(throttled.header("Retry-After")).isEqualTo("40");
            assertThat(throttled.header("X-RateLimit-Remaining")).isEqualTo("0");

            clock.advance(Duration.ofSeconds(40));
            assertThat(client.get("/api/billing").status()).isEqualTo(200);
        }
    }
}

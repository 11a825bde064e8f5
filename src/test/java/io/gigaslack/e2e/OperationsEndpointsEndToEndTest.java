package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Health, readiness and metrics, checked for their content after a real run. */
class OperationsEndpointsEndToEndTest {

    @Test
    void health_readiness_and_metrics_tell_the_truth_after_a_run() {
        try (TestApp t = TestApp.start(Map.of())) {
            assertThat(t.get("/healthz").body()).isEqualTo("ok\n");
            HttpResponse<String> ready = t.get("/readyz");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("database: ok", "migrations: ok", "slack: ok", "ready");

            t.command("run Save the result to result.txt");
            t.await("run complete", Duration.ofSeconds(30), () -> {
                t.app.testHooks().reconciler().cycle();
                return t.slack.uploads().size() == 1;
            });
            HttpResponse<String> metrics = t.get("/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            String m = metrics.body();
            assertThat(m).contains("giga_slack_ack_seconds_bucket{kind=\"command\"");
            assertThat(m).containsPattern("giga_slack_ack_seconds_count\\{kind=\"command\"} [1-9]");
            assertThat(m).containsPattern(
                    "giga_slack_slack_calls_total\\{method=\"chat.postMessage\",outcome=\"ok\"} [1-9][0-9]*\\.0");
            assertThat(m).containsPattern(
                    "giga_slack_giga_calls_total\\{endpoint=\"POST /api/deployments/start\",outcome=\"2xx\"} 1\\.0");
            assertThat(m).containsPattern("giga_slack_callbacks_total\\{outcome=\"accepted\"} [1-9]");
            assertThat(m).contains("giga_slack_outbox_depth{queue=\"slack\"}");
            assertThat(m).contains("giga_slack_outbox_oldest_age_seconds{queue=\"giga\"}");
            assertThat(m).containsPattern("giga_slack_active_runs [0-9]");
        }
    }

    @Test
    void readiness_fails_with_the_reason_when_slack_refuses_the_token() {
        try (TestApp t = TestApp.start(Map.of())) {
            t.slack.errorNext("auth.test", 1, "invalid_auth");
            HttpResponse<String> r = t.get("/readyz");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("database: ok", "slack: auth.test failed", "not ready");
            assertThat(t.get("/readyz").statusCode()).as("checked again on the next probe").isEqualTo(200);
        }
    }
}

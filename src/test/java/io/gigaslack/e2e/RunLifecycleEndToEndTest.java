package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A whole run through the real HTTP endpoint, the fake Slack and the Giga simulator. */
class RunLifecycleEndToEndTest {
    private TestApp t;

    @BeforeEach
    void start() {
        t = TestApp.start(Map.of());
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void giga_run_posts_a_card_and_a_complete_thread_with_the_output_file() {
        long before = System.nanoTime();
        HttpResponse<String> ack = t.command("run --hours 2 Find the pricing on example.com and save it to pricing.txt 🚀 *now*");
        long ackMillis = (System.nanoTime() - before) / 1_000_000;
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).contains("Starting");
        assertThat(ackMillis).as("acknowledged well inside Slack's 3 s").isLessThan(3000);

        t.await("card posted", Duration.ofSeconds(10), () -> !t.slack.rootMessages("C1").isEmpty());
        FakeSlack.Message root = t.slack.rootMessages("C1").get(0);
        assertThat(root.blocks()).contains("Find the pricing on example.com");

        t.await("thread complete", Duration.ofSeconds(20), () -> threadTexts(root).stream()
                .anyMatch(s -> s.contains("pricing.txt")) && t.slack.uploads().size() == 1);
        List<String> thread = threadTexts(root);
        assertThat(String.join("\n", thread)).contains("<@U1>");
        assertThat(t.giga.count("POST", "/api/deployments/start")).isEqualTo(1);
        assertThat(new String(t.slack.uploads().values().iterator().next(), java.nio.charset.StandardCharsets.UTF_8))
                .isNotEmpty();
        // The prompt reached Giga as plain text, emoji and all.
        String startBody = t.giga.requests("POST", "/api/deployments/start").get(0).body();
        assertThat(readJson(startBody).path("prompts").path("userPrompt").asText())
                .isEqualTo("Find the pricing on example.com and save it to pricing.txt 🚀 *now*");
        // The card was edited in place, never faster than Slack's per-channel pace.
        List<FakeSlack.Call> edits = t.slack.calls("chat.update").stream()
                .filter(c -> root.ts().equals(c.param("ts"))).toList();
        assertThat(edits).isNotEmpty();
        for (int i = 1; i < edits.size(); i++) {
            assertThat((edits.get(i).atNanos() - edits.get(i - 1).atNanos()) / 1_000_000)
                    .as("ms between card edits").isGreaterThanOrEqualTo(1400);
        }
        // Giga called back (PUBLIC_URL is set) and every callback was accepted.
        assertThat(t.giga.callbackDeliveries()).isNotEmpty()
                .allSatisfy(d -> assertThat(d.status()).isEqualTo(202));
    }

    @Test
    void rejects_unsigned_request_with_401() {
        HttpResponse<String> r = t.post("/slack/events", "command=%2Fgiga&text=run+x".getBytes(),
                "application/x-www-form-urlencoded", Map.of());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(t.giga.count("POST", "/api/deployments/start")).isZero();
    }

    @Test
    void rejects_body_over_1_mib_with_413_before_reading_it() {
        assertThat(t.statusForDeclaredLength("/slack/events", 2L * 1024 * 1024)).startsWith("HTTP/1.1 413");
    }

    @Test
    void unknown_path_is_404_without_server_header() {
        HttpResponse<String> r = t.get("/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Server")).isEmpty();
        assertThat(t.get("/healthz").statusCode()).isEqualTo(200);
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(s);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> threadTexts(FakeSlack.Message root) {
        return t.slack.thread("C1", root.ts()).stream().map(m -> m.text() + " " + m.blocks()).toList();
    }
}

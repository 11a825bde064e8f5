package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.giga.sim.GigaSimulator;
import io.gigaslack.slack.SlackSignatureVerifier;
import io.gigaslack.testing.FakeSlack;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real process, stopped with SIGTERM while a job is in hand (a card post Slack is slow to
 * answer), on the default kind of database (an H2 file): the job finishes, the database closes
 * cleanly, and the restarted process completes the run with one card.
 */
class SigtermEndToEndTest {
    private static final String SECRET = "sigterm-test-signing-secret";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void sigterm_with_a_job_in_hand_finishes_it_and_the_restart_completes_the_run(@TempDir Path dir) throws Exception {
        try (FakeSlack slack = new FakeSlack();
                GigaSimulator giga = GigaSimulator.builder().provisionDelay(Duration.ofMillis(300))
                        .agentDuration(Duration.ofSeconds(1)).build().start()) {
            int port = freePort();
            Map<String, String> env = Map.of(
                    "SLACK_BOT_TOKEN", "xoxb-sigterm", "SLACK_SIGNING_SECRET", SECRET, "SLACK_API_URL", slack.apiUrl(),
                    "GIGA_API_URL", giga.baseUrl(), "GIGA_API_KEY", giga.apiKey(), "PORT", String.valueOf(port),
                    "DATABASE_URL", "jdbc:h2:file:" + dir.resolve("gs").toAbsolutePath(),
                    "GIGA_POLL_INTERVAL_SECONDS", "5");
            Path log1 = dir.resolve("first.log");
            Process first = launch(env, log1);
            try {
                awaitHealthy(port);
                slack.delay("chat.postMessage", 2000);
                HttpResponse<String> ack = command(port, "run Save the answer to answer.txt");
                assertThat(ack.body()).contains("Starting");
                await("card post in flight", () -> !slack.calls("chat.postMessage").isEmpty());
                first.destroy(); // SIGTERM
                assertThat(first.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            } finally {
                first.destroyForcibly();
            }
            String firstLog = Files.readString(log1, StandardCharsets.UTF_8);
            assertThat(firstLog).contains("giga-slack stopped").doesNotContain("Database is already closed")
                    .doesNotContain("will retry");

            slack.delay("chat.postMessage", 0);
            Process second = launch(env, dir.resolve("second.log"));
            try {
                awaitHealthy(port);
                await("run completed with its file", () -> slack.uploads().size() == 1);
                assertThat(slack.rootMessages("C1")).as("one card, not two").hasSize(1);
                assertThat(giga.deployments()).hasSize(1);
            } finally {
                second.destroy();
                second.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
                second.destroyForcibly();
            }
        }
    }

    private static Process launch(Map<String, String> env, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The production logging configuration (the test classpath also holds a quieter one).
        URI mainLogback = SigtermEndToEndTest.class.getResource("/logback.xml").toURI();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-Dlogback.configurationFile=" + mainLogback,
                "-cp", System.getProperty("java.class.path"), "io.gigaslack.app.Main");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return pb.start();
    }

    private HttpResponse<String> command(int port, String text) throws Exception {
        String body = "team_id=T1&channel_id=C1&user_id=U1&command=%2Fgiga&text="
                + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&api_app_id=A1&trigger_id=1.2.3";
        String ts = String.valueOf(Instant.now().getEpochSecond());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(SlackSignatureVerifier.TIMESTAMP_HEADER, ts)
                .header(SlackSignatureVerifier.SIGNATURE_HEADER, SlackSignatureVerifier.sign(SECRET, ts, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitHealthy(int port) {
        await("process healthy", () -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant end = Instant.now().plusSeconds(40);
        while (Instant.now().isBefore(end)) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("timed out waiting for: " + what);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

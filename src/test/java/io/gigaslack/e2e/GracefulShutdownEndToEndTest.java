package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** SIGTERM-style shutdown: the request in flight is finished, and its work survives the restart. */
class GracefulShutdownEndToEndTest {

    @Test
    void shutdown_finishes_the_request_in_flight_and_its_work_is_done_after_restart() throws Exception {
        try (TestApp t = TestApp.start(Map.of())) {
            HttpResponse<String> ack = t.command("run Keep working on it");
            Matcher m = Pattern.compile("`(r_[a-z0-9]+)`").matcher(ack.body());
            assertThat(m.find()).isTrue();
            String id = m.group(1);
            t.await("card posted", Duration.ofSeconds(10), () -> !t.slack.rootMessages("C1").isEmpty());

            // A click from someone else makes the handler ask Slack (users.info) whether they are an admin;
            // Slack is slow, so the request is still in flight when shutdown begins.
            t.slack.delay("users.info", 1500);
            int responsesBefore = t.slack.responses().size();
            CompletableFuture<HttpResponse<String>> click =
                    CompletableFuture.supplyAsync(() -> t.button("run_stop", "U2", "C1", id));
            t.await("click in flight", Duration.ofSeconds(5), () -> !t.slack.calls("users.info").isEmpty());
            t.stopApp();
            assertThat(click.get().statusCode()).as("the request in flight was answered").isEqualTo(200);

            t.slack.delay("users.info", 0);
            t.startAgain();
            t.await("the refusal recorded before shutdown is delivered after restart", Duration.ofSeconds(15),
                    () -> t.slack.responses().size() > responsesBefore);
            assertThat(t.slack.responses().get(t.slack.responses().size() - 1)).contains("<@U1>");
            assertThat(t.giga.countMatching("POST", ".*/stop")).isZero();
        }
    }
}

package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A run stopped before its computer started is never started (nobody pays for it). */
class CancelBeforeStartEndToEndTest {

    @Test
    void stop_before_the_computer_started_means_it_is_never_started() {
        try (TestApp t = TestApp.start(Map.of())) {
            t.slack.delay("chat.postMessage", 1500); // the card, and so the start, waits on Slack
            HttpResponse<String> ack = t.command("run Never mind this one");
            Matcher m = Pattern.compile("`(r_[a-z0-9]+)`").matcher(ack.body());
            assertThat(m.find()).isTrue();
            assertThat(t.command("stop " + m.group(1)).body()).contains("Stopping");
            t.await("the card says the run ended", Duration.ofSeconds(15), () -> !t.slack.rootMessages("C1").isEmpty()
                    && t.slack.calls("chat.update").stream().anyMatch(c -> c.param("text") != null
                            && !c.param("text").contains("Starting")));
            t.slack.delay("chat.postMessage", 0);
            t.awaitIdle();
            assertThat(t.giga.count("POST", "/api/deployments/start")).isZero();
            assertThat(t.giga.deployments()).isEmpty();
        }
    }
}

package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.Installs;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A workspace whose bot token rotates: the jobs that post a run's outcome long after anyone last wrote to the app
 * (so no request refreshed the token) refresh it themselves, once, and post with the new token.
 */
class RotatedTokenInJobsEndToEndTest {
    private static final String KEY = "giga_sk_" + "r".repeat(32);
    private final SettableClock clock = new SettableClock();
    private TestApp t;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    @Test
    void a_run_that_ends_after_its_workspaces_token_expired_is_posted_with_the_refreshed_token() {
        t = TestApp.startWith(Installs.oauthApp().andThen(s -> s.member("UTROTADMIN", FakeSlack.Trait.ADMIN)),
                sim -> sim.apiKeys(List.of(KEY)).agentDuration(Duration.ofMinutes(90)), Installs.env(Map.of()), clock);
        Installs.installed(t, FakeSlack.Grant.workspace("TROT").withRotation(Duration.ofHours(1)));
        String first = t.slack.botToken("TROT");
        t.interaction("{\"type\":\"view_submission\",\"team\":{\"id\":\"TROT\",\"domain\":\"d\"},"
                + "\"user\":{\"id\":\"UTROTADMIN\",\"team_id\":\"TROT\"},\"api_app_id\":\"A1\",\"trigger_id\":\"1.2.3\","
                + "\"view\":{\"id\":\"V1\",\"type\":\"modal\",\"callback_id\":\"giga_connect_modal\",\"team_id\":\"TROT\","
                + "\"state\":{\"values\":{\"giga_key\":{\"giga_key_input\":{\"type\":\"plain_text_input\",\"value\":\""
                + KEY + "\"}}}}}}");
        String id = TestApp.runId(t.slackForm(Installs.command(null, false, "TROT", "UTROT1", "CTROT",
                "run --hours 3 Work for a while", t.slack.responseUrl())));
        t.await("the computer is created", Duration.ofSeconds(30), () -> t.giga.deployments(KEY).size() == 1);
        for (int i = 0; i < 20 && !"running".equals(t.giga.deployments(KEY).get(0).status()); i++) {
            t.advance(clock, Duration.ofSeconds(5), Duration.ofSeconds(5));
        }
        assertThat(t.giga.deployments(KEY).get(0).status()).isEqualTo("running");
        t.awaitIdle();
        t.slack.clear();

        // Nobody writes to the app for 95 minutes: the token expires at 60, the agent finishes at 90.
        t.advance(clock, Duration.ofMinutes(95), Duration.ofMinutes(1));

        String second = t.slack.botToken("TROT");
        assertThat(second).isNotEqualTo(first);
        assertThat(t.slack.refreshes()).hasSize(1);
        t.await("the answer is posted", Duration.ofSeconds(20), () -> t.threadTexts("CTROT", id).stream()
                .anyMatch(s -> s.contains("finished") || s.contains("Finished") || s.contains("answer")));
        List<FakeSlack.Call> posts = t.slack.calls().stream().filter(c -> c.method().startsWith("chat.")).toList();
        assertThat(posts).isNotEmpty();
        // Every post after the refresh went out with the new token; none was refused as expired.
        long refreshedAt = t.slack.refreshes().get(0).atNanos();
        assertThat(posts.stream().filter(c -> c.atNanos() > refreshedAt)).isNotEmpty()
                .allSatisfy(c -> assertThat(c.token()).isEqualTo(second));
    }
}

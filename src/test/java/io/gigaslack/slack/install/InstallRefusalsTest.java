package io.gigaslack.slack.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.Installs;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the redirect refuses: a state used before, unknown, expired, or from another browser; a cancelled install;
 * a code Slack refuses. Nothing is installed then, and a refused state never reaches Slack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstallRefusalsTest {
    private final SettableClock clock = new SettableClock();
    private TestApp t;

    @BeforeAll
    void start() {
        t = Installs.start(Map.of(), clock);
    }

    @AfterAll
    void stop() {
        t.close();
    }

    @BeforeEach
    void forgetCalls() {
        t.slack.clear();
    }

    private String code(Installs.Started s) {
        return t.slack.approve(FakeSlack.Grant.workspace("TREF"), s.redirectUri());
    }

    @Test
    void a_state_is_good_for_one_redirect_only() {
        Installs.Started s = Installs.begin(t.baseUrl());
        String query = "code=" + code(s) + "&state=" + s.state();

        assertThat(Installs.redirect(s, query).statusCode()).isEqualTo(200);
        HttpResponse<String> again = Installs.redirect(s, query);

        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(again.body()).contains("This install link was already used or has expired (it is good for 10"
                + " minutes, once).").contains("Start the installation again");
        assertThat(t.slack.calls("oauth.v2.access")).hasSize(1);
    }

    @Test
    void an_unknown_state_is_refused_before_slack_is_asked() {
        Installs.Started s = Installs.begin(t.baseUrl());
        Installs.Started forged = new Installs.Started(s.page(), "forged-state", "slack-app-oauth-state=forged-state",
                s.redirectUri());

        HttpResponse<String> r = Installs.redirect(forged, "code=" + code(s) + "&state=forged-state");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("already used or has expired");
        assertThat(t.slack.calls("oauth.v2.access")).isEmpty();
    }

    @Test
    void a_state_older_than_ten_minutes_is_refused() {
        Installs.Started s = Installs.begin(t.baseUrl());
        String code = code(s);
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        HttpResponse<String> r = Installs.redirect(s, "code=" + code + "&state=" + s.state());

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("already used or has expired");
        assertThat(t.slack.calls("oauth.v2.access")).isEmpty();
    }

    @Test
    void a_redirect_in_another_browser_is_refused_and_uses_the_state_up() {
        Installs.Started s = Installs.begin(t.baseUrl());
        String query = "code=" + code(s) + "&state=" + s.state();
        Installs.Started otherBrowser = new Installs.Started(s.page(), s.state(), "other=1", s.redirectUri());

        HttpResponse<String> r = Installs.redirect(otherBrowser, query);

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("This install was started in another browser, or too long ago.");
        assertThat(Installs.redirect(s, query).statusCode()).as("the state is used up").isEqualTo(403);
        assertThat(t.slack.calls("oauth.v2.access")).isEmpty();
    }

    @Test
    void a_cancelled_install_says_so_and_installs_nothing() {
        Installs.Started s = Installs.begin(t.baseUrl());

        HttpResponse<String> r = Installs.redirect(s, "error=access_denied&state=" + s.state());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Giga was not installed").contains("The installation was cancelled.");
        assertThat(t.slack.calls("oauth.v2.access")).isEmpty();
    }

    @Test
    void a_redirect_without_a_state_is_refused() {
        Installs.Started s = Installs.begin(t.baseUrl());

        HttpResponse<String> r = Installs.redirect(s, "code=" + code(s));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(t.slack.calls("oauth.v2.access")).isEmpty();
    }

    @Test
    void a_code_slack_refuses_is_reported_with_slacks_error() {
        Installs.Started s = Installs.begin(t.baseUrl());

        HttpResponse<String> r = Installs.redirect(s, "code=made-up&state=" + s.state());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("Slack refused to complete the installation (invalid_code).");
    }

    @Test
    void of_two_redirects_with_one_state_at_the_same_moment_only_one_installs() throws Exception {
        Installs.Started s = Installs.begin(t.baseUrl());
        String query = "code=" + code(s) + "&state=" + s.state();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            Callable<Integer> redirect = () -> {
                go.await();
                return Installs.redirect(s, query).statusCode();
            };
            List<Future<Integer>> results = List.of(pool.submit(redirect), pool.submit(redirect));
            go.countDown();
            List<Integer> statuses = results.stream().map(f -> {
                try {
                    return f.get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            assertThat(statuses).containsExactlyInAnyOrder(200, 403);
        } finally {
            pool.shutdownNow();
        }
        assertThat(t.slack.calls("oauth.v2.access")).hasSize(1);
    }

    @Test
    void odd_values_in_the_redirect_get_a_plain_refusal_with_nothing_of_them_echoed_raw() {
        Installs.Started s = Installs.begin(t.baseUrl());

        HttpResponse<String> r = Installs.redirect(s, "error=%3Cscript%3Ealert(1)%3C%2Fscript%3E%0Aforged&state="
                + s.state());
        HttpResponse<String> huge = Installs.redirect(s, "code=" + "x".repeat(2000) + "&state=" + "y".repeat(2000));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("<script>").contains("Slack did not complete the installation (");
        assertThat(huge.statusCode()).isEqualTo(403);
        assertThat(t.slack.calls("oauth.v2.access")).isEmpty();
    }
}

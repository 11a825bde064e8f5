package io.gigaslack.slack.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.testing.FakeSlack;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the gateway makes of Slack's answer to a token check: accepted (with the ids), refused only for the error
 * codes that are about the token, anything else "unreachable" with a one-line reason that names the host.
 */
class TokenCheckTest {
    private final FakeSlack slack = new FakeSlack();
    private final OkHttpClient http = new OkHttpClient();
    private final SlackWebGateway gateway = new SlackWebGateway(slack.apiUrl(), "xoxb-test", http);

    @AfterEach
    void close() {
        slack.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Test
    void an_accepted_bot_token_comes_with_the_team_and_the_bot_user() {
        assertThat(gateway.checkToken()).isEqualTo(new TokenCheck.Valid("T1", "UBOT"));
        assertThat(gateway.authTest()).isTrue();
    }

    @Test
    void a_token_slack_refuses_is_refused_with_slacks_error_code() {
        slack.refuseBotToken("token_revoked");
        assertThat(gateway.checkToken()).isEqualTo(new TokenCheck.Refused("token_revoked"));
        assertThat(gateway.authTest()).isFalse();
    }

    @Test
    void a_server_error_says_nothing_about_the_token() {
        slack.failNext("auth.test", 1, 503, 0);
        assertThat(gateway.checkToken()).isInstanceOfSatisfying(TokenCheck.Unreachable.class,
                u -> assertThat(u.reason()).contains("auth.test", "HTTP 503"));
    }

    @Test
    void an_error_code_that_is_not_about_the_token_says_nothing_about_it() {
        slack.errorNext("auth.test", 1, "ratelimited");
        assertThat(gateway.checkToken()).isInstanceOf(TokenCheck.Unreachable.class);
    }

    @Test
    void a_refused_app_level_token_is_refused() {
        slack.refuseAppToken("invalid_auth");
        assertThat(gateway.checkAppToken("xapp-1-bad")).isEqualTo(new TokenCheck.Refused("invalid_auth"));
    }

    @Test
    void network_failures_are_told_apart_in_one_line() {
        String host = "slack.com";
        assertThat(NetworkFailure.describe(new UnknownHostException("slack.com: Name or service not known"), host))
                .isEqualTo("cannot resolve Slack's host slack.com: check DNS / network");
        ConnectException okHttpStyle = new ConnectException("Failed to connect to slack.com/1.2.3.4:443");
        okHttpStyle.initCause(new ConnectException("Connection refused"));
        assertThat(NetworkFailure.describe(okHttpStyle, host))
                .isEqualTo("connection to Slack's host slack.com refused: check the network, firewall or proxy");
        assertThat(NetworkFailure.describe(new SocketTimeoutException("connect timed out"), host))
                .isEqualTo("no answer from Slack's host slack.com in time: check the network, firewall or proxy");
        assertThat(NetworkFailure.describe(new SSLHandshakeException("PKIX path building failed"), host))
                .startsWith("TLS with Slack's host slack.com failed (PKIX path building failed)");
        assertThat(NetworkFailure.describe(new IllegalStateException("odd\nthing"), host))
                .isEqualTo("cannot reach Slack's host slack.com (IllegalStateException: odd thing)");
    }
}

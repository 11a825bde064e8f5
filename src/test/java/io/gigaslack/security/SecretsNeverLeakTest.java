package io.gigaslack.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.OutputStreamAppender;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.Installs;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.TestApp;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Runs a whole run with every logger at DEBUG and scans everything the app said (logs, Slack
 * messages, metrics, HTTP answers) for the bot token, the signing secret, the Giga API key and the
 * run's callback token; and, in distributed mode, installs (with user tokens, an org-wide install and token rotation)
 * and scans for the client secret, both encryption keys, the OAuth code and every access and refresh token.
 */
class SecretsNeverLeakTest {

    @Test
    void no_secret_appears_in_logs_slack_messages_or_metrics() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level previous = root.getLevel();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%level %logger %X %msg %ex%n");
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(ctx);
        appender.setEncoder(encoder);
        appender.setOutputStream(captured);
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.DEBUG);
        List<String> answers = new ArrayList<>();
        String callbackToken;
        String apiKey;
        try (TestApp t = TestApp.start(Map.of("DATABASE_PASSWORD", "", "GIGA_CLIENT_ID", "tenant-1"))) {
            apiKey = t.giga.apiKey();
            answers.add(t.command("run Save the report to report.txt").body());
            t.await("thread complete", Duration.ofSeconds(30), () -> {
                t.app.testHooks().reconciler().cycle();
                return t.slack.uploads().size() == 1;
            });
            answers.add(t.command("list").body());
            answers.add(t.get("/metrics").body());
            answers.add(t.get("/readyz").body());
            String startBody = t.giga.requests("POST", "/api/deployments/start").get(0).body();
            Matcher m = Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(startBody);
            assertThat(m.find()).isTrue();
            callbackToken = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            for (FakeSlack.Call c : t.slack.calls()) {
                answers.add(c.params().toString());
            }
            answers.addAll(t.slack.responses());
            assertThat(t.giga.callbackDeliveries()).isNotEmpty();
        } finally {
            root.detachAppender(appender);
            root.setLevel(previous);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).as("something was logged at DEBUG").contains("DEBUG");
        String everything = logs + String.join("\n", answers);
        assertThat(everything)
                .doesNotContain(TestApp.BOT_TOKEN)
                .doesNotContain(TestApp.SIGNING_SECRET)
                .doesNotContain(apiKey)
                .doesNotContain(callbackToken);
    }

    @Test
    void no_secret_of_distributed_mode_appears_in_logs_pages_slack_calls_or_metrics() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level previous = root.getLevel();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%level %logger %X %msg %ex%n");
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(ctx);
        appender.setEncoder(encoder);
        appender.setOutputStream(captured);
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.DEBUG);
        // As an operator debugging Slack calls would: the SDK's own request and response logging on too.
        Logger sdk = ctx.getLogger("com.slack.api");
        Level sdkPrevious = sdk.getLevel();
        sdk.setLevel(Level.DEBUG);
        List<String> answers = new ArrayList<>();
        List<String> secrets = new ArrayList<>(List.of(TestApp.SIGNING_SECRET, Installs.CLIENT_SECRET,
                Installs.ENCRYPTION_KEY, Installs.NEW_ENCRYPTION_KEY));
        SettableClock clock = new SettableClock();
        // Mid-rotation of the encryption key: the new key seals, the old one still reads.
        try (TestApp t = Installs.start(Map.of("GIGA_SLACK_ENCRYPTION_KEY", Installs.NEW_ENCRYPTION_KEY,
                "GIGA_SLACK_OLD_ENCRYPTION_KEY", Installs.ENCRYPTION_KEY), clock)) {
            Installs.Started s = Installs.begin(t.baseUrl());
            answers.add(s.page().body() + s.page().headers().map());
            String code = t.slack.approve(FakeSlack.Grant.workspace("TLEAK").withUserToken()
                    .withRotation(Duration.ofHours(12)), s.redirectUri());
            secrets.add(code);
            HttpResponse<String> done = Installs.redirect(s, "code=" + code + "&state=" + s.state());
            assertThat(done.statusCode()).isEqualTo(200);
            answers.add(done.body() + done.headers().map());
            answers.add(Installs.redirect(s, "code=" + code + "&state=" + s.state()).body()); // refused: used state
            answers.add(Installs.install(t.baseUrl(), t.slack, FakeSlack.Grant.orgWide("ELEAK").withUserToken())
                    .body());
            answers.add(command(t, null, "TLEAK").body());
            answers.add(command(t, "ELEAK", "TINORG").body());
            clock.advance(Duration.ofHours(11).plusMinutes(55));
            answers.add(command(t, null, "TLEAK").body());
            assertThat(t.slack.refreshes()).hasSize(1);
            answers.add(command(t, null, "TNOTINSTALLED").body());
            answers.add(t.get("/metrics").body());
            answers.add(t.get("/readyz").body());
            for (FakeSlack.Call c : t.slack.calls()) {
                // oauth.v2.access carries the code and the refresh token to Slack itself, as it must.
                if (!c.method().equals("oauth.v2.access")) {
                    answers.add(c.params().toString());
                }
            }
            answers.addAll(t.slack.responses());
            secrets.addAll(t.slack.issuedSecrets());
            assertThat(t.slack.issuedSecrets()).hasSizeGreaterThanOrEqualTo(7);
        } finally {
            root.detachAppender(appender);
            root.setLevel(previous);
            sdk.setLevel(sdkPrevious);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).as("something was logged at DEBUG").contains("DEBUG").contains("installed in workspace TLEAK")
                .contains("DetailedLoggingListener");
        String everything = logs + String.join("\n", answers);
        for (int i = 0; i < secrets.size(); i++) {
            assertThat(everything).as("secret #" + i + " leaked").doesNotContain(secrets.get(i));
        }
    }

    private static HttpResponse<String> command(TestApp t, String enterprise, String team) {
        return t.slackForm(Installs.command(enterprise, enterprise != null, team, "U" + team, "C" + team, "help",
                t.slack.responseUrl()));
    }
}

package io.gigaslack.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.OutputStreamAppender;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.TestApp;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
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
 * run's callback token.
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
}

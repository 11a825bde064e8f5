package io.gigaslack.bench;

import com.slack.api.bolt.App;
import io.gigaslack.http.JettyServer;
import io.gigaslack.http.Route;
import io.gigaslack.slack.SlackEventsEndpoint;
import io.gigaslack.slack.SlackSignatureVerifier;
import io.gigaslack.slack.web.SlackWebGateway;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;

/**
 * The yardstick: a bare Bolt for Java app whose command handler and action handler only
 * acknowledge, served exactly as giga-slack serves Slack requests (our JettyServer, the same
 * signature check over the raw bytes, the same SlackEventsEndpoint that parses and calls
 * {@code App.run}). Whatever giga-slack costs above this is its own work.
 */
final class BareBoltApp implements AutoCloseable {
    private final JettyServer server;

    private BareBoltApp(JettyServer server) {
        this.server = server;
    }

    static BareBoltApp start(String slackApiUrl, String botToken, String signingSecret) {
        App app = bolt(slackApiUrl, botToken, signingSecret);
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put("POST /slack/events", new SlackEventsEndpoint(app,
                new SlackSignatureVerifier(signingSecret, Clock.systemUTC()), (kind, elapsed) -> { }));
        return new BareBoltApp(JettyServer.start("127.0.0.1", 0, routes, 5_000));
    }

    /** The Bolt app alone: configured as giga-slack configures its own, listeners that only ack. */
    static App bolt(String slackApiUrl, String botToken, String signingSecret) {
        SlackWebGateway slack = new SlackWebGateway(slackApiUrl, botToken, new OkHttpClient());
        App app = new App(com.slack.api.bolt.AppConfig.builder()
                .slack(slack.slack())
                .singleTeamBotToken(botToken)
                .signingSecret(signingSecret)
                .requestVerificationEnabled(false)
                .build());
        app.command("/giga", (req, ctx) -> ctx.ack());
        app.blockAction(Pattern.compile(".*"), (req, ctx) -> ctx.ack());
        return app;
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}

package io.gigaslack.bench;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.App;
import io.gigaslack.http.JettyServer;
import io.gigaslack.http.Route;
import io.gigaslack.service.RunService;
import io.gigaslack.slack.SlackEventsEndpoint;
import io.gigaslack.slack.SlackSignatureVerifier;
import io.gigaslack.slack.web.SlackWebGateway;
import io.gigaslack.store.Database;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
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
    private final Database database;

    private BareBoltApp(JettyServer server, Database database) {
        this.server = server;
        this.database = database;
    }

    static BareBoltApp start(String slackApiUrl, String botToken, String signingSecret) {
        return serve(bolt(slackApiUrl, botToken, signingSecret), signingSecret, null);
    }

    /**
     * The floor of any acknowledgement that keeps what it acknowledged: the bare app whose listeners first write the
     * request as one row (a command's workspace, user, channel, text, response URL and trigger id; a button's
     * workspace, user, action and value) through the app's group commit, into an H2 file database with durable
     * commits ({@code WRITE_DELAY=0}, as the app sets it), and acknowledge once that commit is done. No limits, no
     * lookups, no workers: one append-only insert, the least a durable "an acknowledged run is never lost" can write,
     * for the ratio of that alone to the bare app. {@code -Dbench.floorJdbcUrl} (with {@code -Dbench.floorJdbcUser},
     * {@code -Dbench.floorJdbcPassword}) points it at another database instead, e.g. PostgreSQL, or H2 with delayed
     * writes ({@code WRITE_DELAY=500}) to read what the disk write costs.
     */
    static BareBoltApp startDurable(String slackApiUrl, String botToken, String signingSecret, Path dbDir) {
        String url = System.getProperty("bench.floorJdbcUrl",
                "jdbc:h2:file:" + dbDir.resolve("db").toAbsolutePath() + ";WRITE_DELAY=0");
        Database db = Database.open(url, System.getProperty("bench.floorJdbcUser", ""),
                System.getProperty("bench.floorJdbcPassword", ""));
        db.jdbc().update("DROP TABLE IF EXISTS bench_intake");
        db.jdbc().update("CREATE TABLE bench_intake (id VARCHAR(40) PRIMARY KEY, kind VARCHAR(16) NOT NULL,"
                + " team_id VARCHAR(32) NOT NULL, user_id VARCHAR(32) NOT NULL, channel_id VARCHAR(32),"
                + " text VARCHAR(4000), response_url VARCHAR(1000), trigger_id VARCHAR(200),"
                + " received_at TIMESTAMP NOT NULL)");
        String insert = "INSERT INTO bench_intake (id, kind, team_id, user_id, channel_id, text, response_url,"
                + " trigger_id, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        // Ids drawn as the app draws its run ids: the JDK's default SecureRandom (behind UUID.randomUUID) would queue
        // every request on one process-wide lock, a cost the app does not pay.
        RandomGenerator random = RunService.perThreadSecureRandom();
        App app = app(slackApiUrl, botToken, signingSecret);
        app.command("/giga", (req, ctx) -> {
            SlashCommandPayload p = req.getPayload();
            db.jdbc().inGroupCommit(tx -> tx.update(insert, id(random), "command", p.getTeamId(),
                    p.getUserId(), p.getChannelId(), p.getText(), p.getResponseUrl(), p.getTriggerId(),
                    Timestamp.from(Instant.now())));
            return ctx.ack();
        });
        app.blockAction(Pattern.compile(".*"), (req, ctx) -> {
            BlockActionPayload p = req.getPayload();
            BlockActionPayload.Action action = p.getActions().get(0);
            db.jdbc().inGroupCommit(tx -> tx.update(insert, id(random), "action",
                    p.getTeam().getId(), p.getUser().getId(), p.getChannel() == null ? null : p.getChannel().getId(),
                    action.getActionId() + " " + action.getValue(), p.getResponseUrl(), p.getTriggerId(),
                    Timestamp.from(Instant.now())));
            return ctx.ack();
        });
        return serve(app, signingSecret, db);
    }

    private static String id(RandomGenerator random) {
        return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }

    private static BareBoltApp serve(App app, String signingSecret, Database db) {
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put("POST /slack/events", new SlackEventsEndpoint(app,
                new SlackSignatureVerifier(signingSecret, Clock.systemUTC()), (kind, elapsed) -> { }));
        return new BareBoltApp(JettyServer.start("127.0.0.1", 0, routes, 5_000), db);
    }

    /** The Bolt app alone: configured as giga-slack configures its own, listeners that only ack. */
    static App bolt(String slackApiUrl, String botToken, String signingSecret) {
        App app = app(slackApiUrl, botToken, signingSecret);
        app.command("/giga", (req, ctx) -> ctx.ack());
        app.blockAction(Pattern.compile(".*"), (req, ctx) -> ctx.ack());
        return app;
    }

    /** A Bolt app configured as giga-slack configures its own, without listeners. */
    private static App app(String slackApiUrl, String botToken, String signingSecret) {
        SlackWebGateway slack = new SlackWebGateway(slackApiUrl, botToken, new OkHttpClient());
        return new App(com.slack.api.bolt.AppConfig.builder()
                .slack(slack.slack())
                .singleTeamBotToken(botToken)
                .signingSecret(signingSecret)
                .requestVerificationEnabled(false)
                .build());
    }

    /** Requests written so far and the commits that held them (the durable yardstick's group commit). */
    long[] writesAndCommits() {
        return database == null ? new long[] {0, 0}
                : new long[] {database.jdbc().groupCommit().requests(), database.jdbc().groupCommit().batches()};
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        if (database != null) {
            database.close();
        }
    }
}

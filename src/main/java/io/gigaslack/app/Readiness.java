package io.gigaslack.app;

import io.gigaslack.slack.web.SlackGateway;
import io.gigaslack.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /readyz}: the database is reachable, every migration is applied, and Slack accepts
 * the bot token. The Slack check ({@code auth.test}) is cached for a minute so that frequent
 * probes do not spend Slack's rate limit. In distributed mode ({@code slack} null) there is no token of the app's own
 * to check.
 */
final class Readiness {
    static final Duration SLACK_CHECK_TTL = Duration.ofMinutes(1);

    private final Database database;
    private final SlackGateway slack;
    private final Clock clock;
    private volatile Instant slackCheckedAt = Instant.EPOCH;
    private volatile boolean slackOk;

    Readiness(Database database, SlackGateway slack, Clock clock) {
        this.database = database;
        this.slack = slack;
        this.clock = clock;
    }

    /** One line per check, and whether all passed. */
    record Report(boolean ready, String text) {}

    Report check() {
        List<String> lines = new ArrayList<>();
        boolean ready = true;
        boolean dbOk;
        try {
            dbOk = database.jdbc().queryLong("SELECT 1") == 1;
        } catch (RuntimeException e) {
            dbOk = false;
        }
        lines.add("database: " + (dbOk ? "ok" : "unreachable"));
        ready &= dbOk;
        if (dbOk) {
            String problem;
            try {
                problem = database.migrationProblem().orElse(null);
            } catch (RuntimeException e) {
                problem = "cannot read the migration history";
            }
            lines.add("migrations: " + (problem == null ? "ok" : problem));
            ready &= problem == null;
        }
        if (slack == null) {
            lines.add("slack: distributed mode (each workspace's token is checked on its own requests)");
        } else {
            boolean slackGood = slackTokenValid();
            lines.add("slack: " + (slackGood ? "ok" : "auth.test failed (check SLACK_BOT_TOKEN and SLACK_API_URL)"));
            ready &= slackGood;
        }
        lines.add(ready ? "ready" : "not ready");
        return new Report(ready, String.join("\n", lines) + "\n");
    }

    private boolean slackTokenValid() {
        Instant now = clock.instant();
        if (slackOk && slackCheckedAt.plus(SLACK_CHECK_TTL).isAfter(now)) {
            return true;
        }
        // A failure is re-checked on the next probe; a success is trusted for a minute.
        slackOk = slack.authTest();
        slackCheckedAt = now;
        return slackOk;
    }
}

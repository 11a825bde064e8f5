package io.gigaslack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.testing.TestApp;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The app removed from a workspace, through the real endpoint: {@code app_uninstalled} (or the bot's token revoked)
 * stops the computers of its runs still going, at the simulator, ends their tracking and records when the app left;
 * revoked user tokens alone change nothing.
 */
class LeavingWorkspaceEndToEndTest {
    private TestApp t;

    @AfterEach
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    private String runningComputer() {
        String id = TestApp.runId(t.command("run --hours 2 Work on it"));
        t.await("the computer runs", Duration.ofSeconds(20), () -> t.giga.deployments().size() == 1
                && "running".equals(t.giga.deployments().get(0).status()));
        return id;
    }

    @Test
    void app_uninstalled_stops_the_workspaces_computers_and_ends_their_tracking() throws Exception {
        t = TestApp.startWith(slack -> { }, sim -> sim.agentDuration(Duration.ofSeconds(120)), Map.of());
        String id = runningComputer();

        t.event("Ev-uninstalled", "{\"type\":\"app_uninstalled\",\"event_ts\":\"1700000001.000100\"}", Map.of());

        t.await("the computer is stopped at Giga", Duration.ofSeconds(20),
                () -> !"running".equals(t.giga.deployments().get(0).status()));
        t.await("the run is no longer tracked", Duration.ofSeconds(20), () -> tracked(id) == 0);
        assertThat(t.giga.countMatching("POST", "/api/deployments/.*/stop")).isEqualTo(1);
        assertThat(leftAt("T1")).isNotNull();
        assertThat(audit("T1", "app_uninstalled")).isEqualTo(1);
    }

    @Test
    void a_repeated_app_uninstalled_delivery_is_handled_once() throws Exception {
        t = TestApp.startWith(slack -> { }, sim -> sim.agentDuration(Duration.ofSeconds(120)), Map.of());
        String id = runningComputer();

        t.event("Ev-uninstalled-2", "{\"type\":\"app_uninstalled\",\"event_ts\":\"1700000001.000100\"}", Map.of());
        t.event("Ev-uninstalled-2", "{\"type\":\"app_uninstalled\",\"event_ts\":\"1700000001.000100\"}",
                Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"));

        t.await("the run is no longer tracked", Duration.ofSeconds(20), () -> tracked(id) == 0);
        t.awaitIdle();
        assertThat(audit("T1", "app_uninstalled")).isEqualTo(1);
    }

    @Test
    void a_revoked_bot_token_is_the_app_leaving() throws Exception {
        t = TestApp.startWith(slack -> { }, sim -> sim.agentDuration(Duration.ofSeconds(120)), Map.of());
        String id = runningComputer();

        t.event("Ev-revoked", "{\"type\":\"tokens_revoked\",\"tokens\":{\"oauth\":[],\"bot\":[\"UBOT\"]},"
                + "\"event_ts\":\"1700000001.000100\"}", Map.of());

        t.await("the run is no longer tracked", Duration.ofSeconds(20), () -> tracked(id) == 0);
        assertThat(t.giga.countMatching("POST", "/api/deployments/.*/stop")).isEqualTo(1);
    }

    @Test
    void revoked_user_tokens_alone_change_nothing() throws Exception {
        t = TestApp.startWith(slack -> { }, sim -> sim.agentDuration(Duration.ofSeconds(120)), Map.of());
        String id = runningComputer();

        t.event("Ev-revoked-users", "{\"type\":\"tokens_revoked\",\"tokens\":{\"oauth\":[\"U1\"],\"bot\":[]},"
                + "\"event_ts\":\"1700000001.000100\"}", Map.of());

        t.awaitIdle();
        assertThat(tracked(id)).isEqualTo(1);
        assertThat(leftAt("T1")).isNull();
        assertThat(t.giga.countMatching("POST", "/api/deployments/.*/stop")).isZero();
    }

    private int tracked(String runId) {
        return count("SELECT COUNT(*) FROM runs WHERE id = '" + runId + "' AND (status NOT IN ('SUCCEEDED', 'FAILED',"
                + " 'STOPPED') OR computer IN ('PROVISIONING', 'RUNNING'))");
    }

    private int audit(String team, String action) {
        return count("SELECT COUNT(*) FROM audit_log WHERE team_id = '" + team + "' AND action = '" + action + "'");
    }

    private Long leftAt(String team) throws SQLException {
        try (Connection c = DriverManager.getConnection(t.databaseUrl, "", "");
                ResultSet rs = c.createStatement().executeQuery("SELECT left_at FROM slack_teams WHERE team_id = '"
                        + team + "'")) {
            if (!rs.next()) {
                return null;
            }
            long v = rs.getLong(1);
            return rs.wasNull() ? null : v;
        }
    }

    private int count(String sql) {
        try (Connection c = DriverManager.getConnection(t.databaseUrl, "", "");
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

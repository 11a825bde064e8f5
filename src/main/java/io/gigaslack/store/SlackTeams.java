package io.gigaslack.store;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which Enterprise Grid org each Slack team belongs to, as Slack's requests said (table {@code slack_teams}). A team
 * never moves between orgs in Slack's model as the app sees it, so what was recorded first stays; replicas that
 * record the same team at once leave one row.
 */
public final class SlackTeams {
    /** What a team looks like when Slack named no org: outside Enterprise Grid. */
    private static final String NONE = "";

    private final Jdbc jdbc;
    /** Teams this process knows are recorded, and their org ("" for none): read once, then kept. */
    private final ConcurrentHashMap<String, String> known = new ConcurrentHashMap<>();

    public SlackTeams(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records that {@code teamId} belongs to {@code enterpriseId} (null: to no org), unless it is recorded already.
     * Costs a write only the first time this process sees the team.
     */
    public void record(String teamId, String enterpriseId, Instant now) {
        Objects.requireNonNull(teamId, "teamId");
        if (known.containsKey(teamId)) {
            return;
        }
        Dialect dialect = jdbc.dialect();
        String sql = dialect.insertIfAbsent("slack_teams", List.of("team_id", "enterprise_id", "first_seen"),
                "team_id");
        jdbc.useTransaction(tx -> {
            try {
                tx.withSavepoint(() -> tx.updateRaw(sql, teamId, blankToNull(enterpriseId), now));
            } catch (SQLException e) {
                if (!dialect.isLostInsertRace(e)) {
                    throw new StoreException("Recording the team " + teamId + " failed: " + e.getMessage(), e);
                }
            }
        });
        enterpriseOf(teamId); // what won the race, now kept
    }

    /** The org {@code teamId} belongs to; empty outside Grid or when the team was never seen. */
    public Optional<String> enterpriseOf(String teamId) {
        if (teamId == null) {
            return Optional.empty();
        }
        String org = known.get(teamId);
        if (org == null) {
            List<String> rows = jdbc.query("SELECT enterprise_id FROM slack_teams WHERE team_id = ?",
                    rs -> rs.getString(1) == null ? NONE : rs.getString(1), teamId);
            if (rows.isEmpty()) {
                return Optional.empty(); // not recorded (yet): not cached, so a later record is seen
            }
            org = rows.get(0);
            known.put(teamId, org);
        }
        return org.equals(NONE) ? Optional.empty() : Optional.of(org);
    }

    /** The teams recorded as belonging to {@code enterpriseId}. */
    public Set<String> teamsOf(String enterpriseId) {
        return Set.copyOf(jdbc.query("SELECT team_id FROM slack_teams WHERE enterprise_id = ?", rs -> rs.getString(1),
                enterpriseId));
    }

    /** Records that the app left {@code teamId} at {@code at} (the first removal counts; recorded if unseen). */
    public void left(Tx tx, String teamId, String enterpriseId, Instant at) {
        Dialect dialect = jdbc.dialect();
        String sql = dialect.insertIfAbsent("slack_teams", List.of("team_id", "enterprise_id", "first_seen"),
                "team_id");
        try {
            tx.withSavepoint(() -> tx.updateRaw(sql, teamId, blankToNull(enterpriseId), at));
        } catch (SQLException e) {
            if (!dialect.isLostInsertRace(e)) {
                throw new StoreException("Recording the team " + teamId + " failed: " + e.getMessage(), e);
            }
        }
        tx.update("UPDATE slack_teams SET left_at = ? WHERE team_id = ? AND left_at IS NULL", at, teamId);
    }

    /**
     * The app was installed (again), in the caller's transaction: the data of every team of org {@code orgWide} when
     * it is not null (an org-wide install), else of {@code teamId} (when not null), is no longer due for deletion.
     */
    static void returned(Tx tx, String orgWide, String teamId) {
        if (orgWide != null) {
            tx.update("UPDATE slack_teams SET left_at = NULL WHERE enterprise_id = ? AND left_at IS NOT NULL", orgWide);
        } else if (teamId != null) {
            tx.update("UPDATE slack_teams SET left_at = NULL WHERE team_id = ? AND left_at IS NOT NULL", teamId);
        }
    }

    /** Teams the app left before {@code before}: their data is due for deletion. */
    public List<String> leftBefore(Instant before) {
        return jdbc.query("SELECT team_id FROM slack_teams WHERE left_at IS NOT NULL AND left_at < ?",
                rs -> rs.getString(1), before);
    }

    /** Forgets {@code teamId} (its workspace's data is being deleted). */
    public void delete(String teamId) {
        jdbc.update("DELETE FROM slack_teams WHERE team_id = ?", teamId);
        known.remove(teamId);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

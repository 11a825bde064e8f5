package io.gigaslack.store;

import io.gigaslack.runs.AuditEntry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Who did what, kept for admins; written in the caller's transaction or on its own. */
public final class AuditLog {
    public static final int MAX_DETAIL_LENGTH = 4000;

    private final Jdbc jdbc;

    public AuditLog(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Records an entry; returns its id. {@code detail} longer than {@link #MAX_DETAIL_LENGTH} is cut. */
    public long record(Tx tx, String teamId, String userId, String action, String runId, String detail, Instant at) {
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(at, "at");
        String d = detail != null && detail.length() > MAX_DETAIL_LENGTH ? detail.substring(0, MAX_DETAIL_LENGTH)
                : detail;
        return tx.insertReturningId("INSERT INTO audit_log (team_id, user_id, action, run_id, detail, recorded_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", teamId, userId, action, runId, d, at);
    }

    public long record(String teamId, String userId, String action, String runId, String detail, Instant at) {
        return jdbc.inTransaction(tx -> record(tx, teamId, userId, action, runId, detail, at));
    }

    /** A team's latest entries, newest first. */
    public List<AuditEntry> recent(String teamId, int limit) {
        return jdbc.query("SELECT id, team_id, user_id, action, run_id, detail, recorded_at FROM audit_log "
                + "WHERE team_id = ? ORDER BY recorded_at DESC, id DESC FETCH FIRST ? ROWS ONLY",
                AuditLog::map, teamId, limit);
    }

    private static AuditEntry map(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("id"), rs.getString("team_id"), rs.getString("user_id"),
                rs.getString("action"), rs.getString("run_id"), rs.getString("detail"),
                Rows.instant(rs, "recorded_at"));
    }
}

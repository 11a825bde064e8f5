package io.gigaslack.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Copies what a running app needs from one database to another (H2 to PostgreSQL, typically): every
 * run, the unfinished jobs (with their leases cleared, in their order), unprocessed callbacks, the
 * audit log, the Slack deliveries seen recently (so a retried delivery is still recognised), the
 * app's keys, the last balance read, the files given to agents and each Giga key's request window, and in distributed
 * mode the workspaces' installations and Giga keys (still sealed, for the same encryption key).
 * Finished jobs and old delivery keys are left behind. The target must be migrated and hold no runs;
 * the copy is one transaction on the target. The source must not be in use (stop the app first).
 */
public final class DatabaseCopy {
    /** Slack retries a delivery for minutes; a day of delivery keys is plenty. */
    public static final Duration RECENT_EVENTS = Duration.ofDays(1);

    /** Rows copied per table. */
    public record Result(Map<String, Integer> rows) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            rows.forEach((table, n) -> b.append(b.length() == 0 ? "" : ", ").append(n).append(' ').append(table));
            return b.toString();
        }
    }

    private DatabaseCopy() {}

    /** Copies {@code source} into {@code target}; refuses (IllegalStateException) when the target has runs. */
    public static Result copy(Database source, Database target, Instant now) {
        long existing = target.jdbc().queryLong("SELECT COUNT(*) FROM runs");
        if (existing > 0) {
            throw new IllegalStateException("the target database already has " + existing
                    + " runs; copy only into an empty, new database");
        }
        Map<String, Integer> rows = new LinkedHashMap<>();
        try (Connection from = source.dataSource().getConnection();
                Connection to = target.dataSource().getConnection()) {
            from.setReadOnly(true);
            to.setAutoCommit(false);
            try {
                rows.put("runs", copy(from, to, "SELECT * FROM runs ORDER BY created_at, id", "runs", List.of()));
                // Identity ids are given anew, in the same order; leases are cleared (no replica holds them now).
                rows.put("jobs", copy(from, to, "SELECT * FROM jobs WHERE done = FALSE ORDER BY id", "jobs",
                        List.of("id", "lease_owner", "lease_until")));
                rows.put("callback_deliveries", copy(from, to, "SELECT * FROM callback_deliveries "
                        + "WHERE processed = FALSE ORDER BY id", "callback_deliveries", List.of("id")));
                rows.put("audit_log", copy(from, to, "SELECT * FROM audit_log ORDER BY id", "audit_log",
                        List.of("id")));
                rows.put("slack_events", copy(from, to, "SELECT * FROM slack_events WHERE first_seen >= "
                        + now.minus(RECENT_EVENTS).toEpochMilli(), "slack_events", List.of()));
                // The app's own keys, so personal desktop links made before the move stay valid after it.
                rows.put("app_keys", copy(from, to, "SELECT * FROM app_keys ORDER BY name", "app_keys", List.of()));
                // The last balance read and whether admins were told it is low, so the move sends no second warning.
                rows.put("giga_balance", copy(from, to, "SELECT * FROM giga_balance", "giga_balance", List.of()));
                // Files given to agents: unfinished transfers need them, and output files are told apart by them.
                rows.put("input_files", copy(from, to, "SELECT * FROM input_files ORDER BY run_id, batch, position",
                        "input_files", List.of()));
                // Distributed mode: the installations and Giga keys, sealed as they are (the target needs the same
                // GIGA_SLACK_ENCRYPTION_KEY); installs under way (OAuth states) are not worth moving.
                rows.put("slack_installations", copy(from, to, "SELECT * FROM slack_installations ORDER BY"
                        + " workspace_id", "slack_installations", List.of("bot_refresh_claimed_until")));
                rows.put("giga_accounts", copy(from, to, "SELECT * FROM giga_accounts ORDER BY workspace_id",
                        "giga_accounts", List.of()));
                // The teams heard from, their orgs and when the app left any (so its data is deleted on time).
                rows.put("slack_teams", copy(from, to, "SELECT * FROM slack_teams ORDER BY team_id", "slack_teams",
                        List.of()));
                // What workspaces' admins set in Slack, and the channels' presets.
                rows.put("team_settings", copy(from, to, "SELECT * FROM team_settings ORDER BY team_id, channel_id,"
                        + " setting", "team_settings", List.of()));
                rows.put("team_settings_versions", copy(from, to, "SELECT * FROM team_settings_versions ORDER BY"
                        + " team_id", "team_settings_versions", List.of()));
                // Each Giga key's window, so the requests of the minute before the move still count after it.
                rows.put("giga_rate_keys", copy(from, to, "SELECT * FROM giga_rate_keys ORDER BY key_id",
                        "giga_rate_keys", List.of()));
                rows.put("giga_rate_slots", copy(from, to, "SELECT * FROM giga_rate_slots ORDER BY key_id, slot",
                        "giga_rate_slots", List.of()));
                if (target.jdbc().queryLong("SELECT COUNT(*) FROM runs") > 0) {
                    throw new IllegalStateException("another process wrote runs into the target during the copy");
                }
                to.commit();
            } catch (SQLException | RuntimeException e) {
                to.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("Copy failed: " + e.getMessage(), e);
        }
        return new Result(rows);
    }

    private static int copy(Connection from, Connection to, String select, String table, List<String> skip)
            throws SQLException {
        int n = 0;
        try (PreparedStatement read = from.prepareStatement(select); ResultSet rs = read.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Integer> columns = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String name = meta.getColumnLabel(i).toLowerCase(Locale.ROOT);
                if (!skip.contains(name)) {
                    columns.add(i);
                    names.add(name);
                }
            }
            String insert = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                    + String.join(", ", names.stream().map(c -> "?").toList()) + ")";
            try (PreparedStatement write = to.prepareStatement(insert)) {
                while (rs.next()) {
                    for (int k = 0; k < columns.size(); k++) {
                        write.setObject(k + 1, rs.getObject(columns.get(k)), meta.getColumnType(columns.get(k)));
                    }
                    write.addBatch();
                    if (++n % 500 == 0) {
                        write.executeBatch();
                    }
                }
                write.executeBatch();
            }
        }
        return n;
    }
}

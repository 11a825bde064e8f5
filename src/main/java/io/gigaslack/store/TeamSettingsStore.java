package io.gigaslack.store;

import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings a workspace's admins changed in Slack and its channels' presets, as rows of text: one per setting
 * that differs from the environment's value (table {@code team_settings}), keyed by team, channel ({@link #WORKSPACE}
 * for the workspace's own) and the setting's name. What the text means is the run service's business. Every change
 * goes through {@link #lock}, which also counts the workspace's version: a cache can tell from it alone whether its
 * copy is current.
 */
public final class TeamSettingsStore {
    /** The channel id of a workspace's own settings (a channel's presets have its id). */
    public static final String WORKSPACE = "";

    /** One stored setting. */
    public record Row(String channelId, String setting, String value) {}

    /** A workspace's rows at one version (0: never changed). */
    public record Snapshot(long version, List<Row> rows) {
        public Snapshot {
            rows = List.copyOf(rows);
        }
    }

    private final Jdbc jdbc;

    public TeamSettingsStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Every row of the workspace, with the version they are at, read together. */
    public Snapshot read(String teamId) {
        return jdbc.inTransaction(tx -> new Snapshot(version(tx, teamId), tx.query(
                "SELECT channel_id, setting, setting_value FROM team_settings WHERE team_id = ? ORDER BY channel_id,"
                        + " setting", rs -> new Row(rs.getString("channel_id"), rs.getString("setting"),
                        rs.getString("setting_value")), teamId)));
    }

    /** The workspace's version: how many changes it had (0: none). */
    public long version(String teamId) {
        return jdbc.inTransaction(tx -> version(tx, teamId));
    }

    private static long version(Tx tx, String teamId) {
        return tx.queryOne("SELECT version FROM team_settings_versions WHERE team_id = ?", rs -> rs.getLong(1), teamId)
                .orElse(0L);
    }

    /**
     * Takes the workspace's settings lock for the caller's transaction and counts one more version; returns it. Two
     * changes at once (on any replicas) are so applied one after the other, each reading what the other wrote.
     */
    public long lock(Tx tx, String teamId) {
        String sql = tx.dialect().insertIfAbsent("team_settings_versions", List.of("team_id", "version"), "team_id");
        try {
            tx.withSavepoint(() -> tx.updateRaw(sql, teamId, 0L));
        } catch (SQLException e) {
            if (!tx.dialect().isLostInsertRace(e)) {
                throw new StoreException("Storing a workspace's settings failed: " + e.getMessage(), e);
            }
        }
        tx.update("UPDATE team_settings_versions SET version = version + 1 WHERE team_id = ?", teamId);
        return version(tx, teamId);
    }

    /** The rows of one channel (or of the workspace: {@link #WORKSPACE}), by setting name. */
    public Map<String, String> read(Tx tx, String teamId, String channelId) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Row r : tx.query("SELECT channel_id, setting, setting_value FROM team_settings WHERE team_id = ? AND"
                        + " channel_id = ? ORDER BY setting", rs -> new Row(rs.getString("channel_id"),
                        rs.getString("setting"), rs.getString("setting_value")), teamId, channelId)) {
            out.put(r.setting(), r.value());
        }
        return out;
    }

    /** Sets one setting, in a transaction holding {@link #lock}. */
    public void put(Tx tx, String teamId, String channelId, String setting, String value, String userId, Instant at) {
        Objects.requireNonNull(value, "value");
        remove(tx, teamId, channelId, setting);
        tx.update("INSERT INTO team_settings (team_id, channel_id, setting, setting_value, updated_by, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", teamId, channelId, setting, value, userId, at);
    }

    /**
     * Removes every setting and preset of the workspace (when it leaves). Its version row stays and counts one more,
     * so that every replica's copy is seen to be stale: versions only ever go up.
     */
    public void deleteWorkspace(Tx tx, String teamId) {
        lock(tx, teamId);
        tx.update("DELETE FROM team_settings WHERE team_id = ?", teamId);
    }

    /** Removes one setting (it has the environment's value again), in a transaction holding {@link #lock}. */
    public void remove(Tx tx, String teamId, String channelId, String setting) {
        tx.update("DELETE FROM team_settings WHERE team_id = ? AND channel_id = ? AND setting = ?", teamId, channelId,
                setting);
    }
}

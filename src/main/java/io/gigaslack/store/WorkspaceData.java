package io.gigaslack.store;

/**
 * Deletes what the app kept of a workspace it left, once {@code GIGA_RETENTION_DAYS} have passed: its runs and
 * everything hanging off them (jobs, callbacks, progress, files given to agents), its audit log, the settings its
 * admins changed in Slack, and the record of the team. Tokens and the Giga key are not here: they go at once when the app is removed.
 */
public final class WorkspaceData {
    private static final String RUNS_OF_TEAM = "SELECT id FROM runs WHERE team_id = ?";

    private final Jdbc jdbc;

    public WorkspaceData(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Deletes {@code teamId}'s data in one transaction; returns the number of runs deleted. */
    public int purge(String teamId) {
        return jdbc.inTransaction(tx -> {
            tx.update("DELETE FROM jobs WHERE run_id IN (" + RUNS_OF_TEAM + ")", teamId);
            tx.update("DELETE FROM callback_deliveries WHERE run_id IN (" + RUNS_OF_TEAM + ")", teamId);
            tx.update("DELETE FROM run_progress WHERE run_id IN (" + RUNS_OF_TEAM + ")", teamId);
            tx.update("DELETE FROM input_files WHERE run_id IN (" + RUNS_OF_TEAM + ")", teamId);
            int runs = tx.update("DELETE FROM runs WHERE team_id = ?", teamId);
            tx.update("DELETE FROM audit_log WHERE team_id = ?", teamId);
            // Its settings and channel presets; the version moves on, so every replica's copy goes stale.
            new TeamSettingsStore(jdbc).deleteWorkspace(tx, teamId);
            tx.update("DELETE FROM slack_teams WHERE team_id = ?", teamId);
            return runs;
        });
    }
}

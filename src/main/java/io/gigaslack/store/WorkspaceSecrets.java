package io.gigaslack.store;

/**
 * Everything secret the app keeps for one workspace, deleted at once: its Slack installation (bot token, refresh
 * token, the installer's user token) and its Giga API key, in one transaction. For when the app is uninstalled or its
 * tokens are revoked.
 */
public final class WorkspaceSecrets {
    private final Jdbc jdbc;

    public WorkspaceSecrets(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** What {@link #deleteAll} found to delete. */
    public record Deleted(boolean installation, boolean gigaKey) {
        public boolean any() {
            return installation || gigaKey;
        }
    }

    /** Deletes {@code workspaceId}'s installation and Giga key together; says which of them there were. */
    public Deleted deleteAll(String workspaceId) {
        return jdbc.inTransaction(tx -> deleteAll(tx, workspaceId));
    }

    /** As {@link #deleteAll(String)}, in the caller's transaction (e.g. with the workspace's other changes). */
    public Deleted deleteAll(Tx tx, String workspaceId) {
        boolean installation = tx.update("DELETE FROM " + SlackInstallations.TABLE + " WHERE workspace_id = ?",
                workspaceId) == 1;
        boolean key = tx.update("DELETE FROM " + GigaKeys.TABLE + " WHERE workspace_id = ?", workspaceId) == 1;
        return new Deleted(installation, key);
    }
}

package io.gigaslack.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Each workspace's own Giga API key (distributed mode), sealed by {@link SecretBox}: kept for the workspace's calls to
 * Giga, never shown again; admins see only its last four characters ({@link #find}).
 */
public final class GigaKeys {
    static final String TABLE = "giga_accounts";
    private static final List<String> COLUMNS = List.of("workspace_id", "api_key_enc", "key_last4", "connected_by",
            "connected_at");
    /** How many characters of a key are kept in clear to tell keys apart. */
    public static final int SHOWN_CHARS = 4;

    private final Jdbc jdbc;
    private final SecretBox box;

    public GigaKeys(Jdbc jdbc, SecretBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    /**
     * Keeps {@code apiKey} as the workspace's Giga key, replacing the one it had; {@code connectedBy} is the member id
     * of the admin who connected it.
     */
    public GigaAccount connect(String workspaceId, String apiKey, String connectedBy, Instant now) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        if (apiKey == null || apiKey.length() <= 2 * SHOWN_CHARS) {
            throw new IllegalArgumentException("a Giga API key is longer than " + 2 * SHOWN_CHARS + " characters");
        }
        String last4 = lastChars(apiKey);
        jdbc.update(jdbc.dialect().upsert(TABLE, COLUMNS, "workspace_id"), workspaceId,
                SecretColumn.GIGA_API_KEY.seal(box, apiKey, workspaceId), last4, connectedBy, now);
        return new GigaAccount(workspaceId, last4, connectedBy, now);
    }

    /** The workspace's connected account, without its key. */
    public Optional<GigaAccount> find(String workspaceId) {
        return jdbc.queryOne("SELECT workspace_id, key_last4, connected_by, connected_at FROM " + TABLE
                + " WHERE workspace_id = ?", rs -> new GigaAccount(rs.getString("workspace_id"),
                rs.getString("key_last4"), rs.getString("connected_by"), Rows.instant(rs, "connected_at")),
                workspaceId);
    }

    /** The last four characters of the workspace's key, to show which key is connected. */
    public Optional<String> last4(String workspaceId) {
        return find(workspaceId).map(GigaAccount::keyLast4);
    }

    /** The workspace's Giga API key, decrypted, for its calls to Giga; empty while it has connected none. */
    public Optional<String> apiKey(String workspaceId) {
        return jdbc.queryOne("SELECT api_key_enc FROM " + TABLE + " WHERE workspace_id = ?", rs -> rs.getString(1),
                workspaceId).map(sealed -> SecretColumn.GIGA_API_KEY.open(box, sealed, workspaceId));
    }

    /** Forgets the workspace's key; true when it had one. */
    public boolean disconnect(String workspaceId) {
        return jdbc.inTransaction(tx -> delete(tx, workspaceId));
    }

    boolean delete(Tx tx, String workspaceId) {
        return tx.update("DELETE FROM " + TABLE + " WHERE workspace_id = ?", workspaceId) == 1;
    }

    static String lastChars(String apiKey) {
        return apiKey.substring(apiKey.length() - SHOWN_CHARS);
    }
}

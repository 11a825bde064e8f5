package io.gigaslack.store;

import java.util.List;

/**
 * Every database column that holds a secret, each sealed by {@link SecretBox} for its own place: the value's context
 * is {@code <table>.<column>/<workspace id>}, so a value moved to another column or another workspace's row no longer
 * opens. The reencrypt command walks exactly these.
 */
public enum SecretColumn {
    BOT_TOKEN("slack_installations", "bot_token_enc"),
    BOT_REFRESH_TOKEN("slack_installations", "bot_refresh_token_enc"),
    INSTALLER_USER_TOKEN("slack_installations", "installer_user_token_enc"),
    INSTALLER_USER_REFRESH_TOKEN("slack_installations", "installer_user_refresh_token_enc"),
    GIGA_API_KEY("giga_accounts", "api_key_enc");

    /** The key column of both tables. */
    static final String KEY = "workspace_id";

    private final String table;
    private final String column;

    SecretColumn(String table, String column) {
        this.table = table;
        this.column = column;
    }

    public String table() {
        return table;
    }

    public String column() {
        return column;
    }

    /** The associated data a value of this column in {@code workspaceId}'s row is sealed with. */
    String context(String workspaceId) {
        return table + "." + column + "/" + workspaceId;
    }

    String seal(SecretBox box, String plaintext, String workspaceId) {
        return plaintext == null ? null : box.seal(plaintext, context(workspaceId));
    }

    String open(SecretBox box, String sealed, String workspaceId) {
        return sealed == null ? null : box.open(sealed, context(workspaceId));
    }

    public static List<SecretColumn> all() {
        return List.of(values());
    }

    @Override
    public String toString() {
        return table + "." + column;
    }
}

package io.gigaslack.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The app's installations (distributed mode), one per workspace ({@link SlackInstallation#workspaceIdOf}), with every
 * token sealed by {@link SecretBox} on its way in and opened on its way out.
 *
 * <p>Finding the installation that serves a request follows Bolt's rules: in an Enterprise Grid org an org-wide
 * install answers for every workspace of the org; otherwise the workspace's own install.
 *
 * <p>A bot token is refreshed by one replica at a time: {@link #claimBotRefresh} marks the row for a short while,
 * {@link #storeRefreshedBot} writes the new token only over the token the refresh started from, so two replicas
 * refreshing at once can never store the older token over the newer one.
 */
public final class SlackInstallations {
    static final String TABLE = "slack_installations";
    private static final List<String> COLUMNS = List.of("workspace_id", "enterprise_id", "enterprise_name", "team_id",
            "team_name", "is_enterprise_install", "app_id", "bot_user_id", "bot_id", "bot_scopes", "bot_token_enc",
            "bot_refresh_token_enc", "bot_token_expires_at", "bot_refresh_claimed_until", "installer_user_id",
            "installer_user_scopes", "installer_user_token_enc", "installer_user_refresh_token_enc",
            "installer_user_token_expires_at", "installed_at", "updated_at");

    private final Jdbc jdbc;
    private final SecretBox box;

    public SlackInstallations(Jdbc jdbc, SecretBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    /** Stores {@code i}, replacing the workspace's earlier installation (a reinstall) and any refresh under way. */
    public void save(SlackInstallation i) {
        String w = i.workspaceId();
        SlackInstallation.Token user = i.installerUser();
        Object[] values = {w, i.enterpriseId(), i.enterpriseName(), i.teamId(), i.teamName(), i.enterpriseInstall(),
                i.appId(), i.botUserId(), i.botId(), i.botScopes(),
                SecretColumn.BOT_TOKEN.seal(box, i.bot().value(), w),
                SecretColumn.BOT_REFRESH_TOKEN.seal(box, i.bot().refreshToken(), w), i.bot().expiresAt(), null,
                i.installerUserId(), i.installerUserScopes(),
                user == null ? null : SecretColumn.INSTALLER_USER_TOKEN.seal(box, user.value(), w),
                user == null ? null : SecretColumn.INSTALLER_USER_REFRESH_TOKEN.seal(box, user.refreshToken(), w),
                user == null ? null : user.expiresAt(), i.installedAt(),
                i.updatedAt() == null ? i.installedAt() : i.updatedAt()};
        jdbc.useTransaction(tx -> {
            tx.update(jdbc.dialect().upsert(TABLE, COLUMNS, "workspace_id"), values);
            // Installed again: what the app kept of the workspace (or the org's teams) is no longer due for deletion.
            SlackTeams.returned(tx, i.enterpriseInstall() ? i.enterpriseId() : null, i.teamId());
        });
    }

    /**
     * The installation that serves a request from workspace {@code teamId} of org {@code enterpriseId} (either may be
     * null): the org's org-wide install if there is one, else the workspace's own.
     */
    public Optional<SlackInstallation> find(String enterpriseId, String teamId) {
        return jdbc.queryOne("SELECT * FROM " + TABLE + SERVING, this::installation, blankToNull(enterpriseId),
                blankToNull(teamId));
    }

    /**
     * The bot token of the installation that serves {@code teamId} of {@code enterpriseId} (see {@link #find}), with
     * its expiry: the one column every Slack call needs opened, not the four tokens of the whole row.
     */
    public Optional<BotToken> botToken(String enterpriseId, String teamId) {
        return jdbc.queryOne("SELECT workspace_id, bot_token_enc, bot_token_expires_at,"
                + " bot_refresh_token_enc IS NOT NULL AS rotates FROM " + TABLE + SERVING,
                rs -> new BotToken(SecretColumn.BOT_TOKEN.open(box, rs.getString("bot_token_enc"),
                        rs.getString("workspace_id")), Rows.instant(rs, "bot_token_expires_at"),
                        rs.getBoolean("rotates")),
                blankToNull(enterpriseId), blankToNull(teamId));
    }

    /** An installation's bot token as {@link #botToken} reads it: whether it rotates, and when it expires. */
    public record BotToken(String value, Instant expiresAt, boolean rotates) {
        /** As {@link SlackInstallation.Token#expiresWithin}: it rotates and expires within {@code margin}. */
        public boolean expiresWithin(java.time.Duration margin, Instant now) {
            return SlackInstallation.Token.due(rotates, expiresAt, margin, now);
        }
    }

    /**
     * The workspace id of the installation that serves {@code teamId} of {@code enterpriseId} (see {@link #find}),
     * without opening its tokens: the key of the workspace's Giga account and of everything else it owns.
     */
    public Optional<String> workspaceOf(String enterpriseId, String teamId) {
        return jdbc.queryOne("SELECT workspace_id FROM " + TABLE + SERVING, rs -> rs.getString(1),
                blankToNull(enterpriseId), blankToNull(teamId));
    }

    /** The org's org-wide install, else the workspace's own (one query: TRUE sorts after FALSE on both databases). */
    private static final String SERVING = " WHERE (workspace_id = ? AND is_enterprise_install = TRUE)"
            + " OR (workspace_id = ? AND is_enterprise_install = FALSE) ORDER BY is_enterprise_install DESC LIMIT 1";

    private static String blankToNull(String id) {
        return id == null || id.isBlank() ? null : id;
    }

    /** The installation stored for {@code workspaceId}. */
    public Optional<SlackInstallation> byWorkspace(String workspaceId) {
        return jdbc.queryOne("SELECT * FROM " + TABLE + " WHERE workspace_id = ?", this::installation, workspaceId);
    }

    /** Every installation's workspace id, in order. */
    public List<String> workspaces() {
        return jdbc.query("SELECT workspace_id FROM " + TABLE + " ORDER BY workspace_id", rs -> rs.getString(1));
    }

    /** Deletes the workspace's installation (every Slack token of it), keeping its Giga key; true when there was one. */
    public boolean delete(String workspaceId) {
        return jdbc.update("DELETE FROM " + TABLE + " WHERE workspace_id = ?", workspaceId) == 1;
    }

    /**
     * Marks the bot token whose expiry is {@code expiresAt} as being refreshed by the caller until {@code until};
     * true for the one caller that got it (nobody else holds it, and the token was not refreshed meanwhile).
     */
    public boolean claimBotRefresh(String workspaceId, Instant expiresAt, Instant now, Instant until) {
        return jdbc.update("UPDATE " + TABLE + " SET bot_refresh_claimed_until = ? WHERE workspace_id = ?"
                + " AND bot_token_expires_at = ? AND (bot_refresh_claimed_until IS NULL OR bot_refresh_claimed_until <= ?)",
                until, workspaceId, expiresAt, now) == 1;
    }

    /**
     * Stores the refreshed bot token over the one that expires at {@code previousExpiresAt}, and ends the claim; false
     * (nothing written) when the row holds another token by now (reinstalled, or refreshed by someone else).
     */
    public boolean storeRefreshedBot(String workspaceId, Instant previousExpiresAt, SlackInstallation.Token token,
            Instant now) {
        return jdbc.update("UPDATE " + TABLE + " SET bot_token_enc = ?, bot_refresh_token_enc = ?,"
                + " bot_token_expires_at = ?, bot_refresh_claimed_until = NULL, updated_at = ?"
                + " WHERE workspace_id = ? AND bot_token_expires_at = ?",
                SecretColumn.BOT_TOKEN.seal(box, token.value(), workspaceId),
                SecretColumn.BOT_REFRESH_TOKEN.seal(box, token.refreshToken(), workspaceId), token.expiresAt(), now,
                workspaceId, previousExpiresAt) == 1;
    }

    /** Ends a claim without a new token (the refresh failed), so another attempt may start at once. */
    public void releaseBotRefresh(String workspaceId, Instant expiresAt) {
        jdbc.update("UPDATE " + TABLE + " SET bot_refresh_claimed_until = NULL WHERE workspace_id = ?"
                + " AND bot_token_expires_at = ?", workspaceId, expiresAt);
    }

    private SlackInstallation installation(ResultSet rs) throws SQLException {
        String w = rs.getString("workspace_id");
        SlackInstallation.Token bot = new SlackInstallation.Token(
                SecretColumn.BOT_TOKEN.open(box, rs.getString("bot_token_enc"), w),
                SecretColumn.BOT_REFRESH_TOKEN.open(box, rs.getString("bot_refresh_token_enc"), w),
                Rows.instant(rs, "bot_token_expires_at"));
        String userToken = rs.getString("installer_user_token_enc");
        SlackInstallation.Token user = userToken == null ? null : new SlackInstallation.Token(
                SecretColumn.INSTALLER_USER_TOKEN.open(box, userToken, w),
                SecretColumn.INSTALLER_USER_REFRESH_TOKEN.open(box, rs.getString("installer_user_refresh_token_enc"), w),
                Rows.instant(rs, "installer_user_token_expires_at"));
        return new SlackInstallation(w, rs.getString("enterprise_id"), rs.getString("enterprise_name"),
                rs.getString("team_id"), rs.getString("team_name"), rs.getBoolean("is_enterprise_install"),
                rs.getString("app_id"), rs.getString("bot_user_id"), rs.getString("bot_id"),
                rs.getString("bot_scopes"), bot, rs.getString("installer_user_id"),
                rs.getString("installer_user_scopes"), user, Rows.instant(rs, "installed_at"),
                Rows.instant(rs, "updated_at"));
    }
}

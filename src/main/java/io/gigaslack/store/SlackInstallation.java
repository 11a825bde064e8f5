package io.gigaslack.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The app's installation in one workspace (distributed mode), as {@code oauth.v2.access} gave it, with its tokens
 * decrypted. Its {@code toString} never shows a token.
 *
 * @param workspaceId the team id, or the enterprise id for an org-wide install ({@link #workspaceIdOf})
 * @param enterpriseId the Enterprise Grid org, or null
 * @param teamId the workspace, or null for an org-wide install
 * @param bot the bot token
 * @param installerUser the installing person's user token, or null when the app asked for no user scopes
 */
public record SlackInstallation(
        String workspaceId,
        String enterpriseId,
        String enterpriseName,
        String teamId,
        String teamName,
        boolean enterpriseInstall,
        String appId,
        String botUserId,
        String botId,
        String botScopes,
        Token bot,
        String installerUserId,
        String installerUserScopes,
        Token installerUser,
        Instant installedAt,
        Instant updatedAt) {

    public SlackInstallation {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(bot, "bot");
        Objects.requireNonNull(installedAt, "installedAt");
        if (!workspaceId.equals(workspaceIdOf(enterpriseId, teamId, enterpriseInstall))) {
            throw new IllegalArgumentException("workspace " + workspaceId + " is not the one of enterprise "
                    + enterpriseId + ", team " + teamId + (enterpriseInstall ? " (org-wide)" : ""));
        }
    }

    /**
     * What names a workspace in our tables: the team id, or the enterprise id for an org-wide install (which serves
     * every workspace of its org).
     */
    public static String workspaceIdOf(String enterpriseId, String teamId, boolean enterpriseInstall) {
        String id = enterpriseInstall ? enterpriseId : teamId;
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(enterpriseInstall ? "an org-wide install without an enterprise id"
                    : "a workspace install without a team id");
        }
        return id;
    }

    /** The same installation with another bot token (after a refresh). */
    public SlackInstallation withBot(Token newBot, Instant now) {
        return new SlackInstallation(workspaceId, enterpriseId, enterpriseName, teamId, teamName, enterpriseInstall,
                appId, botUserId, botId, botScopes, newBot, installerUserId, installerUserScopes, installerUser,
                installedAt, now);
    }

    @Override
    public String toString() {
        return "SlackInstallation[workspace " + workspaceId + ", enterprise " + enterpriseId + ", team " + teamId
                + (enterpriseInstall ? ", org-wide" : "") + ", bot user " + botUserId + ", bot " + bot
                + ", installer " + installerUserId + (installerUser == null ? "" : " with a user token") + "]";
    }

    /**
     * An access token and, with token rotation, its refresh token and expiry (else both null). Its {@code toString}
     * shows neither token.
     */
    public record Token(String value, String refreshToken, Instant expiresAt) {
        public Token {
            Objects.requireNonNull(value, "value");
        }

        public static Token lasting(String value) {
            return new Token(value, null, null);
        }

        /** Whether the token expires and can be refreshed (token rotation is on). */
        public boolean rotates() {
            return refreshToken != null && expiresAt != null;
        }

        /** Whether it rotates and expires within {@code margin} of {@code now} (or has expired). */
        public boolean expiresWithin(Duration margin, Instant now) {
            return due(rotates(), expiresAt, margin, now);
        }

        /** The refresh rule of {@link #expiresWithin}, for a token read without its refresh token. */
        static boolean due(boolean rotates, Instant expiresAt, Duration margin, Instant now) {
            return rotates && expiresAt != null && !expiresAt.isAfter(now.plus(margin));
        }

        /** Whether Slack still accepts it at {@code now}: it does not expire, or not yet. */
        public boolean validAt(Instant now) {
            return expiresAt == null || expiresAt.isAfter(now);
        }

        @Override
        public String toString() {
            return rotates() ? "token expiring " + expiresAt : "token";
        }
    }
}

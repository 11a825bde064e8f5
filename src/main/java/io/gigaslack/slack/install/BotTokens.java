package io.gigaslack.slack.install;

import java.util.Objects;
import java.util.Optional;

/**
 * The bot token to call Slack's Web API with for one workspace: what the rest of the Slack front-end asks before each
 * call it makes for a workspace. In single-workspace mode it is always {@code SLACK_BOT_TOKEN} ({@link #single}); in
 * distributed mode it is the installation's token from the database, refreshed first when token rotation is on and
 * the token expires soon, so the answer can be used at once.
 *
 * <p>A workspace is named as Slack names it in a request: {@code teamId} (the workspace, {@code T…}) and
 * {@code enterpriseId} (its Enterprise Grid org, {@code E…}, or null). An org-wide install answers for every
 * workspace of its org.
 */
@FunctionalInterface
public interface BotTokens {

    /**
     * A bot token that Slack accepts now for the workspace {@code teamId} of the org {@code enterpriseId} (either may
     * be null, not both), or empty when the app is not installed there (never installed, uninstalled, or its token
     * revoked). May call Slack ({@code oauth.v2.access}) to refresh an expiring token.
     */
    Optional<String> botToken(String enterpriseId, String teamId);

    /** Single-workspace mode: {@code token} (SLACK_BOT_TOKEN) for every workspace. */
    static BotTokens single(String token) {
        Objects.requireNonNull(token, "token");
        Optional<String> always = Optional.of(token);
        return (enterpriseId, teamId) -> always;
    }
}

package io.gigaslack.app;

import io.gigaslack.slack.web.SlackGateway;
import io.gigaslack.slack.web.TokenCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up check of the Slack tokens and what a person is told: a token Slack refuses stops the app (exit code
 * {@link #REFUSED_EXIT_CODE}, as for missing configuration) with the setting's name and how to get a good token; a
 * Slack that cannot be reached is one warning line, and the app starts anyway.
 */
final class SlackTokens {
    private static final Logger log = LoggerFactory.getLogger(SlackTokens.class);
    static final int REFUSED_EXIT_CODE = 2;
    private static final String APPS_PAGE = "https://api.slack.com/apps";

    private SlackTokens() {}

    /** {@code auth.test} with the bot token; throws {@link StartupException} when Slack refuses it. */
    static void checkBotToken(SlackGateway slack) {
        TokenCheck check = slack.checkToken();
        if (check instanceof TokenCheck.Valid valid) {
            log.info("Slack accepts the bot token (team {}, bot user {})", valid.teamId(), valid.userId());
        } else if (check instanceof TokenCheck.Refused refused) {
            throw new StartupException(REFUSED_EXIT_CODE, botTokenRefused(refused.error()));
        } else if (check instanceof TokenCheck.Unreachable unreachable) {
            log.warn("Slack could not be reached to check the bot token ({}); starting anyway", unreachable.reason());
        }
    }

    static String botTokenRefused(String error) {
        String start = "giga-slack cannot start: SLACK_BOT_TOKEN was refused by Slack (" + error + "): ";
        String copy = "copy its Bot User OAuth Token (xoxb-…, under OAuth & Permissions) into SLACK_BOT_TOKEN and"
                + " restart.";
        return switch (error) {
            case "account_inactive", "token_revoked" -> start + "the token belongs to a deactivated user or to an app"
                    + " that was uninstalled from the workspace. Reinstall the app (Slack app settings at " + APPS_PAGE
                    + " → Install App), then " + copy;
            case "token_expired" -> start + "the token has expired: token rotation is on, and giga-slack needs a token"
                    + " that does not expire. Turn token rotation off (Slack app settings at " + APPS_PAGE
                    + " → OAuth & Permissions), reinstall the app, then " + copy;
            default -> start + "copy the Bot User OAuth Token (xoxb-…) again from the Slack app's OAuth & Permissions"
                    + " page (Slack app settings at " + APPS_PAGE + " → OAuth & Permissions) into SLACK_BOT_TOKEN"
                    + " and restart.";
        };
    }

    static String appTokenRefused(String error) {
        String start = "giga-slack cannot start: SLACK_APP_TOKEN was refused by Slack (" + error + "): ";
        String where = "(Slack app settings at " + APPS_PAGE + " → Basic Information → App-Level Tokens)";
        String generate = "generate an App-Level Token with the connections:write scope " + where
                + ", put it (xapp-…) in SLACK_APP_TOKEN and restart.";
        String httpMode = " To run in HTTP mode instead, leave SLACK_APP_TOKEN empty.";
        return switch (error) {
            case "account_inactive", "token_revoked", "token_expired" -> start
                    + "the token was revoked or its app deleted: " + generate + httpMode;
            case "missing_scope" -> start + "the token lacks the connections:write scope: " + generate + httpMode;
            default -> start + "copy the App-Level Token (xapp-…, with the connections:write scope) again " + where
                    + " into SLACK_APP_TOKEN and restart." + httpMode;
        };
    }
}

package io.gigaslack.slack.web;

/**
 * The Web API as the app's bot in a given workspace. With one workspace (a {@code SLACK_BOT_TOKEN}) every team gets
 * the same gateway; an app installed in many workspaces answers with the gateway holding that team's bot token, so a
 * message for one workspace can only ever go out with that workspace's token.
 */
@FunctionalInterface
public interface SlackWorkspaces {

    /**
     * The gateway for {@code teamId}'s bot.
     *
     * @throws SlackCallException {@link SlackCallException#notInstalled()} when the app is not (or no longer)
     *     installed there: nothing can be sent to that workspace, now or later
     */
    SlackGateway team(String teamId);

    /**
     * Slack sent a request from {@code teamId} of org {@code enterpriseId} (null outside Enterprise Grid): an app
     * installed org-wide finds the team's token through its org. Nothing to do with one workspace.
     */
    default void heardFrom(String teamId, String enterpriseId) {
        // one workspace: every team is that one
    }

    /** One workspace: {@code gateway} for every team. */
    static SlackWorkspaces single(SlackGateway gateway) {
        return teamId -> gateway;
    }
}

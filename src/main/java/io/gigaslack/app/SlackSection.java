package io.gigaslack.app;

import java.time.Duration;

/**
 * The configuration's Slack section. In distributed mode ({@link DistributionSection}) there is no bot token here.
 *
 * @param signingSecret checks HTTP requests; may be null in Socket Mode
 * @param appToken the app-level token that selects Socket Mode, or null for HTTP mode
 * @param apiUrl the Web API base URL, ending in a slash
 * @param timeout how long one Web API call may take
 */
public record SlackSection(Secret botToken, Secret signingSecret, Secret appToken, String apiUrl, Duration timeout) {

    /** Socket Mode is used when an app-level token is configured. */
    public boolean socketMode() {
        return appToken != null;
    }

    static SlackSection read(SettingValues v) {
        Secret bot = v.secret(Setting.SLACK_BOT_TOKEN);
        Secret appToken = v.secret(Setting.SLACK_APP_TOKEN);
        Secret signing = v.secret(Setting.SLACK_SIGNING_SECRET);
        if (bot == null) {
            // Distributed mode has no bot token of its own: each workspace's comes with its installation.
            if (!DistributionSection.requested(v)) {
                v.missing(Setting.SLACK_BOT_TOKEN);
            }
        } else if (!bot.reveal().startsWith("xoxb-")) {
            v.bad(Setting.SLACK_BOT_TOKEN, "does not start with xoxb-");
        }
        if (appToken != null && !appToken.reveal().startsWith("xapp-")) {
            v.bad(Setting.SLACK_APP_TOKEN, "does not start with xapp-");
        }
        if (signing == null && appToken == null) {
            v.problem(Setting.SLACK_SIGNING_SECRET.envName() + " is missing (needed unless SLACK_APP_TOKEN selects"
                    + " Socket Mode): set it to " + Setting.SLACK_SIGNING_SECRET.help());
        }
        String apiUrl = SettingValues.slash(v.url(Setting.SLACK_API_URL, false), true);
        int timeoutSeconds = v.integer(Setting.SLACK_TIMEOUT_SECONDS, 1, 300);
        return new SlackSection(bot, signing, appToken, apiUrl, Duration.ofSeconds(timeoutSeconds));
    }
}

package io.gigaslack.app;

import io.gigaslack.runs.Limits;
import io.gigaslack.viewer.NoVnc;
import java.util.List;
import java.util.Locale;

/**
 * Every configuration key: its environment variable (the public name), the key accepted in a
 * configuration file, its built-in default, whether it is secret, and what to do when it is wrong.
 * The README's configuration reference and {@code config/giga-slack.example.yml} follow this table.
 */
public enum Setting {
    SLACK_BOT_TOKEN("slack.bot-token", null, true,
            "the Bot User OAuth Token (xoxb-…): Slack app settings → OAuth & Permissions, after installing the app"),
    SLACK_SIGNING_SECRET("slack.signing-secret", null, true,
            "the Signing Secret: Slack app settings → Basic Information → App Credentials"),
    SLACK_APP_TOKEN("slack.app-token", null, true,
            "an app-level token (xapp-…) with connections:write: Slack app settings → Basic Information → App-Level Tokens; set it only for Socket Mode"),
    SLACK_CLIENT_ID("slack.client-id", "", false,
            "the app's Client ID (Slack app settings → Basic Information → App Credentials); set it with"
                    + " SLACK_CLIENT_SECRET, and without SLACK_BOT_TOKEN, to install the app in many workspaces"),
    SLACK_CLIENT_SECRET("slack.client-secret", null, true,
            "the app's Client Secret (Slack app settings → Basic Information → App Credentials), with SLACK_CLIENT_ID"),
    SLACK_SCOPES("slack.scopes", DistributionSection.DEFAULT_SCOPES, false,
            "the bot scopes asked for when the app is installed, comma-separated, as in the manifest's"
                    + " oauth_config.scopes.bot"),
    SLACK_REDIRECT_URL("slack.redirect-url", "", false,
            "the https URL Slack sends installers back to, listed under the app's Redirect URLs (OAuth & Permissions),"
                    + " e.g. https://giga.example.com/slack/oauth_redirect; empty for PUBLIC_URL/slack/oauth_redirect"),
    GIGA_SLACK_ENCRYPTION_KEY("secrets.encryption-key", null, true,
            "base64 of 32 random bytes (e.g. the output of: openssl rand -base64 32), the key that encrypts the Slack"
                    + " tokens and Giga API keys kept in the database; required with SLACK_CLIENT_ID"),
    GIGA_SLACK_OLD_ENCRYPTION_KEY("secrets.old-encryption-key", null, true,
            "the previous GIGA_SLACK_ENCRYPTION_KEY (base64 of 32 bytes) while the stored secrets are moved to a new"
                    + " key with the reencrypt command, else empty"),
    GIGA_RETENTION_DAYS("database.retention-days", "30", false,
            "whole days between 0 and 3650 that a workspace's runs, usage and audit log are kept after the app is"
                    + " uninstalled from it (its tokens and Giga key are deleted at once)"),
    SLACK_API_URL("slack.api-url", "https://slack.com/api/", false,
            "the Slack Web API base URL, e.g. https://slack.com/api/"),
    SLACK_TIMEOUT_SECONDS("slack.timeout-seconds", "30", false,
            "whole seconds between 1 and 300: how long one Slack Web API call may take"),
    GIGA_LIVE_PROGRESS("slack.live-progress", "true", false,
            "true to make each run's thread an agent session of Slack's (with its Stop button) and stream the agent's"
                    + " steps into it as it works, false for the card and the thread's notices only"),
    GIGA_THREAD_FOLLOW_UPS("slack.thread-follow-ups", "true", false,
            "true to send the agent every message written in its run's thread by someone who may control the run"
                    + " (no mention needed), false to send only messages that mention the app"),
    GIGA_THREAD_ASIDE_PREFIX("slack.thread-aside-prefix", "//", false,
            "what a thread message starts with to stay among people (never sent to the agent), e.g. //; at most 10"
                    + " characters, no spaces"),
    GIGA_API_KEY("giga.api-key", null, true,
            "a Giga API key (giga_sk_…): Giga dashboard → Profile → API Keys"),
    GIGA_API_URL("giga.api-url", "https://api.withgiga.ai", false,
            "the Giga API base URL, e.g. https://api.withgiga.ai"),
    GIGA_CLIENT_ID("giga.client-id", "", false,
            "an optional tenant id sent to Giga as X-Client-Id"),
    GIGA_LOW_BALANCE_CREDITS("giga.low-balance-credits", "off", false,
            "a whole number of credits between 1 and 1000000000: when Giga's balance falls below it, the App Home"
                    + " warns admins and each admin (GIGA_ADMIN_USERS and the workspace's admins and owners) gets one"
                    + " direct message; or off"),
    PORT("server.port", "3000", false, "a TCP port between 1 and 65535"),
    PUBLIC_URL("server.public-url", "", false,
            "the https:// base URL at which Giga can reach this app for callbacks, or empty to poll"),
    GIGA_POLL_INTERVAL_SECONDS("giga.poll-interval-seconds", "15", false,
            "seconds between status polls, at least 5 (Giga allows 60 requests a minute per key)"),
    GIGA_REQUESTS_PER_MINUTE("giga.requests-per-minute", "60", false,
            "a whole number between 1 and 6000: the Giga requests the API key may send in any 60 seconds, all replicas"
                    + " together (Giga allows 60; the replicas share one budget through the database, so do not divide"
                    + " it between them)"),
    DATABASE_URL("database.url", "jdbc:h2:file:./data/giga-slack", false,
            "a JDBC URL: jdbc:h2:file:/path/name or jdbc:postgresql://host:5432/db"),
    DATABASE_USER("database.user", "", false, "the database user"),
    GIGA_JOB_LEASE_SECONDS("database.job-lease-seconds", "120", false,
            "whole seconds between 2 and 3600: how long a replica holds a claimed job before another replica may"
                    + " take it over (a live replica renews its leases; a dead one's jobs resume after this)"),
    DATABASE_PASSWORD("database.password", "", true, "the database password"),
    GIGA_DEFAULT_PLATFORM("runs.default-platform", "giga-standard", false,
            "one of the platforms in GIGA_PLATFORMS"),
    GIGA_DEFAULT_HOURS("runs.default-hours", "1", false, "whole hours between 1 and 24"),
    GIGA_DEFAULT_GOAL("runs.default-goal",
            "Finish the task described by the user and save every result as a file on the Desktop.", false,
            "a non-empty completion criterion given to the agent when the user gives none, at most GIGA_MAX_PROMPT_CHARS"
                    + " characters"),
    GIGA_SYSTEM_PROMPT("runs.system-prompt", "", false, "extra instructions for every agent, at most GIGA_MAX_PROMPT_CHARS characters, or empty"),
    GIGA_PLATFORMS("runs.platforms", "giga-standard:20,linux-toolkit-standard:?,giga-mini:10,giga-pro:40,giga-max:80", false,
            "a comma-separated list of name:credits-per-hour (name:? or a name alone when the rate is not known), e.g. giga-standard:20,linux-toolkit-standard:?"),
    GIGA_AUTO_STOP_AFTER_MINUTES("runs.auto-stop-after-minutes", "10", false,
            "whole minutes between 0 and 1440 after which a computer is stopped once its agent has finished (0: at"
                    + " once), or off to leave it running until someone stops it or its hours are over"),
    DESKTOP_VIEWER_URL("slack.desktop-viewer-url", "", false,
            "an http(s) URL template for the Open desktop button with {vncUrlEncoded}, {vncUrl} or {deploymentId}, or empty for no button"),
    DESKTOP_VIEWER_NOVNC_URL("desktop.novnc-url", "", false,
            "the https base URL of noVNC " + NoVnc.PINNED_VERSION + " (a mirror of the pinned release, ending in /), or empty for the public CDN"),
    DESKTOP_VIEWER_NOVNC_DIR("desktop.novnc-dir", "", false,
            "a directory holding noVNC's core/ and vendor/ folders (e.g. /usr/share/novnc) for the app to serve itself, or empty"),
    DESKTOP_LINK_MINUTES("desktop.link-minutes", "10", false,
            "whole minutes between 1 and 60: how long a personal desktop link stays valid"),
    GIGA_SCREENSHOTS("desktop.screenshots", "true", false,
            "true to post screenshots of the desktop into threads (when it is ready, when the agent finishes, on request), false never to"),
    GIGA_ALLOWED_CHANNELS("access.allowed-channels", "", false,
            "a comma-separated list of channel ids (C…, G… or D…; in Slack: open the channel's details, the id is at the"
                    + " bottom of About) where runs may be started, or empty for every channel"),
    GIGA_DENIED_CHANNELS("access.denied-channels", "", false,
            "a comma-separated list of channel ids (C…, G… or D…) where runs may not be started, or empty for none"),
    GIGA_ALLOWED_USERS("access.allowed-users", "", false,
            "a comma-separated list of member ids (U… or W…; in Slack: a person's profile → ⋮ → Copy member ID) who"
                    + " may start runs, or empty; when this or GIGA_ALLOWED_USERGROUPS is set, only the people"
                    + " they name may start runs"),
    GIGA_ALLOWED_USERGROUPS("access.allowed-usergroups", "", false,
            "a comma-separated list of user group ids (S…; the end of the group's address in Slack in a browser, or"
                    + " from the usergroups.list API) whose members may start runs, or empty; needs the"
                    + " usergroups:read scope"),
    GIGA_ADMIN_USERS("access.admin-users", "", false,
            "a comma-separated list of member ids (U… or W…) who may stop, extend, retry and delete anyone's runs"
                    + " and always start runs, besides workspace admins and owners, or empty"),
    GIGA_MAX_HOURS("limits.max-hours", String.valueOf(Limits.DEFAULT_MAX_HOURS), false,
            "whole hours between 1 and 24: the longest a run may last, extensions included, and at least"
                    + " GIGA_DEFAULT_HOURS"),
    GIGA_MAX_CONCURRENT_PER_USER("limits.max-concurrent-per-user",
            String.valueOf(Limits.DEFAULT_MAX_CONCURRENT_PER_USER), false,
            "a whole number between 1 and 1000: runs one person may have going at once"),
    GIGA_MAX_CONCURRENT_PER_WORKSPACE("limits.max-concurrent-per-workspace",
            String.valueOf(Limits.DEFAULT_MAX_CONCURRENT_PER_WORKSPACE), false,
            "a whole number between 1 and 10000: runs a workspace may have going at once"),
    GIGA_MAX_RUNS_PER_USER_PER_DAY("limits.max-runs-per-user-per-day",
            String.valueOf(Limits.DEFAULT_MAX_RUNS_PER_USER_PER_DAY), false,
            "a whole number between 1 and 100000: runs one person may start in any 24 hours"),
    GIGA_MAX_PROMPT_CHARS("limits.max-prompt-chars", String.valueOf(Limits.DEFAULT_MAX_PROMPT_CHARS), false,
            "a whole number between 1 and 100000: the longest task, goal or extra instructions, in characters, and"
                    + " at least as long as GIGA_DEFAULT_GOAL and GIGA_SYSTEM_PROMPT"),
    GIGA_MAX_FILE_MB("limits.max-file-mb", String.valueOf(Limits.DEFAULT_MAX_FILE_MB), false,
            "whole megabytes between 1 and 1024: the largest output file posted into a thread; larger files are"
                    + " announced as too large"),
    GIGA_MAX_CREDITS_PER_USER_PER_DAY("limits.max-credits-per-user-per-day", "off", false,
            "a whole number of credits between 1 and 100000000 one person's runs may count in a UTC day (used and"
                    + " held), or off"),
    GIGA_MAX_CREDITS_PER_WORKSPACE_PER_MONTH("limits.max-credits-per-workspace-per-month", "off", false,
            "a whole number of credits between 1 and 1000000000 a workspace's runs may count in a UTC month (used"
                    + " and held), or off"),
    GIGA_MAX_INPUT_FILE_MB("limits.max-input-file-mb", String.valueOf(Limits.DEFAULT_MAX_INPUT_FILE_MB), false,
            "whole megabytes between 1 and 1024: the largest file handed from Slack to an agent (attached to a"
                    + " mention, a follow-up or the run form); larger files are named in the thread and left out"),
    LOG_FORMAT("log.format", "text", false, "text or json");

    private final String fileKey;
    private final String defaultValue;
    private final boolean secret;
    private final String help;

    Setting(String fileKey, String defaultValue, boolean secret, String help) {
        this.fileKey = fileKey;
        this.defaultValue = defaultValue;
        this.secret = secret;
        this.help = help;
    }

    public String envName() {
        return name();
    }

    public String fileKey() {
        return fileKey;
    }

    /** The built-in default, or null when the setting has none. */
    public String defaultValue() {
        return defaultValue;
    }

    public boolean secret() {
        return secret;
    }

    public String help() {
        return help;
    }

    /** Finds the setting a configuration-file key names: its file key or its environment name. */
    public static Setting forFileKey(String key) {
        String k = key.trim();
        for (Setting s : values()) {
            if (s.fileKey.equalsIgnoreCase(k) || s.name().equalsIgnoreCase(k.replace('-', '_').replace('.', '_'))) {
                return s;
            }
        }
        return null;
    }

    public static List<Setting> all() {
        return List.of(values());
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

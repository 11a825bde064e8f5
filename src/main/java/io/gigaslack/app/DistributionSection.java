package io.gigaslack.app;

import io.gigaslack.slack.install.Distribution;
import io.gigaslack.store.SecretBox;
import java.util.regex.Pattern;

/**
 * The configuration for installing the app in many workspaces (distributed mode: {@code SLACK_CLIENT_ID} and
 * {@code SLACK_CLIENT_SECRET} instead of {@code SLACK_BOT_TOKEN}), and the keys that encrypt what the app keeps per
 * workspace. In single-workspace mode {@link #enabled()} is false and only the retention and the (optional) keys are
 * read.
 *
 * @param clientId the app's client id, or null in single-workspace mode
 * @param scopes the bot scopes asked for at install, comma-separated
 * @param redirectUrl the OAuth redirect URL ({@code SLACK_REDIRECT_URL}, or {@code PUBLIC_URL/slack/oauth_redirect})
 * @param encryptionKey base64 of the key sealing stored secrets; required when enabled
 * @param oldEncryptionKey the previous key, read during a key rotation, or null
 * @param retentionDays days a workspace's data is kept after the app is uninstalled from it
 */
public record DistributionSection(String clientId, Secret clientSecret, String scopes, String redirectUrl,
        Secret encryptionKey, Secret oldEncryptionKey, int retentionDays) {

    /** The bot scopes of {@code manifest-distributed.yml}, which the app's calls need. */
    public static final String DEFAULT_SCOPES = "app_mentions:read,assistant:write,channels:history,channels:join,"
            + "channels:read,chat:write,commands,files:read,files:write,groups:history,groups:read,im:history,im:read,"
            + "im:write,mpim:read,usergroups:read,users:read";
    private static final Pattern SCOPES = Pattern.compile("[a-z_.:]+(,[a-z_.:]+)*");

    /** Distributed mode: the app installs into workspaces through OAuth and keeps their tokens. */
    public boolean enabled() {
        return clientId != null;
    }

    /** Whether the settings ask for distributed mode (a client id or secret is given). */
    static boolean requested(SettingValues v) {
        return !v.text(Setting.SLACK_CLIENT_ID).isBlank() || v.secret(Setting.SLACK_CLIENT_SECRET) != null;
    }

    static DistributionSection read(SettingValues v, String publicUrl) {
        int retention = v.integer(Setting.GIGA_RETENTION_DAYS, 0, 3650);
        Secret key = v.secret(Setting.GIGA_SLACK_ENCRYPTION_KEY);
        Secret oldKey = v.secret(Setting.GIGA_SLACK_OLD_ENCRYPTION_KEY);
        checkKey(v, Setting.GIGA_SLACK_ENCRYPTION_KEY, key);
        checkKey(v, Setting.GIGA_SLACK_OLD_ENCRYPTION_KEY, oldKey);
        if (oldKey != null && key == null) {
            v.problem(Setting.GIGA_SLACK_OLD_ENCRYPTION_KEY.envName() + " is set without GIGA_SLACK_ENCRYPTION_KEY:"
                    + " during a key rotation set the new key in GIGA_SLACK_ENCRYPTION_KEY and the previous one in"
                    + " GIGA_SLACK_OLD_ENCRYPTION_KEY");
        }
        if (!requested(v)) {
            return new DistributionSection(null, null, null, null, key, oldKey, retention);
        }
        String clientId = v.text(Setting.SLACK_CLIENT_ID).strip();
        Secret clientSecret = v.secret(Setting.SLACK_CLIENT_SECRET);
        if (clientId.isEmpty()) {
            v.problem(Setting.SLACK_CLIENT_ID.envName() + " is missing (SLACK_CLIENT_SECRET is set, so the app is to"
                    + " be installed in many workspaces): set it to " + Setting.SLACK_CLIENT_ID.help());
        }
        if (clientSecret == null) {
            v.problem(Setting.SLACK_CLIENT_SECRET.envName() + " is missing (SLACK_CLIENT_ID is set, so the app is to"
                    + " be installed in many workspaces): set it to " + Setting.SLACK_CLIENT_SECRET.help());
        }
        if (v.secret(Setting.SLACK_BOT_TOKEN) != null) {
            v.problem("SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: set SLACK_BOT_TOKEN alone to serve one"
                    + " workspace, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (without SLACK_BOT_TOKEN) to install the"
                    + " app in many workspaces, each with the token it gets when installed");
        }
        if (v.secret(Setting.SLACK_APP_TOKEN) != null) {
            v.problem("SLACK_APP_TOKEN (Socket Mode) cannot be used with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET:"
                    + " Slack does not distribute Socket Mode apps to other workspaces. Remove SLACK_APP_TOKEN and"
                    + " serve HTTP (POST /slack/events at a public https URL), or remove SLACK_CLIENT_ID and"
                    + " SLACK_CLIENT_SECRET and set SLACK_BOT_TOKEN to serve one workspace over Socket Mode");
        }
        if (key == null) {
            v.problem(Setting.GIGA_SLACK_ENCRYPTION_KEY.envName() + " is missing: with SLACK_CLIENT_ID the app keeps"
                    + " each workspace's Slack tokens and Giga API key in its database, encrypted with this key. Set it"
                    + " to " + Setting.GIGA_SLACK_ENCRYPTION_KEY.help() + ", and keep it: without it the stored"
                    + " tokens cannot be read");
        }
        String scopes = v.text(Setting.SLACK_SCOPES).replace(" ", "");
        if (!SCOPES.matcher(scopes).matches()) {
            v.bad(Setting.SLACK_SCOPES, "is '" + scopes + "', not a comma-separated list of scopes");
        }
        String redirect = v.url(Setting.SLACK_REDIRECT_URL, true);
        if (redirect == null && v.text(Setting.SLACK_REDIRECT_URL).isEmpty()) {
            if (publicUrl == null || publicUrl.isEmpty()) {
                v.problem(Setting.SLACK_REDIRECT_URL.envName() + " is missing (and PUBLIC_URL, from which it would"
                        + " be made, is empty): set it to " + Setting.SLACK_REDIRECT_URL.help());
            } else {
                redirect = publicUrl + Distribution.REDIRECT_PATH;
            }
        }
        return new DistributionSection(clientId, clientSecret, scopes, redirect, key, oldKey, retention);
    }

    private static void checkKey(SettingValues v, Setting s, Secret key) {
        if (key == null) {
            return;
        }
        try {
            SecretBox.decodeKey(key.reveal());
        } catch (IllegalArgumentException e) {
            v.bad(s, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "DistributionSection[" + (enabled() ? "client " + clientId + ", scopes " + scopes + ", redirect "
                + redirectUrl : "single workspace") + ", encryption key " + (encryptionKey == null ? "none" : "set")
                + (oldEncryptionKey == null ? "" : ", old key set") + ", retention " + retentionDays + " days]";
    }
}

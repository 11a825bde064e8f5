package io.gigaslack.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings of distributed mode (many workspaces through OAuth) and what start-up says when they are wrong. */
class DistributedConfigTest {
    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    static final String SECRET = "client-secret-0123456789abcdef";

    private static Map<String, String> distributed() {
        Map<String, String> env = new HashMap<>();
        env.put("SLACK_CLIENT_ID", "1234.5678");
        env.put("SLACK_CLIENT_SECRET", SECRET);
        env.put("SLACK_SIGNING_SECRET", "signing-secret");
        env.put("GIGA_SLACK_ENCRYPTION_KEY", KEY);
        env.put("GIGA_API_KEY", "giga_sk_test");
        env.put("PUBLIC_URL", "https://giga.example.com");
        return env;
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> env = distributed();
        if (value == null) {
            env.remove(key);
        } else {
            env.put(key, value);
        }
        return env;
    }

    private static List<String> problemsOf(Map<String, String> env) {
        try {
            ConfigLoader.load(List.of(), env);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected a configuration problem");
    }

    @Test
    void client_id_and_secret_without_a_bot_token_select_distributed_mode_with_the_manifests_scopes() {
        AppConfig c = ConfigLoader.load(List.of(), distributed());

        assertThat(c.distribution().enabled()).isTrue();
        assertThat(c.slack().botToken()).isNull();
        assertThat(c.distribution().clientId()).isEqualTo("1234.5678");
        assertThat(c.distribution().scopes()).isEqualTo(DistributionSection.DEFAULT_SCOPES);
        assertThat(c.distribution().redirectUrl()).isEqualTo("https://giga.example.com/slack/oauth_redirect");
        assertThat(c.distribution().retentionDays()).isEqualTo(30);
        assertThat(c.toString()).doesNotContain(SECRET).doesNotContain(KEY);
    }

    @Test
    void a_bot_token_alone_is_single_workspace_mode_as_before() {
        Map<String, String> env = with("SLACK_CLIENT_ID", null);
        env.remove("SLACK_CLIENT_SECRET");
        env.remove("GIGA_SLACK_ENCRYPTION_KEY");
        env.put("SLACK_BOT_TOKEN", "xoxb-1");

        AppConfig c = ConfigLoader.load(List.of(), env);

        assertThat(c.distribution().enabled()).isFalse();
        assertThat(c.slack().botToken().reveal()).isEqualTo("xoxb-1");
    }

    @Test
    void an_explicit_redirect_url_wins_over_the_public_url() {
        AppConfig c = ConfigLoader.load(List.of(), with("SLACK_REDIRECT_URL", "https://other.example.com/oauth/back"));

        assertThat(c.distribution().redirectUrl()).isEqualTo("https://other.example.com/oauth/back");
    }

    @Test
    void without_a_redirect_url_or_public_url_start_up_says_to_set_one() {
        assertThat(problemsOf(with("PUBLIC_URL", null))).singleElement().asString()
                .startsWith("SLACK_REDIRECT_URL is missing (and PUBLIC_URL, from which it would be made, is empty)");
    }

    @Test
    void distributed_mode_without_an_encryption_key_says_why_it_is_needed_and_how_to_make_one() {
        assertThat(problemsOf(with("GIGA_SLACK_ENCRYPTION_KEY", null))).singleElement().asString()
                .startsWith("GIGA_SLACK_ENCRYPTION_KEY is missing: with SLACK_CLIENT_ID the app keeps each workspace's"
                        + " Slack tokens and Giga API key in its database, encrypted with this key")
                .contains("openssl rand -base64 32");
    }

    @Test
    void an_encryption_key_that_is_not_base64_is_refused_without_quoting_it() {
        String bad = "not base64 at all!";
        assertThat(problemsOf(with("GIGA_SLACK_ENCRYPTION_KEY", bad))).singleElement().asString()
                .startsWith("GIGA_SLACK_ENCRYPTION_KEY is not base64: set it to base64 of 32 random bytes")
                .doesNotContain(bad);
    }

    @Test
    void an_encryption_key_of_the_wrong_length_says_how_long_it_is() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThat(problemsOf(with("GIGA_SLACK_ENCRYPTION_KEY", shortKey))).singleElement().asString()
                .startsWith("GIGA_SLACK_ENCRYPTION_KEY is base64 of 16 bytes, not 32: set it to");
        assertThat(problemsOf(with("GIGA_SLACK_OLD_ENCRYPTION_KEY", shortKey))).singleElement().asString()
                .startsWith("GIGA_SLACK_OLD_ENCRYPTION_KEY is base64 of 16 bytes, not 32: set it to");
    }

    @Test
    void socket_mode_with_distribution_settings_is_refused_because_slack_does_not_distribute_socket_mode_apps() {
        assertThat(problemsOf(with("SLACK_APP_TOKEN", "xapp-1-A1-1-abc"))).singleElement().asString()
                .startsWith("SLACK_APP_TOKEN (Socket Mode) cannot be used with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET:"
                        + " Slack does not distribute Socket Mode apps to other workspaces.");
    }

    @Test
    void a_bot_token_together_with_a_client_id_is_refused_naming_both_modes() {
        assertThat(problemsOf(with("SLACK_BOT_TOKEN", "xoxb-1"))).singleElement().asString()
                .startsWith("SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: set SLACK_BOT_TOKEN alone to serve one"
                        + " workspace, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET");
    }

    @Test
    void a_client_id_without_its_secret_is_refused() {
        assertThat(problemsOf(with("SLACK_CLIENT_SECRET", null))).singleElement().asString()
                .startsWith("SLACK_CLIENT_SECRET is missing (SLACK_CLIENT_ID is set");
    }

    @Test
    void distributed_mode_still_needs_the_signing_secret() {
        assertThat(problemsOf(with("SLACK_SIGNING_SECRET", null))).singleElement().asString()
                .startsWith("SLACK_SIGNING_SECRET is missing");
    }

    @Test
    void the_retention_is_whole_days() {
        assertThat(ConfigLoader.load(List.of(), with("GIGA_RETENTION_DAYS", "90")).distribution().retentionDays())
                .isEqualTo(90);
        assertThat(problemsOf(with("GIGA_RETENTION_DAYS", "a month"))).singleElement().asString()
                .startsWith("GIGA_RETENTION_DAYS is 'a month', not a whole number");
    }
}

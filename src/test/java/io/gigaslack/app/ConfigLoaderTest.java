package io.gigaslack.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String BOT = "xoxb-123-456-abcdefSECRETBOT";
    private static final String SIGNING = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String KEY = "giga_sk_0123456789abcdef0123456789abcdef";

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("SLACK_BOT_TOKEN", BOT);
        env.put("SLACK_SIGNING_SECRET", SIGNING);
        env.put("GIGA_API_KEY", KEY);
        return env;
    }

    @Test
    void defaults_apply_when_only_secrets_are_given() {
        AppConfig c = ConfigLoader.load(List.of(), minimal());
        assertThat(c.port()).isEqualTo(3000);
        assertThat(c.slackApiUrl()).isEqualTo("https://slack.com/api/");
        assertThat(c.gigaApiUrl()).isEqualTo("https://api.withgiga.ai");
        assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.defaultPlatform()).isEqualTo("giga-standard");
        assertThat(c.defaultHours()).isEqualTo(1);
        assertThat(c.defaultGoal()).isNotBlank();
        assertThat(c.databaseUrl()).startsWith("jdbc:h2:file:./data/");
        assertThat(c.platforms()).containsKeys("giga-mini", "giga-standard", "giga-pro", "giga-max");
        assertThat(c.callbacksEnabled()).isFalse();
        assertThat(c.socketMode()).isFalse();
    }

    @Test
    void no_configuration_names_every_missing_key_and_where_to_find_it() {
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SLACK_BOT_TOKEN is missing")
                .hasMessageContaining("OAuth & Permissions")
                .hasMessageContaining("SLACK_SIGNING_SECRET is missing")
                .hasMessageContaining("Basic Information")
                .hasMessageContaining("GIGA_API_KEY is missing");
    }

    @Test
    void malformed_values_are_each_reported() {
        Map<String, String> env = minimal();
        env.put("PORT", "eighty");
        env.put("GIGA_POLL_INTERVAL_SECONDS", "1");
        env.put("GIGA_API_URL", "ftp://x");
        env.put("GIGA_DEFAULT_HOURS", "25");
        env.put("GIGA_AUTO_STOP", "maybe");
        env.put("GIGA_DEFAULT_PLATFORM", "giga-huge");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), env))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(6))
                .hasMessageContaining("PORT is 'eighty'")
                .hasMessageContaining("GIGA_POLL_INTERVAL_SECONDS is 1")
                .hasMessageContaining("GIGA_API_URL is not an http(s) URL")
                .hasMessageContaining("GIGA_DEFAULT_HOURS is 25")
                .hasMessageContaining("GIGA_AUTO_STOP is 'maybe'")
                .hasMessageContaining("GIGA_DEFAULT_PLATFORM is 'giga-huge'");
    }

    @Test
    void rejects_bot_token_that_is_not_a_bot_token() {
        Map<String, String> env = minimal();
        env.put("SLACK_BOT_TOKEN", "xoxp-user-token");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), env)).hasMessageContaining("does not start with xoxb-")
                .hasMessageNotContaining("xoxp-user-token");
    }

    @Test
    void socket_mode_needs_no_signing_secret() {
        Map<String, String> env = minimal();
        env.remove("SLACK_SIGNING_SECRET");
        env.put("SLACK_APP_TOKEN", "xapp-1-A1-secret");
        assertThat(ConfigLoader.load(List.of(), env).socketMode()).isTrue();
    }

    @Test
    void yaml_file_overrides_defaults_and_environment_overrides_file(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("giga-slack.yml");
        Files.writeString(file, "server:\n  port: 4000\n  public-url: https://bot.example.com/\n"
                + "giga:\n  poll-interval-seconds: 30\nruns:\n  platforms: [giga-standard:20, giga-pro:40]\n",
                StandardCharsets.UTF_8);
        Map<String, String> env = minimal();
        env.put("GIGA_POLL_INTERVAL_SECONDS", "20");
        AppConfig c = ConfigLoader.load(List.of("--config", file.toString()), env);
        assertThat(c.port()).isEqualTo(4000);
        assertThat(c.publicUrl()).isEqualTo("https://bot.example.com");
        assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.platforms()).containsOnlyKeys("giga-standard", "giga-pro");
    }

    @Test
    void properties_file_from_environment_variable_accepts_env_style_keys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("giga.properties");
        Files.writeString(file, "SLACK_BOT_TOKEN=" + BOT + "\nslack.signing-secret=" + SIGNING + "\nGIGA_API_KEY="
                + KEY + "\nGIGA_SYSTEM_PROMPT=Réponds en français ✓\n", StandardCharsets.UTF_8);
        AppConfig c = ConfigLoader.load(List.of(), Map.of("GIGA_SLACK_CONFIG", file.toString()));
        assertThat(c.slackBotToken().reveal()).isEqualTo(BOT);
        assertThat(c.systemPrompt()).isEqualTo("Réponds en français ✓");
    }

    @Test
    void unknown_file_key_is_reported(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yml");
        Files.writeString(file, "server:\n  prot: 80\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--config=" + file), minimal()))
                .hasMessageContaining("unknown key 'server.prot'");
    }

    @Test
    void unparseable_file_is_reported_without_quoting_it(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yml");
        Files.writeString(file, "slack:\n  bot-token: [xoxb-SECRET-VALUE\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--config", file.toString()), minimal()))
                .hasMessageContaining("could not be parsed")
                .hasMessageNotContaining("SECRET-VALUE");
    }

    @Test
    void missing_file_is_reported() {
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--config", "/nonexistent/x.yml"), minimal()))
                .hasMessageContaining("/nonexistent/x.yml does not exist");
    }

    @Test
    void secrets_never_appear_in_to_string() {
        Map<String, String> env = minimal();
        env.put("DATABASE_PASSWORD", "pg-secret-pw");
        env.put("SLACK_APP_TOKEN", "xapp-1-A1-appsecret");
        String s = ConfigLoader.load(List.of(), env).toString();
        assertThat(s).doesNotContain(BOT, SIGNING, KEY, "pg-secret-pw", "appsecret").contains("****");
    }
}

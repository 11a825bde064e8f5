package io.gigaslack.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gigaslack.runs.AccessRules;
import io.gigaslack.runs.Decision;
import io.gigaslack.runs.Limits;
import io.gigaslack.runs.RunParams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        assertThat(c.server().port()).isEqualTo(3000);
        assertThat(c.slack().apiUrl()).isEqualTo("https://slack.com/api/");
        assertThat(c.giga().apiUrl()).isEqualTo("https://api.withgiga.ai");
        assertThat(c.giga().pollInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.runs().defaultPlatform()).isEqualTo("giga-standard");
        assertThat(c.runs().defaultHours()).isEqualTo(1);
        assertThat(c.runs().defaultGoal()).isNotBlank();
        assertThat(c.database().url()).startsWith("jdbc:h2:file:./data/")
                .as("H2's own shutdown hook is off: the app closes the database last")
                .contains(";DB_CLOSE_ON_EXIT=FALSE")
                .as("commits are written at once, so an acknowledged run survives a kill")
                .contains(";WRITE_DELAY=0");
        assertThat(c.runs().platforms()).containsKeys("giga-mini", "giga-standard", "giga-pro", "giga-max");
        assertThat(c.server().callbacksEnabled()).isFalse();
        assertThat(c.slack().socketMode()).isFalse();
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
    void the_replaced_auto_stop_setting_is_refused_with_what_to_set_instead() {
        Map<String, String> env = minimal();
        env.put("GIGA_AUTO_STOP", "true");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), env))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "GIGA_AUTO_STOP was replaced by GIGA_AUTO_STOP_AFTER_MINUTES (runs.auto-stop-after-minutes):"
                                + " set that to 0 to stop computers as soon as their agent finishes, to off to leave"
                                + " them running, or leave it unset for the default (10 minutes after the agent"
                                + " finished), and remove GIGA_AUTO_STOP"));
    }

    @Test
    void malformed_values_are_each_reported() {
        Map<String, String> env = minimal();
        env.put("PORT", "eighty");
        env.put("GIGA_POLL_INTERVAL_SECONDS", "1");
        env.put("GIGA_API_URL", "ftp://x");
        env.put("GIGA_DEFAULT_HOURS", "25");
        env.put("GIGA_AUTO_STOP_AFTER_MINUTES", "maybe");
        env.put("GIGA_DEFAULT_PLATFORM", "giga-huge");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), env))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(6))
                .hasMessageContaining("PORT is 'eighty'")
                .hasMessageContaining("GIGA_POLL_INTERVAL_SECONDS is 1")
                .hasMessageContaining("GIGA_API_URL is not an http(s) URL")
                .hasMessageContaining("GIGA_DEFAULT_HOURS is 25")
                .hasMessageContaining("GIGA_AUTO_STOP_AFTER_MINUTES is 'maybe', not a whole number of minutes or off")
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
        assertThat(ConfigLoader.load(List.of(), env).slack().socketMode()).isTrue();
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
        assertThat(c.server().port()).isEqualTo(4000);
        assertThat(c.server().publicUrl()).isEqualTo("https://bot.example.com");
        assertThat(c.giga().pollInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.runs().platforms()).containsOnlyKeys("giga-standard", "giga-pro");
    }

    @Test
    void properties_file_from_environment_variable_accepts_env_style_keys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("giga.properties");
        Files.writeString(file, "SLACK_BOT_TOKEN=" + BOT + "\nslack.signing-secret=" + SIGNING + "\nGIGA_API_KEY="
                + KEY + "\nGIGA_SYSTEM_PROMPT=Réponds en français ✓\n", StandardCharsets.UTF_8);
        AppConfig c = ConfigLoader.load(List.of(), Map.of("GIGA_SLACK_CONFIG", file.toString()));
        assertThat(c.slack().botToken().reveal()).isEqualTo(BOT);
        assertThat(c.runs().systemPrompt()).isEqualTo("Réponds en français ✓");
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

    // ---- access control and limits ----

    private static String problemsOf(Map<String, String> env) {
        try {
            ConfigLoader.load(List.of(), env);
        } catch (ConfigException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0);
        }
        throw new AssertionError("expected a configuration problem");
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> env = minimal();
        env.put(key, value);
        return env;
    }

    @Test
    void access_lists_are_empty_by_default_so_everyone_may_start_anywhere() {
        AppConfig c = ConfigLoader.load(List.of(), minimal());
        assertThat(c.access().allowedChannels()).isEmpty();
        assertThat(c.access().deniedChannels()).isEmpty();
        assertThat(c.access().allowedUsers()).isEmpty();
        assertThat(c.access().allowedUsergroups()).isEmpty();
        assertThat(c.access().adminUsers()).isEmpty();
        assertThat(c.access()).isEqualTo(AccessRules.open());
    }

    @Test
    void limits_have_their_documented_defaults() {
        AppConfig c = ConfigLoader.load(List.of(), minimal());
        assertThat(c.limits().maxHours()).isEqualTo(8);
        assertThat(c.limits().maxConcurrentPerUser()).isEqualTo(3);
        assertThat(c.limits().maxConcurrentPerWorkspace()).isEqualTo(20);
        assertThat(c.limits().maxRunsPerUserPerDay()).isEqualTo(20);
        assertThat(c.limits().maxPromptChars()).isEqualTo(4000);
        assertThat(c.limits().maxFileBytes()).isEqualTo(50L * 1024 * 1024);
        assertThat(c.limits().maxInputFileBytes()).isEqualTo(50L * 1024 * 1024);
        assertThat(c.limits()).isEqualTo(Limits.defaults(c.runs().platforms().keySet()));
    }

    @Test
    void access_lists_are_read_from_the_environment_in_order() {
        Map<String, String> env = minimal();
        env.put("GIGA_ALLOWED_CHANNELS", "C0123ABCD, G0456, D789XYZ");
        env.put("GIGA_DENIED_CHANNELS", "C0BAD");
        env.put("GIGA_ALLOWED_USERS", "U01AAA,W02BBB,");
        env.put("GIGA_ALLOWED_USERGROUPS", "S0DEV,S0OPS");
        env.put("GIGA_ADMIN_USERS", "U0ADMIN");
        AppConfig c = ConfigLoader.load(List.of(), env);
        assertThat(c.access().allowedChannels()).containsExactly("C0123ABCD", "G0456", "D789XYZ");
        assertThat(c.access().deniedChannels()).containsExactly("C0BAD");
        assertThat(c.access().allowedUsers()).containsExactly("U01AAA", "W02BBB");
        assertThat(c.access().allowedUsergroups()).containsExactly("S0DEV", "S0OPS");
        assertThat(c.access().adminUsers()).containsExactly("U0ADMIN");
        AccessRules rules = c.access();
        assertThat(rules.mayStart("C0BAD", "U01AAA", Set.of()).reason()).isEqualTo(Decision.Reason.CHANNEL_DENIED);
        assertThat(rules.mayStart("C0123ABCD", "U9", Set.of("S0OPS")).isAllowed()).isTrue();
    }

    @Test
    void access_lists_may_be_yaml_lists(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yml");
        Files.writeString(file, "access:\n  allowed-channels: [C01, C02]\n  admin-users:\n    - U0ADMIN\n"
                + "  denied-channels: []\n", StandardCharsets.UTF_8);
        AppConfig c = ConfigLoader.load(List.of("--config", file.toString()), minimal());
        assertThat(c.access().allowedChannels()).containsExactly("C01", "C02");
        assertThat(c.access().adminUsers()).containsExactly("U0ADMIN");
        assertThat(c.access().deniedChannels()).isEmpty();
    }

    @Test
    void malformed_allowed_channel_ids_are_named() {
        assertThat(problemsOf(with("GIGA_ALLOWED_CHANNELS", "C0123, general, #random, U0123, c0456")))
                .startsWith("GIGA_ALLOWED_CHANNELS has entries that are not channel ids (C…, G… or D…, in capital"
                        + " letters and digits) ['general', '#random', 'U0123', 'c0456']: set it to a comma-separated"
                        + " list of channel ids")
                .contains("the id is at the bottom of About");
    }

    @Test
    void malformed_denied_channel_ids_are_named() {
        assertThat(problemsOf(with("GIGA_DENIED_CHANNELS", "<#C0123|general>")))
                .startsWith("GIGA_DENIED_CHANNELS has entries that are not channel ids (C…, G… or D…, in capital"
                        + " letters and digits) ['<#C0123|general>']: set it to");
    }

    @Test
    void a_channel_both_allowed_and_denied_is_reported() {
        Map<String, String> env = minimal();
        env.put("GIGA_ALLOWED_CHANNELS", "C01,C02");
        env.put("GIGA_DENIED_CHANNELS", "C02");
        assertThat(problemsOf(env)).startsWith("GIGA_DENIED_CHANNELS lists [C02], which GIGA_ALLOWED_CHANNELS also"
                + " lists: set it to");
    }

    @Test
    void malformed_allowed_user_ids_are_named() {
        assertThat(problemsOf(with("GIGA_ALLOWED_USERS", "U01, @alice, <@U02>")))
                .startsWith("GIGA_ALLOWED_USERS has entries that are not member ids (U… or W…, in capital letters and"
                        + " digits) ['@alice', '<@U02>']: set it to")
                .contains("Copy member ID");
    }

    @Test
    void malformed_user_group_ids_are_named() {
        assertThat(problemsOf(with("GIGA_ALLOWED_USERGROUPS", "S01,@devs")))
                .startsWith("GIGA_ALLOWED_USERGROUPS has entries that are not user group ids (S…, in capital letters"
                        + " and digits) ['@devs']: set it to")
                .contains("usergroups:read");
    }

    @Test
    void malformed_admin_user_ids_are_named() {
        assertThat(problemsOf(with("GIGA_ADMIN_USERS", "C0123")))
                .startsWith("GIGA_ADMIN_USERS has entries that are not member ids (U… or W…, in capital letters and"
                        + " digits) ['C0123']: set it to");
    }

    @Test
    void limits_can_be_overridden() {
        Map<String, String> env = minimal();
        env.put("GIGA_MAX_HOURS", "24");
        env.put("GIGA_MAX_CONCURRENT_PER_USER", "1");
        env.put("GIGA_MAX_CONCURRENT_PER_WORKSPACE", "100");
        env.put("GIGA_MAX_RUNS_PER_USER_PER_DAY", "5");
        env.put("GIGA_MAX_PROMPT_CHARS", "200");
        env.put("GIGA_MAX_FILE_MB", "10");
        env.put("GIGA_MAX_INPUT_FILE_MB", "3");
        AppConfig c = ConfigLoader.load(List.of(), env);
        assertThat(c.limits().maxHours()).isEqualTo(24);
        assertThat(c.limits().maxConcurrentPerUser()).isEqualTo(1);
        assertThat(c.limits().maxConcurrentPerWorkspace()).isEqualTo(100);
        assertThat(c.limits().maxRunsPerUserPerDay()).isEqualTo(5);
        assertThat(c.limits().maxPromptChars()).isEqualTo(200);
        assertThat(c.limits().maxFileBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(c.limits().maxInputFileBytes()).isEqualTo(3L * 1024 * 1024);
        Limits limits = c.limits();
        assertThat(limits.checkStart(new RunParams("giga-standard", 24, "x", "g", "", ""),
                new Limits.Usage(0, 99, 4)).isAllowed()).isTrue();
        assertThat(limits.platforms()).containsExactly("giga-standard", "linux-toolkit-standard", "giga-mini",
                "giga-pro", "giga-max");
    }

    @Test
    void both_documented_platforms_are_offered_by_default_one_with_its_rate_unknown() {
        AppConfig c = ConfigLoader.load(List.of(), minimal());
        assertThat(c.runs().platforms().get("giga-standard").creditsPerHour()).isEqualTo(20);
        assertThat(c.runs().platforms().get("linux-toolkit-standard").rateKnown()).isFalse();
    }

    @Test
    void a_platform_without_a_rate_is_one_whose_rate_is_unknown() {
        Map<String, String> env = minimal();
        env.put("GIGA_PLATFORMS", "giga-standard:20,linux-toolkit-standard,other:?");
        AppConfig c = ConfigLoader.load(List.of(), env);
        assertThat(c.runs().platforms().get("linux-toolkit-standard").rateKnown()).isFalse();
        assertThat(c.runs().platforms().get("other").rateKnown()).isFalse();
    }

    @Test
    void limits_can_be_set_in_the_file(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yml");
        Files.writeString(file, "limits:\n  max-hours: 4\n  max-concurrent-per-user: 2\n"
                + "  max-concurrent-per-workspace: 9\n  max-runs-per-user-per-day: 7\n  max-prompt-chars: 1000\n"
                + "  max-file-mb: 5\n", StandardCharsets.UTF_8);
        AppConfig c = ConfigLoader.load(List.of("--config", file.toString()), minimal());
        assertThat(c.limits()).isEqualTo(new Limits(4, 2, 9, 7, 1000, 5L * 1024 * 1024, c.runs().platforms().keySet()));
    }

    @Test
    void max_hours_outside_one_to_24_is_reported() {
        assertThat(problemsOf(with("GIGA_MAX_HOURS", "25")))
                .startsWith("GIGA_MAX_HOURS is 25, outside 1–24: set it to whole hours between 1 and 24");
        assertThat(problemsOf(with("GIGA_MAX_HOURS", "eight"))).startsWith("GIGA_MAX_HOURS is 'eight', not a whole number");
    }

    @Test
    void max_hours_below_default_hours_is_reported() {
        Map<String, String> env = minimal();
        env.put("GIGA_DEFAULT_HOURS", "4");
        env.put("GIGA_MAX_HOURS", "2");
        assertThat(problemsOf(env)).startsWith("GIGA_MAX_HOURS is 2, less than GIGA_DEFAULT_HOURS (4): set it to");
    }

    @Test
    void zero_is_not_read_as_unlimited() {
        for (String key : List.of("GIGA_MAX_HOURS", "GIGA_MAX_CONCURRENT_PER_USER", "GIGA_MAX_CONCURRENT_PER_WORKSPACE",
                "GIGA_MAX_RUNS_PER_USER_PER_DAY", "GIGA_MAX_PROMPT_CHARS", "GIGA_MAX_FILE_MB", "GIGA_MAX_INPUT_FILE_MB")) {
            assertThat(problemsOf(with(key, "0"))).startsWith(key + " is 0, which would allow nothing (there is no"
                    + " \"unlimited\"; set a large number instead): set it to");
        }
    }

    @Test
    void max_concurrent_per_user_malformed_is_reported() {
        assertThat(problemsOf(with("GIGA_MAX_CONCURRENT_PER_USER", "-1"))).isEqualTo("GIGA_MAX_CONCURRENT_PER_USER is"
                + " -1, outside 1–1000: set it to a whole number between 1 and 1000: runs one person may have going"
                + " at once");
    }

    @Test
    void max_concurrent_per_workspace_malformed_is_reported() {
        assertThat(problemsOf(with("GIGA_MAX_CONCURRENT_PER_WORKSPACE", "lots")))
                .startsWith("GIGA_MAX_CONCURRENT_PER_WORKSPACE is 'lots', not a whole number: set it to a whole number"
                        + " between 1 and 10000");
    }

    @Test
    void max_runs_per_user_per_day_malformed_is_reported() {
        assertThat(problemsOf(with("GIGA_MAX_RUNS_PER_USER_PER_DAY", "2.5")))
                .startsWith("GIGA_MAX_RUNS_PER_USER_PER_DAY is '2.5', not a whole number: set it to a whole number"
                        + " between 1 and 100000");
    }

    @Test
    void max_prompt_chars_malformed_is_reported() {
        assertThat(problemsOf(with("GIGA_MAX_PROMPT_CHARS", "100001")))
                .startsWith("GIGA_MAX_PROMPT_CHARS is 100001, outside 1–100000: set it to");
    }

    @Test
    void default_goal_and_system_prompt_must_fit_the_prompt_limit() {
        Map<String, String> env = minimal();
        env.put("GIGA_MAX_PROMPT_CHARS", "20");
        env.put("GIGA_SYSTEM_PROMPT", "Answer in French, please.");
        assertThatThrownBy(() -> ConfigLoader.load(List.of(), env))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2))
                .hasMessageContaining("GIGA_DEFAULT_GOAL is 85 characters long, more than GIGA_MAX_PROMPT_CHARS (20)")
                .hasMessageContaining("GIGA_SYSTEM_PROMPT is 25 characters long, more than GIGA_MAX_PROMPT_CHARS (20)");
    }

    @Test
    void max_file_mb_malformed_is_reported() {
        assertThat(problemsOf(with("GIGA_MAX_FILE_MB", "2048")))
                .startsWith("GIGA_MAX_FILE_MB is 2048, outside 1–1024: set it to whole megabytes between 1 and 1024");
    }

    @Test
    void the_low_balance_warning_is_off_by_default_and_takes_a_number_of_credits() {
        assertThat(ConfigLoader.load(List.of(), minimal()).giga().lowBalanceCredits()).isZero();
        assertThat(ConfigLoader.load(List.of(), with("GIGA_LOW_BALANCE_CREDITS", "250")).giga().lowBalanceCredits())
                .isEqualTo(250);
        assertThat(problemsOf(with("GIGA_LOW_BALANCE_CREDITS", "lots")))
                .startsWith("GIGA_LOW_BALANCE_CREDITS is 'lots', not a whole number or off");
    }

    @Test
    void the_example_file_loads_and_documents_every_setting() throws Exception {
        Path example = Path.of("config/giga-slack.example.yml");
        String text = Files.readString(example, StandardCharsets.UTF_8);
        for (Setting s : Setting.values()) {
            assertThat(text).as("example mentions " + s.envName()).contains(s.envName());
        }
        Map<String, String> env = minimal();
        env.put("SLACK_BOT_TOKEN", BOT);
        AppConfig c = ConfigLoader.load(List.of("--config", example.toString()), env);
        assertThat(c.limits()).isEqualTo(Limits.defaults(c.runs().platforms().keySet()));
        assertThat(c.access()).isEqualTo(AccessRules.open());
    }
}

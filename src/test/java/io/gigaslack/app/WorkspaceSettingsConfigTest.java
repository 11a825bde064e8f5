package io.gigaslack.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.runs.WorkspaceSetting;
import io.gigaslack.service.SettingsReader;
import io.gigaslack.service.WorkspaceSettings;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The settings a workspace may change in Slack and the configuration agree: each is a configuration key, none is a
 * secret, the configuration's values are what a workspace starts from, and a wrong value is refused in the same words
 * at start-up and in Slack's form.
 */
class WorkspaceSettingsConfigTest {
    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("SLACK_BOT_TOKEN", "xoxb-123-456-abcdefSECRETBOT");
        env.put("SLACK_SIGNING_SECRET", "8f742231b10e8888abcd99yyyzzz85a5");
        env.put("GIGA_API_KEY", "giga_sk_0123456789abcdef0123456789abcdef");
        return env;
    }

    @Test
    void each_setting_a_workspace_may_change_is_a_configuration_key_and_none_is_a_secret() {
        for (WorkspaceSetting s : WorkspaceSetting.values()) {
            Setting key = WorkspaceSection.setting(s);
            assertThat(key.secret()).as(s + " is shown to admins and written to the audit log").isFalse();
            assertThat(key.defaultValue()).as(s + " has a default for workspaces that change nothing").isNotNull();
        }
    }

    @Test
    void a_workspace_starts_from_the_configurations_values() {
        Map<String, String> env = minimal();
        env.put("GIGA_MAX_HOURS", "12");
        env.put("GIGA_ALLOWED_CHANNELS", "C0ONE,C0TWO");
        env.put("GIGA_AUTO_STOP_AFTER_MINUTES", "off");
        AppConfig c = ConfigLoader.load(List.of(), env);

        WorkspaceSettings w = c.workspaceDefaults();
        assertThat(w.runs()).isEqualTo(c.runs());
        assertThat(w.limits()).isEqualTo(c.limits());
        assertThat(w.access()).isEqualTo(c.access());
        assertThat(w.budget()).isEqualTo(c.budget());
        assertThat(w.screenshots()).isEqualTo(c.desktop().settings().screenshots());
        assertThat(w.text(WorkspaceSetting.GIGA_MAX_HOURS)).isEqualTo("12");
        assertThat(w.text(WorkspaceSetting.GIGA_AUTO_STOP_AFTER_MINUTES)).isEqualTo("off");
        // Read back from its own text, it is the same: what the store keeps and forms show means what it did.
        Map<WorkspaceSetting, String> texts = w.texts();
        assertThat(SettingsReader.read(texts::get, w.runs().desktopViewerUrl(), failing())).isEqualTo(w);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GIGA_MAX_HOURS|25",
            "GIGA_MAX_HOURS|0",
            "GIGA_DEFAULT_HOURS|eight",
            "GIGA_MAX_CONCURRENT_PER_USER|-1",
            "GIGA_MAX_CREDITS_PER_USER_PER_DAY|lots",
            "GIGA_MAX_CREDITS_PER_WORKSPACE_PER_MONTH|0",
            "GIGA_AUTO_STOP_AFTER_MINUTES|1441",
            "GIGA_SCREENSHOTS|maybe",
            "GIGA_PLATFORMS|giga-standard:twenty",
            "GIGA_DEFAULT_PLATFORM|giga-huge",
            "GIGA_ALLOWED_CHANNELS|C0123, general",
            "GIGA_ALLOWED_USERGROUPS|S01,@devs",
            "GIGA_ADMIN_USERS|C0123"})
    void a_wrong_value_is_refused_in_the_same_words_at_start_up_and_in_slack(String name, String value) {
        Map<String, String> env = minimal();
        env.put(name, value);
        List<String> atStartUp = new ArrayList<>();
        try {
            ConfigLoader.load(List.of(), env);
        } catch (ConfigException e) {
            atStartUp.addAll(e.problems());
        }
        WorkspaceSetting s = WorkspaceSetting.named(name);
        Map<WorkspaceSetting, String> texts = ConfigLoader.load(List.of(), minimal()).workspaceDefaults().texts();
        texts.put(s, value);
        Map<WorkspaceSetting, String> inSlack = new EnumMap<>(WorkspaceSetting.class);
        SettingsReader.read(texts::get, null, new SettingsReader.Problems() {
            @Override
            public void bad(WorkspaceSetting setting, String what) {
                inSlack.put(setting, setting.name() + " " + what);
            }

            @Override
            public void missing(WorkspaceSetting setting) {
                inSlack.put(setting, setting.name() + " is missing");
            }
        });

        assertThat(atStartUp).hasSize(1);
        assertThat(inSlack).containsOnlyKeys(s);
        assertThat(atStartUp.get(0)).isEqualTo(inSlack.get(s) + ": set it to " + Setting.valueOf(name).help());
    }

    private static SettingsReader.Problems failing() {
        return new SettingsReader.Problems() {
            @Override
            public void bad(WorkspaceSetting s, String what) {
                throw new AssertionError(s + " " + what);
            }

            @Override
            public void missing(WorkspaceSetting s) {
                throw new AssertionError(s + " is missing");
            }
        };
    }
}

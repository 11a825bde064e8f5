package io.gigaslack.slack.render;

import static io.gigaslack.slack.render.Fixtures.CTX;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gigaslack.runs.Platform;
import io.gigaslack.runs.RunParams;
import io.gigaslack.runs.WorkspaceSetting;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Settings from Slack against golden files (see {@link Golden} for {@code -Dgolden.update=true}): the admins' App Home
 * section, the settings form and its errors, the channel presets form, the card of a run that took presets; and the
 * reading of what the forms submit.
 */
class SettingsViewsTest {
    static final List<Platform> PLATFORMS = List.of(new Platform("giga-standard", 20), new Platform("giga-pro", 40),
            Platform.rateUnknown("linux-toolkit-standard"));

    /** The environment's values. */
    static Map<WorkspaceSetting, String> environment() {
        Map<WorkspaceSetting, String> m = new EnumMap<>(WorkspaceSetting.class);
        m.put(WorkspaceSetting.GIGA_DEFAULT_PLATFORM, "giga-standard");
        m.put(WorkspaceSetting.GIGA_DEFAULT_HOURS, "1");
        m.put(WorkspaceSetting.GIGA_DEFAULT_GOAL, "Finish the task and save every result as a file on the Desktop.");
        m.put(WorkspaceSetting.GIGA_SYSTEM_PROMPT, "");
        m.put(WorkspaceSetting.GIGA_PLATFORMS, "giga-standard:20,giga-pro:40,linux-toolkit-standard:?");
        m.put(WorkspaceSetting.GIGA_AUTO_STOP_AFTER_MINUTES, "10");
        m.put(WorkspaceSetting.GIGA_SCREENSHOTS, "true");
        m.put(WorkspaceSetting.GIGA_MAX_HOURS, "8");
        m.put(WorkspaceSetting.GIGA_MAX_CONCURRENT_PER_USER, "3");
        m.put(WorkspaceSetting.GIGA_MAX_CONCURRENT_PER_WORKSPACE, "20");
        m.put(WorkspaceSetting.GIGA_MAX_RUNS_PER_USER_PER_DAY, "20");
        m.put(WorkspaceSetting.GIGA_MAX_PROMPT_CHARS, "4000");
        m.put(WorkspaceSetting.GIGA_MAX_FILE_MB, "50");
        m.put(WorkspaceSetting.GIGA_MAX_INPUT_FILE_MB, "50");
        m.put(WorkspaceSetting.GIGA_MAX_CREDITS_PER_USER_PER_DAY, "off");
        m.put(WorkspaceSetting.GIGA_MAX_CREDITS_PER_WORKSPACE_PER_MONTH, "off");
        for (WorkspaceSetting s : WorkspaceSetting.values()) {
            m.putIfAbsent(s, "");
        }
        return m;
    }

    /** A workspace whose admins changed a few settings and preset two channels. */
    static SettingsBlocks.Shown shown() {
        Map<WorkspaceSetting, String> values = environment();
        values.put(WorkspaceSetting.GIGA_DEFAULT_HOURS, "2");
        values.put(WorkspaceSetting.GIGA_MAX_CONCURRENT_PER_USER, "1");
        values.put(WorkspaceSetting.GIGA_MAX_CREDITS_PER_USER_PER_DAY, "200");
        values.put(WorkspaceSetting.GIGA_SCREENSHOTS, "false");
        values.put(WorkspaceSetting.GIGA_SYSTEM_PROMPT, "Answer in French & keep it <short>.");
        values.put(WorkspaceSetting.GIGA_ALLOWED_CHANNELS, "C0GENERAL,C0RESEARCH");
        values.put(WorkspaceSetting.GIGA_ADMIN_USERS, "U0HELPER");
        values.put(WorkspaceSetting.GIGA_ALLOWED_USERGROUPS, "S0DEVS");
        Map<String, Map<WorkspaceSetting, String>> presets = new LinkedHashMap<>();
        presets.put("C0RESEARCH", Map.of(WorkspaceSetting.GIGA_DEFAULT_PLATFORM, "giga-pro",
                WorkspaceSetting.GIGA_DEFAULT_HOURS, "4"));
        presets.put("C0GENERAL", Map.of(WorkspaceSetting.GIGA_DEFAULT_GOAL, "A short summary in the thread."));
        return new SettingsBlocks.Shown(values, Set.of(WorkspaceSetting.GIGA_DEFAULT_HOURS,
                WorkspaceSetting.GIGA_MAX_CONCURRENT_PER_USER, WorkspaceSetting.GIGA_MAX_CREDITS_PER_USER_PER_DAY,
                WorkspaceSetting.GIGA_SCREENSHOTS, WorkspaceSetting.GIGA_SYSTEM_PROMPT,
                WorkspaceSetting.GIGA_ALLOWED_CHANNELS, WorkspaceSetting.GIGA_ADMIN_USERS,
                WorkspaceSetting.GIGA_ALLOWED_USERGROUPS), environment(), PLATFORMS, presets);
    }

    static Map<String, Supplier<JsonNode>> variants() {
        Map<String, Supplier<JsonNode>> v = new LinkedHashMap<>();
        v.put("home_admin_settings", () -> HomeView.render("U111", Fixtures.many(2), CTX, null, shown()));
        v.put("modal_settings", () -> SettingsModal.view(shown()));
        v.put("modal_presets", () -> PresetsModal.view("C0RESEARCH", shown(), Map.of(
                WorkspaceSetting.GIGA_DEFAULT_PLATFORM, "giga-pro", WorkspaceSetting.GIGA_DEFAULT_HOURS, "4",
                WorkspaceSetting.GIGA_SYSTEM_PROMPT, "Cite every source.")));
        v.put("modal_presets_none", () -> PresetsModal.view("C0NEW", shown(), Map.of()));
        v.put("card_running_channel_presets", () -> RunCard.render(withPresets(Fixtures.running(),
                Set.of(WorkspaceSetting.GIGA_DEFAULT_PLATFORM, WorkspaceSetting.GIGA_DEFAULT_HOURS)), CTX));
        return v;
    }

    static Map<String, Supplier<JsonNode>> answers() {
        Map<String, Supplier<JsonNode>> v = new LinkedHashMap<>();
        v.put("modal_settings_errors", () -> SettingsModal.errors(Map.of(
                WorkspaceSetting.GIGA_MAX_HOURS, "GIGA_MAX_HOURS is 2, less than GIGA_DEFAULT_HOURS (4)",
                WorkspaceSetting.GIGA_MAX_CREDITS_PER_USER_PER_DAY,
                "GIGA_MAX_CREDITS_PER_USER_PER_DAY is 'lots', not a whole number or off",
                WorkspaceSetting.GIGA_DEFAULT_GOAL, "GIGA_DEFAULT_GOAL is missing"),
                Set.of(WorkspaceSetting.GIGA_MAX_HOURS, WorkspaceSetting.GIGA_MAX_CREDITS_PER_USER_PER_DAY)));
        v.put("modal_settings_refused", () -> SettingsModal.refused("Only workspace admins and owners and the app's"
                + " admins can change the app's settings."));
        v.put("modal_presets_errors", () -> PresetsModal.errors(Map.of(WorkspaceSetting.GIGA_DEFAULT_HOURS,
                "GIGA_DEFAULT_HOURS is 12, more than GIGA_MAX_HOURS (8)")));
        return v;
    }

    static io.gigaslack.runs.Run withPresets(io.gigaslack.runs.Run run, Set<WorkspaceSetting> presets) {
        RunParams p = run.params();
        io.gigaslack.runs.Run r = run;
        return new io.gigaslack.runs.Run(r.id(), r.teamId(), r.channelId(), r.rootTs(), r.requesterId(), r.kind(),
                new RunParams(p.platform(), p.hours(), p.prompt(), p.goal(), p.systemPrompt(), p.name(), presets),
                r.nameTag(), r.deploymentId(), r.threadId(), r.sandboxId(), r.vncUrl(), r.status(), r.computer(),
                r.finalAnswer(), r.failureReason(), r.stoppedBy(), r.callbackTokenHash(), r.createdAt(),
                r.updatedAt(), r.readyAt(), r.finishedAt(), r.computerEndedAt(), r.expiresAt(), r.remindedFor(),
                r.extendedTo(), r.creditsPerHour(), r.autoStopAt(), r.keptBy(), r.startTries(), r.version());
    }

    @TestFactory
    Stream<DynamicTest> rendered_output_matches_golden_files() {
        Map<String, Supplier<JsonNode>> all = new LinkedHashMap<>(variants());
        all.putAll(answers());
        return all.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            JsonNode sent = new ObjectMapper().readTree(new ObjectMapper().writeValueAsBytes(e.getValue().get()));
            Golden.check(e.getKey(), sent);
            if (variants().containsKey(e.getKey())) {
                assertThat(BlockKitLimits.check(sent)).as(e.getKey()).isEmpty();
            }
        }));
    }

    @Test
    void the_settings_form_is_read_back_as_each_settings_text() throws Exception {
        JsonNode payload = new ObjectMapper().readTree("{\"type\":\"view_submission\",\"view\":{\"callback_id\":"
                + "\"giga_settings_modal\",\"state\":{\"values\":{"
                + "\"setting_giga_default_platform\":{\"value\":{\"type\":\"static_select\",\"selected_option\":"
                + "{\"value\":\"giga-pro\"}}},"
                + "\"setting_giga_default_hours\":{\"value\":{\"type\":\"number_input\",\"value\":\"3\"}},"
                + "\"setting_giga_system_prompt\":{\"value\":{\"type\":\"plain_text_input\",\"value\":null}},"
                + "\"setting_giga_screenshots\":{\"value\":{\"type\":\"radio_buttons\",\"selected_option\":"
                + "{\"value\":\"false\"}}},"
                + "\"setting_giga_allowed_channels\":{\"value\":{\"type\":\"multi_conversations_select\","
                + "\"selected_conversations\":[\"C01\",\"G02\"]}},"
                + "\"setting_giga_admin_users\":{\"value\":{\"type\":\"multi_users_select\",\"selected_users\":[]}},"
                + "\"run_task\":{\"task_input\":{\"type\":\"plain_text_input\",\"value\":\"not ours\"}}}}}}");

        assertThat(SettingsModal.parseSubmission(payload)).containsOnly(
                Map.entry(WorkspaceSetting.GIGA_DEFAULT_PLATFORM, "giga-pro"),
                Map.entry(WorkspaceSetting.GIGA_DEFAULT_HOURS, "3"),
                Map.entry(WorkspaceSetting.GIGA_SYSTEM_PROMPT, ""),
                Map.entry(WorkspaceSetting.GIGA_SCREENSHOTS, "false"),
                Map.entry(WorkspaceSetting.GIGA_ALLOWED_CHANNELS, "C01,G02"),
                Map.entry(WorkspaceSetting.GIGA_ADMIN_USERS, ""));
    }

    @Test
    void the_presets_form_is_read_back_with_its_channel_and_the_default_platform_as_no_preset() throws Exception {
        JsonNode view = new ObjectMapper().readTree(PresetsModal.view("C0RESEARCH", shown(), Map.of()).toString());
        JsonNode payload = new ObjectMapper().readTree("{\"view\":{\"private_metadata\":"
                + new ObjectMapper().writeValueAsString(view.path("private_metadata").asText()) + ",\"state\":{"
                + "\"values\":{\"preset_giga_default_platform\":{\"value\":{\"type\":\"static_select\","
                + "\"selected_option\":{\"value\":\"-\"}}},\"preset_giga_default_hours\":{\"value\":{\"type\":"
                + "\"number_input\",\"value\":\"4\"}}}}}}");

        PresetsModal.Submission s = PresetsModal.parseSubmission(payload).orElseThrow();

        assertThat(s.channelId()).isEqualTo("C0RESEARCH");
        assertThat(s.values()).containsOnly(Map.entry(WorkspaceSetting.GIGA_DEFAULT_PLATFORM, ""),
                Map.entry(WorkspaceSetting.GIGA_DEFAULT_HOURS, "4"));
        assertThat(PresetsModal.parseSubmission(new ObjectMapper().readTree("{\"view\":{\"private_metadata\":"
                + "\"{\\\"channel\\\":\\\"<#C1>\\\"}\"}}"))).as("a channel that is not an id").isEmpty();
    }

    @Test
    void a_text_longer_than_a_form_field_is_not_offered_so_saving_cannot_cut_it() {
        Map<WorkspaceSetting, String> values = environment();
        values.put(WorkspaceSetting.GIGA_DEFAULT_GOAL, "g".repeat(SettingsModal.TEXT_MAX + 1));
        SettingsBlocks.Shown s = new SettingsBlocks.Shown(values, Set.of(), environment(), PLATFORMS, Map.of());

        String view = SettingsModal.view(s).toString();

        assertThat(view).doesNotContain(SettingsModal.blockId(WorkspaceSetting.GIGA_DEFAULT_GOAL))
                .contains("Default goal (GIGA_DEFAULT_GOAL): longer than a form field holds");
        assertThat(BlockKitLimits.check(SettingsModal.view(s))).isEmpty();
    }

    @Test
    void an_admins_home_with_usage_settings_and_many_runs_stays_within_slacks_limits() {
        var home = HomeView.render("U9", Fixtures.many(40), CTX, new UsageBlocks.AdminSummary(
                io.gigaslack.runs.UsageFixtures.everyone(), io.gigaslack.runs.UsageFixtures.balance("52.5", "0"), 100),
                shown());

        assertThat(BlockKitLimits.check(home)).isEmpty();
        assertThat(home.toString()).contains("Edit settings", "…and ");
    }

    @Test
    void every_setting_has_a_field_in_the_form() {
        String view = SettingsModal.view(shown()).toString();
        for (WorkspaceSetting s : WorkspaceSetting.values()) {
            assertThat(view).contains("\"block_id\":\"" + SettingsModal.blockId(s) + "\"");
        }
    }
}

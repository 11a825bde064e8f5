package io.gigaslack.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunParams;
import io.gigaslack.runs.WorkspaceSetting;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where a start's platform, hours, goal and instructions come from: the request where it says, else the channel's
 * presets, else the workspace's settings, which are the environment's where the workspace changed nothing.
 */
class StartDefaultsTest {
    static final WorkspaceSettings ENVIRONMENT = SettingsFixtures.defaults();
    static final WorkspaceSettings WORKSPACE = SettingsFixtures.read(Map.of(
            WorkspaceSetting.GIGA_DEFAULT_PLATFORM, "giga-mini", WorkspaceSetting.GIGA_DEFAULT_HOURS, "3",
            WorkspaceSetting.GIGA_SYSTEM_PROMPT, "Be brief."));
    static final ChannelPresets PRESETS = new ChannelPresets("giga-pro", 2, "A table in pricing.csv",
            "Answer in French.");

    static RunService.StartRequest asked(String platform, Integer hours, String goal, String system) {
        return new RunService.StartRequest("T1", "C1", "U1", RunKind.AGENT, "Find the prices", platform, hours, goal,
                system, null, null);
    }

    @Test
    void a_request_that_says_nothing_in_a_workspace_that_changed_nothing_gets_the_environments_defaults() {
        RunParams p = StartDefaults.params(asked(null, null, null, null), ENVIRONMENT, ChannelPresets.NONE);

        assertThat(p).isEqualTo(new RunParams("giga-standard", 1, "Find the prices",
                "Finish the task and save every result on the Desktop.", "", ""));
        assertThat(p.presets()).isEmpty();
    }

    @Test
    void the_workspaces_own_defaults_replace_the_environments() {
        RunParams p = StartDefaults.params(asked(null, null, null, null), WORKSPACE, ChannelPresets.NONE);

        assertThat(p.platform()).isEqualTo("giga-mini");
        assertThat(p.hours()).isEqualTo(3);
        assertThat(p.systemPrompt()).isEqualTo("Be brief.");
        assertThat(p.goal()).as("not changed by the workspace").isEqualTo(ENVIRONMENT.runs().defaultGoal());
    }

    @Test
    void a_channels_presets_replace_the_workspaces_defaults_and_the_run_records_that_they_did() {
        RunParams p = StartDefaults.params(asked(null, null, null, null), WORKSPACE, PRESETS);

        assertThat(p).isEqualTo(new RunParams("giga-pro", 2, "Find the prices", "A table in pricing.csv",
                "Answer in French.", "", p.presets()));
        assertThat(p.presets()).containsExactly(WorkspaceSetting.GIGA_DEFAULT_PLATFORM,
                WorkspaceSetting.GIGA_DEFAULT_HOURS, WorkspaceSetting.GIGA_DEFAULT_GOAL,
                WorkspaceSetting.GIGA_SYSTEM_PROMPT);
        assertThat(p.presetWords()).isEqualTo("platform,hours,goal,instructions");
    }

    @Test
    void what_the_request_says_wins_over_the_presets() {
        RunParams p = StartDefaults.params(asked("giga-standard", 5, "Done when booked", ""), WORKSPACE, PRESETS);

        assertThat(p.platform()).isEqualTo("giga-standard");
        assertThat(p.hours()).isEqualTo(5);
        assertThat(p.goal()).isEqualTo("Done when booked");
        assertThat(p.systemPrompt()).as("instructions given as empty are given").isEmpty();
        assertThat(p.presets()).isEmpty();
    }

    @Test
    void only_the_presets_a_request_left_open_are_taken() {
        RunParams p = StartDefaults.params(asked(null, 1, null, null), WORKSPACE,
                new ChannelPresets("giga-pro", 2, null, null));

        assertThat(p.platform()).isEqualTo("giga-pro");
        assertThat(p.hours()).isEqualTo(1);
        assertThat(p.systemPrompt()).as("the workspace's").isEqualTo("Be brief.");
        assertThat(p.presets()).containsExactly(WorkspaceSetting.GIGA_DEFAULT_PLATFORM);
    }

    @Test
    void a_desktop_takes_no_goal_or_instructions_from_anywhere() {
        RunService.StartRequest desktop = new RunService.StartRequest("T1", "C1", "U1", RunKind.DESKTOP, "", null,
                null, null, null, null, null);

        RunParams p = StartDefaults.params(desktop, WORKSPACE, PRESETS);

        assertThat(p.goal()).isEmpty();
        assertThat(p.systemPrompt()).isEmpty();
        assertThat(p.presets()).containsExactly(WorkspaceSetting.GIGA_DEFAULT_PLATFORM,
                WorkspaceSetting.GIGA_DEFAULT_HOURS);
    }
}

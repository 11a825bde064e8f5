package io.gigaslack.service;

import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunParams;
import io.gigaslack.runs.WorkspaceSetting;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a start asks for, with what it leaves out filled in: from the request where it says, else from the channel's
 * presets, else from the workspace's settings. The run remembers which presets it took, so its card can say so. Pure.
 */
final class StartDefaults {
    private StartDefaults() {}

    static RunParams params(RunService.StartRequest r, WorkspaceSettings workspace, ChannelPresets preset) {
        Set<WorkspaceSetting> used = EnumSet.noneOf(WorkspaceSetting.class);
        String platform = r.platform();
        if (platform == null && preset.platform() != null) {
            platform = preset.platform();
            used.add(WorkspaceSetting.GIGA_DEFAULT_PLATFORM);
        } else if (platform == null) {
            platform = workspace.runs().defaultPlatform();
        }
        Integer hours = r.hours();
        if (hours == null && preset.hours() != null) {
            hours = preset.hours();
            used.add(WorkspaceSetting.GIGA_DEFAULT_HOURS);
        } else if (hours == null) {
            hours = Math.min(workspace.runs().defaultHours(), workspace.limits().maxHours());
        }
        String goal = "";
        String system = "";
        if (r.kind() == RunKind.AGENT) { // a desktop has no agent to give a goal or instructions to
            goal = r.goal();
            if ((goal == null || goal.isBlank()) && preset.goal() != null) {
                goal = preset.goal();
                used.add(WorkspaceSetting.GIGA_DEFAULT_GOAL);
            } else if (goal == null || goal.isBlank()) {
                goal = workspace.runs().defaultGoal();
            }
            system = r.systemPrompt();
            if (system == null && preset.systemPrompt() != null) {
                system = preset.systemPrompt();
                used.add(WorkspaceSetting.GIGA_SYSTEM_PROMPT);
            } else if (system == null) {
                system = workspace.runs().systemPrompt();
            }
        }
        return new RunParams(platform, hours, r.prompt() == null ? "" : r.prompt(), goal, system, r.name(), used);
    }
}

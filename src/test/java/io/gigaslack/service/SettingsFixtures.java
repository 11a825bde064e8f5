package io.gigaslack.service;

import io.gigaslack.runs.WorkspaceSetting;
import java.util.EnumMap;
import java.util.Map;

/** Settings as an environment would give them, for the tests of each workspace's settings. */
final class SettingsFixtures {
    private SettingsFixtures() {}

    /** The built-in defaults, as text (what an environment that sets nothing gives). */
    static Map<WorkspaceSetting, String> environment() {
        Map<WorkspaceSetting, String> env = new EnumMap<>(WorkspaceSetting.class);
        env.put(WorkspaceSetting.GIGA_DEFAULT_PLATFORM, "giga-standard");
        env.put(WorkspaceSetting.GIGA_DEFAULT_HOURS, "1");
        env.put(WorkspaceSetting.GIGA_DEFAULT_GOAL, "Finish the task and save every result on the Desktop.");
        env.put(WorkspaceSetting.GIGA_SYSTEM_PROMPT, "");
        env.put(WorkspaceSetting.GIGA_PLATFORMS, "giga-standard:20,linux-toolkit-standard:?,giga-mini:10,giga-pro:40");
        env.put(WorkspaceSetting.GIGA_AUTO_STOP_AFTER_MINUTES, "10");
        env.put(WorkspaceSetting.GIGA_SCREENSHOTS, "true");
        env.put(WorkspaceSetting.GIGA_MAX_HOURS, "8");
        env.put(WorkspaceSetting.GIGA_MAX_CONCURRENT_PER_USER, "3");
        env.put(WorkspaceSetting.GIGA_MAX_CONCURRENT_PER_WORKSPACE, "20");
        env.put(WorkspaceSetting.GIGA_MAX_RUNS_PER_USER_PER_DAY, "20");
        env.put(WorkspaceSetting.GIGA_MAX_PROMPT_CHARS, "4000");
        env.put(WorkspaceSetting.GIGA_MAX_FILE_MB, "50");
        env.put(WorkspaceSetting.GIGA_MAX_INPUT_FILE_MB, "50");
        env.put(WorkspaceSetting.GIGA_MAX_CREDITS_PER_USER_PER_DAY, "off");
        env.put(WorkspaceSetting.GIGA_MAX_CREDITS_PER_WORKSPACE_PER_MONTH, "off");
        return env;
    }

    /** {@link #environment()} with {@code changes} in place, read; fails on any problem. */
    static WorkspaceSettings read(Map<WorkspaceSetting, String> changes) {
        Map<WorkspaceSetting, String> texts = environment();
        texts.putAll(changes);
        Map<WorkspaceSetting, String> problems = new EnumMap<>(WorkspaceSetting.class);
        WorkspaceSettings s = SettingsReader.read(texts::get, null, StoredTeamSettings.collect(problems));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("settings with problems: " + problems);
        }
        return s;
    }

    static WorkspaceSettings defaults() {
        return read(Map.of());
    }
}

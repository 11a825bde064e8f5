package io.gigaslack.service;

import io.gigaslack.runs.WorkspaceSetting;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a channel presets for the runs started in it (set with {@code /giga settings}): each a default that replaces the
 * workspace's for that channel, used where a request does not say. A field is null when the channel presets nothing
 * for it.
 *
 * @param platform one of the workspace's platforms
 * @param hours from 1 to the workspace's longest run
 * @param goal the goal given to the agent
 * @param systemPrompt the instructions given to the agent (they replace the workspace's, they are not added)
 */
public record ChannelPresets(String platform, Integer hours, String goal, String systemPrompt) {
    public static final ChannelPresets NONE = new ChannelPresets(null, null, null, null);

    public boolean isEmpty() {
        return platform == null && hours == null && goal == null && systemPrompt == null;
    }

    /** The presets as text, by the setting each replaces; only those set. */
    public Map<WorkspaceSetting, String> texts() {
        Map<WorkspaceSetting, String> out = new EnumMap<>(WorkspaceSetting.class);
        if (platform != null) {
            out.put(WorkspaceSetting.GIGA_DEFAULT_PLATFORM, platform);
        }
        if (hours != null) {
            out.put(WorkspaceSetting.GIGA_DEFAULT_HOURS, String.valueOf(hours));
        }
        if (goal != null) {
            out.put(WorkspaceSetting.GIGA_DEFAULT_GOAL, goal);
        }
        if (systemPrompt != null) {
            out.put(WorkspaceSetting.GIGA_SYSTEM_PROMPT, systemPrompt);
        }
        return out;
    }
}

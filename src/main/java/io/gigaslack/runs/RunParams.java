package io.gigaslack.runs;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the requester asked for. For {@link RunKind#DESKTOP} runs the prompts are empty.
 *
 * @param platform Giga platform name, e.g. {@code giga-standard}
 * @param hours deployment duration in whole hours (1-24)
 * @param prompt the task for the agent ({@code prompts.userPrompt})
 * @param goal the completion criterion ({@code prompts.goalPrompt})
 * @param systemPrompt extra agent instructions, or empty
 * @param name a label chosen by the requester, or empty
 * @param presets which of these came from the channel's presets because the request did not say (the card names
 *     them); only {@link WorkspaceSetting#channelPreset() presets}, empty when none applied
 */
public record RunParams(String platform, int hours, String prompt, String goal, String systemPrompt, String name,
        Set<WorkspaceSetting> presets) {
    public RunParams {
        Objects.requireNonNull(platform, "platform");
        prompt = prompt == null ? "" : prompt;
        goal = goal == null ? "" : goal;
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
        name = name == null ? "" : name;
        EnumSet<WorkspaceSetting> p = EnumSet.noneOf(WorkspaceSetting.class);
        if (presets != null) {
            presets.stream().filter(WorkspaceSetting::channelPreset).forEach(p::add);
        }
        presets = Collections.unmodifiableSet(p);
    }

    /** What was asked for, with no channel preset among it. */
    public RunParams(String platform, int hours, String prompt, String goal, String systemPrompt, String name) {
        this(platform, hours, prompt, goal, systemPrompt, name, Set.of());
    }

    /** The presets as stored: their words, comma-separated in their order ("platform,hours"); empty for none. */
    public String presetWords() {
        return String.join(",", presets.stream().map(WorkspaceSetting::presetWord).toList());
    }

    /** The presets named by {@link #presetWords()}; unknown words are ignored. */
    public static Set<WorkspaceSetting> presetsOf(String words) {
        EnumSet<WorkspaceSetting> out = EnumSet.noneOf(WorkspaceSetting.class);
        if (words != null) {
            for (String w : words.split(",")) {
                WorkspaceSetting s = WorkspaceSetting.ofPresetWord(w.strip());
                if (s != null) {
                    out.add(s);
                }
            }
        }
        return out;
    }
}

package io.gigaslack.runs;

import java.util.Objects;

/**
 * What the requester asked for. For {@link RunKind#DESKTOP} runs the prompts are empty.
 *
 * @param platform Giga platform name, e.g. {@code giga-standard}
 * @param hours deployment duration in whole hours (1-24)
 * @param prompt the task for the agent ({@code prompts.userPrompt})
 * @param goal the completion criterion ({@code prompts.goalPrompt})
 * @param systemPrompt extra agent instructions, or empty
 * @param name a label chosen by the requester, or empty
 */
public record RunParams(String platform, int hours, String prompt, String goal, String systemPrompt, String name) {
    public RunParams {
        Objects.requireNonNull(platform, "platform");
        prompt = prompt == null ? "" : prompt;
        goal = goal == null ? "" : goal;
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
        name = name == null ? "" : name;
    }
}

package io.gigaslack.giga.sim;

import java.util.List;

/**
 * What the simulated agent is asked to do in one run.
 *
 * @param userPrompt the prompt of this run: {@code prompts.userPrompt} for the first run, the follow-up
 *                   {@code message} for later runs
 * @param goalPrompt the thread's goal prompt (may be empty)
 * @param runIndex   0 for the thread's first run, 1 for the first follow-up, ...
 * @param givenFiles names of the files given to the agent (uploaded, then synced onto the Desktop) by the time the
 *                   run finishes
 */
public record AgentTask(String deploymentId, String threadId, String runId,
                        String userPrompt, String goalPrompt, String systemPrompt, int runIndex,
                        List<String> givenFiles) {

    public AgentTask {
        givenFiles = givenFiles == null ? List.of() : List.copyOf(givenFiles);
    }

    /** A task with no files given. */
    public AgentTask(String deploymentId, String threadId, String runId, String userPrompt, String goalPrompt,
                     String systemPrompt, int runIndex) {
        this(deploymentId, threadId, runId, userPrompt, goalPrompt, systemPrompt, runIndex, List.of());
    }
}

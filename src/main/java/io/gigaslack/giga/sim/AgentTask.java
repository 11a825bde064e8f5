package io.gigaslack.giga.sim;

/**
 * What the simulated agent is asked to do in one run.
 *
 * @param userPrompt the prompt of this run: {@code prompts.userPrompt} for the first run, the follow-up
 *                   {@code message} for later runs
 * @param goalPrompt the thread's goal prompt (may be empty)
 * @param runIndex   0 for the thread's first run, 1 for the first follow-up, ...
 */
public record AgentTask(String deploymentId, String threadId, String runId,
                        String userPrompt, String goalPrompt, String systemPrompt, int runIndex) {
}

package io.gigaslack.giga.sim;

/**
 * The simulated AI agent: decides, when a run finishes, whether it completed or failed, its final answer
 * and its output files. Called on the simulator's tick, under the simulator's lock: keep it fast and pure.
 */
@FunctionalInterface
public interface Agent {
    AgentResult finish(AgentTask task);
}

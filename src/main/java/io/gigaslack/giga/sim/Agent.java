package io.gigaslack.giga.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulated AI agent: decides, when a run finishes, whether it completed or failed, its final answer
 * and its output files; and names the steps it shows while it works. Called on the simulator's tick, under the simulator's lock: keep it fast and pure.
 */
@FunctionalInterface
public interface Agent {
    AgentResult finish(AgentTask task);

    /**
     * The titles of the {@code count} steps the agent shows while it works on {@code task}, in order. Called under
     * the simulator's lock each time a session is read: keep it fast and pure.
     */
    default List<String> steps(AgentTask task, int count) {
        List<String> titles = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            titles.add(i == 1 ? "Read the task" : i == count ? "Save the result" : "Work on step " + i + " of " + count);
        }
        return titles;
    }
}

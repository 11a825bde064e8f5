package io.gigaslack.runs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the app has seen of an agent's work: its steps in the order they first appeared, each as far as it has got.
 * A step never goes back and never disappears (a later read that leaves one out, or says less, changes nothing), so
 * what was shown in Slack stays true.
 */
public record AgentProgress(List<Step> steps) {

    /** How far a step is, in the order steps move. */
    public enum State {
        PENDING, IN_PROGRESS, DONE, FAILED;

        public boolean settled() {
            return this == DONE || this == FAILED;
        }
    }

    /**
     * @param key stable across reads (the app shows each key once)
     * @param detail a line about the step (its output or error), or null
     */
    public record Step(String key, String title, State state, String detail) {
        public Step {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(state, "state");
        }
    }

    public static final AgentProgress NONE = new AgentProgress(List.of());

    public AgentProgress {
        steps = List.copyOf(steps);
    }

    /** This progress with a new read merged in: new steps appended in order, known ones moved forward only. */
    public AgentProgress merged(List<Step> read) {
        Map<String, Step> byKey = new LinkedHashMap<>();
        steps.forEach(s -> byKey.put(s.key(), s));
        for (Step s : read) {
            byKey.merge(s.key(), s, (old, now) -> now.state().ordinal() >= old.state().ordinal() ? now : old);
        }
        return new AgentProgress(new ArrayList<>(byKey.values()));
    }

    /**
     * The steps as they stand once the agent has finished: any step still in progress is done when it succeeded and
     * failed when it did not (the agent does not work on it any more); pending ones stay as they are.
     */
    public AgentProgress finished(boolean succeeded) {
        List<Step> out = new ArrayList<>(steps.size());
        for (Step s : steps) {
            out.add(s.state() == State.IN_PROGRESS
                    ? new Step(s.key(), s.title(), succeeded ? State.DONE : State.FAILED, s.detail()) : s);
        }
        return new AgentProgress(out);
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }
}

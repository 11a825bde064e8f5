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
     * The start of the key of a step that is a follow-up someone sent the agent (not one of the agent's own steps): in
     * progress while the agent works on it, done (or failed) once its run in the session ended, with the agent's
     * answer as its detail.
     */
    public static final String FOLLOW_UP = "follow-up-";

    /**
     * @param key stable across reads (the app shows each key once)
     * @param detail a line about the step (its output or error), or null; a follow-up's: the agent's answer
     */
    public record Step(String key, String title, State state, String detail) {
        public Step {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(state, "state");
        }

        public boolean isFollowUp() {
            return key.startsWith(FOLLOW_UP);
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

    /** The last follow-up sent to the agent, or null when none was. */
    public Step lastFollowUp() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).isFollowUp()) {
                return steps.get(i);
            }
        }
        return null;
    }

    /** Whether the agent is working on a follow-up: the last one sent has not been answered yet. */
    public boolean followUpOpen() {
        Step last = lastFollowUp();
        return last != null && !last.state().settled();
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }
}

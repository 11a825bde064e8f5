package io.gigaslack.giga;

import java.util.Locale;
import java.util.Objects;

/**
 * One step of an agent's work, as read from its session: a stable key (Giga's id when it gives one, else where the
 * step stands and its title), a title, and how far it is.
 *
 * @param key    stable across reads of the same session, so a step already shown is recognised
 * @param title  what the step does, as the agent named it (never blank)
 * @param state  how far it is
 * @param detail a line the agent gave about it (its output or error), or null
 */
public record AgentStep(String key, String title, State state, String detail) {

    /** How far a step is; the order is the order steps move in. */
    public enum State {
        PENDING, IN_PROGRESS, DONE, FAILED;

        /** Whether a step in this state will not change any more. */
        public boolean settled() {
            return this == DONE || this == FAILED;
        }

        /**
         * Giga's word for a step's state, read leniently (the field is undocumented): unknown words count as
         * {@link #IN_PROGRESS}, since a step that is listed is usually under way; null when there is no word at all.
         */
        public static State fromWord(String word) {
            if (word == null || word.isBlank()) {
                return null;
            }
            String w = word.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
            switch (w) {
                case "pending": case "queued": case "waiting": case "todo": case "not_started": case "planned":
                case "scheduled":
                    return PENDING;
                case "completed": case "complete": case "done": case "succeeded": case "success": case "successful":
                case "finished": case "ok": case "passed": case "skipped":
                    return DONE;
                case "failed": case "failure": case "error": case "errored": case "cancelled": case "canceled":
                case "crashed": case "timed_out": case "timeout": case "aborted": case "system_failure": case "expired":
                    return FAILED;
                default:
                    return IN_PROGRESS;
            }
        }
    }

    public AgentStep {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
        title = title == null || title.isBlank() ? "Step" : title.strip();
    }

    /** This step, moved on to {@code later} (a step never goes back: a read that says so is ignored). */
    public AgentStep advancedTo(AgentStep later) {
        return later.state.ordinal() >= state.ordinal() ? later : this;
    }
}

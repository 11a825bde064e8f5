package io.gigaslack.runs;

import java.time.Instant;

/** Something learned about a run, from Giga's answers, a callback, or a person's action. */
public sealed interface Signal {

    /** Giga accepted the start: the deployment (and for agent runs, the session) exists. */
    record StartConfirmed(String deploymentId, String threadId, String sandboxId, String vncUrl) implements Signal {}

    /** Giga refused the start for good (e.g. insufficient credits); {@code reason} is plain words. */
    record StartRefused(String reason) implements Signal {}

    /**
     * Giga turned the start away for now (a 5xx, a 429, an error page, no answer): {@code answer} is what it answered,
     * in plain words ("Giga answered 503 Service Unavailable"), and the app tries again at {@code nextTryAt}.
     */
    record StartTurnedAway(String answer, Instant nextTryAt) implements Signal {}

    /**
     * What Giga says about the computer now. Any field may be null when Giga did not say.
     */
    record ComputerObserved(ComputerState state, String sandboxId, String vncUrl, Instant expiresAt)
            implements Signal {}

    /** The agent's run ended, as a callback or the session says. */
    record AgentFinished(boolean success, String answer, String reason) implements Signal {}

    /** A person asked to stop the computer (the stop call itself is made by a job). */
    record StopRequested(String userId) implements Signal {}

    /** The sandbox lifetime was extended; {@code expiresAt} is the new expected end. */
    /**
     * The sandbox was extended until {@code expiresAt}; {@code plannedEnd}, when not null, is the new end people
     * asked for by pressing Extend (an automatic extension, within the hours asked for, leaves it as it was).
     */
    record Extended(Instant expiresAt, Instant plannedEnd) implements Signal {
        public Extended(Instant expiresAt) {
            this(expiresAt, null);
        }
    }
}

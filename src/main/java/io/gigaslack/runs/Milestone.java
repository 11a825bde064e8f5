package io.gigaslack.runs;

/**
 * The moments of a run that are announced in its Slack thread, in the order they can happen.
 * Each is announced at most once per run.
 */
public enum Milestone {
    /** Giga refused or failed the start; nothing runs. */
    START_FAILED,
    /** The desktop can be opened. */
    DESKTOP_READY,
    /** The agent finished its task (the requester is mentioned). */
    AGENT_SUCCEEDED,
    /** The agent failed (the requester is mentioned). */
    AGENT_FAILED,
    /** The computer stopped, was terminated or deleted. */
    COMPUTER_STOPPED
}

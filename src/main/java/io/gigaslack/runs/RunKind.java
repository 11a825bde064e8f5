package io.gigaslack.runs;

/** What a run asked Giga for. */
public enum RunKind {
    /** A computer with the AI agent working on a task ({@code POST /api/deployments/start}). */
    AGENT,
    /** A computer for a person, without the agent ({@code POST /api/deployments}). */
    DESKTOP
}

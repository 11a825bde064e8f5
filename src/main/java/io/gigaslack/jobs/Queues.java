package io.gigaslack.jobs;

/** Names of the job queues and the kinds of job in each. */
public final class Queues {
    private Queues() {}

    /** Slack effects (the outbox): strictly ordered per run. */
    public static final String SLACK = "slack";
    /** Giga effects: strictly ordered per run. */
    public static final String GIGA = "giga";

    // slack queue
    public static final String CARD = "card";
    public static final String THREAD = "thread";
    public static final String EPHEMERAL = "ephemeral";
    public static final String FILE = "file";
    public static final String HOME = "home";

    // giga queue
    public static final String START = "start";
    public static final String STOP = "stop";
    public static final String EXTEND = "extend";
    public static final String DELETE = "delete";
    public static final String FOLLOW_UP = "followup";
    public static final String REFRESH = "refresh";
    /** A refresh after a callback that claimed the agent completed (kept apart so coalescing keeps the hint). */
    public static final String REFRESH_COMPLETED = "refresh_completed";
    public static final String REFRESH_FAILED = "refresh_failed";
    public static final String RESULTS = "results";
    public static final String RECONCILE = "reconcile";
    /** The pseudo run id of the reconcile job: one id, so replicas run reconcile cycles one at a time. */
    public static final String RECONCILER_RUN_ID = "reconciler";
}

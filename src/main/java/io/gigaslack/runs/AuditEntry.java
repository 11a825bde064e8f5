package io.gigaslack.runs;

import java.time.Instant;

/**
 * One line of the audit log: who did what, to which run.
 *
 * @param id assigned by the store (0 before it is recorded)
 * @param teamId the workspace, or null where it does not matter (a line being shown)
 * @param userId the Slack user, or null for the app itself
 * @param action what was done, in a word or two ("start", "stop", "extend", "delete")
 * @param runId the run concerned, or null
 * @param detail free text (escaped when shown), or null
 * @param at when it happened
 */
public record AuditEntry(long id, String teamId, String userId, String action, String runId, String detail,
        Instant at) {

    /** A line as shown by {@code /giga audit}. */
    public AuditEntry(Instant at, String userId, String action, String runId, String detail) {
        this(0, null, userId, action, runId, detail, at);
    }
}

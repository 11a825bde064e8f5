package io.gigaslack.store;

import java.time.Instant;

/**
 * One line of the audit log: who did what, to which run.
 *
 * @param id assigned by the store (0 before it is recorded)
 * @param userId the Slack user, or null for the app itself
 * @param runId the run concerned, or null
 */
public record AuditEntry(long id, String teamId, String userId, String action, String runId, String detail,
        Instant at) {}

package io.gigaslack.slack.render;

import java.time.Instant;

/**
 * One line of the audit log as shown by {@code /giga audit}.
 *
 * @param at when it happened
 * @param userId who did it (a Slack user id), or null for the app itself
 * @param action what was done, in a word or two ("run", "stop", "extend", "delete")
 * @param runId the run concerned, or null
 * @param detail free text (escaped when shown), or null
 */
public record AuditEntry(Instant at, String userId, String action, String runId, String detail) {}

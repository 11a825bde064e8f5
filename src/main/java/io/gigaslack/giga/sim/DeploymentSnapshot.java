package io.gigaslack.giga.sim;

import java.time.Instant;
import java.util.List;

/**
 * A read-only copy of a simulated deployment, for test assertions.
 *
 * @param expiresAt   when the sandbox expires (null until running)
 * @param desktopFiles names of the files on the sandbox Desktop
 * @param storedFiles  names of the files visible in {@code GET /api/files}
 */
public record DeploymentSnapshot(String id, String name, String status, String platform, int durationHours,
                                 boolean aiEnabled, String callbackUrl, String sandboxId, String threadId,
                                 Instant createdAt, Instant readyAt, Instant expiresAt, Instant terminateAt,
                                 List<String> desktopFiles, List<String> storedFiles, List<String> runStatuses) {
}

package io.gigaslack.giga.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A cloud computer. Guarded by the {@link SimState} lock. */
final class SimDeployment {
    final String id;
    final String name;
    final String platform;
    final int durationHours;
    final boolean aiEnabled;
    final String callbackUrl;
    final String sandboxId;
    final String vncUrl;
    final Instant createdAt;
    final Instant readyAt;
    final Instant terminateAt;
    String status = "provisioning";
    Instant updatedAt;
    Instant runningSince;
    Instant expiresAt;
    String threadId;
    final Map<String, byte[]> desktop = new LinkedHashMap<>();
    final List<SimFile> files = new ArrayList<>();
    /** Names of the uploaded files that a sync put on the Desktop, in the order they first arrived there. */
    final Set<String> given = new LinkedHashSet<>();

    SimDeployment(String id, String name, String platform, int durationHours, boolean aiEnabled, String callbackUrl,
                  String sandboxId, String vncUrl, Instant createdAt, Instant readyAt) {
        this.id = id;
        this.name = name;
        this.platform = platform;
        this.durationHours = durationHours;
        this.aiEnabled = aiEnabled;
        this.callbackUrl = callbackUrl;
        this.sandboxId = sandboxId;
        this.vncUrl = vncUrl;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.readyAt = readyAt;
        this.terminateAt = createdAt.plusSeconds(3600L * durationHours);
    }

    boolean isRunning() {
        return "running".equals(status);
    }

    boolean isLive() {
        return "provisioning".equals(status) || "running".equals(status);
    }

    String sandboxStatus() {
        switch (status) {
            case "provisioning":
                return "initializing";
            case "running":
                return "ready";
            default:
                return "stopped";
        }
    }
}

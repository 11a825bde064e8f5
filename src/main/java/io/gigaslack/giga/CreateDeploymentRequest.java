package io.gigaslack.giga;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Body of {@code POST /api/deployments}: a computer without the agent ({@code aiEnabled} is always false).
 *
 * @param name     unique label (required)
 * @param platform e.g. {@link PlatformNames#GIGA_STANDARD} (required)
 * @param duration hours, 1–24
 */
public record CreateDeploymentRequest(String name, String platform, int duration) {

    public static final int MIN_DURATION_HOURS = 1;
    public static final int MAX_DURATION_HOURS = 24;

    public CreateDeploymentRequest {
        Prompts.requireText(name, "name");
        Prompts.requireText(platform, "platform");
        requireDuration(duration);
    }

    ObjectNode toJson() {
        ObjectNode n = Json.emptyObject();
        n.put("name", name);
        n.put("platform", platform);
        n.put("duration", duration);
        n.put("aiEnabled", false);
        return n;
    }

    static void requireDuration(int hours) {
        if (hours < MIN_DURATION_HOURS || hours > MAX_DURATION_HOURS) {
            throw new IllegalArgumentException("duration must be 1..24 hours: " + hours);
        }
    }
}

package io.gigaslack.giga;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Body of {@code POST /api/sessions}.
 *
 * @param prompts      the task (required)
 * @param template     OS image / tier, e.g. {@link PlatformNames#GIGA_STANDARD}; nullable
 * @param duration     hours 1–24; nullable
 * @param deploymentId attach to an existing deployment; nullable
 */
public record CreateSessionRequest(Prompts prompts, String template, Integer duration, String deploymentId) {

    public CreateSessionRequest {
        Objects.requireNonNull(prompts, "prompts");
        if (duration != null) {
            CreateDeploymentRequest.requireDuration(duration);
        }
    }

    public static CreateSessionRequest of(Prompts prompts) {
        return new CreateSessionRequest(prompts, null, null, null);
    }

    ObjectNode toJson() {
        ObjectNode n = Json.emptyObject();
        n.set("prompts", prompts.toJson());
        if (template != null) {
            n.put("template", template);
        }
        if (duration != null) {
            n.put("duration", duration);
        }
        if (deploymentId != null) {
            n.put("deploymentId", deploymentId);
        }
        return n;
    }
}

package io.gigaslack.giga;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * Body of {@code POST /api/deployments/start} ({@code aiEnabled} is always true). The {@code name} should be
 * unique (carry a tag): {@link GigaClient#startDeploymentAtMostOnce} finds a deployment by it.
 *
 * @param name        unique label (required)
 * @param platform    e.g. {@link PlatformNames#GIGA_STANDARD} (required)
 * @param duration    hours, 1–24
 * @param prompts     the task
 * @param callbackUrl webhook URL, nullable
 * @param files       sandbox paths to pre-load, never null
 */
public record StartDeploymentRequest(String name, String platform, int duration, Prompts prompts,
        String callbackUrl, List<String> files) {

    public StartDeploymentRequest {
        Prompts.requireText(name, "name");
        Prompts.requireText(platform, "platform");
        CreateDeploymentRequest.requireDuration(duration);
        Objects.requireNonNull(prompts, "prompts");
        files = files == null ? List.of() : List.copyOf(files);
    }

    public static StartDeploymentRequest of(String name, String platform, int duration, Prompts prompts) {
        return new StartDeploymentRequest(name, platform, duration, prompts, null, List.of());
    }

    public StartDeploymentRequest withCallbackUrl(String url) {
        return new StartDeploymentRequest(name, platform, duration, prompts, url, files);
    }

    public StartDeploymentRequest withFiles(List<String> paths) {
        return new StartDeploymentRequest(name, platform, duration, prompts, callbackUrl, paths);
    }

    ObjectNode toJson() {
        ObjectNode n = Json.emptyObject();
        n.put("name", name);
        n.put("platform", platform);
        n.put("duration", duration);
        n.put("aiEnabled", true);
        n.set("prompts", prompts.toJson());
        if (callbackUrl != null) {
            n.put("callbackUrl", callbackUrl);
        }
        if (!files.isEmpty()) {
            ArrayNode a = n.putArray("files");
            files.forEach(a::add);
        }
        return n;
    }
}

package io.gigaslack.giga;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * A deployment (cloud computer).
 *
 * @param id        opaque id ({@code dep_...})
 * @param name      label, nullable
 * @param status    open string, see {@link DeploymentStatus}; nullable
 * @param platform  nullable
 * @param createdAt nullable (absent or unreadable)
 * @param metadata  connection details while running (keys undocumented); an empty object if absent
 */
public record Deployment(String id, String name, String status, String platform, Instant createdAt,
        JsonNode metadata) {

    /** The VNC URL if the metadata carries one under a plausible key. */
    public Optional<String> vncUrl() {
        return Optional.ofNullable(Json.findText(metadata, 3, "vncUrl", "vnc_url", "vncURL", "vnc", "streamUrl"));
    }

    /** The sandbox id if the metadata carries one under a plausible key. */
    public Optional<String> sandboxId() {
        String direct = Json.findText(metadata, 3, "sandboxId", "sandbox_id", "e2bSandboxId");
        if (direct != null) {
            return Optional.of(direct);
        }
        return Optional.ofNullable(Json.text(metadata.path("sandbox"), "id", "_id"));
    }

    static Deployment fromJson(JsonNode node) {
        String id = Json.text(node, "id", "_id", "deploymentId");
        if (id == null) {
            throw new GigaApiException(200, GigaApiException.INVALID_RESPONSE,
                    "deployment without an id in the response", null, null, null, false, null);
        }
        return new Deployment(id, Json.text(node, "name"), Json.text(node, "status"), Json.text(node, "platform"),
                Json.instant(node, "createdAt"), Json.objectOrEmpty(node, "metadata"));
    }
}

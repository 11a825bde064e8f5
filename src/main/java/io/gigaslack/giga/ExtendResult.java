package io.gigaslack.giga;

import com.fasterxml.jackson.databind.JsonNode;

/** Result of {@code POST /api/sandbox/extend}; message and sandboxId may be null. */
public record ExtendResult(String message, String sandboxId) {

    static ExtendResult fromJson(JsonNode root, String requestedSandboxId) {
        JsonNode data = Json.unwrap(root);
        String message = Json.text(root, "message");
        String id = Json.text(data, "sandboxId");
        if (id == null) {
            id = Json.text(root, "sandboxId");
        }
        return new ExtendResult(message, id == null ? requestedSandboxId : id);
    }
}

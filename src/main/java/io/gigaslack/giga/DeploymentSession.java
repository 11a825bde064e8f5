package io.gigaslack.giga;

import com.fasterxml.jackson.databind.JsonNode;

/** The session part of a started deployment; any field may be null. */
public record DeploymentSession(String threadId, String messageId, String sandboxId, String vncUrl) {

    static DeploymentSession fromJson(JsonNode node) {
        return new DeploymentSession(Json.text(node, "threadId", "id"), Json.text(node, "messageId"),
                Json.text(node, "sandboxId"), Json.text(node, "vncUrl"));
    }
}

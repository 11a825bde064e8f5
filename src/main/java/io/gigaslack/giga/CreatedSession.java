package io.gigaslack.giga;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Result of {@code POST /api/sessions}.
 *
 * @param threadId         the session's thread id
 * @param messageId        id of the first message, nullable
 * @param deploymentConfig {@code {template, duration, prompts}} as sent back; an empty object if absent
 */
public record CreatedSession(String threadId, String messageId, JsonNode deploymentConfig) {

    static CreatedSession fromJson(JsonNode node) {
        String threadId = Json.text(node, "threadId", "id");
        if (threadId == null) {
            throw new GigaApiException(200, GigaApiException.INVALID_RESPONSE, "session without a threadId",
                    null, null, null, false, null);
        }
        return new CreatedSession(threadId, Json.text(node, "messageId"),
                Json.objectOrEmpty(node, "deploymentConfig"));
    }
}

package io.gigaslack.giga;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Result of {@code POST /api/sessions/{threadId}/runs}. {@link #toString()} hides the access token.
 *
 * @param threadId          the thread
 * @param runId             the new run
 * @param publicAccessToken Trigger.dev realtime token, nullable; a secret
 * @param messageId         the follow-up message id, nullable
 */
public record CreatedRun(String threadId, String runId, String publicAccessToken, String messageId) {

    @Override
    public String toString() {
        return "CreatedRun[threadId=" + threadId + ", runId=" + runId
                + ", publicAccessToken=" + (publicAccessToken == null ? "null" : "***")
                + ", messageId=" + messageId + ']';
    }

    static CreatedRun fromJson(JsonNode node, String requestedThreadId) {
        String runId = Json.text(node, "runId", "id");
        if (runId == null) {
            throw new GigaApiException(200, GigaApiException.INVALID_RESPONSE, "run without a runId", null, null,
                    null, false, null);
        }
        String threadId = Json.text(node, "threadId");
        return new CreatedRun(threadId == null ? requestedThreadId : threadId, runId,
                Json.text(node, "publicAccessToken"), Json.text(node, "messageId"));
    }
}

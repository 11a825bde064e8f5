package io.gigaslack.giga;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Result of a call whose response body is undocumented (stop, delete, files sync/pull).
 *
 * @param message the server's message, nullable
 * @param data    the unwrapped body as sent (an empty object if none)
 */
public record ActionResult(String message, JsonNode data) {

    static ActionResult fromJson(JsonNode root) {
        return new ActionResult(Json.text(root, "message"), Json.unwrap(root).deepCopy());
    }
}

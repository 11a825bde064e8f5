package io.gigaslack.giga.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** JSON helpers: one mapper, the timestamp format and the two envelopes. */
final class SimJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private SimJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** {@code {success:true, message, data}}. */
    static ObjectNode wrapped(String message, JsonNode data) {
        ObjectNode root = object().put("success", true).put("message", message);
        root.set("data", data);
        return root;
    }

    static ObjectNode error(String code, String message, String hint, String requestId) {
        ObjectNode error = object().put("code", code).put("message", message);
        if (hint != null) {
            error.put("hint", hint);
        }
        error.put("requestId", requestId);
        ObjectNode root = object();
        root.set("error", error);
        return root;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a request body; an empty body is an empty object. */
    static JsonNode parseBody(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return object();
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                throw ApiException.invalidRequest("Request body must be a JSON object", null);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.invalidRequest("Malformed JSON body", e.getOriginalMessage());
        }
    }
}

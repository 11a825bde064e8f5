package io.gigaslack.giga;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/** Lenient JSON reading shared by the model records: the API's shapes are loosely documented. */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .addModule(new JavaTimeModule())
            .build();

    private Json() {
    }

    /** Parses UTF-8 (or UTF-16/32, auto-detected by Jackson) bytes; an empty body is an empty object. */
    static JsonNode parse(byte[] body) throws IOException {
        if (body.length == 0 || isBlank(body)) {
            return emptyObject();
        }
        JsonNode node = MAPPER.readTree(body);
        return node == null ? emptyObject() : node;
    }

    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize request body", e);
        }
    }

    static ObjectNode emptyObject() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * Strips the {@code {success, message, data}} envelope when present; a bare body is returned as is.
     */
    static JsonNode unwrap(JsonNode root) {
        if (root != null && root.isObject() && root.has("data")
                && (root.has("success") || root.has("message") || root.size() == 1)) {
            JsonNode data = root.get("data");
            return data == null || data.isNull() ? emptyObject() : data;
        }
        return root == null ? emptyObject() : root;
    }

    /** {@code node.name} when it is an object, otherwise {@code node} itself (for bare/inner shapes). */
    static JsonNode member(JsonNode node, String name) {
        JsonNode child = node == null ? null : node.get(name);
        return child != null && child.isObject() ? child : node;
    }

    /** The first of {@code names} that holds a string, number or boolean, as text; null if none. */
    static String text(JsonNode node, String... names) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (String name : names) {
            JsonNode v = node.get(name);
            if (v != null && v.isValueNode() && !v.isNull()) {
                String s = v.asText();
                if (!s.isEmpty()) {
                    return s;
                }
            }
        }
        return null;
    }

    static Boolean bool(JsonNode node, String name) {
        JsonNode v = node == null ? null : node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual()) {
            String s = v.textValue().trim();
            if (s.equalsIgnoreCase("true")) {
                return true;
            }
            if (s.equalsIgnoreCase("false")) {
                return false;
            }
        }
        if (v.isNumber()) {
            return v.asInt() != 0;
        }
        return null;
    }

    static BigDecimal decimal(JsonNode node, String name) {
        JsonNode v = node == null ? null : node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual()) {
            try {
                return new BigDecimal(v.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static Integer integer(JsonNode node, String name) {
        BigDecimal d = decimal(node, name);
        if (d == null) {
            return null;
        }
        try {
            return d.intValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    static Long longValue(JsonNode node, String name) {
        BigDecimal d = decimal(node, name);
        if (d == null) {
            return null;
        }
        try {
            return d.longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** ISO-8601 (with offset or Z) or epoch milliseconds; null when absent or unreadable. */
    static Instant instant(JsonNode node, String name) {
        JsonNode v = node == null ? null : node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return Instant.ofEpochMilli(v.asLong());
        }
        if (!v.isTextual()) {
            return null;
        }
        String s = v.textValue().trim();
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** An object field, or an empty object (never null; a copy, so records stay unchanged). */
    static JsonNode objectOrEmpty(JsonNode node, String name) {
        JsonNode v = node == null ? null : node.get(name);
        return v != null && v.isObject() ? v.deepCopy() : emptyObject();
    }

    static JsonNode copyOrNull(JsonNode node) {
        return node == null ? NullNode.getInstance() : node.deepCopy();
    }

    /**
     * Breadth-first search for the first textual value under any of {@code keys}, at most {@code depth}
     * object levels down (1 = the node's own fields). For loosely documented metadata.
     */
    static String findText(JsonNode node, int depth, String... keys) {
        if (node == null || !node.isObject()) {
            return null;
        }
        Deque<JsonNode> level = new ArrayDeque<>();
        level.add(node);
        for (int d = 0; d < depth && !level.isEmpty(); d++) {
            Deque<JsonNode> next = new ArrayDeque<>();
            for (JsonNode current : level) {
                String found = text(current, keys);
                if (found != null) {
                    return found;
                }
            }
            for (JsonNode current : level) {
                Iterator<Map.Entry<String, JsonNode>> fields = current.fields();
                while (fields.hasNext()) {
                    JsonNode child = fields.next().getValue();
                    if (child.isObject()) {
                        next.add(child);
                    }
                }
            }
            level = next;
        }
        return null;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}

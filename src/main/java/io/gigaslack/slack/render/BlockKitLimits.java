package io.gigaslack.slack.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.nio.charset.StandardCharsets;

/**
 * Checks a message ({@code {text, blocks}}) or a view ({@code {type: modal|home, …}}) against Slack's
 * Block Kit limits and returns every violation found, as sentences naming the path. Used by tests
 * (and usable as a guard before a post).
 */
public final class BlockKitLimits {
    public static final int MESSAGE_BLOCKS = 50;
    public static final int VIEW_BLOCKS = 100;
    public static final int SECTION_TEXT = 3000;
    public static final int FIELDS = 10;
    public static final int FIELD_TEXT = 2000;
    public static final int HEADER_TEXT = 150;
    public static final int ACTIONS_ELEMENTS = 25;
    public static final int CONTEXT_ELEMENTS = 10;
    public static final int BUTTON_TEXT = 75;
    public static final int BUTTON_VALUE = 2000;
    public static final int URL = 3000;
    public static final int ID = 255;
    public static final int VIEW_LABEL = 24;
    public static final int PRIVATE_METADATA = 3000;
    public static final int FALLBACK_TEXT = 4000;
    /** A view over 250 kB fails. */
    public static final int VIEW_BYTES = 250_000;
    /** Slack refuses roughly 13,000 characters of block text; we stay well under. */
    public static final int TOTAL_BLOCK_TEXT = 12000;

    private BlockKitLimits() {}

    public static List<String> check(JsonNode payload) {
        List<String> v = new ArrayList<>();
        if (payload == null || !payload.isObject()) {
            v.add("payload is not an object");
            return v;
        }
        String type = payload.path("type").asText("");
        boolean view = type.equals("modal") || type.equals("home");
        if (view) {
            if (type.equals("modal")) {
                max(v, "title", text(payload.get("title")), VIEW_LABEL);
                if (text(payload.get("title")).isEmpty()) {
                    v.add("title: missing");
                }
                max(v, "submit", text(payload.get("submit")), VIEW_LABEL);
                max(v, "close", text(payload.get("close")), VIEW_LABEL);
            }
            int bytes = payload.toString().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > VIEW_BYTES) {
                v.add("view: " + bytes + " bytes > " + VIEW_BYTES);
            }
            max(v, "private_metadata", payload.path("private_metadata").asText(""), PRIVATE_METADATA);
            max(v, "callback_id", payload.path("callback_id").asText(""), ID);
        } else {
            String text = payload.path("text").asText("");
            if (text.isBlank()) {
                v.add("text: missing notification fallback");
            }
            max(v, "text", text, FALLBACK_TEXT);
        }
        JsonNode blocks = payload.path("blocks");
        if (!blocks.isArray() || blocks.isEmpty()) {
            v.add("blocks: missing or empty");
            return v;
        }
        int maxBlocks = view ? VIEW_BLOCKS : MESSAGE_BLOCKS;
        if (blocks.size() > maxBlocks) {
            v.add("blocks: " + blocks.size() + " > " + maxBlocks);
        }
        Set<String> blockIds = new HashSet<>();
        for (int i = 0; i < blocks.size(); i++) {
            checkBlock(v, "blocks[" + i + "]", blocks.get(i), blockIds, view);
        }
        int total = textLength(blocks);
        if (total > TOTAL_BLOCK_TEXT) {
            v.add("blocks: total text " + total + " > " + TOTAL_BLOCK_TEXT);
        }
        return v;
    }

    private static void checkBlock(List<String> v, String path, JsonNode b, Set<String> blockIds, boolean view) {
        String type = b.path("type").asText("");
        if (b.has("block_id")) {
            String id = b.get("block_id").asText("");
            max(v, path + ".block_id", id, ID);
            if (id.isEmpty()) {
                v.add(path + ".block_id: empty");
            }
            if (!blockIds.add(id)) {
                v.add(path + ".block_id: duplicate " + id);
            }
        }
        switch (type) {
            case "section" -> {
                JsonNode fields = b.path("fields");
                if (!b.has("text") && !fields.isArray()) {
                    v.add(path + ": section without text or fields");
                }
                if (b.has("text")) {
                    String t = text(b.get("text"));
                    max(v, path + ".text", t, SECTION_TEXT);
                    if (t.isEmpty()) {
                        v.add(path + ".text: empty");
                    }
                }
                if (fields.isArray()) {
                    if (fields.size() > FIELDS || fields.isEmpty()) {
                        v.add(path + ".fields: " + fields.size() + " (1 to " + FIELDS + ")");
                    }
                    for (int i = 0; i < fields.size(); i++) {
                        max(v, path + ".fields[" + i + "]", text(fields.get(i)), FIELD_TEXT);
                    }
                }
                if (b.has("accessory")) {
                    checkElement(v, path + ".accessory", b.get("accessory"));
                }
            }
            case "header" -> {
                String t = text(b.get("text"));
                max(v, path + ".text", t, HEADER_TEXT);
                if (!b.path("text").path("type").asText("").equals("plain_text")) {
                    v.add(path + ".text: header text must be plain_text");
                }
            }
            case "context" -> {
                JsonNode el = b.path("elements");
                if (!el.isArray() || el.isEmpty() || el.size() > CONTEXT_ELEMENTS) {
                    v.add(path + ".elements: " + el.size() + " (1 to " + CONTEXT_ELEMENTS + ")");
                }
                for (int i = 0; i < el.size(); i++) {
                    max(v, path + ".elements[" + i + "]", text(el.get(i)), SECTION_TEXT);
                }
            }
            case "actions" -> {
                JsonNode el = b.path("elements");
                if (!el.isArray() || el.isEmpty() || el.size() > ACTIONS_ELEMENTS) {
                    v.add(path + ".elements: " + el.size() + " (1 to " + ACTIONS_ELEMENTS + ")");
                }
                Set<String> actionIds = new HashSet<>();
                for (int i = 0; i < el.size(); i++) {
                    checkElement(v, path + ".elements[" + i + "]", el.get(i));
                    String aid = el.get(i).path("action_id").asText("");
                    if (!aid.isEmpty() && !actionIds.add(aid)) {
                        v.add(path + ".elements[" + i + "].action_id: duplicate " + aid);
                    }
                }
            }
            case "input" -> {
                if (!view) {
                    v.add(path + ": input block in a message");
                }
                max(v, path + ".label", text(b.get("label")), FIELD_TEXT);
                max(v, path + ".hint", text(b.get("hint")), FIELD_TEXT);
                checkElement(v, path + ".element", b.path("element"));
            }
            case "divider" -> { }
            default -> v.add(path + ": unknown block type '" + type + "'");
        }
    }

    private static void checkElement(List<String> v, String path, JsonNode e) {
        String type = e.path("type").asText("");
        max(v, path + ".action_id", e.path("action_id").asText(""), ID);
        switch (type) {
            case "button" -> {
                String t = text(e.get("text"));
                max(v, path + ".text", t, BUTTON_TEXT);
                if (t.isEmpty()) {
                    v.add(path + ".text: empty");
                }
                max(v, path + ".value", e.path("value").asText(""), BUTTON_VALUE);
                if (e.has("url")) {
                    String url = e.get("url").asText("");
                    max(v, path + ".url", url, URL);
                    if (!RenderContext.isHttpUrl(url)) {
                        v.add(path + ".url: not an http(s) URL");
                    }
                }
                if (e.has("confirm")) {
                    JsonNode c = e.get("confirm");
                    max(v, path + ".confirm.title", text(c.get("title")), 100);
                    max(v, path + ".confirm.text", text(c.get("text")), 300);
                    max(v, path + ".confirm.confirm", text(c.get("confirm")), 30);
                    max(v, path + ".confirm.deny", text(c.get("deny")), 30);
                }
            }
            case "static_select" -> {
                JsonNode options = e.path("options");
                if (!options.isArray() || options.isEmpty() || options.size() > 100) {
                    v.add(path + ".options: " + options.size() + " (1 to 100)");
                }
                for (int i = 0; i < options.size(); i++) {
                    max(v, path + ".options[" + i + "].text", text(options.get(i).get("text")), 75);
                    max(v, path + ".options[" + i + "].value", options.get(i).path("value").asText(""), 150);
                }
                max(v, path + ".placeholder", text(e.get("placeholder")), 150);
            }
            case "plain_text_input" -> {
                int maxLength = e.path("max_length").asInt(3000);
                if (maxLength > 3000) {
                    v.add(path + ".max_length: " + maxLength + " > 3000");
                }
                max(v, path + ".initial_value", e.path("initial_value").asText(""), Math.min(3000, maxLength));
                max(v, path + ".placeholder", text(e.get("placeholder")), 150);
            }
            case "number_input" -> max(v, path + ".placeholder", text(e.get("placeholder")), 150);
            case "radio_buttons" -> {
                JsonNode options = e.path("options");
                if (!options.isArray() || options.isEmpty() || options.size() > 10) {
                    v.add(path + ".options: " + options.size() + " (1 to 10)");
                }
                for (int i = 0; i < options.size(); i++) {
                    max(v, path + ".options[" + i + "].text", text(options.get(i).get("text")), 75);
                    max(v, path + ".options[" + i + "].value", options.get(i).path("value").asText(""), 150);
                }
            }
            case "multi_conversations_select", "multi_users_select" -> {
                max(v, path + ".placeholder", text(e.get("placeholder")), 150);
                JsonNode initial = e.has("initial_conversations") ? e.get("initial_conversations")
                        : e.path("initial_users");
                if (initial.isArray() && initial.size() > 100) {
                    v.add(path + ": " + initial.size() + " initial items > 100");
                }
            }
            case "file_input" -> {
                // Slack's file field takes 1 to 10 files.
                int files = e.path("max_files").asInt(10);
                if (files < 1 || files > 10) {
                    v.add(path + ".max_files: " + files + " (1 to 10)");
                }
            }
            default -> v.add(path + ": unknown element type '" + type + "'");
        }
    }

    /** Sum of every "text" string under a node (text objects and their nested texts). */
    static int textLength(JsonNode node) {
        if (node == null) {
            return 0;
        }
        int n = 0;
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("text") && f.getValue().isTextual()) {
                    n += f.getValue().asText().length();
                } else {
                    n += textLength(f.getValue());
                }
            }
        } else if (node.isArray()) {
            for (JsonNode c : node) {
                n += textLength(c);
            }
        }
        return n;
    }

    private static String text(JsonNode textObject) {
        if (textObject == null || textObject.isNull()) {
            return "";
        }
        return textObject.isTextual() ? textObject.asText() : textObject.path("text").asText("");
    }

    private static void max(List<String> v, String path, String s, int max) {
        if (s != null && s.length() > max) {
            v.add(path + ": " + s.length() + " chars > " + max);
        }
    }
}

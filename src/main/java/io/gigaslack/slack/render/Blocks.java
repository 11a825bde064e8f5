package io.gigaslack.slack.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.slack.command.SlackText;

/**
 * A tiny Block Kit builder over Jackson trees. Text passed to {@code mrkdwn} helpers must already
 * be escaped (use {@link SlackText#escape}); every helper also cuts its text to Slack's limit, so a
 * caller's mistake gives a shortened message rather than a rejected one.
 */
final class Blocks {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    static final int SECTION_TEXT_MAX = 3000;
    static final int FIELD_MAX = 2000;
    static final int HEADER_MAX = 150;
    static final int BUTTON_TEXT_MAX = 75;
    static final int BUTTON_VALUE_MAX = 2000;
    static final int URL_MAX = 3000;
    static final int ID_MAX = 255;
    static final int CONTEXT_TEXT_MAX = 3000;
    static final int FALLBACK_MAX = 4000;

    private Blocks() {}

    /** A message: {@code {text, blocks}}; {@code text} is the notification fallback. */
    static ObjectNode message(String fallback, ArrayNode blocks) {
        ObjectNode m = JSON.objectNode();
        m.put("text", SlackText.truncate(fallback, FALLBACK_MAX));
        m.set("blocks", blocks);
        return m;
    }

    static ArrayNode list() {
        return JSON.arrayNode();
    }

    static ObjectNode mrkdwn(String escaped, int max) {
        ObjectNode t = JSON.objectNode();
        t.put("type", "mrkdwn");
        t.put("text", SlackText.truncate(escaped, max));
        return t;
    }

    /** plain_text; {@code text} is shown as is (only our own words or configuration). */
    static ObjectNode plain(String text, int max) {
        ObjectNode t = JSON.objectNode();
        t.put("type", "plain_text");
        t.put("text", SlackText.truncate(text, max));
        t.put("emoji", true);
        return t;
    }

    static ObjectNode section(String blockId, String escaped) {
        ObjectNode b = block("section", blockId);
        b.set("text", mrkdwn(escaped, SECTION_TEXT_MAX));
        return b;
    }

    static ObjectNode fields(String blockId, String... escaped) {
        ObjectNode b = block("section", blockId);
        ArrayNode fields = b.putArray("fields");
        for (int i = 0; i < escaped.length && i < 10; i++) {
            if (escaped[i] != null) {
                fields.add(mrkdwn(escaped[i], FIELD_MAX));
            }
        }
        return b;
    }

    static ObjectNode header(String blockId, String text) {
        ObjectNode b = block("header", blockId);
        b.set("text", plain(text, HEADER_MAX));
        return b;
    }

    static ObjectNode context(String blockId, String... escaped) {
        ObjectNode b = block("context", blockId);
        ArrayNode elements = b.putArray("elements");
        for (int i = 0; i < escaped.length && i < 10; i++) {
            elements.add(mrkdwn(escaped[i], CONTEXT_TEXT_MAX));
        }
        return b;
    }

    static ObjectNode divider() {
        ObjectNode b = JSON.objectNode();
        b.put("type", "divider");
        return b;
    }

    /** An actions block, or {@code null} when there is no element (Slack refuses an empty one). */
    static ObjectNode actions(String blockId, ArrayNode elements) {
        if (elements.isEmpty()) {
            return null;
        }
        ObjectNode b = block("actions", blockId);
        b.set("elements", elements);
        return b;
    }

    static ObjectNode button(String text, String actionId, String value, String style) {
        ObjectNode b = JSON.objectNode();
        b.put("type", "button");
        b.set("text", plain(text, BUTTON_TEXT_MAX));
        b.put("action_id", SlackText.truncate(actionId, ID_MAX));
        if (value != null) {
            b.put("value", SlackText.truncate(value, BUTTON_VALUE_MAX));
        }
        if (style != null) {
            b.put("style", style);
        }
        return b;
    }

    /** A link button; {@code url} must already be checked (http(s), at most 3,000 chars). */
    static ObjectNode linkButton(String text, String actionId, String value, String url) {
        ObjectNode b = button(text, actionId, value, "primary");
        b.put("url", url);
        return b;
    }

    static ObjectNode confirm(String title, String escapedText, String confirm, String deny) {
        ObjectNode c = JSON.objectNode();
        c.set("title", plain(title, 100));
        c.set("text", mrkdwn(escapedText, 300));
        c.set("confirm", plain(confirm, 30));
        c.set("deny", plain(deny, 30));
        c.put("style", "danger");
        return c;
    }

    static void addIfPresent(ArrayNode blocks, ObjectNode block) {
        if (block != null) {
            blocks.add(block);
        }
    }

    private static ObjectNode block(String type, String blockId) {
        ObjectNode b = JSON.objectNode();
        b.put("type", type);
        if (blockId != null) {
            b.put("block_id", SlackText.truncate(blockId, ID_MAX));
        }
        return b;
    }
}

package io.gigaslack.slack.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class BlockKitLimitsTest {

    private static ObjectNode message(ArrayNode blocks) {
        ObjectNode m = Blocks.JSON.objectNode();
        m.put("text", "fallback");
        m.set("blocks", blocks);
        return m;
    }

    private static ObjectNode rawSection(String id, String text) {
        ObjectNode b = Blocks.JSON.objectNode().put("type", "section").put("block_id", id);
        b.putObject("text").put("type", "mrkdwn").put("text", text);
        return b;
    }

    @Test
    void a_valid_message_has_no_violations() {
        ArrayNode blocks = Blocks.list();
        blocks.add(rawSection("a", "hello"));
        assertThat(BlockKitLimits.check(message(blocks))).isEmpty();
    }

    @Test
    void too_many_blocks_and_duplicate_ids_are_reported() {
        ArrayNode blocks = Blocks.list();
        for (int i = 0; i < 51; i++) {
            blocks.add(rawSection(i == 50 ? "b0" : "b" + i, "x"));
        }
        assertThat(BlockKitLimits.check(message(blocks)))
                .anyMatch(v -> v.contains("51 > 50")).anyMatch(v -> v.contains("duplicate b0"));
    }

    @Test
    void long_section_text_and_total_text_are_reported() {
        ArrayNode blocks = Blocks.list();
        for (int i = 0; i < 5; i++) {
            blocks.add(rawSection("s" + i, "x".repeat(3001)));
        }
        assertThat(BlockKitLimits.check(message(blocks)))
                .anyMatch(v -> v.startsWith("blocks[0].text: 3001 chars > 3000"))
                .anyMatch(v -> v.contains("total text"));
    }

    @Test
    void button_limits_and_bad_urls_are_reported() {
        ObjectNode button = Blocks.JSON.objectNode().put("type", "button").put("action_id", "a".repeat(256))
                .put("value", "v".repeat(2001)).put("url", "javascript:alert(1)");
        button.putObject("text").put("type", "plain_text").put("text", "t".repeat(76));
        ObjectNode actions = Blocks.JSON.objectNode().put("type", "actions").put("block_id", "x");
        actions.putArray("elements").add(button);
        ArrayNode blocks = Blocks.list();
        blocks.add(actions);
        assertThat(BlockKitLimits.check(message(blocks))).hasSize(4);
    }

    @Test
    void modal_labels_and_metadata_are_checked() {
        ObjectNode view = RunModal.view(Fixtures.PLATFORMS, new RunModal.Defaults("giga-standard", 1, ""),
                new RunModal.Metadata("C1", null));
        view.putObject("title").put("type", "plain_text").put("text", "A title that is far too long");
        view.put("private_metadata", "m".repeat(3001));
        assertThat(BlockKitLimits.check(view)).anyMatch(v -> v.startsWith("title:"))
                .anyMatch(v -> v.startsWith("private_metadata:"));
    }

    @Test
    void missing_fallback_text_is_reported() {
        ObjectNode m = message(Blocks.list().add(rawSection("a", "x")));
        m.remove("text");
        assertThat(BlockKitLimits.check(m)).contains("text: missing notification fallback");
    }
}

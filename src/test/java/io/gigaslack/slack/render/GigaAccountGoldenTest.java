package io.gigaslack.slack.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The workspace's Giga account in the App Home (not connected, for an admin and for others; connected) and the form
 * an admin pastes a key into, against golden files (see {@link Golden} for {@code -Dgolden.update=true}).
 */
class GigaAccountGoldenTest {
    private static final RenderContext CTX = Fixtures.CTX;
    private static final Instant CONNECTED = Instant.parse("2026-02-20T09:30:00Z");

    static Map<String, Supplier<JsonNode>> variants() {
        Map<String, Supplier<JsonNode>> v = new LinkedHashMap<>();
        v.put("home_giga_not_connected_admin", () -> HomeView.render("U9", List.of(), CTX, null, null,
                GigaAccountBlocks.Shown.none(true)));
        v.put("home_giga_not_connected_member", () -> HomeView.render("U1", List.of(), CTX, null, null,
                GigaAccountBlocks.Shown.none(false)));
        v.put("home_giga_connected_admin", () -> HomeView.render("U9", List.of(), CTX, null, null,
                new GigaAccountBlocks.Shown("WXYZ", "U9", CONNECTED, true)));
        v.put("home_giga_connected_member", () -> HomeView.render("U1", List.of(), CTX, null, null,
                new GigaAccountBlocks.Shown("WXYZ", "U9", CONNECTED, false)));
        v.put("modal_giga_connect", () -> GigaAccountBlocks.connectModal(false));
        v.put("modal_giga_replace", () -> GigaAccountBlocks.connectModal(true));
        v.put("modal_giga_key_error", () -> GigaAccountBlocks.keyError("Giga did not accept that key."));
        return v;
    }

    @TestFactory
    Stream<DynamicTest> giga_account_output_matches_golden_files() {
        return variants().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            JsonNode sent = new ObjectMapper().readTree(new ObjectMapper().writeValueAsBytes(e.getValue().get()));
            Golden.check(e.getKey(), sent);
            if (!e.getKey().endsWith("_error")) {
                assertThat(BlockKitLimits.check(sent)).as(e.getKey()).isEmpty();
            }
        }));
    }

    @Test
    void the_submitted_key_is_read_from_the_forms_state() throws Exception {
        JsonNode state = new ObjectMapper().readTree("{\"values\":{\"giga_key\":{\"giga_key_input\":"
                + "{\"type\":\"plain_text_input\",\"value\":\"  gk_123456789 \"}}}}");
        assertThat(GigaAccountBlocks.submittedKey(state)).isEqualTo("gk_123456789");
        assertThat(GigaAccountBlocks.submittedKey(new ObjectMapper().createObjectNode())).isNull();
    }
}

package io.gigaslack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The {@code view_submission} Slack sends when someone submits a modal the app opened: each input's state as Slack
 * reports it (what the field started with, unless the test says the person changed it), with the view's callback id
 * and private metadata. Inputs of the kinds the app uses: text and number fields, single and radio choices, channel
 * and people pickers.
 */
public final class ViewSubmissions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ViewSubmissions() {}

    /**
     * @param viewJson the view as the app opened it ({@code views.open}'s {@code view})
     * @param changed what the person typed or chose, by block id: text, a number, an option's value, or ids
     *     comma-separated for a picker ("" for nothing)
     */
    public static String of(String viewJson, String team, String user, Map<String, String> changed) {
        try {
            JsonNode view = JSON.readTree(viewJson);
            ObjectNode payload = JSON.createObjectNode();
            payload.put("type", "view_submission");
            payload.putObject("team").put("id", team).put("domain", "acme");
            payload.putObject("user").put("id", user).put("team_id", team);
            payload.put("api_app_id", "A1");
            payload.put("trigger_id", "1.2.3");
            ObjectNode v = payload.putObject("view");
            v.put("id", "V1");
            v.put("type", "modal");
            v.put("callback_id", view.path("callback_id").asText());
            v.put("private_metadata", view.path("private_metadata").asText(""));
            v.set("blocks", view.path("blocks"));
            ObjectNode values = v.putObject("state").putObject("values");
            for (JsonNode block : view.path("blocks")) {
                if (!block.path("type").asText().equals("input")) {
                    continue;
                }
                String blockId = block.path("block_id").asText();
                JsonNode element = block.path("element");
                String given = changed.containsKey(blockId) ? changed.get(blockId) : null;
                values.putObject(blockId).set(element.path("action_id").asText(), state(element, given));
            }
            return payload.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode state(JsonNode element, String given) {
        String type = element.path("type").asText();
        ObjectNode s = JSON.createObjectNode();
        s.put("type", type);
        switch (type) {
            case "static_select", "radio_buttons" -> {
                String value = given != null ? given : element.path("initial_option").path("value").asText(null);
                if (value == null || value.isEmpty()) {
                    s.putNull("selected_option");
                } else {
                    s.putObject("selected_option").put("value", value);
                }
            }
            case "multi_conversations_select" -> s.set("selected_conversations",
                    ids(given, element.path("initial_conversations")));
            case "multi_users_select" -> s.set("selected_users", ids(given, element.path("initial_users")));
            default -> {
                String value = given != null ? given : element.path("initial_value").asText(null);
                if (value == null || value.isEmpty()) {
                    s.putNull("value");
                } else {
                    s.put("value", value);
                }
            }
        }
        return s;
    }

    private static ArrayNode ids(String given, JsonNode initial) {
        ArrayNode out = JSON.createArrayNode();
        if (given == null) {
            initial.forEach(out::add);
            return out;
        }
        for (String id : given.split(",")) {
            if (!id.isBlank()) {
                out.add(id.strip());
            }
        }
        return out;
    }
}

package io.gigaslack.slack.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.Platform;
import io.gigaslack.runs.WorkspaceSetting;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The form of {@code /giga settings} (callback id {@link #CALLBACK_ID}): a channel's presets, what a run started in
 * the channel gets when its request does not say (platform, hours, goal, instructions), each filled with the preset in
 * force and left empty for the workspace's default; and the reading of its submission. The channel travels in
 * {@code private_metadata}.
 */
public final class PresetsModal {
    public static final String CALLBACK_ID = "giga_presets_modal";
    /** The platform choice that presets none (Slack's options need a value). */
    static final String NO_PLATFORM = "-";
    static final String INTRO = "presets_intro";
    static final String CLEAR_NOTE = "presets_clear";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PresetsModal() {}

    /** The input block of a preset. */
    public static String blockId(WorkspaceSetting s) {
        return "preset_" + s.name().toLowerCase(Locale.ROOT);
    }

    /** A submitted form: the channel it is for, and each preset's text ("" for none). */
    public record Submission(String channelId, Map<WorkspaceSetting, String> values) {
        public Submission {
            values = Map.copyOf(values);
        }
    }

    /**
     * @param workspace the workspace's settings (its platforms, defaults and longest run)
     * @param presets the channel's presets in force, by the setting each replaces
     */
    public static ObjectNode view(String channelId, SettingsBlocks.Shown workspace,
            Map<WorkspaceSetting, String> presets) {
        ObjectNode v = Blocks.JSON.objectNode();
        v.put("type", "modal");
        v.put("callback_id", CALLBACK_ID);
        v.set("title", Blocks.plain("Channel presets", 24));
        v.set("submit", Blocks.plain("Save", 24));
        v.set("close", Blocks.plain("Cancel", 24));
        v.put("private_metadata", Blocks.JSON.objectNode().put("channel", channelId).toString());
        ArrayNode blocks = v.putArray("blocks");
        blocks.add(Blocks.section(INTRO, "Presets for " + SettingsBlocks.channel(channelId) + ": what a run started"
                + " in this channel gets when its request does not say. Leave a field empty for the workspace's"
                + " default. The run's card says which presets it took."));
        String defaultPlatform = workspace.value(WorkspaceSetting.GIGA_DEFAULT_PLATFORM);
        String preset = presets.getOrDefault(WorkspaceSetting.GIGA_DEFAULT_PLATFORM, "");
        blocks.add(input(WorkspaceSetting.GIGA_DEFAULT_PLATFORM, "Platform",
                platformSelect(workspace, defaultPlatform, preset), null));
        int maxHours = parse(workspace.value(WorkspaceSetting.GIGA_MAX_HOURS), 24);
        blocks.add(input(WorkspaceSetting.GIGA_DEFAULT_HOURS, "Hours", hours(maxHours,
                presets.getOrDefault(WorkspaceSetting.GIGA_DEFAULT_HOURS, "")), "From 1 to " + maxHours
                + ". Workspace default: " + workspace.value(WorkspaceSetting.GIGA_DEFAULT_HOURS) + "."));
        blocks.add(input(WorkspaceSetting.GIGA_DEFAULT_GOAL, "Goal", text(presets.getOrDefault(
                WorkspaceSetting.GIGA_DEFAULT_GOAL, ""), "Workspace default: "
                + workspace.value(WorkspaceSetting.GIGA_DEFAULT_GOAL)), "How the agent knows it is done."));
        String system = workspace.value(WorkspaceSetting.GIGA_SYSTEM_PROMPT);
        blocks.add(input(WorkspaceSetting.GIGA_SYSTEM_PROMPT, "Instructions", text(presets.getOrDefault(
                WorkspaceSetting.GIGA_SYSTEM_PROMPT, ""), system.isBlank() ? "e.g. Answer in French."
                : "Workspace default: " + system), "Given to the agent instead of the workspace's instructions."));
        blocks.add(Blocks.context(CLEAR_NOTE, "`/giga settings clear` in the channel removes all its presets."));
        return v;
    }

    private static ObjectNode input(WorkspaceSetting s, String label, ObjectNode element, String hint) {
        ObjectNode b = Blocks.JSON.objectNode();
        b.put("type", "input");
        b.put("block_id", blockId(s));
        b.set("label", Blocks.plain(label, 2000));
        b.put("optional", true);
        b.set("element", element);
        if (hint != null) {
            b.set("hint", Blocks.plain(hint, 2000));
        }
        return b;
    }

    private static ObjectNode platformSelect(SettingsBlocks.Shown workspace, String defaultPlatform, String preset) {
        ObjectNode e = Blocks.JSON.objectNode();
        e.put("type", "static_select");
        e.put("action_id", SettingsModal.FIELD);
        e.set("placeholder", Blocks.plain("The workspace's default", 150));
        ArrayNode options = e.putArray("options");
        ObjectNode none = SettingsModal.option("Workspace default (" + defaultPlatform + ")", NO_PLATFORM);
        options.add(none);
        ObjectNode initial = none;
        for (Platform p : workspace.platforms()) {
            if (options.size() == 100 || p.name().length() > 150) {
                continue;
            }
            ObjectNode o = SettingsModal.option(p.name() + " — " + (p.rateKnown() ? p.creditsPerHour()
                    + " credits/hour" : "rate unknown"), p.name());
            options.add(o);
            if (p.name().equals(preset)) {
                initial = o;
            }
        }
        e.set("initial_option", initial.deepCopy());
        return e;
    }

    private static ObjectNode hours(int maxHours, String preset) {
        ObjectNode e = Blocks.JSON.objectNode();
        e.put("type", "number_input");
        e.put("action_id", SettingsModal.FIELD);
        e.put("is_decimal_allowed", false);
        e.put("min_value", "1");
        e.put("max_value", String.valueOf(maxHours));
        if (preset.matches("[0-9]{1,3}")) {
            e.put("initial_value", preset);
        }
        return e;
    }

    private static ObjectNode text(String preset, String placeholder) {
        ObjectNode e = Blocks.JSON.objectNode();
        e.put("type", "plain_text_input");
        e.put("action_id", SettingsModal.FIELD);
        e.put("multiline", true);
        e.put("max_length", SettingsModal.TEXT_MAX);
        e.set("placeholder", Blocks.plain(placeholder, 150));
        if (!preset.isBlank()) {
            e.put("initial_value", RunModal.initialValue(preset, SettingsModal.TEXT_MAX));
        }
        return e;
    }

    private static int parse(String n, int orElse) {
        try {
            return Integer.parseInt(n.strip());
        } catch (NumberFormatException e) {
            return orElse;
        }
    }

    /** The submitted presets, or empty when the form lost its channel (a form that is not ours). */
    public static Optional<Submission> parseSubmission(JsonNode payload) {
        JsonNode view = payload == null ? null : payload.has("view") ? payload.get("view") : payload;
        if (view == null) {
            return Optional.empty();
        }
        String channel;
        try {
            channel = MAPPER.readTree(view.path("private_metadata").asText("")).path("channel").asText("");
        } catch (Exception e) {
            return Optional.empty();
        }
        // A channel, or a person's id: their DM with the app.
        if (!channel.matches("[A-Z0-9]{1,30}")) {
            return Optional.empty();
        }
        JsonNode values = view.path("state").path("values");
        Map<WorkspaceSetting, String> out = new EnumMap<>(WorkspaceSetting.class);
        for (WorkspaceSetting s : WorkspaceSetting.presets()) {
            JsonNode field = values.path(blockId(s)).path(SettingsModal.FIELD);
            if (field.isObject()) {
                String text = SettingsModal.fieldText(field);
                out.put(s, text.equals(NO_PLATFORM) && s == WorkspaceSetting.GIGA_DEFAULT_PLATFORM ? "" : text);
            }
        }
        return Optional.of(new Submission(channel, out));
    }

    /** Each problem under its field ({@code response_action: errors}). */
    public static ObjectNode errors(Map<WorkspaceSetting, String> problems) {
        Map<String, String> byBlock = new TreeMap<>();
        problems.forEach((s, words) -> byBlock.merge(s.channelPreset() ? blockId(s)
                : blockId(WorkspaceSetting.GIGA_DEFAULT_PLATFORM), SettingsModal.cut(words), (a, b) -> a + " " + b));
        return SettingsModal.response(byBlock);
    }

    /** The answer to a submission the person may not make: the reason under the first field. */
    public static ObjectNode refused(String words) {
        return SettingsModal.response(Map.of(blockId(WorkspaceSetting.GIGA_DEFAULT_PLATFORM),
                SettingsModal.cut(words)));
    }
}

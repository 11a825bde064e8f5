package io.gigaslack.slack.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.Platform;
import io.gigaslack.runs.WorkspaceSetting;
import io.gigaslack.slack.command.SlackText;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The form in which a workspace's admins change its settings ({@code views.open} payload, callback id
 * {@link #CALLBACK_ID}), opened from the App Home, and the reading of its submission. One input per setting, each
 * filled with the value in force: a choice of the workspace's platforms, number fields with their bounds, Slack's
 * channel and people pickers, on/off buttons, and text where Slack offers nothing better (lists of platforms, user
 * group ids: forms have no user group picker, numbers that may be {@code off}). What is submitted is each setting's
 * text in the environment's form; the run service checks it, and its problems come back under their fields
 * ({@link #errors}).
 */
public final class SettingsModal {
    public static final String CALLBACK_ID = "giga_settings_modal";
    /** The action id of every field (one per input block, told apart by the block). */
    static final String FIELD = "value";
    static final String INTRO = "settings_intro";
    static final String LEFT_OUT = "settings_left_out";
    /** Slack's longest text field. */
    static final int TEXT_MAX = 3000;
    /** The most ids one picker starts with. */
    static final int INITIAL_MAX = 100;
    /** The longest field error this form shows (Slack shows a line or two under a field). */
    static final int ERROR_MAX = 300;

    private SettingsModal() {}

    /** The input block of a setting. */
    public static String blockId(WorkspaceSetting s) {
        return "setting_" + s.name().toLowerCase(Locale.ROOT);
    }

    public static ObjectNode view(SettingsBlocks.Shown shown) {
        ObjectNode v = Blocks.JSON.objectNode();
        v.put("type", "modal");
        v.put("callback_id", CALLBACK_ID);
        v.set("title", Blocks.plain("Giga settings", 24));
        v.set("submit", Blocks.plain("Save", 24));
        v.set("close", Blocks.plain("Cancel", 24));
        ArrayNode blocks = v.putArray("blocks");
        blocks.add(Blocks.section(INTRO, "The settings of this workspace. Each starts as the app's default (its"
                + " environment's), shown under it; a value set back to its default follows the default again."
                + " Every change is in the audit log (`/giga audit`)."));
        List<String> leftOut = new ArrayList<>();
        WorkspaceSetting.Group group = null;
        for (WorkspaceSetting s : WorkspaceSetting.values()) {
            if (s.group() != group) {
                group = s.group();
                blocks.add(Blocks.header("settings_" + group.name().toLowerCase(Locale.ROOT), group.title()));
            }
            String value = shown.value(s);
            if (s.input() == WorkspaceSetting.Input.LONG_TEXT && value.length() > TEXT_MAX) {
                leftOut.add(s.label() + " (" + s.name() + ")");
                continue; // a form field could not hold it whole: saving would cut it
            }
            blocks.add(input(s, value, shown));
        }
        if (!leftOut.isEmpty()) {
            blocks.add(Blocks.context(LEFT_OUT, SlackText.escape(String.join(", ", leftOut)) + ": longer than a form"
                    + " field holds (" + TEXT_MAX + " characters), so not offered here; it keeps its value."));
        }
        return v;
    }

    private static ObjectNode input(WorkspaceSetting s, String value, SettingsBlocks.Shown shown) {
        ObjectNode element = switch (s.input()) {
            case PLATFORM -> platformSelect(shown.platforms(), value);
            case NUMBER -> number(s, value);
            case TEXT, USERGROUPS -> text(value, false, placeholder(s));
            case LONG_TEXT -> text(value, true, placeholder(s));
            case ON_OFF -> onOff(value);
            case CHANNELS -> picker("multi_conversations_select", "initial_conversations", value, "Choose channels");
            case USERS -> picker("multi_users_select", "initial_users", value, "Choose people");
        };
        boolean optional = s.input() == WorkspaceSetting.Input.CHANNELS || s.input() == WorkspaceSetting.Input.USERS
                || s.input() == WorkspaceSetting.Input.USERGROUPS || s == WorkspaceSetting.GIGA_SYSTEM_PROMPT;
        ObjectNode b = Blocks.JSON.objectNode();
        b.put("type", "input");
        b.put("block_id", blockId(s));
        b.set("label", Blocks.plain(s.label(), 2000));
        b.put("optional", optional);
        b.set("element", element);
        b.set("hint", Blocks.plain(hint(s) + " Default: " + plainDefault(s, shown.defaults().getOrDefault(s, ""))
                + ".", 2000));
        return b;
    }

    /** What a setting takes, in a sentence (the checks themselves are the run service's). */
    static String hint(WorkspaceSetting s) {
        return switch (s) {
            case GIGA_DEFAULT_PLATFORM -> "What a run gets when it names none.";
            case GIGA_DEFAULT_HOURS -> "Whole hours when a run asks for none, at most the longest run.";
            case GIGA_DEFAULT_GOAL -> "How the agent knows it is done, when the person gives no goal.";
            case GIGA_SYSTEM_PROMPT -> "Given to every agent whose run brings none of its own. Empty for none.";
            case GIGA_PLATFORMS -> "name:credits-per-hour, comma-separated; name:? when Giga does not publish the"
                    + " rate. The default platform must be one of them.";
            case GIGA_AUTO_STOP_AFTER_MINUTES -> "Whole minutes from 0 to 1440 after its agent finished that a"
                    + " computer is stopped unless someone keeps it (0: at once), or off.";
            case GIGA_SCREENSHOTS -> "Pictures of the desktop in threads: when it is ready, when the agent finishes,"
                    + " and on request.";
            case GIGA_MAX_CREDITS_PER_USER_PER_DAY, GIGA_MAX_CREDITS_PER_WORKSPACE_PER_MONTH -> "A whole number of"
                    + " credits from 1 to " + String.format(Locale.ROOT, "%,d", s.max()) + " (used and held by"
                    + " runs still going), or off for no cap.";
            case GIGA_ALLOWED_CHANNELS -> "Runs may be started only in these; none: in every channel.";
            case GIGA_DENIED_CHANNELS -> "Runs may never be started in these.";
            case GIGA_ALLOWED_USERS -> "When these or the user groups are set, only the people they name and the"
                    + " app's admins may start runs.";
            case GIGA_ALLOWED_USERGROUPS -> "User group ids (S…), comma-separated: the end of a group's address in"
                    + " Slack in a browser. Needs the usergroups:read scope.";
            case GIGA_ADMIN_USERS -> "They may stop, extend, retry and delete anyone's runs, read the audit log and"
                    + " change these settings.";
            default -> "A whole number from " + s.min() + " to " + String.format(Locale.ROOT, "%,d", s.max()) + ".";
        };
    }

    private static String placeholder(WorkspaceSetting s) {
        return switch (s) {
            case GIGA_PLATFORMS -> "giga-standard:20,giga-mini:10";
            case GIGA_AUTO_STOP_AFTER_MINUTES -> "10, or off";
            case GIGA_ALLOWED_USERGROUPS -> "S0123ABCD, S0456EFGH";
            case GIGA_SYSTEM_PROMPT -> "e.g. Answer in French.";
            case GIGA_DEFAULT_GOAL -> "e.g. Save every result as a file on the Desktop.";
            default -> "off, or a number of credits";
        };
    }

    /** The environment's value as plain text for a hint: ids as they are, none as "none". */
    private static String plainDefault(WorkspaceSetting s, String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return s == WorkspaceSetting.GIGA_ALLOWED_CHANNELS ? "every channel"
                    : s == WorkspaceSetting.GIGA_ALLOWED_USERS ? "anyone" : "none";
        }
        if (s.input() == WorkspaceSetting.Input.ON_OFF) {
            return v.equals("true") ? "on" : "off";
        }
        String one = v.replaceAll("\\s+", " ");
        return one.length() > 150 ? one.substring(0, 149) + "…" : one;
    }

    private static ObjectNode platformSelect(List<Platform> platforms, String selected) {
        ObjectNode e = Blocks.JSON.objectNode();
        e.put("type", "static_select");
        e.put("action_id", FIELD);
        e.set("placeholder", Blocks.plain("Choose a platform", 150));
        ArrayNode options = e.putArray("options");
        for (Platform p : platforms) {
            if (options.size() == 100 || p.name().length() > 150) {
                continue;
            }
            ObjectNode o = option(p.name() + " — " + (p.rateKnown() ? p.creditsPerHour() + " credits/hour"
                    : "rate unknown"), p.name());
            options.add(o);
            if (p.name().equals(selected)) {
                e.set("initial_option", o.deepCopy());
            }
        }
        return e;
    }

    private static ObjectNode number(WorkspaceSetting s, String value) {
        ObjectNode e = Blocks.JSON.objectNode();
        e.put("type", "number_input");
        e.put("action_id", FIELD);
        e.put("is_decimal_allowed", false);
        e.put("min_value", String.valueOf(s.min()));
        e.put("max_value", String.valueOf(s.max()));
        if (value.matches("[0-9]{1,12}")) {
            e.put("initial_value", value);
        }
        return e;
    }

    private static ObjectNode text(String value, boolean multiline, String placeholder) {
        ObjectNode e = Blocks.JSON.objectNode();
        e.put("type", "plain_text_input");
        e.put("action_id", FIELD);
        e.put("multiline", multiline);
        e.put("max_length", TEXT_MAX);
        e.set("placeholder", Blocks.plain(placeholder, 150));
        if (!value.isBlank()) {
            e.put("initial_value", RunModal.initialValue(value, TEXT_MAX));
        }
        return e;
    }

    private static ObjectNode onOff(String value) {
        ObjectNode e = Blocks.JSON.objectNode();
        e.put("type", "radio_buttons");
        e.put("action_id", FIELD);
        ArrayNode options = e.putArray("options");
        ObjectNode on = option("On", "true");
        ObjectNode off = option("Off", "false");
        options.add(on);
        options.add(off);
        e.set("initial_option", (value.equals("true") ? on : off).deepCopy());
        return e;
    }

    private static ObjectNode picker(String type, String initialField, String ids, String placeholder) {
        ObjectNode e = Blocks.JSON.objectNode();
        e.put("type", type);
        e.put("action_id", FIELD);
        e.set("placeholder", Blocks.plain(placeholder, 150));
        ArrayNode initial = Blocks.JSON.arrayNode();
        for (String id : ids.split(",")) {
            String t = id.strip();
            if (t.matches("[A-Z0-9]{2,30}") && initial.size() < INITIAL_MAX) {
                initial.add(t);
            }
        }
        if (!initial.isEmpty()) {
            e.set(initialField, initial);
        }
        return e;
    }

    static ObjectNode option(String text, String value) {
        ObjectNode o = Blocks.JSON.objectNode();
        o.set("text", Blocks.plain(text, 75));
        o.put("value", value);
        return o;
    }

    /**
     * The submitted settings, each as text in the environment's form (ids comma-separated); only the settings whose
     * field the form had. Reads the whole {@code view_submission} payload, or just its view.
     */
    public static Map<WorkspaceSetting, String> parseSubmission(JsonNode payload) {
        JsonNode view = payload == null ? null : payload.has("view") ? payload.get("view") : payload;
        JsonNode values = view == null ? null : view.path("state").path("values");
        Map<WorkspaceSetting, String> out = new EnumMap<>(WorkspaceSetting.class);
        if (values == null || !values.isObject()) {
            return out;
        }
        for (WorkspaceSetting s : WorkspaceSetting.values()) {
            JsonNode field = values.path(blockId(s)).path(FIELD);
            if (field.isObject()) {
                out.put(s, fieldText(field));
            }
        }
        return out;
    }

    /** A field's value as text, whatever kind of element it is; "" when it holds nothing. */
    static String fieldText(JsonNode field) {
        return switch (field.path("type").asText("")) {
            case "static_select", "radio_buttons" -> field.path("selected_option").path("value").asText("");
            case "multi_conversations_select" -> ids(field.path("selected_conversations"));
            case "multi_users_select" -> ids(field.path("selected_users"));
            default -> field.path("value").isTextual() ? field.path("value").asText() : "";
        };
    }

    private static String ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> ids.add(n.asText("")));
        }
        return String.join(",", ids);
    }

    /**
     * The answer that shows each problem under its field ({@code response_action: errors}); a problem of a setting
     * the form did not have goes under the first field, so that it is seen.
     */
    public static ObjectNode errors(Map<WorkspaceSetting, String> problems, Set<WorkspaceSetting> inForm) {
        Map<String, String> byBlock = new TreeMap<>();
        problems.forEach((s, words) -> {
            String block = inForm.contains(s) ? blockId(s) : blockId(WorkspaceSetting.GIGA_DEFAULT_PLATFORM);
            byBlock.merge(block, cut(words), (a, b) -> cut(a + " " + b));
        });
        return response(byBlock);
    }

    /** The answer to a submission the person may not make: the reason under the first field, nothing changed. */
    public static ObjectNode refused(String words) {
        return response(Map.of(blockId(WorkspaceSetting.GIGA_DEFAULT_PLATFORM), cut(words)));
    }

    static ObjectNode response(Map<String, String> byBlock) {
        ObjectNode o = Blocks.JSON.objectNode();
        o.put("response_action", "errors");
        ObjectNode e = o.putObject("errors");
        new TreeMap<>(byBlock).forEach(e::put);
        return o;
    }

    static String cut(String words) {
        return words.length() > ERROR_MAX ? words.substring(0, ERROR_MAX - 1) + "…" : words;
    }
}

package io.gigaslack.slack.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.gigaslack.runs.Platform;
import io.gigaslack.runs.WorkspaceSetting;
import io.gigaslack.slack.command.SlackText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The App Home's "Settings" section, shown to admins only: every setting the workspace's admins may change, with
 * the value in force and whether it is the workspace's own or the app's default (the environment's), the channels'
 * presets, and the "Edit settings" button that opens {@link SettingsModal}. Also the words every settings view uses
 * for a value.
 */
public final class SettingsBlocks {
    /** The button that opens the settings form. */
    public static final String EDIT_ACTION = "settings_edit";
    static final String TITLE = "home_settings";
    static final String INTRO = "home_settings_intro";
    static final String GROUP = "home_settings_";
    static final String PRESETS = "home_settings_presets";
    static final String ACTIONS = "home_settings_actions";
    /** Channels with presets listed in the Home; the rest are counted. */
    static final int PRESETS_SHOWN = 10;
    /** Longest text (a goal, instructions) shown in a list of values. */
    static final int TEXT_SHOWN = 120;

    private SettingsBlocks() {}

    /**
     * What the settings views show.
     *
     * @param values each setting's text in force in the workspace
     * @param own the settings the workspace's admins set (the others are the app's defaults)
     * @param defaults each setting's text in the environment (the app's default)
     * @param platforms the workspace's platforms, for the default platform's choices
     * @param presets each channel's presets (the text of each setting it presets), by channel id
     */
    public record Shown(Map<WorkspaceSetting, String> values, Set<WorkspaceSetting> own,
            Map<WorkspaceSetting, String> defaults, List<Platform> platforms,
            Map<String, Map<WorkspaceSetting, String>> presets) {
        public Shown {
            values = Map.copyOf(values);
            own = Set.copyOf(own);
            defaults = Map.copyOf(defaults);
            platforms = List.copyOf(platforms);
            presets = new TreeMap<>(presets);
        }

        String value(WorkspaceSetting s) {
            return values.getOrDefault(s, "");
        }
    }

    /** Adds the section to a Home view's blocks. */
    static void addHomeSection(ArrayNode blocks, Shown shown) {
        blocks.add(Blocks.header(TITLE, "Settings"));
        blocks.add(Blocks.context(INTRO, "What this workspace's admins can change. A value marked _default_ is the"
                + " app's (its environment's) and follows it; the others were set here. Only admins see this."));
        for (WorkspaceSetting.Group g : WorkspaceSetting.Group.values()) {
            StringBuilder text = new StringBuilder("*").append(g.title()).append("*");
            for (WorkspaceSetting s : WorkspaceSetting.values()) {
                if (s.group() == g) {
                    text.append("\n• ").append(SlackText.escape(s.label())).append(": ")
                            .append(shown(s, shown.value(s)));
                    if (!shown.own().contains(s)) {
                        text.append(" _default_");
                    }
                }
            }
            blocks.add(Blocks.section(GROUP + g.name().toLowerCase(Locale.ROOT), text.toString()));
        }
        blocks.add(Blocks.section(PRESETS, presets(shown.presets())));
        ArrayNode buttons = Blocks.list();
        buttons.add(Blocks.button("Edit settings", EDIT_ACTION, "home", null));
        blocks.add(Blocks.actions(ACTIONS, buttons));
        blocks.add(Blocks.divider());
    }

    private static String presets(Map<String, Map<WorkspaceSetting, String>> presets) {
        if (presets.isEmpty()) {
            return "*Channel presets*\nNone. An admin sets a channel's with `/giga settings` in that channel.";
        }
        StringBuilder b = new StringBuilder("*Channel presets* (`/giga settings` in a channel changes them)");
        int n = 0;
        for (Map.Entry<String, Map<WorkspaceSetting, String>> e : presets.entrySet()) {
            if (n++ == PRESETS_SHOWN) {
                b.append("\n…and ").append(presets.size() - PRESETS_SHOWN).append(" more channels.");
                break;
            }
            List<String> parts = new ArrayList<>();
            for (WorkspaceSetting s : WorkspaceSetting.presets()) {
                String v = e.getValue().get(s);
                if (v != null && !v.isEmpty()) {
                    parts.add(s.presetWord() + " " + shown(s, v));
                }
            }
            b.append("\n• ").append(channel(e.getKey())).append(": ").append(String.join(", ", parts));
        }
        return b.toString();
    }

    /** A setting's value in words, escaped: mentions for ids, "off", "every channel" and the like for none. */
    static String shown(WorkspaceSetting s, String value) {
        String v = value == null ? "" : value.strip();
        return switch (s.input()) {
            case CHANNELS -> v.isEmpty() ? (s == WorkspaceSetting.GIGA_ALLOWED_CHANNELS ? "every channel" : "none")
                    : ids(v, SettingsBlocks::channel);
            case USERS -> v.isEmpty() ? "none" : ids(v, Format::user);
            case USERGROUPS -> v.isEmpty() ? "none" : ids(v, id -> id.matches("S[A-Z0-9]{1,30}")
                    ? "<!subteam^" + id + ">" : SlackText.escapeAndTruncate(id, 40));
            case ON_OFF -> v.equals("true") ? "on" : "off";
            case LONG_TEXT -> v.isEmpty() ? "none" : "“" + SlackText.escapeAndTruncate(v.replaceAll("\\s+", " "),
                    TEXT_SHOWN) + "”";
            case NUMBER, PLATFORM -> "`" + SlackText.escapeAndTruncate(v.replace('`', '\''), 100) + "`";
            case TEXT -> v.isEmpty() ? "none" : "`" + SlackText.escapeAndTruncate(v.replace('`', '\'')
                    .replace(",", ", "), 300) + "`";
        };
    }

    private static String ids(String list, Function<String, String> mention) {
        return String.join(", ", Arrays.stream(list.split(",")).map(String::strip).filter(x -> !x.isEmpty())
                .limit(30).map(mention).toList()) + (list.split(",").length > 30 ? ", …" : "");
    }

    static String channel(String id) {
        Objects.requireNonNull(id, "id");
        return id.matches("[CGD][A-Z0-9]{1,30}") ? "<#" + id + ">" : SlackText.escapeAndTruncate(id, 40);
    }
}

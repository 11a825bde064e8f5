package io.gigaslack.slack.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.slack.command.SlackText;
import java.time.Instant;
import java.util.Objects;

/**
 * The workspace's Giga account when the app serves many workspaces: the App Home's "Giga account" part (admins may
 * connect, replace or disconnect the key; others see whom to ask) and the form an admin pastes a key into. A key is
 * never shown: once connected, only its last four characters.
 */
public final class GigaAccountBlocks {
    /** The form's callback id. */
    public static final String CALLBACK_ID = "giga_connect_modal";
    static final int KEY_MAX = 512;

    private GigaAccountBlocks() {}

    /**
     * What the Home shows of the account.
     *
     * @param last4 the key's last four characters, or null when none is connected
     * @param connectedBy who connected it (null if none)
     * @param connectedAt when (null if none)
     * @param admin whether the viewer may manage it
     */
    public record Shown(String last4, String connectedBy, Instant connectedAt, boolean admin) {
        public static Shown none(boolean admin) {
            return new Shown(null, null, null, admin);
        }

        boolean connected() {
            return last4 != null;
        }
    }

    /** Adds the account's part to the Home's blocks, with a divider after it. */
    static void addTo(ArrayNode blocks, Shown shown) {
        Objects.requireNonNull(shown, "shown");
        if (shown.connected()) {
            blocks.add(Blocks.section(BlockIds.HOME_GIGA_ACCOUNT, "*Giga account*\nConnected: the key ending in `"
                    + SlackText.escape(shown.last4()) + "`"
                    + (shown.connectedBy() != null ? ", added by " + Format.user(shown.connectedBy()) : "")
                    + (shown.connectedAt() != null ? " on " + Format.time(shown.connectedAt()) : "")
                    + ". Every run in this workspace uses it and is billed to it."));
            if (shown.admin()) {
                ArrayNode e = Blocks.list();
                e.add(Blocks.button("Replace key", ActionIds.GIGA_CONNECT, "replace", null));
                ObjectNode disconnect = Blocks.button("Disconnect", ActionIds.GIGA_DISCONNECT, "disconnect", "danger");
                disconnect.set("confirm", Blocks.confirm("Disconnect Giga?", "Runs already going keep their computers"
                        + " until they end, but nothing new can start until a key is connected again.",
                        "Disconnect", "Cancel"));
                e.add(disconnect);
                blocks.add(Blocks.actions(BlockIds.HOME_GIGA_ACTIONS, e));
            }
        } else if (shown.admin()) {
            blocks.add(Blocks.section(BlockIds.HOME_GIGA_ACCOUNT, "*Giga account*\nNot connected yet: nothing can run"
                    + " in this workspace until an admin connects its Giga API key. Runs are then billed to that"
                    + " account."));
            ArrayNode e = Blocks.list();
            e.add(Blocks.button("Connect Giga", ActionIds.GIGA_CONNECT, "connect", "primary"));
            blocks.add(Blocks.actions(BlockIds.HOME_GIGA_ACTIONS, e));
        } else {
            blocks.add(Blocks.section(BlockIds.HOME_GIGA_ACCOUNT, "*Giga account*\nThis workspace has not connected a"
                    + " Giga account yet, so runs cannot start. Ask a workspace admin or owner to connect one here."));
        }
        blocks.add(Blocks.divider());
    }

    /** The form an admin pastes the key into ({@code views.open}). */
    public static ObjectNode connectModal(boolean replacing) {
        ObjectNode v = Blocks.JSON.objectNode();
        v.put("type", "modal");
        v.put("callback_id", CALLBACK_ID);
        v.set("title", Blocks.plain("Connect Giga", 24));
        v.set("submit", Blocks.plain("Connect", 24));
        v.set("close", Blocks.plain("Cancel", 24));
        ArrayNode blocks = v.putArray("blocks");
        blocks.add(Blocks.section(BlockIds.GIGA_KEY_INTRO, (replacing
                ? "The new key replaces the one connected now. "
                : "") + "Paste this workspace's Giga API key. Its runs are billed to that Giga account."));
        ObjectNode input = Blocks.JSON.objectNode();
        input.put("type", "input");
        input.put("block_id", BlockIds.GIGA_KEY);
        input.set("label", Blocks.plain("Giga API key", 2000));
        ObjectNode e = Blocks.JSON.objectNode();
        e.put("type", "plain_text_input");
        e.put("action_id", ActionIds.GIGA_KEY_INPUT);
        e.put("max_length", KEY_MAX);
        e.set("placeholder", Blocks.plain("The key from Giga's dashboard", 150));
        input.set("element", e);
        input.set("hint", Blocks.plain("Giga is asked whether the key works before it is saved. It is stored"
                + " encrypted and never shown again: afterwards you see only its last four characters.", 2000));
        blocks.add(input);
        return v;
    }

    /** The form's answer when the key was not kept: {@code response_action: errors} under the key field. */
    public static ObjectNode keyError(String text) {
        ObjectNode r = Blocks.JSON.objectNode();
        r.put("response_action", "errors");
        r.putObject("errors").put(BlockIds.GIGA_KEY, SlackText.truncate(text, 300));
        return r;
    }

    /** The pasted key from a submission's state, or null. */
    public static String submittedKey(com.fasterxml.jackson.databind.JsonNode state) {
        String v = state.path("values").path(BlockIds.GIGA_KEY).path(ActionIds.GIGA_KEY_INPUT).path("value")
                .asText(null);
        return v == null ? null : v.strip();
    }
}

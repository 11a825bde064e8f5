package io.gigaslack.slack.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.Run;
import io.gigaslack.slack.command.Usage;
import java.util.List;

/**
 * The App Home tab ({@code views.publish} view): a short how-to, a "New run" button, for admins the workspace's
 * usage this month, Giga's balance and the workspace's settings ({@link SettingsBlocks}), and the user's recent runs with their buttons, within 100 blocks.
 */
public final class HomeView {
    static final int VIEW_BLOCKS_MAX = 100;

    private HomeView() {}

    public static ObjectNode render(String userId, List<Run> recentRuns, RenderContext ctx) {
        return render(userId, recentRuns, ctx, null);
    }

    /** As {@link #render(String, List, RenderContext)}, with the workspace's usage and Giga's balance for an admin. */
    public static ObjectNode render(String userId, List<Run> recentRuns, RenderContext ctx,
            UsageBlocks.AdminSummary admin) {
        return render(userId, recentRuns, ctx, admin, (SettingsBlocks.Shown) null);
    }

    /** As above, with the workspace's settings for an admin ({@code settings}: null for everyone else). */
    public static ObjectNode render(String userId, List<Run> recentRuns, RenderContext ctx,
            UsageBlocks.AdminSummary admin, SettingsBlocks.Shown settings) {
        return render(userId, recentRuns, ctx, admin, settings, null);
    }

    /**
     * As above, with the workspace's Giga account when the app serves many workspaces ({@code account} null: one
     * workspace, whose key the operator set).
     */
    public static ObjectNode render(String userId, List<Run> recentRuns, RenderContext ctx,
            UsageBlocks.AdminSummary admin, SettingsBlocks.Shown settings, GigaAccountBlocks.Shown account) {
        ObjectNode v = Blocks.JSON.objectNode();
        v.put("type", "home");
        ArrayNode blocks = v.putArray("blocks");
        blocks.add(Blocks.header(BlockIds.HOME_HEADER, "Giga: cloud computers with an AI agent"));
        blocks.add(Blocks.section(BlockIds.HOME_HOWTO,
                "Hi " + Format.user(userId) + ". Type " + Usage.RUN + " in a channel, or open the form. Giga starts a cloud computer, the agent works on "
                        + "your task, and the outcome and files are posted in the run's thread.\n"
                        + "Use " + Usage.DESKTOP + " for a computer without the agent, and " + Usage.HELP + " for more."));
        ArrayNode e = Blocks.list();
        e.add(Blocks.button("New run", ActionIds.OPEN_RUN_MODAL, "home", "primary"));
        blocks.add(Blocks.actions(BlockIds.HOME_ACTIONS, e));
        blocks.add(Blocks.divider());
        if (account != null) {
            GigaAccountBlocks.addTo(blocks, account);
        }
        if (admin != null) {
            UsageBlocks.addAdminSummary(blocks, admin);
        }
        if (settings != null) {
            SettingsBlocks.addHomeSection(blocks, settings);
        }
        blocks.add(Blocks.section(BlockIds.HOME_RUNS_TITLE,
                recentRuns.isEmpty() ? "*Your recent runs*\nNone yet." : "*Your recent runs*"));
        int shown = Responses.addRuns(blocks, recentRuns, ctx, VIEW_BLOCKS_MAX, Responses.TEXT_BUDGET);
        if (shown < recentRuns.size()) {
            blocks.add(Blocks.context(BlockIds.HOME_MORE,
                    "…and " + (recentRuns.size() - shown) + " more. Use `/giga list` to see them."));
        }
        return v;
    }
}

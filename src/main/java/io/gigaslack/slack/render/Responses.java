package io.gigaslack.slack.render;

import java.time.Instant;

import io.gigaslack.runs.AuditEntry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.Run;
import io.gigaslack.slack.command.GigaCommand;
import io.gigaslack.slack.command.SlackText;
import io.gigaslack.slack.command.Usage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * Ephemeral responses to one person: help, bad input, lists, refusals, confirmations. Each returns
 * {@code {text, blocks}}; the caller adds {@code response_type} or posts with {@code chat.postEphemeral}.
 */
public final class Responses {
    static final int MESSAGE_BLOCKS_MAX = 50;
    /** Total block text we allow ourselves; Slack refuses somewhere near 12,000–13,000. */
    static final int TEXT_BUDGET = 10_000;
    /** Serialized size (UTF-8 bytes) we allow a list of runs (a view over 250 kB fails). */
    static final long SIZE_BUDGET = 150_000;

    private Responses() {}

    public static ObjectNode help() {
        String text = "*Giga runs cloud computers with an AI agent, from Slack.*\n" + Usage.ALL;
        ArrayNode blocks = Blocks.list();
        blocks.add(Blocks.section(BlockIds.RESPONSE_TEXT, text));
        blocks.add(Blocks.context(BlockIds.RESPONSE_USAGE,
                "Example: `/giga run --hours 2 Find the pricing on example.com and save it to pricing.txt`"));
        return Blocks.message("Giga help: " + Usage.NEW + ", " + Usage.RUN, blocks);
    }

    public static ObjectNode badInput(GigaCommand.Invalid invalid) {
        return badInput(invalid.problem(), invalid.usage());
    }

    /** {@code problem} is plain text (escaped here); {@code usage} is one of the {@link Usage} texts. */
    public static ObjectNode badInput(String problem, String usage) {
        String p = ":warning: " + SlackText.escapeAndTruncate(problem, 1000);
        ArrayNode blocks = Blocks.list();
        blocks.add(Blocks.section(BlockIds.RESPONSE_TEXT, p));
        blocks.add(Blocks.section(BlockIds.RESPONSE_USAGE, "*Usage:*\n" + SlackText.truncate(usage, 2500)));
        return Blocks.message(p, blocks);
    }

    /**
     * A list of runs, newest first, with buttons per run; what does not fit in 50 blocks (or the
     * text budget) is counted in "and N more".
     */
    public static ObjectNode runList(List<Run> runs, boolean all, RenderContext ctx) {
        String title = all ? "*Giga runs in this channel*" : "*Your Giga runs*";
        ArrayNode blocks = Blocks.list();
        blocks.add(Blocks.section(BlockIds.RESPONSE_TEXT, title));
        if (runs.isEmpty()) {
            blocks.add(Blocks.section(BlockIds.RESPONSE_USAGE, "No runs yet. Start one with " + Usage.NEW + "."));
            return Blocks.message("No Giga runs yet.", blocks);
        }
        int shown = addRuns(blocks, runs, ctx, MESSAGE_BLOCKS_MAX, TEXT_BUDGET);
        if (shown < runs.size()) {
            blocks.add(Blocks.context(BlockIds.RESPONSE_MORE, "…and " + (runs.size() - shown) + " more."));
        }
        return Blocks.message((all ? "Giga runs in this channel: " : "Your Giga runs: ") + runs.size(), blocks);
    }

    /**
     * Adds runs (newest first) as a summary section and an actions block each, keeping one block
     * free for "and N more"; returns how many were added.
     */
    static int addRuns(ArrayNode blocks, List<Run> runs, RenderContext ctx, int maxBlocks, int textBudget) {
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparing(Run::createdAt).reversed());
        int used = textLength(blocks);
        long size = utf8Length(blocks);
        int shown = 0;
        for (Run run : sorted) {
            ObjectNode summary = Blocks.section(BlockIds.listSummary(shown), summaryLine(run, ctx));
            ObjectNode actions = Blocks.actions(BlockIds.listActions(shown), Buttons.forList(run, ctx));
            int cost = textLength(summary) + textLength(actions);
            boolean last = shown == sorted.size() - 1;
            int reserve = last ? 0 : 1;
            long rowSize = utf8Length(summary) + (actions == null ? 0 : utf8Length(actions));
            if (blocks.size() + 2 + reserve > maxBlocks || used + cost > textBudget || size + rowSize > SIZE_BUDGET) {
                break;
            }
            blocks.add(summary);
            Blocks.addIfPresent(blocks, actions);
            used += cost;
            size += rowSize;
            shown++;
        }
        return shown;
    }

    static String summaryLine(Run run, RenderContext ctx) {
        return Format.emoji(run.status()) + " *" + Format.label(run, 120) + "*\n"
                + Format.word(run) + " · " + Format.platform(run) + " · " + Format.deployment(run)
                + " · " + Format.user(run.requesterId()) + " · started " + Format.time(run.createdAt());
    }

    private static long utf8Length(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /** Sum of all "text" strings under a node, as Slack counts block text. */
    static int textLength(JsonNode node) {
        return BlockKitLimits.textLength(node);
    }

    /** One run's status: the card's blocks, for one person. */
    public static ObjectNode runStatus(Run run, RenderContext ctx) {
        return RunCard.render(run, ctx);
    }

    /** The bot cannot post in this channel. */
    public static ObjectNode notInChannel() {
        return simple(":wave: I am not in this channel, so I cannot post the run here. Invite me with "
                + "`/invite @Giga` and try again, or use a channel I am in.");
    }

    /** The run was asked for in a direct message between people, where the bot can never post. */
    public static ObjectNode notInPeoplesDm() {
        return simple(":wave: I cannot post in a direct message between people, so I cannot run it here. Send the"
                + " command in your DM with me (Giga, under Apps) or in a channel I am in.");
    }

    /** Refusal: {@code action} is a verb such as "stop", "extend" or "delete". */
    public static ObjectNode permissionRefused(Run run, String action) {
        return simple(":no_entry: Only " + Format.user(run.requesterId()) + ", workspace admins and configured admins can "
                + SlackText.escapeAndTruncate(action, 40) + " this run.");
    }

    /** Refusal by a configured limit, e.g. "runs at once per person", 3 used of 3. */
    public static ObjectNode limitRefused(String limitName, long used, long allowed) {
        return simple(":no_entry: Limit reached: *" + SlackText.escapeAndTruncate(limitName, 200) + "* — " + used
                + " in use of " + allowed + " allowed. Stop a run or wait for one to finish, then try again.");
    }

    /** "Delete this run?" with Delete and Cancel. */
    public static ObjectNode deleteConfirmation(Run run) {
        String text = ":wastebasket: Delete *" + Format.label(run, 200) + "* (deployment " + Format.deployment(run)
                + ")? Its computer and files are deleted in Giga. This cannot be undone.";
        ArrayNode blocks = Blocks.list();
        blocks.add(Blocks.section(BlockIds.RESPONSE_TEXT, text));
        ArrayNode e = Blocks.list();
        e.add(Blocks.button("Delete", ActionIds.RUN_DELETE_CONFIRM, run.id(), "danger"));
        e.add(Blocks.button("Cancel", ActionIds.RUN_DELETE_CANCEL, run.id(), null));
        blocks.add(Blocks.actions(BlockIds.RESPONSE_ACTIONS, e));
        return Blocks.message(text, blocks);
    }

    /** Audit entries, newest first, packed into sections; what does not fit is counted. */
    public static ObjectNode audit(List<AuditEntry> entries) {
        ArrayNode blocks = Blocks.list();
        blocks.add(Blocks.section(BlockIds.RESPONSE_TEXT, "*Giga audit log*"));
        if (entries.isEmpty()) {
            blocks.add(Blocks.section(BlockIds.RESPONSE_USAGE, "Nothing recorded yet."));
            return Blocks.message("Giga audit log: empty", blocks);
        }
        List<AuditEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(AuditEntry::at, Comparator.nullsLast(Comparator.reverseOrder())));
        StringBuilder chunk = new StringBuilder();
        int used = 0;
        int shown = 0;
        int section = 0;
        for (AuditEntry e : sorted) {
            String line = auditLine(e);
            if (chunk.length() + line.length() + 1 > Blocks.SECTION_TEXT_MAX) {
                if (blocks.size() + 3 > MESSAGE_BLOCKS_MAX) { // this chunk, the next one, "and N more"
                    break;
                }
                blocks.add(Blocks.section("audit_" + section++, chunk.toString()));
                chunk.setLength(0);
            }
            if (used + line.length() + 1 > TEXT_BUDGET) {
                break;
            }
            chunk.append(chunk.length() == 0 ? "" : "\n").append(line);
            used += line.length() + 1;
            shown++;
        }
        if (chunk.length() > 0) {
            blocks.add(Blocks.section("audit_" + section, chunk.toString()));
        }
        if (shown < sorted.size()) {
            blocks.add(Blocks.context(BlockIds.RESPONSE_MORE, "…and " + (sorted.size() - shown) + " older entries."));
        }
        return Blocks.message("Giga audit log: " + sorted.size() + " entries", blocks);
    }

    static String auditLine(AuditEntry e) {
        StringBuilder s = new StringBuilder("• ");
        s.append(e.at() == null ? "?" : Format.time(e.at())).append(" ");
        s.append(e.userId() == null ? "the app" : Format.user(e.userId())).append(" *");
        s.append(SlackText.escapeAndTruncate(RunCard.oneLine(e.action() == null ? "?" : e.action()), 40)).append('*');
        if (e.runId() != null) {
            s.append(" `").append(SlackText.escapeAndTruncate(e.runId().replace('`', '\''), 60)).append('`');
        }
        if (e.detail() != null && !e.detail().isBlank()) {
            s.append(" — ").append(SlackText.escapeAndTruncate(RunCard.oneLine(e.detail()), 200));
        }
        return s.toString();
    }

    /**
     * The private answer to "Open desktop": a link made for the one person who pressed, what it lets them do, and
     * when it stops working.
     */
    public static ObjectNode desktopLink(Run run, String url, boolean control, Instant linkExpiresAt) {
        String what = control ? "You have control of the desktop (keyboard and mouse)."
                : "You can watch the desktop (view only).";
        String text = ":desktop_computer: Your personal link to the desktop of `" + run.id() + "`. " + what
                + " The link is yours alone and opens the desktop until " + Format.time(linkExpiresAt) + ".";
        ArrayNode blocks = Blocks.list();
        blocks.add(Blocks.section(BlockIds.THREAD_TEXT, text));
        ArrayNode e = Blocks.list();
        e.add(Blocks.linkButton("Open the desktop", ActionIds.DESKTOP_LINK, run.id(), url));
        Blocks.addIfPresent(blocks, Blocks.actions(BlockIds.THREAD_ACTIONS, e));
        return Blocks.message(text, blocks);
    }

    /** A one-section response with our own (already escaped) words. */
    public static ObjectNode simple(String escapedText) {
        return ThreadMessages.simple(escapedText);
    }
}

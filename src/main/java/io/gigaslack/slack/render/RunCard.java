package io.gigaslack.slack.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunStatus;
import io.gigaslack.runs.StartTries;
import io.gigaslack.runs.WorkspaceSetting;
import io.gigaslack.slack.command.SlackText;
import java.util.ArrayList;
import java.util.List;

/**
 * The status card: the thread root of a run, updated in place as the run moves. Blocks:
 * {@link BlockIds#CARD_SUMMARY} (who and what), {@link BlockIds#CARD_FACTS} (status, platform,
 * hours, elapsed, credits, deployment, expiry), {@link BlockIds#CARD_PRESETS} (only when the run took its channel's
 * presets), {@link BlockIds#CARD_NOTE} (only when there is
 * something to warn about) and {@link BlockIds#CARD_ACTIONS} (only when a button applies).
 */
public final class RunCard {
    /** Longest task shown on the card; the thread root stays readable. */
    static final int TASK_MAX = 1500;

    private RunCard() {}

    public static ObjectNode render(Run run, RenderContext ctx) {
        ArrayNode blocks = Blocks.list();
        blocks.add(Blocks.section(BlockIds.CARD_SUMMARY, summary(run)));
        blocks.add(facts(run, ctx));
        if (!run.params().presets().isEmpty()) {
            blocks.add(Blocks.context(BlockIds.CARD_PRESETS, presets(run)));
        }
        List<String> notes = notes(run, ctx);
        if (!notes.isEmpty()) {
            blocks.add(Blocks.context(BlockIds.CARD_NOTE, notes.toArray(String[]::new)));
        }
        Blocks.addIfPresent(blocks, Blocks.actions(BlockIds.CARD_ACTIONS, Buttons.forCard(run, ctx)));
        String what = run.kind() == RunKind.AGENT ? "Giga run" : "Giga desktop";
        String fallback = what + " by " + Format.user(run.requesterId()) + ": " + Format.word(run) + " — "
                + Format.label(run, 300);
        return Blocks.message(fallback, blocks);
    }

    static String summary(Run run) {
        StringBuilder s = new StringBuilder();
        if (run.kind() == RunKind.AGENT) {
            s.append(":robot_face: *Giga run* for ").append(Format.user(run.requesterId()));
        } else {
            s.append(":desktop_computer: *Giga desktop* for ").append(Format.user(run.requesterId()));
        }
        if (!run.params().name().isBlank()) {
            s.append(" — *").append(SlackText.escapeAndTruncate(oneLine(run.params().name()), 200)).append('*');
        }
        if (run.kind() == RunKind.AGENT && !run.params().prompt().isBlank()) {
            s.append("\n*Task:* ").append(SlackText.escapeAndTruncate(run.params().prompt().strip(), TASK_MAX));
        }
        return s.toString();
    }

    /** "Channel presets: platform, hours": what the run took from its channel's presets, not from its request. */
    static String presets(Run run) {
        return ":pushpin: Channel presets: " + String.join(", ", run.params().presets().stream()
                .map(WorkspaceSetting::presetWord).toList());
    }

    static ObjectNode facts(Run run, RenderContext ctx) {
        List<String> f = new ArrayList<>();
        f.add("*Status*\n" + Format.status(run));
        f.add("*Platform*\n" + Format.platform(run) + " (" + Format.rate(run, ctx) + ")");
        f.add("*Hours*\n" + run.params().hours());
        f.add("*Elapsed*\n" + Format.duration(run.elapsed(ctx.now())));
        f.add("*Credits (estimate)*\n" + Format.credits(run, ctx));
        f.add("*Deployment*\n" + Format.deployment(run));
        if (Format.live(run)) {
            // The end asked for (the app extends Giga's 15-minute sandbox up to it), not the sandbox's own end.
            f.add("*Stops at*\n" + Format.time(run.keepsComputerUntil()));
        }
        return Blocks.fields(BlockIds.CARD_FACTS, f.toArray(String[]::new));
    }

    static List<String> notes(Run run, RenderContext ctx) {
        List<String> notes = new ArrayList<>();
        if (run.status() == RunStatus.PENDING && run.startTries().answer() != null
                && !run.startTries().answer().isBlank() && run.startTries().answeredAt() != null) {
            notes.add(startTurnedAway(run.startTries()));
        }
        if (run.status() == RunStatus.FAILED && run.failureReason() != null && !run.failureReason().isBlank()) {
            notes.add(":warning: " + SlackText.escapeAndTruncate(run.failureReason().strip(), 1000));
        }
        if (run.status().isTerminal() && Format.live(run)) {
            notes.add(stillRuns(run, ctx));
        }
        if (run.stoppedBy() != null && Format.live(run)) {
            notes.add("Stop requested by " + Format.user(run.stoppedBy()) + ".");
        }
        return notes;
    }

    /**
     * While Giga turns the start away for now: what it answered and when, and when the app tries next (or that it is
     * trying now, or that the last try is being checked).
     */
    static String startTurnedAway(StartTries tries) {
        String said = ":arrows_counterclockwise: " + SlackText.escapeAndTruncate(tries.answer().strip(), 400) + " at "
                + Format.clockTime(tries.answeredAt()) + ".";
        if (tries.nextTryAt() == null) {
            return said + " The app is trying again now (try " + tries.requests() + " of " + StartTries.MAX_REQUESTS
                    + ").";
        }
        if (tries.exhausted()) {
            return said + " That was the last of " + StartTries.MAX_REQUESTS + " tries: at "
                    + Format.clockTime(tries.nextTryAt()) + " the app checks once more whether Giga started the"
                    + " computer anyway, and then gives up.";
        }
        return said + " The app is waiting for Giga: next try at " + Format.clockTime(tries.nextTryAt()) + " (try "
                + (tries.requests() + 1) + " of " + StartTries.MAX_REQUESTS + ").";
    }

    /** "The agent has finished but its computer still runs…", shared with the thread notice. */
    static String stillRuns(Run run, RenderContext ctx) {
        String who = run.kind() == RunKind.AGENT ? "The agent has finished" : "The run has ended";
        String then;
        if (Buttons.awaitsAutoStop(run)) {
            then = " It stops at " + Format.time(run.keepsComputerUntil()) + " unless you press *Keep running*"
                    + (run.autoStopAt().isBefore(run.plannedEnd())
                            ? " (it then stays until " + Format.time(run.plannedEnd()) + ", the end of the hours asked"
                                    + " for)." : ".");
        } else if (run.keptBy() != null) {
            then = " " + Format.user(run.keptBy()) + " kept it running until " + Format.time(run.plannedEnd())
                    + "; press *Stop* when you are done with it.";
        } else {
            then = " Press *Stop* when you are done with it; it stops by itself at " + Format.time(run.plannedEnd())
                    + ", when the hours asked for are over.";
        }
        return ":money_with_wings: " + who + " but the computer still runs (" + Format.rate(run, ctx) + ")." + then;
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }
}

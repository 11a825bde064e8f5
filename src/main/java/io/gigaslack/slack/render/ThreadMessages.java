package io.gigaslack.slack.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.Milestone;
import io.gigaslack.runs.Notice;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.slack.command.SlackText;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Messages posted in a run's thread: one per {@link Milestone}, and notices about what people did.
 * Each returns {@code {text, blocks}}; the caller adds {@code channel} and {@code thread_ts}.
 */
public final class ThreadMessages {
    /**
     * The thread message for a notice, rendered from the run as it is now; null when there is nothing to say any more
     * (the computer a "still runs" notice was about has stopped; none of the files fitted; a message came with no files
     * after all). The one reader of
     * {@link Notice} (a test renders every permitted kind, so a new one cannot be forgotten here).
     *
     * @param maxFileBytes the size limit for shared output files: only those within it are named as posted
     */
    public static ObjectNode notice(Run run, Notice notice, RenderContext ctx, long maxFileBytes) {
        if (notice instanceof Notice.MilestoneReached m) {
            return milestone(run, m.milestone(), ctx);
        } else if (notice instanceof Notice.Extended e) {
            return extended(run, e.by(), e.expiresAt());
        } else if (notice instanceof Notice.StopRequested s) {
            return stopRequested(run, s.by());
        } else if (notice instanceof Notice.FollowUpSent f) {
            return followUpSent(run, f.by(), f.message());
        } else if (notice instanceof Notice.ComputerStillRuns) {
            return run.computer().isLive() ? computerStillRuns(run, ctx) : null;
        } else if (notice instanceof Notice.KeptRunning k) {
            return keptRunning(run, k.by(), k.until());
        } else if (notice instanceof Notice.FilesPosted f) {
            // Name only the files that fit; the others were announced as too large.
            List<String> names = f.files().stream().filter(file -> file.size() <= maxFileBytes)
                    .map(Notice.OutputFile::name).toList();
            return names.isEmpty() ? null : filesPosted(run, names);
        } else if (notice instanceof Notice.InputFilesPlaced f) {
            return f.placed().isEmpty() && f.notPlaced().isEmpty() ? null : inputFiles(run, f.placed(), f.notPlaced());
        } else if (notice instanceof Notice.ExpiryReminder) {
            return expiryReminder(run, ctx);
        } else if (notice instanceof Notice.Deleted d) {
            return deleted(run, d.by());
        } else if (notice instanceof Notice.ActionFailed a) {
            return actionError(a.text());
        }
        throw new IllegalArgumentException("no message for " + notice);
    }

    /** An agent's answer is shown in at most this many sections of this size. */
    static final int ANSWER_PART = 2900;
    static final int ANSWER_PARTS = 3;
    static final int REASON_MAX = 1500;
    static final int QUOTE_MAX = 2500;

    private ThreadMessages() {}

    public static ObjectNode milestone(Run run, Milestone milestone, RenderContext ctx) {
        return switch (milestone) {
            case START_FAILED -> startFailed(run);
            case DESKTOP_READY -> desktopReady(run, ctx);
            case AGENT_SUCCEEDED -> agentSucceeded(run);
            case AGENT_FAILED -> agentFailed(run);
            case COMPUTER_STOPPED -> computerStopped(run, ctx);
        };
    }

    static ObjectNode startFailed(Run run) {
        String text = ":x: " + Format.user(run.requesterId()) + " Giga could not start the computer: "
                + reason(run.failureReason(), "Giga gave no reason.") + " Nothing is running and no credits are used.";
        ArrayNode blocks = Blocks.list();
        blocks.add(Blocks.section(BlockIds.THREAD_TEXT, text));
        if (run.kind() == RunKind.AGENT) {
            ArrayNode e = Blocks.list();
            e.add(Buttons.retry(run));
            blocks.add(Blocks.actions(BlockIds.THREAD_ACTIONS, e));
        }
        return Blocks.message(text, blocks);
    }

    static ObjectNode desktopReady(Run run, RenderContext ctx) {
        String text = run.kind() == RunKind.AGENT
                ? ":desktop_computer: The computer is ready and the agent is at work. You can watch it on the desktop."
                : ":desktop_computer: " + Format.user(run.requesterId()) + " your desktop is ready.";
        ArrayNode blocks = Blocks.list();
        blocks.add(Blocks.section(BlockIds.THREAD_TEXT, text));
        if (run.vncUrl() != null && !run.vncUrl().isBlank() && ctx.builtInViewer()) {
            // The address is a credential: the channel gets none, each person a link of their own.
            blocks.add(Blocks.context(BlockIds.THREAD_DETAIL, "Press *Open desktop* for a personal link: "
                    + Format.user(run.requesterId()) + " and admins get control, everyone else in this channel can"
                    + " watch."));
        } else if (run.vncUrl() != null && !run.vncUrl().isBlank()) {
            blocks.add(Blocks.context(BlockIds.THREAD_DETAIL,
                    "Desktop address: " + SlackText.escapeAndTruncate(run.vncUrl().strip(), 2000)));
        } else {
            blocks.add(Blocks.context(BlockIds.THREAD_DETAIL, "Giga has not given the desktop address yet."));
        }
        ArrayNode e = Blocks.list();
        Buttons.openDesktop(run, ctx).ifPresent(e::add);
        Blocks.addIfPresent(blocks, Blocks.actions(BlockIds.THREAD_ACTIONS, e));
        return Blocks.message(text, blocks);
    }

    static ObjectNode agentSucceeded(Run run) {
        String text = ":white_check_mark: " + Format.user(run.requesterId()) + " the agent finished: "
                + Format.label(run, 200);
        ArrayNode blocks = Blocks.list();
        blocks.add(Blocks.section(BlockIds.THREAD_TEXT, text));
        String answer = run.finalAnswer();
        if (answer != null && !answer.isBlank()) {
            List<String> parts = SlackText.split(SlackText.escape(answer.strip()), ANSWER_PART, ANSWER_PARTS);
            for (int i = 0; i < parts.size(); i++) {
                String id = i == 0 ? BlockIds.THREAD_TEXT_MORE + "1" : BlockIds.THREAD_TEXT_MORE + (i + 1);
                blocks.add(Blocks.section(id, parts.get(i)));
            }
        } else {
            blocks.add(Blocks.context(BlockIds.THREAD_DETAIL, "The agent gave no final answer."));
        }
        return Blocks.message(text, blocks);
    }

    static ObjectNode agentFailed(Run run) {
        String text = ":x: " + Format.user(run.requesterId()) + " the agent could not finish: "
                + reason(run.failureReason(), "Giga gave no reason.");
        return withButtons(text, Buttons.retry(run));
    }

    static ObjectNode computerStopped(Run run, RenderContext ctx) {
        String how;
        if (run.stoppedBy() != null) {
            how = "The computer was stopped by " + Format.user(run.stoppedBy()) + ".";
        } else if (run.autoStopAt() != null && run.keptBy() == null && run.finishedAt() != null
                && run.computerEndedAt() != null && !run.computerEndedAt().isBefore(run.autoStopAt())
                && run.autoStopAt().isBefore(run.plannedEnd())) {
            how = "The computer was stopped " + Format.duration(Duration.between(run.finishedAt(), run.autoStopAt()))
                    + " after the agent finished (GIGA_AUTO_STOP_AFTER_MINUTES).";
        } else if (run.computerEndedAt() != null && !run.computerEndedAt().isBefore(run.plannedEnd())) {
            how = "The computer was stopped: the " + run.params().hours() + " h asked for are over.";
        } else if (run.expiresAt() != null && run.computerEndedAt() != null
                && !run.computerEndedAt().isBefore(run.expiresAt().minusSeconds(120))) {
            how = "The computer stopped: its time ran out.";
        } else {
            how = "The computer stopped.";
        }
        String text = ":black_square_for_stop: " + how + " It ran for " + Format.duration(run.elapsed(ctx.now()))
                + " (" + Format.credits(run, ctx) + ").";
        ArrayNode blocks = Blocks.list();
        blocks.add(Blocks.section(BlockIds.THREAD_TEXT, text));
        return Blocks.message(text, blocks);
    }

    // ---- notices -------------------------------------------------------------------------------

    /** Someone extended the computer; {@code newExpiry} may be null when Giga did not say. */
    public static ObjectNode extended(Run run, String byUserId, Instant newExpiry) {
        String text = ":stopwatch: " + Format.user(byUserId) + " extended the computer"
                + (newExpiry == null ? "." : "; it now stops at " + Format.time(newExpiry) + ".");
        return simple(text);
    }

    public static ObjectNode stopRequested(Run run, String byUserId) {
        return simple(":octagonal_sign: " + Format.user(byUserId) + " asked to stop the computer. Stopping…");
    }

    /** Someone deleted the run's computer (the mention is markup, so it is not escaped as the words around it). */
    public static ObjectNode deleted(Run run, String byUserId) {
        return simple(":wastebasket: " + Format.user(byUserId) + " deleted this computer.");
    }

    /** A follow-up message sent to the agent, quoted. */
    public static ObjectNode followUpSent(Run run, String byUserId, String message) {
        String text = ":speech_balloon: " + Format.user(byUserId) + " sent the agent a follow-up:";
        ArrayNode blocks = Blocks.list();
        blocks.add(Blocks.section(BlockIds.THREAD_TEXT, text + "\n" + quote(message)));
        return Blocks.message(text, blocks);
    }

    /** Output files were posted in the thread. */
    public static ObjectNode filesPosted(Run run, List<String> fileNames) {
        StringBuilder s = new StringBuilder(":page_facing_up: ");
        s.append(fileNames.size() == 1 ? "Output file: " : fileNames.size() + " output files: ");
        int shown = 0;
        for (String name : fileNames) {
            if (shown == 20) {
                s.append(" and ").append(fileNames.size() - shown).append(" more");
                break;
            }
            s.append(shown == 0 ? "" : ", ").append('`').append(fileName(name)).append('`');
            shown++;
        }
        return simple(s.toString());
    }

    /**
     * The files given to the agent with a message: those now on its computer's Desktop, and each of the others with
     * why it is not there (the agent goes on without it).
     */
    public static ObjectNode inputFiles(Run run, List<String> placed, List<Notice.NotPlaced> notPlaced) {
        StringBuilder s = new StringBuilder();
        if (!placed.isEmpty()) {
            s.append(":paperclip: ").append(placed.size() == 1 ? "On the computer's Desktop for the agent: "
                    : placed.size() + " files on the computer's Desktop for the agent: ");
            for (int i = 0; i < placed.size(); i++) {
                s.append(i == 0 ? "" : ", ").append('`').append(fileName(placed.get(i))).append('`');
            }
        }
        if (!notPlaced.isEmpty()) {
            if (s.length() > 0) {
                s.append('\n');
            }
            s.append(":warning: ").append(notPlaced.size() == 1 ? "Not given to the agent, which goes on without it:"
                    : "Not given to the agent, which goes on without them:");
            for (Notice.NotPlaced n : notPlaced) {
                s.append("\n• `").append(fileName(n.name())).append("`: ")
                        .append(reason(n.reason(), "it could not be brought to the computer"))
                        .append(n.reason() != null && n.reason().strip().endsWith(".") ? "" : ".");
            }
        }
        return simple(s.toString());
    }

    public static ObjectNode fileTooLarge(Run run, String fileName, long sizeBytes, long limitBytes) {
        return simple(":warning: `" + fileName(fileName) + "` is " + bytes(sizeBytes)
                + ", over the " + bytes(limitBytes) + " that can be posted here. It is still on the Giga computer"
                + (run.deploymentId() == null ? "." : " (deployment " + Format.deployment(run) + ")."));
    }

    /** The computer stops soon; offers Extend. */
    public static ObjectNode expiryReminder(Run run, RenderContext ctx) {
        String when = run.stopsAt() == null ? "soon" : "at " + Format.time(run.stopsAt());
        String text = ":hourglass: " + Format.user(run.requesterId()) + " the computer stops " + when
                + ". Extend it if you need more time.";
        return withButtons(text, Buttons.extend(run, ctx), Buttons.stop(run));
    }

    /** The agent finished but the computer still runs (and costs credits); offers Stop. */
    public static ObjectNode computerStillRuns(Run run, RenderContext ctx) {
        String text = RunCard.stillRuns(run, ctx);
        return Buttons.awaitsAutoStop(run) ? withButtons(text, Buttons.keepRunning(run), Buttons.stopNow(run))
                : withButtons(text, Buttons.stop(run));
    }

    /** Someone kept the finished agent's computer running: it now stays until the end of the hours asked for. */
    public static ObjectNode keptRunning(Run run, String byUserId, Instant until) {
        return simple(":pushpin: " + Format.user(byUserId) + " kept the computer running; it stops at "
                + Format.time(until) + ", when the hours asked for are over. Press *Stop* when you are done with it.");
    }

    /** An action failed; {@code plainWords} says what happened and what to do (escaped here). */
    public static ObjectNode actionError(String plainWords) {
        return simple(":warning: " + reason(plainWords, "Something went wrong. Please try again."));
    }

    static ObjectNode simple(String escapedText) {
        ArrayNode blocks = Blocks.list();
        blocks.add(Blocks.section(BlockIds.THREAD_TEXT, escapedText));
        return Blocks.message(escapedText, blocks);
    }

    static String reason(String reason, String otherwise) {
        return reason == null || reason.isBlank() ? otherwise : SlackText.escapeAndTruncate(reason.strip(), REASON_MAX);
    }

    /** User text as a mrkdwn block quote, escaped and cut. */
    static String quote(String text) {
        String escaped = SlackText.escapeAndTruncate(text == null ? "" : text.strip(), QUOTE_MAX);
        return "&gt; " + escaped.replace("\n", "\n&gt; ");
    }

    static String fileName(String name) {
        return SlackText.escapeAndTruncate(name == null ? "" : RunCard.oneLine(name).replace('`', '\''), 200);
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " bytes";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
        }
        if (n < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.1f GB", n / (1024.0 * 1024 * 1024));
    }

    /** A thread message: its text, then a row of buttons. */
    private static ObjectNode withButtons(String text, ObjectNode... buttons) {
        ArrayNode blocks = Blocks.list();
        blocks.add(Blocks.section(BlockIds.THREAD_TEXT, text));
        ArrayNode e = Blocks.list();
        for (ObjectNode button : buttons) {
            e.add(button);
        }
        blocks.add(Blocks.actions(BlockIds.THREAD_ACTIONS, e));
        return Blocks.message(text, blocks);
    }
}

package io.gigaslack.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.Notice;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Every kind of durable job, one record each. The code that enqueues a job and the handler that runs it share this
 * type; {@link JobCodec} is the one place that turns it into a stored row (queue, kind, JSON payload) and back.
 */
public sealed interface RunJob {

    /** The queue a job runs in; each is strictly ordered per run. */
    enum Queue {
        /** Slack effects (the outbox). */
        SLACK("slack"),
        /** Giga effects. */
        GIGA("giga"),
        /** Work on a run's desktop itself (screenshots over VNC): apart, so it never holds up the thread's messages. */
        DESKTOP("desktop");

        private final String stored;

        Queue(String stored) {
            this.stored = stored;
        }

        /** The name in the {@code jobs.queue} column. */
        public String stored() {
            return stored;
        }
    }

    Queue queue();

    /** A Slack effect, done by the Slack outbox. */
    sealed interface SlackJob extends RunJob {
        @Override
        default Queue queue() {
            return Queue.SLACK;
        }
    }

    /** Work on the desktop itself, done by the desktop jobs. */
    sealed interface DesktopJob extends RunJob {
        @Override
        default Queue queue() {
            return Queue.DESKTOP;
        }
    }

    /** When a screenshot is taken. */
    enum ScreenshotMoment {
        /** The desktop has just become ready. */
        DESKTOP_READY,
        /** The agent has just finished (succeeded or failed). */
        FINISHED,
        /** Someone pressed Screenshot. */
        ON_DEMAND
    }

    /** Take one frame of the desktop over VNC and share it in the thread; {@code by} is who asked, or null. */
    record Screenshot(ScreenshotMoment moment, String by) implements DesktopJob {}

    /** A Giga effect, done by the Giga jobs. */
    sealed interface GigaJob extends RunJob {
        @Override
        default Queue queue() {
            return Queue.GIGA;
        }
    }

    /**
     * Post the run's status card (the thread root), or edit it to show the run as it is now.
     *
     * @param responseUrl the slash command's response URL, to answer there if the card cannot be posted; or null
     */
    record PostCard(String responseUrl) implements SlackJob {
        public static final PostCard EDIT = new PostCard(null);
    }

    /** Post a notice in the run's thread. */
    record PostNotice(Notice notice) implements SlackJob {}

    /** An ephemeral answer to one user, sent later (when the acknowledgement could not carry it). */
    record Ephemeral(String teamId, String channel, String user, String responseUrl, ObjectNode message)
            implements SlackJob {}

    /** Share one of the agent's output files in the thread. {@code size} is -1 when Giga did not say. */
    record ShareFile(String fileId, String name, long size) implements SlackJob {}

    /** A Slack effect delivered into one person's direct messages with the app, not into a run's thread. */
    sealed interface DirectJob extends SlackJob {}

    /**
     * Upload {@code userId}'s usage chart (credits per day over the last 30 days, as at {@code at}) as a PNG into their
     * DM with the app: the workspace's runs when {@code everyone} (an admin asked), else only their own.
     */
    record UsageChart(String teamId, String userId, boolean everyone, Instant at) implements DirectJob {}

    /**
     * Tell one admin, in their DM with the app, that Giga's balance ({@code credits}, read at {@code at}) fell below
     * the warning level ({@code GIGA_LOW_BALANCE_CREDITS}). {@code accountId} is the Giga account whose balance it is
     * (a team id, or an enterprise id for an org-wide install; {@code "giga"} in single-workspace mode), so the Slack
     * side knows whose admin this is; null in jobs stored before accounts were per workspace.
     */
    record LowBalanceWarning(String userId, BigDecimal credits, long level, Instant at, String accountId)
            implements DirectJob {
        public LowBalanceWarning(String userId, BigDecimal credits, long level, Instant at) {
            this(userId, credits, level, at, null);
        }
    }

    /**
     * Tell every admin that Giga's balance fell below the warning level: the configured admins
     * ({@code configuredAdmins}, from {@code GIGA_ADMIN_USERS} when the fall was seen, in order) and the workspace's
     * admins and owners, whom only Slack knows. The Slack outbox finds them and queues one {@link LowBalanceWarning}
     * per person. {@code accountId}: the Giga account whose balance fell, as in {@link LowBalanceWarning}.
     */
    record LowBalanceAdmins(List<String> configuredAdmins, BigDecimal credits, long level, Instant at,
            String accountId) implements SlackJob {
        public LowBalanceAdmins {
            configuredAdmins = List.copyOf(configuredAdmins);
        }

        public LowBalanceAdmins(List<String> configuredAdmins, BigDecimal credits, long level, Instant at) {
            this(configuredAdmins, credits, level, at, null);
        }
    }

    /**
     * Read the balance of every connected Giga account, record each, warn an account's admins when its balance first
     * falls below the warning level, then schedule the next check. Not tied to a run: it carries
     * {@link JobCodec#BALANCE_RUN_ID}, so replicas check one at a time.
     */
    record CheckBalance() implements GigaJob {}

    /**
     * The app was removed from {@code teamId}: stop the computers of its runs still going (with the key of its Giga
     * account {@code account}, while it is there), end their tracking, then forget that account's key. {@code account}
     * is null with one workspace (the operator's key stays). Not tied to a run.
     */
    record LeaveWorkspace(String teamId, String account) implements GigaJob {}

    /**
     * Show the run in Slack's agent surface as it is now: its agent session's status and its agent's progress (the
     * steps seen, then the answer) in one thread message. {@code resendSession} sets the session's status again even
     * if it was set already (after a native Stop that was refused, which Slack shows as stopping). Coalesced: it
     * renders the latest state when it runs.
     */
    record ShowProgress(boolean resendSession) implements SlackJob {
        public static final ShowProgress LATEST = new ShowProgress(false);
        public static final ShowProgress RESEND_SESSION = new ShowProgress(true);
    }

    /** Start the run's computer (and agent). */
    record Start() implements GigaJob {}

    /** Stop the computer; {@code by} is the user who asked, or null for the app's own auto-stop. */
    record Stop(String by) implements GigaJob {
        public static final Stop AUTOMATIC = new Stop(null);

        public boolean automatic() {
            return by == null;
        }
    }

    record Extend(String by) implements GigaJob {}

    record Delete(String by) implements GigaJob {}

    /**
     * Send a message to the running agent. {@code files} names the batch of {@link io.gigaslack.runs.InputFile}s
     * given with it (put on the Desktop before the message is sent), or is null when there are none.
     */
    record FollowUp(String by, String message, String files) implements GigaJob {
        public FollowUp(String by, String message) {
            this(by, message, null);
        }
    }

    /**
     * Bring one file someone gave the agent from Slack into Giga's storage for the run's deployment: the file at
     * {@code position} of batch {@code batch} of the run's input files. One job per file, so a restart repeats at
     * most the file in hand.
     */
    record TransferInputFile(String batch, int position) implements GigaJob {}

    /**
     * Start the agent of a run whose request came with files, on the computer its start created without one: once
     * the computer runs, put the stored files on its Desktop, then give the agent its task, naming them.
     */
    record StartAgent() implements GigaJob {}

    /** Re-read Giga after a callback; {@code hint} is what the callback's body claimed. */
    record Refresh(CallbackHint hint) implements GigaJob {}

    /** What a callback's body claimed about the agent; Giga's own answer decides. */
    enum CallbackHint {
        NONE, COMPLETED, FAILED
    }

    /** Pull the agent's output files into storage and queue their shares. */
    record CollectResults() implements GigaJob {}

    /**
     * One reconcile cycle, then the next scheduled. {@code idleCycles} counts cycles in a row that changed nothing
     * (they widen the wait). Not tied to a run: it carries {@link JobCodec#RECONCILER_RUN_ID}.
     */
    record Reconcile(int idleCycles) implements GigaJob {}
}

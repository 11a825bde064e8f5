package io.gigaslack.slack.outbox;

import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunStatus;
import io.gigaslack.slack.web.SlackCallException;
import io.gigaslack.slack.web.SlackWorkspaces;
import io.gigaslack.store.ProgressRepository;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's thread as a Slack agent session: {@code processing} (titled with the run's name) while the agent works,
 * which gives the thread Slack's own Stop button; {@code active} once it has answered (or a stop was asked for) and
 * the computer is still there; {@code closed} when the computer is gone. A desktop run has no agent: it is
 * {@code active} while its computer runs. Each status is set once ({@code agents.sessions.setStatus}); where Slack
 * refuses sessions (the app is not declared an agent, or lacks the scope), the run's thread simply stays a thread.
 */
final class AgentSessions {
    private static final Logger log = LoggerFactory.getLogger(AgentSessions.class);
    /** Slack's statuses. */
    static final String PROCESSING = "processing";
    static final String ACTIVE = "active";
    static final String CLOSED = "closed";
    /** Recorded when Slack refused the session: not asked again for this run. */
    static final String UNAVAILABLE = "unavailable";
    /** Slack's longest session title. */
    static final int TITLE_MAX = 200;

    private final SlackWorkspaces slack;
    private final ProgressRepository progress;
    private final Clock clock;

    AgentSessions(SlackWorkspaces slack, ProgressRepository progress, Clock clock) {
        this.slack = slack;
        this.progress = progress;
        this.clock = clock;
    }

    /** The status the run's session should have now. */
    static String status(Run run) {
        return status(run, false);
    }

    /** As {@link #status(Run)}; {@code followUpOpen}: the agent works on a follow-up (after it answered). */
    static String status(Run run, boolean followUpOpen) {
        if (run.computer().hasEnded() || (run.status().isTerminal() && !run.computer().isLive())) {
            return CLOSED;
        }
        if (followUpOpen && run.kind() == RunKind.AGENT) {
            return PROCESSING;
        }
        if (run.kind() != RunKind.AGENT || run.status() == RunStatus.SUCCEEDED || run.status() == RunStatus.FAILED
                || run.stoppedBy() != null || run.status().isTerminal()) {
            return ACTIVE;
        }
        return PROCESSING;
    }

    /** The session's title: the run's name, else its task. */
    static String title(Run run) {
        String name = run.params().name();
        String t = name != null && !name.isBlank() ? name : run.params().prompt();
        String title = t == null || t.isBlank() ? "Giga run " + run.id() : t.strip().replaceAll("\\s+", " ");
        return title.length() <= TITLE_MAX ? title : title.substring(0, TITLE_MAX - 1) + "…";
    }

    /**
     * Sets the session's status when it changed since it was last set (or always, with {@code resend}). A refusal
     * that trying again cannot help is recorded, and the run's session is left alone from then on.
     */
    void sync(Run run, ProgressRepository.Row row, boolean resend) {
        if (run.rootTs() == null || UNAVAILABLE.equals(row.sessionStatus())) {
            return;
        }
        String wanted = status(run, row.seen().followUpOpen());
        if (!resend && wanted.equals(row.sessionStatus())) {
            return;
        }
        if (row.sessionStatus() == null && CLOSED.equals(wanted)) {
            return; // the run ended before it ever had a session: nothing to close
        }
        try {
            slack.team(run.teamId()).setAgentSessionStatus(run.channelId(), run.rootTs(), wanted, title(run),
                    run.requesterId());
        } catch (SlackCallException e) {
            if (e.retryable()) {
                throw e;
            }
            log.info("run {}: Slack refused its agent session ({}); its thread stays a plain thread", run.id(),
                    e.error());
            progress.recordSessionStatus(run.id(), UNAVAILABLE, clock.instant());
            return;
        }
        progress.recordSessionStatus(run.id(), wanted, clock.instant());
    }
}

package io.gigaslack.slack.outbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.engine.RetryLater;
import io.gigaslack.runs.AgentProgress;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunStatus;
import io.gigaslack.service.RunJob;
import io.gigaslack.slack.render.ProgressView;
import io.gigaslack.slack.web.SlackCallException;
import io.gigaslack.slack.web.SlackGateway;
import io.gigaslack.slack.web.SlackWorkspaces;
import io.gigaslack.store.ProgressRepository;
import io.gigaslack.store.ProgressRepository.Mode;
import io.gigaslack.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's progress in its run's thread, one message per run: streamed ({@code chat.startStream}, then
 * {@code appendStream} with a {@code task_update} chunk for each step that is new or has moved on, then
 * {@code stopStream} with the answer), or, where Slack refuses streaming, one message with the same content edited in
 * place, paced as the card is. A stream is started empty and its ts stored before anything is appended, and its start
 * is made at most once as a post is ({@link PostAttempt}: recorded as under way before the call, looked for in the
 * thread by a later attempt); what was shown is recorded after each call Slack accepted, so a retry (a 429, a
 * restart) sends only what is not shown yet; a stream Slack has ended meanwhile is continued in a fresh one with the
 * steps not shown yet. A follow-up is a line of the progress, which the agent's next steps and its answer to it
 * follow ({@link #followUpSent}). Also keeps the thread's agent session status ({@link AgentSessions}).
 */
public final class ProgressStream {
    private static final Logger log = LoggerFactory.getLogger(ProgressStream.class);

    private final SlackWorkspaces slack;
    private final ProgressRepository progress;
    private final AgentSessions sessions;
    private final Clock clock;
    private final Map<String, Instant> lastEdit = new ConcurrentHashMap<>();

    public ProgressStream(SlackGateway slack, ProgressRepository progress, Clock clock) {
        this(SlackWorkspaces.single(slack), progress, clock);
    }

    /** Each run's stream and session go out with its workspace's bot token. */
    public ProgressStream(SlackWorkspaces slack, ProgressRepository progress, Clock clock) {
        this.slack = slack;
        this.progress = progress;
        this.sessions = new AgentSessions(slack, progress, clock);
        this.clock = clock;
    }

    void show(Run run, RunJob.ShowProgress job, PostAttempt attempt) {
        if (run.rootTs() == null) {
            return; // no thread yet: the card's post asks again
        }
        ProgressRepository.Row row = progress.find(run.id());
        sessions.sync(run, row, job.resendSession());
        if (run.kind() != RunKind.AGENT || (row.answerShown() && !row.seen().followUpOpen())) {
            return;
        }
        AgentProgress.Step followUp = row.seen().lastFollowUp();
        String ending = followUp == null ? ProgressView.ending(run) : followUpEnding(run, followUp);
        boolean succeeded = followUp == null ? run.status() == RunStatus.SUCCEEDED
                : followUp.state() == AgentProgress.State.DONE;
        AgentProgress steps = ending == null ? row.seen() : row.seen().finished(succeeded);
        if (steps.isEmpty()) {
            return; // nothing seen of the agent's work: its thread's notices say what there is to say
        }
        Map<String, AgentProgress.State> shown = new HashMap<>(row.shown());
        List<ObjectNode> changed = new ArrayList<>();
        for (int i = 0; i < steps.steps().size(); i++) {
            AgentProgress.Step s = steps.steps().get(i);
            if (shown.get(s.key()) != s.state()) {
                changed.add(ProgressView.taskChunk(i, s));
            }
        }
        String channel = run.channelId();
        Mode mode = row.mode();
        String ts = row.messageTs();
        if (mode == null) {
            // An earlier attempt that was posting the message to edit had been refused streaming already.
            String refused = attempt.earlierWasPosting() ? "refused before" : null;
            if (refused == null) {
                try {
                    ts = startStream(run, attempt, null);
                    mode = Mode.STREAM;
                } catch (SlackCallException e) {
                    if (e.retryable()) {
                        throw e;
                    }
                    refused = e.error();
                }
            }
            if (mode == null) {
                log.info("run {}: Slack refused to stream its progress ({}); one message edited in place instead",
                        run.id(), refused);
                ts = attempt.post(channel, run.rootTs(), ProgressView.message(steps, ending)).ts();
                markShown(shown, steps);
                progress.recordShown(run.id(), shown, ending != null, ts, channel, Mode.MESSAGE, clock.instant());
                attempt.settled();
                lastEdit.put(run.id(), clock.instant());
                return;
            }
        }
        if (mode == Mode.STREAM) {
            stream(run, steps, shown, changed, ending, ts, attempt);
        } else {
            edit(run, steps, shown, changed, ending, ts);
        }
    }

    /**
     * What the progress ends with after a follow-up: the agent's answer to it once its run in the session ended, or
     * that the computer stopped before; null while the agent works on it. (The run's own answer is the first one.)
     */
    static String followUpEnding(Run run, AgentProgress.Step followUp) {
        if (followUp.state() == AgentProgress.State.DONE) {
            return followUp.detail() == null || followUp.detail().isBlank()
                    ? "**Done.** The agent finished without a written answer." : "**Done.** " + followUp.detail().strip();
        }
        if (followUp.state() == AgentProgress.State.FAILED) {
            return "**The agent did not finish.**";
        }
        return run.computer().isLive() ? null : "**Stopped** before the agent finished.";
    }

    /**
     * Records a follow-up confirmed in the thread as a step of the agent's progress, in progress while the agent works
     * on it ({@code key} tells it from other follow-ups: the confirming job's id), in the caller's transaction; the
     * progress is opened again if it was finished, so what the agent does next follows it (in a fresh stream where
     * the first one was finished, or in the message edited in place).
     */
    public void followUpSent(Tx tx, Run run, long key, String message) {
        if (run.kind() != RunKind.AGENT) {
            return;
        }
        String text = message == null ? "" : message.strip().replaceAll("\\s+", " ");
        progress.recordFollowUp(tx, run.id(), new AgentProgress.Step(AgentProgress.FOLLOW_UP + key,
                text.isEmpty() ? "Follow-up" : "Follow-up: \u201c" + text + "\u201d", AgentProgress.State.IN_PROGRESS,
                null), clock.instant());
    }

    /**
     * Starts a stream with nothing in it yet and stores its ts before anything is shown in it: the start is the one
     * call whose effect a lost answer or a crash could leave unknown, and {@link PostAttempt} makes it at most once
     * (a later attempt reads the thread back and takes the stream it finds). Its content follows in appends, each
     * recorded as shown only once Slack accepted it. {@code previous}: the run's stream before this one, if any.
     */
    private String startStream(Run run, PostAttempt attempt, String previous) {
        SlackGateway gateway = slack.team(run.teamId());
        String ts = attempt.startStream(run.channelId(), run.rootTs(), previous, () -> gateway.startStream(
                run.channelId(), run.rootTs(), run.requesterId(), run.teamId(), ProgressView.chunks(List.of())));
        ProgressRepository.Row row = progress.find(run.id());
        progress.recordShown(run.id(), row.shown(), false, ts, run.channelId(), Mode.STREAM, clock.instant());
        attempt.settled();
        return ts;
    }

    private void stream(Run run, AgentProgress steps, Map<String, AgentProgress.State> shown,
            List<ObjectNode> changed, String ending, String ts, PostAttempt attempt) {
        String channel = run.channelId();
        if (!changed.isEmpty()) {
            try {
                slack.team(run.teamId()).appendStream(channel, ts, ProgressView.chunks(changed));
            } catch (SlackCallException e) {
                if (e.retryable()) {
                    throw e;
                }
                // The stream ended on Slack's side (it stops streams left idle): the rest goes into a fresh one.
                log.info("run {}: its progress stream {} cannot be continued ({}); a fresh one follows", run.id(), ts,
                        e.error());
                ts = startStream(run, attempt, ts);
                slack.team(run.teamId()).appendStream(channel, ts, ProgressView.chunks(changed));
            }
            markShown(shown, steps);
            progress.recordShown(run.id(), shown, false, ts, channel, Mode.STREAM, clock.instant());
        }
        if (ending != null) {
            try {
                slack.team(run.teamId()).stopStream(channel, ts,
                        ProgressView.chunks(List.of(ProgressView.markdownChunk(ending))));
            } catch (SlackCallException e) {
                if (e.retryable()) {
                    throw e;
                }
                // Ended already: the answer is in the thread's "finished" message all the same.
                log.info("run {}: its progress stream {} could not be finished ({})", run.id(), ts, e.error());
            }
            progress.recordShown(run.id(), shown, true, ts, channel, Mode.STREAM, clock.instant());
        }
    }

    private void edit(Run run, AgentProgress steps, Map<String, AgentProgress.State> shown,
            List<ObjectNode> changed, String ending, String ts) {
        if (changed.isEmpty() && ending == null) {
            return;
        }
        Instant last = lastEdit.get(run.id());
        if (last != null) {
            long waitMs = Duration.between(clock.instant(), last.plus(SlackRelay.CARD_PACE)).toMillis();
            if (waitMs > 0) {
                try {
                    Thread.sleep(Math.min(waitMs, SlackRelay.CARD_PACE.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RetryLater("interrupted", Duration.ZERO);
                }
            }
        }
        slack.team(run.teamId()).updateMessage(run.channelId(), ts, ProgressView.message(steps, ending));
        lastEdit.put(run.id(), clock.instant());
        markShown(shown, steps);
        if (ending != null) {
            lastEdit.remove(run.id());
        }
        progress.recordShown(run.id(), shown, ending != null, ts, run.channelId(), Mode.MESSAGE, clock.instant());
    }

    private static void markShown(Map<String, AgentProgress.State> shown, AgentProgress steps) {
        steps.steps().forEach(s -> shown.put(s.key(), s.state()));
    }
}

package io.gigaslack.slack.outbox;

import io.gigaslack.engine.RetryLater;
import io.gigaslack.engine.GiveUp;
import io.gigaslack.store.RaceRetry;
import io.gigaslack.service.RunUpdater;
import io.gigaslack.service.JobWriter;
import io.gigaslack.service.RunJob;
import io.gigaslack.service.TypedJobHandler;
import io.gigaslack.slack.render.Responses;
import io.gigaslack.slack.web.SlackGateway;
import io.gigaslack.slack.web.SlackWorkspaces;
import io.gigaslack.slack.web.SlackCallException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.giga.GigaApiException;
import io.gigaslack.giga.GigaClient;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.Notice;
import io.gigaslack.runs.RunStatus;
import io.gigaslack.runs.Signal;
import io.gigaslack.slack.render.RenderContext;
import io.gigaslack.slack.render.RunCard;
import io.gigaslack.slack.render.ThreadMessages;
import io.gigaslack.store.Job;
import io.gigaslack.store.JobQueue;
import io.gigaslack.store.Jdbc;
import io.gigaslack.store.RunRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox relay: posts and edits Slack messages for the jobs of the slack queue, in order per
 * run. Each job renders from the run's current state, so a retried or coalesced card edit always
 * shows the latest truth. Slack's 429 (with Retry-After), 5xx and network errors come back as
 * retries; card edits for a run are spaced by at least {@link #CARD_PACE}.
 */
public final class SlackRelay implements TypedJobHandler<RunJob.SlackJob> {
    private static final Logger log = LoggerFactory.getLogger(SlackRelay.class);
    public static final Duration CARD_PACE = Duration.ofMillis(1500);

    /**
     * The Giga client that fetches a run's output files: that of the run's workspace's own Giga account, at background
     * priority; empty when the workspace has none connected (any more).
     */
    @FunctionalInterface
    public interface OutputFiles {
        Optional<GigaClient> clientFor(String teamId);
    }

    private final SlackWorkspaces workspaces;
    private final RunRepository runs;
    private final RunUpdater updater;
    private final JobQueue jobs;
    private final JobWriter writer;
    private final Jdbc jdbc;
    private final OutputFiles outputFiles;
    private final Clock clock;
    /** The render context of a workspace's runs at a moment. */
    private final BiFunction<String, Instant, RenderContext> context;
    /** The largest output file a workspace posts into a thread. */
    private final ToLongFunction<String> maxFileBytes;
    private final Runnable nudgeGiga;
    private final Duration postSettle;
    private final Map<String, Instant> lastCardEdit = new ConcurrentHashMap<>();
    private final DirectMessages direct;
    private final AdminWarnings adminWarnings;
    /** The agent surface (session status, progress message), or null when it is off. */
    private final ProgressStream progress;

    public SlackRelay(SlackGateway slack, RunRepository runs, RunUpdater updater, JobQueue jobs, Jdbc jdbc,
            OutputFiles outputFiles, Clock clock, Function<Instant, RenderContext> context, long maxFileBytes,
            Runnable nudgeGiga, Duration slackTimeout) {
        this(slack, runs, updater, jobs, jdbc, outputFiles, clock, context, maxFileBytes, nudgeGiga, slackTimeout,
                null);
    }

    /** {@code progress}: shows each run in Slack's agent surface after its card changed (null: it is not). */
    public SlackRelay(SlackGateway slack, RunRepository runs, RunUpdater updater, JobQueue jobs, Jdbc jdbc,
            OutputFiles outputFiles, Clock clock, Function<Instant, RenderContext> context, long maxFileBytes,
            Runnable nudgeGiga, Duration slackTimeout, ProgressStream progress) {
        this(SlackWorkspaces.single(slack), runs, updater, jobs, jdbc, outputFiles, clock, context, maxFileBytes,
                nudgeGiga, slackTimeout, progress);
    }

    /** Each job goes out with the bot token of its run's (or its answer's) workspace. */
    public SlackRelay(SlackWorkspaces workspaces, RunRepository runs, RunUpdater updater, JobQueue jobs, Jdbc jdbc,
            OutputFiles outputFiles, Clock clock, Function<Instant, RenderContext> context, long maxFileBytes,
            Runnable nudgeGiga, Duration slackTimeout, ProgressStream progress) {
        this(workspaces, runs, updater, jobs, jdbc, outputFiles, clock, (team, now) -> context.apply(now),
                team -> maxFileBytes, nudgeGiga, slackTimeout, progress);
    }

    /**
     * {@code context}: the render context of a workspace's runs at a moment; {@code maxFileBytes}: the largest output
     * file a workspace posts into a thread (each workspace's own settings).
     */
    public SlackRelay(SlackWorkspaces workspaces, RunRepository runs, RunUpdater updater, JobQueue jobs, Jdbc jdbc,
            OutputFiles outputFiles, Clock clock, BiFunction<String, Instant, RenderContext> context,
            ToLongFunction<String> maxFileBytes, Runnable nudgeGiga, Duration slackTimeout, ProgressStream progress) {
        this.progress = progress;
        this.workspaces = workspaces;
        this.runs = runs;
        this.updater = updater;
        this.jobs = jobs;
        this.writer = new JobWriter(jobs, clock);
        this.jdbc = jdbc;
        this.outputFiles = outputFiles;
        this.clock = clock;
        this.context = context;
        this.maxFileBytes = maxFileBytes;
        this.nudgeGiga = nudgeGiga;
        this.postSettle = postSettle(slackTimeout);
        this.direct = new DirectMessages(runs);
        this.adminWarnings = new AdminWarnings(jobs, writer, jdbc);
    }

    @Override
    public void handle(Job stored, RunJob.SlackJob job) {
        try {
            SlackGateway slack = workspaces.team(teamOf(stored, job));
            PostAttempt attempt = new PostAttempt(slack, jobs, stored, clock, postSettle);
            if (job instanceof RunJob.Ephemeral e) {
                ephemeral(slack, e);
            } else if (job instanceof RunJob.PostCard c) {
                card(slack, run(stored), c, attempt);
            } else if (job instanceof RunJob.PostNotice n) {
                thread(run(stored), n, attempt, stored.id());
            } else if (job instanceof RunJob.ShareFile f) {
                file(run(stored), f, attempt);
            } else if (job instanceof RunJob.DirectJob d) {
                direct.handle(slack, d, attempt);
            } else if (job instanceof RunJob.LowBalanceAdmins a) {
                adminWarnings.fanOut(slack, stored, a);
            } else if (job instanceof RunJob.ShowProgress p) {
                if (progress != null) {
                    progress.show(run(stored), p, attempt);
                }
            } else {
                throw new GiveUp("no handler for " + job);
            }
        } catch (SlackCallException e) {
            if (e.retryable()) {
                throw new RetryLater(e.getMessage(), e.retryAfter());
            }
            throw new GiveUp(e.getMessage());
        }
    }

    /**
     * The workspace a job speaks to: its run's, or the one its answer is for. Null for jobs that name none (with one
     * workspace, any team is that one).
     */
    private String teamOf(Job stored, RunJob.SlackJob job) {
        if (job instanceof RunJob.Ephemeral e) {
            return e.teamId();
        }
        if (job instanceof RunJob.UsageChart u) {
            return u.teamId();
        }
        // A Giga account's warnings go to the workspace (or org) that connected it.
        if (job instanceof RunJob.LowBalanceWarning w) {
            return w.accountId();
        }
        if (job instanceof RunJob.LowBalanceAdmins a) {
            return a.accountId();
        }
        if (stored.runId() != null) {
            return run(stored).teamId();
        }
        return null;
    }

    private Run run(Job job) {
        return Optional.ofNullable(job.runId()).flatMap(runs::findById)
                .orElseThrow(() -> new GiveUp("run " + job.runId() + " does not exist"));
    }

    private void ephemeral(SlackGateway slack, RunJob.Ephemeral e) {
        if (e.responseUrl() != null) {
            slack.respond(e.responseUrl(), e.message());
        } else if (e.channel() == null || e.channel().isBlank()) {
            // A click in the App Home has neither a channel nor a response URL: answer in the app's DM with the user.
            slack.postMessage(e.user(), null, e.message());
        } else {
            slack.postEphemeral(e.channel(), e.user(), e.message());
        }
    }

    private void card(SlackGateway slack, Run run, RunJob.PostCard job, PostAttempt attempt) {
        Instant now = clock.instant();
        ObjectNode message = RunCard.render(run, context.apply(run.teamId(), now));
        if (run.rootTs() == null) {
            if (run.status().isTerminal()) {
                return; // it ended without a thread (e.g. the bot could not post here): do not open one now
            }
            SlackGateway.Posted root = postRoot(slack, run, message, job.responseUrl(), attempt);
            if (root == null) {
                return;
            }
            recordRoot(run.id(), root);
            lastCardEdit.put(run.id(), clock.instant());
            nudgeGiga.run();
            return;
        }
        Run shown = run;
        Instant last = lastCardEdit.get(run.id());
        if (last != null) {
            long waitMs = Duration.between(clock.instant(), last.plus(CARD_PACE)).toMillis();
            if (waitMs > 0) {
                try {
                    Thread.sleep(Math.min(waitMs, CARD_PACE.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RetryLater("interrupted", Duration.ZERO);
                }
                // Render again: the run may have moved on while we waited.
                shown = runs.findById(run.id()).orElse(run);
                message = RunCard.render(shown, context.apply(shown.teamId(), clock.instant()));
            }
        }
        slack.updateMessage(run.channelId(), run.rootTs(), message);
        showInAgentSurface(run.id());
        // The pace is kept only while the run can still change; the state shown decides, not the one first read.
        if (shown.needsTracking()) {
            lastCardEdit.put(run.id(), clock.instant());
        } else {
            lastCardEdit.remove(run.id());
        }
    }

    /**
     * Records the posted card's ts (retrying lost races, so the card is not posted twice) and queues
     * the start: the computer starts only once its thread exists, so nobody pays for a run they
     * cannot see, and not at all if it was stopped meanwhile. A run for a person's DM with the app
     * (its channel a person's id, which only {@code chat.postMessage} accepts) takes the DM's own id
     * Slack answered with, so that the card can be edited and its thread read and posted in.
     */
    private void recordRoot(String runId, SlackGateway.Posted root) {
        RaceRetry.useTransaction(jdbc, tx -> runs.findById(tx, runId).ifPresent(r -> {
            Run.Builder b = r.toBuilder().rootTs(root.ts());
            if (isUserId(r.channelId()) && root.channel() != null && !isUserId(root.channel())) {
                b.channelId(root.channel());
            }
            runs.update(tx, b.build());
            if (r.status() == RunStatus.PENDING && r.deploymentId() == null) {
                writer.add(tx, r.id(), new RunJob.Start());
            }
            if (progress != null) {
                writer.addCoalesced(tx, r.id(), RunJob.ShowProgress.LATEST, clock.instant());
            }
        }));
    }

    /** After the card changed, Slack's agent surface follows it (the session's status, the progress's end). */
    private void showInAgentSurface(String runId) {
        if (progress != null) {
            jdbc.useTransaction(tx -> writer.addCoalesced(tx, runId, RunJob.ShowProgress.LATEST, clock.instant()));
        }
    }

    /**
     * How long after a post began its outcome is surely visible: the call's timeout, plus as much again (at most 15
     * s) for Slack to finish what it accepted just before the app stopped waiting.
     */
    static Duration postSettle(Duration slackTimeout) {
        Duration margin = slackTimeout.compareTo(Duration.ofSeconds(15)) < 0 ? slackTimeout : Duration.ofSeconds(15);
        return slackTimeout.plus(margin);
    }

    /** A Slack job abandoned for good; a card that never got posted ends its run, since nothing can start. */
    @Override
    public void givenUp(Job stored, RunJob.SlackJob job, String reason) {
        if (job instanceof RunJob.PostCard && stored.runId() != null) {
            runs.findById(stored.runId()).filter(r -> r.rootTs() == null).ifPresent(r -> updater.apply(r.id(),
                    new Signal.StartRefused("Slack did not accept the run's status card after several tries,"
                            + " so nothing was started.")));
        }
    }

    /** A person's id, which {@code chat.postMessage} takes for the person's DM with the app. */
    private static boolean isUserId(String channel) {
        return channel.startsWith("U") || channel.startsWith("W");
    }

    /** Posts the thread root; joins a public channel when needed; tells the user when it cannot. */
    private SlackGateway.Posted postRoot(SlackGateway slack, Run run, ObjectNode message, String responseUrl,
            PostAttempt attempt) {
        try {
            return attempt.post(run.channelId(), null, message);
        } catch (SlackCallException e) {
            if (!e.notInChannel()) {
                throw e;
            }
        }
        try {
            slack.joinChannel(run.channelId());
            return attempt.post(run.channelId(), null, message);
        } catch (SlackCallException e) {
            if (e.retryable()) {
                throw e;
            }
            log.info("cannot post in channel {} for run {}: {}", run.channelId(), run.id(), e.error());
        }
        ObjectNode invite = Responses.notInChannel();
        try {
            if (responseUrl != null) {
                slack.respond(responseUrl, invite);
            } else {
                slack.postMessage(run.requesterId(), null, invite);
            }
        } catch (SlackCallException e) {
            log.warn("could not tell {} that the bot is not in channel {}: {}", run.requesterId(), run.channelId(),
                    e.error());
        }
        updater.apply(run.id(), new Signal.StartRefused(
                "The app is not in this channel, so nothing was started. Invite it with /invite and try again."));
        return null;
    }

    private void thread(Run run, RunJob.PostNotice job, PostAttempt attempt, long jobId) {
        if (run.rootTs() == null) {
            throw new GiveUp("run " + run.id() + " has no thread to post in");
        }
        if (progress != null && job.notice() instanceof Notice.FollowUpSent f) {
            // Confirmed in the thread and shown in the agent's progress, which the agent's new steps then follow.
            jdbc.useTransaction(tx -> {
                progress.followUpSent(tx, run, jobId, f.message());
                writer.addCoalesced(tx, run.id(), RunJob.ShowProgress.LATEST, clock.instant());
            });
        }
        ObjectNode message = ThreadMessages.notice(run, job.notice(), context.apply(run.teamId(), clock.instant()),
                maxFileBytes.applyAsLong(run.teamId()));
        if (message != null) {
            attempt.post(run.channelId(), run.rootTs(), message);
        }
    }

    private void file(Run run, RunJob.ShareFile f, PostAttempt attempt) {
        if (run.rootTs() == null) {
            throw new GiveUp("run " + run.id() + " has no thread to post files in");
        }
        if (attempt.findEarlier(run.channelId(), run.rootTs()).isPresent()) {
            return; // an earlier attempt shared the file (or said why not): nothing to download again
        }
        String name = f.name();
        long size = f.size();
        long maxFileBytes = this.maxFileBytes.applyAsLong(run.teamId());
        if (size > maxFileBytes) {
            attempt.post(run.channelId(), run.rootTs(), ThreadMessages.fileTooLarge(run, name, size, maxFileBytes));
            return;
        }
        GigaClient account = outputFiles.clientFor(run.teamId()).orElseThrow(() -> new GiveUp("the workspace has no"
                + " Giga account connected (team " + run.teamId() + "), so output file " + name + " of run " + run.id()
                + " cannot be fetched"));
        byte[] content;
        try {
            String url = account.getDownloadLink(f.fileId()).url();
            content = account.fetchPresigned(url, maxFileBytes);
        } catch (GigaApiException e) {
            if (GigaApiException.RESPONSE_TOO_LARGE.equals(e.code())) {
                attempt.post(run.channelId(), run.rootTs(),
                        ThreadMessages.fileTooLarge(run, name, Math.max(size, maxFileBytes + 1), maxFileBytes));
                return;
            }
            if (e.retryable()) {
                throw new RetryLater("file download: " + e.getMessage(), e.retryAfter());
            }
            log.info("file {} of run {} cannot be downloaded: {}", name, run.id(), e.getMessage());
            attempt.post(run.channelId(), run.rootTs(),
                    ThreadMessages.actionError("The output file " + name + " could not be fetched from Giga."));
            return;
        }
        attempt.upload(run.channelId(), run.rootTs(), name, name, content);
    }
}

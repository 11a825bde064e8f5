package io.gigaslack.slack.outbox;

import io.gigaslack.engine.GiveUp;
import io.gigaslack.engine.RetryLater;
import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.Run;
import io.gigaslack.service.RunJob;
import io.gigaslack.service.TypedJobHandler;
import io.gigaslack.slack.web.SlackCallException;
import io.gigaslack.slack.web.SlackGateway;
import io.gigaslack.slack.web.SlackWorkspaces;
import io.gigaslack.store.Job;
import io.gigaslack.store.JobQueue;
import io.gigaslack.store.RunRepository;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop queue's jobs: a screenshot of the run's desktop, shared in its thread once (across retries and
 * restarts, like every post). A frame that cannot be had within {@link #TIMEOUT} is skipped with a line in the log
 * and never tried again: a screenshot is a nicety, and it runs in a queue of its own, so it holds up no message.
 */
public final class ScreenshotJobs implements TypedJobHandler<RunJob.DesktopJob> {
    private static final Logger log = LoggerFactory.getLogger(ScreenshotJobs.class);
    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final SlackWorkspaces slack;
    private final RunRepository runs;
    private final JobQueue jobs;
    private final DesktopCamera camera;
    private final Clock clock;
    private final Duration postSettle;

    public ScreenshotJobs(SlackGateway slack, RunRepository runs, JobQueue jobs, DesktopCamera camera, Clock clock,
            Duration slackTimeout) {
        this(SlackWorkspaces.single(slack), runs, jobs, camera, clock, slackTimeout);
    }

    /** Each picture is shared with the bot token of its run's workspace. */
    public ScreenshotJobs(SlackWorkspaces slack, RunRepository runs, JobQueue jobs, DesktopCamera camera, Clock clock,
            Duration slackTimeout) {
        this.slack = slack;
        this.runs = runs;
        this.jobs = jobs;
        this.camera = camera;
        this.clock = clock;
        this.postSettle = SlackRelay.postSettle(slackTimeout);
    }

    @Override
    public void handle(Job stored, RunJob.DesktopJob job) {
        if (!(job instanceof RunJob.Screenshot shot)) {
            throw new GiveUp("no handler for " + job);
        }
        Optional<Run> found = Optional.ofNullable(stored.runId()).flatMap(runs::findById);
        if (found.isEmpty() || found.get().rootTs() == null) {
            return; // no thread to share it in
        }
        Run run = found.get();
        try {
            PostAttempt attempt = new PostAttempt(slack.team(run.teamId()), jobs, stored, clock, postSettle);
            if (attempt.findEarlier(run.channelId(), run.rootTs()).isPresent()) {
                return; // shared by an earlier attempt, before a restart or a lost answer
            }
            if (run.computer() != ComputerState.RUNNING || run.vncUrl() == null || run.vncUrl().isBlank()) {
                log.info("screenshot ({}) of run {} skipped: the desktop is not running", shot.moment(), run.id());
                return;
            }
            byte[] png;
            try {
                png = camera.takePng(URI.create(run.vncUrl().strip()), TIMEOUT);
            } catch (Exception e) {
                log.info("screenshot ({}) of run {} skipped: {}", shot.moment(), run.id(), withoutAddress(e, run));
                return;
            }
            String at = TIME.format(clock.instant());
            attempt.upload(run.channelId(), run.rootTs(), "desktop-" + run.id() + "-" + FILE_TIME.format(clock.instant())
                    + ".png", caption(shot.moment(), at), png);
        } catch (SlackCallException e) {
            if (e.retryable()) {
                throw new RetryLater(e.getMessage(), e.retryAfter());
            }
            throw new GiveUp(e.getMessage());
        }
    }

    /** The file's title, one line in the thread. */
    static String caption(RunJob.ScreenshotMoment moment, String time) {
        return switch (moment) {
            case DESKTOP_READY -> "The desktop when it became ready (" + time + " UTC)";
            case FINISHED -> "The desktop when the agent finished (" + time + " UTC)";
            case ON_DEMAND -> "The desktop at " + time + " UTC";
        };
    }

    /** What went wrong, with the desktop's address (a credential) taken out. */
    private static String withoutAddress(Exception e, Run run) {
        String text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        String url = run.vncUrl().strip();
        text = text.replace(url, "<desktop>");
        int q = url.indexOf('?');
        return q > 0 ? text.replace(url.substring(0, q), "<desktop>") : text;
    }
}

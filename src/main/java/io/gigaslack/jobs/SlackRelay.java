package io.gigaslack.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.giga.GigaApiException;
import io.gigaslack.giga.GigaClient;
import io.gigaslack.runs.Milestone;
import io.gigaslack.runs.Run;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox relay: posts and edits Slack messages for the jobs of the slack queue, in order per
 * run. Each job renders from the run's current state, so a retried or coalesced card edit always
 * shows the latest truth. Slack's 429 (with Retry-After), 5xx and network errors come back as
 * retries; card edits for a run are spaced by at least {@link #CARD_PACE}.
 */
public final class SlackRelay implements JobHandler {
    private static final Logger log = LoggerFactory.getLogger(SlackRelay.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final Duration CARD_PACE = Duration.ofMillis(1500);

    private final SlackGateway slack;
    private final RunRepository runs;
    private final RunUpdater updater;
    private final JobQueue jobs;
    private final Jdbc jdbc;
    private final GigaClient giga;
    private final Clock clock;
    private final Function<Instant, RenderContext> context;
    private final long maxFileBytes;
    private final Runnable nudgeGiga;
    private final Duration postSettle;
    private final Map<String, Instant> lastCardEdit = new ConcurrentHashMap<>();

    public SlackRelay(SlackGateway slack, RunRepository runs, RunUpdater updater, JobQueue jobs, Jdbc jdbc,
            GigaClient giga, Clock clock, Function<Instant, RenderContext> context, long maxFileBytes,
            Runnable nudgeGiga, Duration slackTimeout) {
        this.slack = slack;
        this.runs = runs;
        this.updater = updater;
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.giga = giga;
        this.clock = clock;
        this.context = context;
        this.maxFileBytes = maxFileBytes;
        this.nudgeGiga = nudgeGiga;
        this.postSettle = postSettle(slackTimeout);
    }

    @Override
    public void handle(Job job) throws Exception {
        JsonNode payload = JSON.readTree(job.payload() == null ? "{}" : job.payload());
        PostAttempt attempt = new PostAttempt(slack, jobs, job, clock, postSettle);
        try {
            switch (job.kind()) {
                case Queues.EPHEMERAL -> ephemeral(payload);
                case Queues.CARD -> card(run(job), payload, attempt);
                case Queues.THREAD -> thread(run(job), payload, attempt);
                case Queues.FILE -> file(run(job), payload, attempt);
                default -> throw new GiveUp("unknown slack job kind " + job.kind());
            }
        } catch (SlackCallException e) {
            if (e.retryable()) {
                throw new RetryLater(e.getMessage(), e.retryAfter());
            }
            throw new GiveUp(e.getMessage());
        }
    }

    private Run run(Job job) {
        return Optional.ofNullable(job.runId()).flatMap(runs::findById)
                .orElseThrow(() -> new GiveUp("run " + job.runId() + " does not exist"));
    }

    private void ephemeral(JsonNode p) {
        ObjectNode message = (ObjectNode) p.get("message");
        String responseUrl = p.path("responseUrl").asText(null);
        if (responseUrl != null) {
            slack.respond(responseUrl, message);
        } else {
            slack.postEphemeral(p.path("channel").asText(), p.path("user").asText(), message);
        }
    }

    private void card(Run run, JsonNode payload, PostAttempt attempt) {
        Instant now = clock.instant();
        ObjectNode message = RunCard.render(run, context.apply(now));
        if (run.rootTs() == null) {
            if (run.status().isTerminal()) {
                return; // it ended without a thread (e.g. the bot could not post here): do not open one now
            }
            String ts = postRoot(run, message, payload.path("responseUrl").asText(null), attempt);
            if (ts == null) {
                return;
            }
            recordRoot(run.id(), ts);
            lastCardEdit.put(run.id(), clock.instant());
            nudgeGiga.run();
            return;
        }
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
                Run latest = runs.findById(run.id()).orElse(run);
                message = RunCard.render(latest, context.apply(clock.instant()));
            }
        }
        slack.updateMessage(run.channelId(), run.rootTs(), message);
        lastCardEdit.put(run.id(), clock.instant());
        if (run.needsTracking()) {
            return;
        }
        lastCardEdit.remove(run.id());
    }

    /**
     * Records the posted card's ts (retrying lost races, so the card is not posted twice) and queues
     * the start: the computer starts only once its thread exists, so nobody pays for a run they
     * cannot see, and not at all if it was stopped meanwhile.
     */
    private void recordRoot(String runId, String ts) {
        RaceRetry.useTransaction(jdbc, tx -> runs.findById(tx, runId).ifPresent(r -> {
            runs.update(tx, r.toBuilder().rootTs(ts).build());
            if (r.status() == RunStatus.PENDING && r.deploymentId() == null) {
                jobs.enqueue(tx, Queues.GIGA, r.id(), Queues.START, "{}", clock.instant());
            }
        }));
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
    public void givenUp(Job job, String reason) {
        if (Queues.CARD.equals(job.kind()) && job.runId() != null) {
            runs.findById(job.runId()).filter(r -> r.rootTs() == null).ifPresent(r -> updater.apply(r.id(),
                    new Signal.StartRefused("Slack did not accept the run's status card after several tries,"
                            + " so nothing was started.")));
        }
    }

    /** Posts the thread root; joins a public channel when needed; tells the user when it cannot. */
    private String postRoot(Run run, ObjectNode message, String responseUrl, PostAttempt attempt) {
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
        ObjectNode invite = io.gigaslack.slack.render.Responses.notInChannel();
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

    private void thread(Run run, JsonNode p, PostAttempt attempt) {
        if (run.rootTs() == null) {
            throw new GiveUp("run " + run.id() + " has no thread to post in");
        }
        ObjectNode message = threadMessage(run, p);
        if (message != null) {
            attempt.post(run.channelId(), run.rootTs(), message);
        }
    }

    private ObjectNode threadMessage(Run run, JsonNode p) {
        RenderContext ctx = context.apply(clock.instant());
        if (p.has("milestone")) {
            return ThreadMessages.milestone(run, Milestone.valueOf(p.get("milestone").asText()), ctx);
        }
        String by = p.path("by").asText(null);
        switch (p.path("notice").asText("")) {
            case "extended":
                return ThreadMessages.extended(run, by, Instant.parse(p.path("expiresAt").asText()));
            case "stop_requested":
                return ThreadMessages.stopRequested(run, by);
            case "followup":
                return ThreadMessages.followUpSent(run, by, p.path("message").asText(""));
            case "still_runs":
                return run.computer().isLive() ? ThreadMessages.computerStillRuns(run, ctx) : null;
            case "files_posted": {
                List<String> names = new ArrayList<>();
                // Name only the files that fit; the others were announced as too large.
                p.path("files").forEach(f -> {
                    if (f.path("size").asLong(-1) <= maxFileBytes) {
                        names.add(f.path("name").asText());
                    }
                });
                return names.isEmpty() ? null : ThreadMessages.filesPosted(run, names);
            }
            case "expiry_reminder":
                return ThreadMessages.expiryReminder(run, ctx);
            case "deleted":
                return ThreadMessages.actionError("<@" + by + "> deleted this computer.");
            default:
                return ThreadMessages.actionError(p.path("text").asText("Something went wrong."));
        }
    }

    private void file(Run run, JsonNode f, PostAttempt attempt) {
        if (run.rootTs() == null) {
            throw new GiveUp("run " + run.id() + " has no thread to post files in");
        }
        if (attempt.findEarlier(run.channelId(), run.rootTs()).isPresent()) {
            return; // an earlier attempt shared the file (or said why not): nothing to download again
        }
        String name = f.path("name").asText("file");
        long size = f.path("size").asLong(-1);
        if (size > maxFileBytes) {
            attempt.post(run.channelId(), run.rootTs(), ThreadMessages.fileTooLarge(run, name, size, maxFileBytes));
            return;
        }
        byte[] content;
        try {
            String url = giga.getDownloadLink(f.path("id").asText()).url();
            content = giga.fetchPresigned(url, maxFileBytes);
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

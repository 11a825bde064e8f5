package io.gigaslack.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.store.Job;
import io.gigaslack.store.JobQueue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a Slack job that posts a message or shares a file, made so that the post happens once across all
 * attempts of the job.
 *
 * <p>Slack has no idempotency key. So before each post the job records, on its own row, that a post is under way
 * (when, and the random id the message carries as metadata; for a file, its id before it is shared). An attempt that
 * finds such a record knows an earlier attempt may have posted: its call got no answer or a 5xx, or its process died
 * before the outcome was stored. It then waits until that post has settled (the Slack timeout and a margin after it
 * began), reads the thread back around that moment, and posts only if the earlier post is not there. A post that
 * certainly failed (a 429, an error answer) clears the record, and an attempt whose predecessor never got as far as
 * posting finds none, so threads are read back only after a crash or a lost answer; this matters because Slack lets
 * apps outside its Marketplace read a thread once a minute.
 *
 * <p>If the thread cannot be read (the app lacks the history scopes), or Slack keeps refusing to let it be read for
 * {@link #READ_ATTEMPTS_FOR} settle periods, the post is made anyway: a possible duplicate is better than a lost
 * message.
 */
final class PostAttempt {
    private static final Logger log = LoggerFactory.getLogger(PostAttempt.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A difference between this machine's clock and Slack's that the look-up window allows for. */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(1);
    /** How many settle periods after the earlier post the app keeps trying to read the thread before it posts. */
    static final int READ_ATTEMPTS_FOR = 10;
    /** How long (at most; the settle period if shorter) to wait before reading again when Slack refuses a read
     * without saying how long. */
    static final Duration READ_RETRY = Duration.ofSeconds(30);

    private final SlackGateway slack;
    private final JobQueue jobs;
    private final Job job;
    private final Clock clock;
    private final Duration settle;
    private PostRecord earlier;

    /**
     * @param settle how long after a post began its outcome is surely visible in the thread: the Slack call timeout
     *     and a margin
     */
    PostAttempt(SlackGateway slack, JobQueue jobs, Job job, Clock clock, Duration settle) {
        this.slack = slack;
        this.jobs = jobs;
        this.job = job;
        this.clock = clock;
        this.settle = settle;
        this.earlier = PostRecord.parse(job.progress());
    }

    /** Posts {@code message} unless an earlier attempt of this job did; returns the message's ts. */
    String post(String channel, String threadTs, ObjectNode message) {
        if (earlier != null && earlier.kind().equals(PostRecord.POST)) {
            PostRecord e = earlier;
            Optional<String> found = readBack(e, () -> slack.findPost(channel, threadTs,
                    new SlackGateway.PostKey(job.runId(), e.id()), e.at().minus(CLOCK_MARGIN),
                    e.at().plus(settle).plus(CLOCK_MARGIN)));
            if (found.isPresent()) {
                log.info("job {} ({}) of run {} had already posted (ts {}); not posting again", job.id(), job.kind(),
                        job.runId(), found.get());
                return found.get();
            }
        }
        String postId = HexFormat.of().formatHex(randomBytes());
        record(new PostRecord(PostRecord.POST, clock.instant(), postId));
        try {
            return slack.postMessage(channel, threadTs, message, new SlackGateway.PostKey(job.runId(), postId));
        } catch (SlackCallException e) {
            forgetIfNothingHappened(e);
            throw e;
        }
    }

    /** Shares a file in the thread unless an earlier attempt of this job did. */
    void upload(String channel, String threadTs, String filename, String title, byte[] content) {
        if (earlier != null && earlier.kind().equals(PostRecord.FILE)) {
            PostRecord e = earlier;
            // No upper bound: Slack completes shares asynchronously, so one may appear a little late.
            boolean shared = readBack(e, () -> slack.findFileShare(channel, threadTs, e.id(),
                    e.at().minus(CLOCK_MARGIN)) ? Optional.of(true) : Optional.<Boolean>empty()).isPresent();
            if (shared) {
                log.info("job {} of run {} had already shared file {}; not sharing it again", job.id(), job.runId(),
                        e.id());
                return;
            }
        }
        try {
            slack.uploadFile(channel, threadTs, filename, title, content,
                    fileId -> record(new PostRecord(PostRecord.FILE, clock.instant(), fileId)));
        } catch (SlackCallException e) {
            forgetIfNothingHappened(e);
            throw e;
        }
    }

    /**
     * Looks for the earlier post once it has settled; empty when it is not there, or when the thread cannot be read
     * (then posting is the lesser harm). Waits ({@link Postpone}) while the post may still land, or while Slack
     * rate-limits or fails the read, up to {@link #READ_ATTEMPTS_FOR} settle periods.
     */
    private <T> Optional<T> readBack(PostRecord e, Supplier<Optional<T>> lookUp) {
        Instant now = clock.instant();
        Instant settled = e.at().plus(settle);
        if (now.isBefore(settled)) {
            throw new Postpone("an earlier post may still land; looking for it at " + settled, settled);
        }
        Optional<T> found;
        try {
            found = lookUp.get();
        } catch (SlackCallException x) {
            if (x.retryable() && now.isBefore(e.at().plus(settle.multipliedBy(READ_ATTEMPTS_FOR)))) {
                Duration wait = x.retryAfter() != null ? x.retryAfter()
                        : settle.compareTo(READ_RETRY) < 0 ? settle : READ_RETRY;
                throw new Postpone("cannot read the thread yet (" + x.error() + ")", now.plus(wait));
            }
            log.warn("job {} of run {} cannot read its thread back to see whether an earlier attempt posted ({}); "
                    + "posting, which may repeat that message", job.id(), job.runId(), x.error());
            found = Optional.empty();
        }
        earlier = null; // settled: whatever happens next is this attempt's own post
        return found;
    }

    /** Stores that a post is about to be made; stops the attempt if this replica no longer holds the job. */
    private void record(PostRecord r) {
        if (!jobs.recordProgress(job, r.toString())) {
            throw new RetryLater("the job is no longer held by this replica; not posting", null);
        }
    }

    /** A post Slack answered with a rate limit or an error did not happen: the next attempt need not look for it. */
    private void forgetIfNothingHappened(SlackCallException e) {
        if (!e.outcomeUnknown()) {
            try {
                jobs.recordProgress(job, null);
            } catch (RuntimeException x) {
                log.debug("could not clear job {}'s post record (the next attempt will look first): {}", job.id(),
                        x.toString());
            }
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    /**
     * What {@link JobQueue#recordProgress} holds for a posting job: {@code post <epoch ms> <post id>} or
     * {@code file <epoch ms> <file id>}.
     */
    record PostRecord(String kind, Instant at, String id) {
        static final String POST = "post";
        static final String FILE = "file";

        static PostRecord parse(String progress) {
            if (progress == null) {
                return null;
            }
            String[] parts = progress.split(" ", 3);
            if (parts.length != 3 || !(parts[0].equals(POST) || parts[0].equals(FILE))) {
                return null;
            }
            try {
                return new PostRecord(parts[0], Instant.ofEpochMilli(Long.parseLong(parts[1])), parts[2]);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            return kind + " " + at.toEpochMilli() + " " + id;
        }
    }
}

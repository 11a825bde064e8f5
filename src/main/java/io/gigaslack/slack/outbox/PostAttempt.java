package io.gigaslack.slack.outbox;

import io.gigaslack.engine.RetryLater;
import io.gigaslack.engine.Postpone;
import io.gigaslack.slack.web.SlackGateway;
import io.gigaslack.slack.web.SlackCallException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.store.Job;
import io.gigaslack.store.JobQueue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.DateTimeException;

/**
 * One attempt of a Slack job that posts a message, shares a file or starts a progress stream, made so that the post
 * happens once across all attempts of the job.
 *
 * <p>Slack has no idempotency key. So before each post the job records, on its own row, that a post is under way
 * (when, and the random id the message carries as metadata; for a file, its id before it is shared; for a stream, which
 * carries no metadata, the run's stream before it, which is not the one to look for). An attempt that
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

    /**
     * A difference between this machine's clock and Slack's that the look-up window allows for (NTP keeps it far
     * smaller). Narrow on purpose: a wider window means more pages to read in a busy channel, and Slack may allow
     * only one read a minute.
     */
    static final Duration CLOCK_MARGIN = Duration.ofSeconds(15);
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
    /** What this attempt recorded before its own post, if it got that far. */
    private PostRecord current;

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

    /**
     * Looks for what an earlier attempt of this job may have posted, whatever it was (a message or a file), once it
     * has settled: its ts, or {@code "file <id>"} for a shared file; empty when there is none, or nothing to look
     * for. Call it before any work the post needs (e.g. downloading the file), so a done job ends at once.
     */
    Optional<String> findEarlier(String channel, String threadTs) {
        return findEarlier(channel, threadTs, null);
    }

    private Optional<String> findEarlier(String channel, String threadTs, String notStream) {
        if (earlier == null) {
            return Optional.empty();
        }
        PostRecord e = earlier;
        Instant to = e.at().plus(settle).plus(CLOCK_MARGIN);
        Optional<String> found = switch (e.kind()) {
            case PostRecord.POST -> readBack(e, () -> slack.findPost(channel, threadTs,
                    new SlackGateway.PostKey(job.runId(), e.id()), e.at().minus(CLOCK_MARGIN), to));
            // No upper bound: Slack completes shares asynchronously, so one may appear a little late.
            case PostRecord.FILE -> readBack(e, () -> slack.findFileShare(channel, threadTs, e.id(),
                    e.at().minus(CLOCK_MARGIN)) ? Optional.of("file " + e.id()) : Optional.empty());
            // A stream carries no metadata: it is the app's message in the window that is no post, file or earlier
            // stream of the run.
            default -> readBack(e, () -> slack.findStream(channel, threadTs, notStreams(e.id(), notStream),
                    e.at().minus(CLOCK_MARGIN), to));
        };
        found.ifPresent(what -> log.info("job {} ({}) of run {} had already posted ({}); not posting again",
                job.id(), job.kind(), job.runId(), what));
        return found;
    }

    /** Posts {@code message} unless an earlier attempt of this job did; returns where the message is. */
    SlackGateway.Posted post(String channel, String threadTs, ObjectNode message) {
        Optional<String> done = findEarlier(channel, threadTs);
        if (done.isPresent()) {
            return new SlackGateway.Posted(channel, done.get());
        }
        String postId = HexFormat.of().formatHex(randomBytes());
        record(new PostRecord(PostRecord.POST, clock.instant(), postId, false, null));
        try {
            return slack.postMessage(channel, threadTs, message, new SlackGateway.PostKey(job.runId(), postId));
        } catch (SlackCallException e) {
            forgetIfNothingHappened(e);
            throw e;
        }
    }

    /**
     * Starts a stream in the thread (through {@code start}, which returns its ts) unless an earlier attempt of this job
     * did; returns the stream's ts. {@code previous}: the run's stream before this one (null if none), which a read
     * back must not take for this one. Call {@link #settled()} once the ts is stored, so that a fresh stream started
     * later in this job is not taken for this one.
     */
    String startStream(String channel, String threadTs, String previous, Supplier<String> start) {
        Optional<String> done = findEarlier(channel, threadTs, previous);
        if (done.isPresent()) {
            return done.get();
        }
        record(new PostRecord(PostRecord.STREAM, clock.instant(), previous == null ? PostRecord.NONE : previous,
                false, null));
        try {
            return start.get();
        } catch (SlackCallException e) {
            forgetIfNothingHappened(e);
            throw e;
        }
    }

    /** Whether an earlier attempt of this job was posting a message (not starting a stream) when it ended. */
    boolean earlierWasPosting() {
        return earlier != null && earlier.kind().equals(PostRecord.POST);
    }

    /** The outcome of this attempt's post is stored where the job looks first: nothing is left to look for. */
    void settled() {
        if (current != null) {
            updateRecord(null);
            current = null;
        }
    }

    private static Set<String> notStreams(String recorded, String previous) {
        Set<String> not = new HashSet<>();
        if (!PostRecord.NONE.equals(recorded)) {
            not.add(recorded);
        }
        if (previous != null) {
            not.add(previous);
        }
        return not;
    }

    /** Shares a file in the thread unless an earlier attempt of this job did. */
    void upload(String channel, String threadTs, String filename, String title, byte[] content) {
        if (findEarlier(channel, threadTs).isPresent()) {
            return;
        }
        try {
            slack.uploadFile(channel, threadTs, filename, title, content,
                    fileId -> record(new PostRecord(PostRecord.FILE, clock.instant(), fileId, false, null)));
        } catch (SlackCallException e) {
            forgetIfNothingHappened(e);
            throw e;
        }
    }

    /**
     * Looks for the earlier post once it has settled; empty when it is not there, or when the thread cannot be read
     * (then posting is the lesser harm). Waits ({@link Postpone}) while the post may still land, or while Slack
     * rate-limits or fails the read, for up to {@link #READ_ATTEMPTS_FOR} settle periods from the first read.
     */
    private Optional<String> readBack(PostRecord e, Supplier<Optional<String>> lookUp) {
        Instant now = clock.instant();
        // A record from a clock ahead of this one must not hold the job back for longer than a settle period.
        Instant at = e.at().isAfter(now) ? now : e.at();
        Instant settled = at.plus(settle);
        if (!e.answered() && now.isBefore(settled)) {
            throw new Postpone("an earlier post may still land; looking for it at " + settled, settled);
        }
        Optional<String> found;
        try {
            found = lookUp.get();
        } catch (SlackCallException x) {
            Instant later = clock.instant();
            Instant firstRead = e.readingSince() != null && !e.readingSince().isAfter(later) ? e.readingSince() : now;
            if (x.retryable() && later.isBefore(firstRead.plus(settle.multipliedBy(READ_ATTEMPTS_FOR)))) {
                if (e.readingSince() == null) {
                    updateRecord(e.withReadingSince(firstRead).toString());
                }
                Duration wait = x.retryAfter() != null ? x.retryAfter()
                        : settle.compareTo(READ_RETRY) < 0 ? settle : READ_RETRY;
                throw new Postpone("cannot read the thread yet (" + x.error() + ")", later.plus(wait));
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
        current = r;
    }

    /**
     * A post Slack answered with a rate limit or an error did not happen: the next attempt need not look for it. One
     * it answered with a 5xx may have, but is finished: the next attempt may look at once, without waiting for it to
     * settle. Only a post without any answer may still be landing.
     */
    private void forgetIfNothingHappened(SlackCallException e) {
        String next;
        if (!e.outcomeUnknown()) {
            next = null;
        } else if (e.httpStatus() != 0 && current != null) {
            next = new PostRecord(current.kind(), current.at(), current.id(), true, null).toString();
        } else {
            return;
        }
        updateRecord(next);
    }

    /** Best effort: a record left as it was only makes the next attempt look, or look later. */
    private void updateRecord(String progress) {
        try {
            jobs.recordProgress(job, progress);
        } catch (RuntimeException x) {
            log.debug("could not update job {}'s post record: {}", job.id(), x.toString());
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    /**
     * What {@link JobQueue#recordProgress} holds for a posting job: {@code post <epoch ms> <post id>},
     * {@code file <epoch ms> <file id>} or {@code stream <epoch ms> <ts of the run's stream before, or ->}, then optionally {@code answered} (Slack answered the call, with a 5xx, so it
     * need not be waited for) and {@code reading:<epoch ms>} (when reading the thread back was first tried).
     */
    record PostRecord(String kind, Instant at, String id, boolean answered, Instant readingSince) {
        static final String POST = "post";
        static final String FILE = "file";
        static final String STREAM = "stream";
        /** A stream's record when the run had no stream before it. */
        static final String NONE = "-";
        static final String ANSWERED = "answered";
        static final String READING = "reading:";

        PostRecord withReadingSince(Instant since) {
            return new PostRecord(kind, at, id, answered, since);
        }

        static PostRecord parse(String progress) {
            if (progress == null) {
                return null;
            }
            String[] parts = progress.split(" ");
            if (parts.length < 3 || parts.length > 5 || !(parts[0].equals(POST) || parts[0].equals(FILE)
                    || parts[0].equals(STREAM))) {
                return null;
            }
            try {
                boolean answered = false;
                Instant reading = null;
                for (int i = 3; i < parts.length; i++) {
                    if (parts[i].equals(ANSWERED)) {
                        answered = true;
                    } else if (parts[i].startsWith(READING)) {
                        reading = Instant.ofEpochMilli(Long.parseLong(parts[i].substring(READING.length())));
                    }
                }
                return new PostRecord(parts[0], Instant.ofEpochMilli(Long.parseLong(parts[1])), parts[2], answered,
                        reading);
            } catch (NumberFormatException | DateTimeException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            return kind + " " + at.toEpochMilli() + " " + id + (answered ? " " + ANSWERED : "")
                    + (readingSince == null ? "" : " " + READING + readingSince.toEpochMilli());
        }
    }
}

package io.gigaslack.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.store.Job;
import io.gigaslack.store.JobQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a Slack job that posts a message or shares a file, made so that the post happens once across all
 * attempts of the job.
 *
 * <p>Slack has no idempotency key. When an earlier attempt may have posted (its replica died holding the job, or its
 * call got no answer or a 5xx), this attempt first reads the thread back and looks for the post: a message carries
 * the job's key as metadata, a shared file is found by the file id recorded before the share. Only when it is not
 * there is it posted again. Attempts whose predecessors certainly did not post (a first attempt, a retry after a 429
 * or an error answer) post straight away, so reading back, which Slack limits to once a minute for apps outside its
 * Marketplace, happens only after a crash or a lost answer.
 *
 * <p>If the thread cannot be read (the app lacks the history scopes, say), the post is made anyway: a possible
 * duplicate is better than a lost message.
 */
final class PostAttempt {
    private static final Logger log = LoggerFactory.getLogger(PostAttempt.class);

    /** Starts the recorded error of an attempt after which a post may exist that nobody saw confirmed. */
    static final String OUTCOME_UNKNOWN = "outcome unknown: ";
    /**
     * How far before the job's first due time the look-up starts: covers a difference between this machine's clock
     * and Slack's. Threads are short, so a wide window costs little.
     */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);

    private final SlackGateway slack;
    private final JobQueue jobs;
    private final Job job;
    private boolean earlierPostPossible;

    PostAttempt(SlackGateway slack, JobQueue jobs, Job job) {
        this.slack = slack;
        this.jobs = jobs;
        this.job = job;
        this.earlierPostPossible = job.takenOver()
                || (job.lastError() != null && job.lastError().startsWith(OUTCOME_UNKNOWN));
    }

    /** Whether an earlier attempt may have posted and this one has not found out yet. */
    boolean unresolved() {
        return earlierPostPossible;
    }

    /** Posts {@code message} unless an earlier attempt of this job did; returns the message's ts. */
    String post(String channel, String threadTs, ObjectNode message) {
        SlackGateway.PostKey key = new SlackGateway.PostKey(job.runId(), job.id());
        if (earlierPostPossible) {
            Optional<String> earlier = lookUp(() -> slack.findPost(channel, threadTs, key, since()));
            earlierPostPossible = false;
            if (earlier.isPresent()) {
                log.info("job {} ({}) of run {} had already posted (ts {}); not posting again", job.id(), job.kind(),
                        job.runId(), earlier.get());
                return earlier.get();
            }
        }
        return slack.postMessage(channel, threadTs, message, key);
    }

    /** Shares a file in the thread unless an earlier attempt of this job did. */
    void upload(String channel, String threadTs, String filename, String title, byte[] content) {
        String earlierFile = job.progress();
        if (earlierPostPossible && earlierFile != null) {
            boolean shared = lookUp(() -> Optional.of(slack.findFileShare(channel, threadTs, earlierFile, since())))
                    .orElse(false);
            if (shared) {
                earlierPostPossible = false;
                log.info("job {} of run {} had already shared file {}; not sharing it again", job.id(), job.runId(),
                        earlierFile);
                return;
            }
        }
        // Without a recorded file id no earlier attempt reached the share; with one, the share was not found.
        earlierPostPossible = false;
        slack.uploadFile(channel, threadTs, filename, title, content, fileId -> jobs.recordProgress(job, fileId));
    }

    /**
     * The text to record for this attempt's failure: marked when a post may now exist unseen, because this attempt's
     * call got no clear answer or an earlier attempt's post was not looked for yet.
     */
    String describe(RuntimeException failure) {
        boolean unknown = earlierPostPossible
                || (failure instanceof SlackCallException e && e.outcomeUnknown());
        return (unknown ? OUTCOME_UNKNOWN : "") + failure.getMessage();
    }

    private Instant since() {
        return job.createdAt().minus(CLOCK_MARGIN);
    }

    private <T> Optional<T> lookUp(java.util.function.Supplier<Optional<T>> lookUp) {
        try {
            return lookUp.get();
        } catch (SlackCallException e) {
            if (e.retryable()) {
                throw e; // e.g. Slack's once-a-minute limit on reading threads: wait, then look again
            }
            log.warn("job {} of run {} cannot read its thread back to see whether an earlier attempt posted ({}); "
                    + "posting, which may repeat that message", job.id(), job.runId(), e.error());
            return Optional.empty();
        }
    }
}

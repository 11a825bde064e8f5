package io.gigaslack.slack.outbox;

import io.gigaslack.engine.RetryLater;
import io.gigaslack.service.JobWriter;
import io.gigaslack.service.RunJob;
import io.gigaslack.slack.web.SlackGateway;
import io.gigaslack.slack.web.UserPage;
import io.gigaslack.store.Jdbc;
import io.gigaslack.store.Job;
import io.gigaslack.store.JobQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is told that Giga's balance fell below the warning level: the admins, as everywhere in the app, meaning the
 * configured admins the job names ({@code GIGA_ADMIN_USERS}) and the workspace's admins and owners, found with
 * {@code users.list} (deactivated members, bots and Slackbot left out). Each gets one durable
 * {@link RunJob.LowBalanceWarning}; a configured admin who is also a workspace admin gets one.
 *
 * <p>The work is done in steps, and each step's warnings are queued in one transaction together with the job's
 * progress (where the member list goes on), committed only while this attempt still holds the job. An attempt after a
 * crash, a restart, or another replica's take-over goes on where the last commit left off: nobody is told twice, and
 * nobody is skipped. The steps are the configured admins, then each page of members: {@code users.list} is Tier 2
 * (about 20 pages a minute), and a page Slack refuses with 429 becomes a retry after its {@code Retry-After} that goes
 * on at that page, so even a workspace too large to list within one minute is listed to the end.
 */
final class AdminWarnings {
    private static final Logger log = LoggerFactory.getLogger(AdminWarnings.class);
    /** Members asked for per page: what Slack recommends for {@code users.list}. */
    static final int PAGE = 200;
    /** Progress once the configured admins are queued: {@code users.list} goes on at the cursor after this prefix. */
    static final String LISTING = "users.list:";
    /** Progress once every admin has a warning queued. */
    static final String DONE = "told";

    private final JobQueue queue;
    private final JobWriter writer;
    private final Jdbc jdbc;

    AdminWarnings(JobQueue queue, JobWriter writer, Jdbc jdbc) {
        this.queue = queue;
        this.writer = writer;
        this.jdbc = jdbc;
    }

    /** Queues a warning for each admin not yet given one by an earlier attempt of {@code stored}. */
    void fanOut(SlackGateway slack, Job stored, RunJob.LowBalanceAdmins job) {
        String progress = stored.progress();
        if (DONE.equals(progress)) {
            log.info("the low-balance warning of {} was already queued for every admin", job.at());
            return;
        }
        Set<String> configured = new LinkedHashSet<>(job.configuredAdmins());
        String cursor;
        if (progress == null || !progress.startsWith(LISTING)) {
            commit(stored, job, List.copyOf(configured), LISTING);
            cursor = null;
        } else {
            cursor = progress.substring(LISTING.length());
        }
        Set<String> found = new LinkedHashSet<>();
        List<String> pending = new ArrayList<>();
        do {
            UserPage page = slack.listUsers(cursor == null || cursor.isEmpty() ? null : cursor, PAGE);
            for (UserPage.Member m : page.members()) {
                if (m.isActiveAdminOrOwner() && !configured.contains(m.id()) && found.add(m.id())) {
                    pending.add(m.id());
                }
            }
            cursor = page.nextCursor();
            String next = cursor == null ? DONE : LISTING + cursor;
            // A cursor too long to record (Slack's are a few dozen characters) is carried on to the next page's step.
            if (next.length() <= JobQueue.MAX_PROGRESS_LENGTH) {
                commit(stored, job, pending, next);
                pending.clear();
            }
        } while (cursor != null);
    }

    /** Queues warnings for {@code people} and records {@code progress}, together, while the job is still ours. */
    private void commit(Job stored, RunJob.LowBalanceAdmins job, List<String> people, String progress) {
        jdbc.useTransaction(tx -> {
            if (!queue.recordProgress(tx, stored, progress)) {
                // Rolls back: whoever holds the job now goes on from the last commit.
                throw new RetryLater("job " + stored.id() + " is held by another replica now", Duration.ZERO);
            }
            for (String person : people) {
                writer.add(tx, null, new RunJob.LowBalanceWarning(person, job.credits(), job.level(), job.at(),
                        job.accountId()));
            }
        });
        if (!people.isEmpty()) {
            log.info("low-balance warning queued for {}", String.join(", ", people));
        }
    }
}

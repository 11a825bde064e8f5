package io.gigaslack.slack.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gigaslack.engine.GiveUp;
import io.gigaslack.engine.RetryLater;
import io.gigaslack.runs.Platform;
import io.gigaslack.service.JobCodec;
import io.gigaslack.service.JobWriter;
import io.gigaslack.service.RunJob;
import io.gigaslack.service.RunSettings;
import io.gigaslack.service.RunUpdater;
import io.gigaslack.slack.RenderContexts;
import io.gigaslack.slack.web.SlackWebGateway;
import io.gigaslack.store.Database;
import io.gigaslack.store.Job;
import io.gigaslack.store.JobQueue;
import io.gigaslack.store.RunRepository;
import io.gigaslack.testing.FakeSlack;
import io.gigaslack.testing.FakeSlack.Trait;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.TestDatabases;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The low-balance warning's fan-out through the Slack outbox, against the fake Slack Web API over real HTTP and an
 * in-memory H2 holding the job queue: who the admins are (the configured ones the job names, and the workspace's
 * admins and owners over every page of {@code users.list}), one warning job each, and what a retry, a crash or a
 * take-over by another replica in the middle of it does. Jobs are claimed and handed to {@link SlackRelay#handle} as
 * the worker would; what the worker then records is played by hand.
 */
class AdminWarningsTest {
    private static final String OWNER = "owner";
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration SLACK_TIMEOUT = Duration.ofSeconds(5);
    private static final Instant FELL_AT = Instant.parse("2026-03-02T09:06:00Z");
    private static final RunJob.LowBalanceAdmins FALL = new RunJob.LowBalanceAdmins(List.of("U9", "U8"),
            new BigDecimal("60"), 100, FELL_AT);
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().callTimeout(SLACK_TIMEOUT).build();

    private FakeSlack slack;
    private Database db;
    private SettableClock clock;
    private JobQueue queue;
    private SlackRelay relay;

    @BeforeEach
    void setUp() {
        slack = new FakeSlack();
        db = TestDatabases.h2();
        clock = new SettableClock(FELL_AT.plusSeconds(1));
        RunRepository runs = new RunRepository(db.jdbc());
        queue = new JobQueue(db.jdbc());
        JobWriter writer = new JobWriter(queue, clock);
        RunUpdater updater = new RunUpdater(db.jdbc(), runs, writer, clock, null, () -> { });
        RenderContexts contexts = new RenderContexts(new RunSettings(Map.of("giga-standard",
                new Platform("giga-standard", 20)), "giga-standard", 2, "", "", null,
                "https://viewer.example/?url={vncUrlEncoded}"), clock);
        // No Giga client: of the relay's jobs only output files reach Giga, and none is handled here.
        relay = new SlackRelay(new SlackWebGateway(slack.apiUrl(), "xoxb-test", HTTP), runs, updater, queue,
                db.jdbc(), null, clock, contexts, 1024, () -> { }, SLACK_TIMEOUT);
    }

    @AfterEach
    void tearDown() {
        slack.close();
        db.close();
    }

    @AfterAll
    static void closeHttp() {
        HTTP.dispatcher().executorService().shutdown();
        HTTP.connectionPool().evictAll();
    }

    /**
     * A workspace of nearly 250 members, two pages of {@code users.list}: an admin on the first page; on the second an owner,
     * the primary owner, a deactivated admin and a bot marked admin; U9 is a configured admin and a workspace admin.
     */
    private void workspace() {
        slack.member("U9", Trait.ADMIN);
        for (int i = 0; i < 240; i++) {
            slack.member(String.format("U%04d", i));
            if (i == 100) {
                slack.member("UADMIN", Trait.ADMIN);
            }
        }
        slack.member("UOWNER", Trait.OWNER).member("UPRIMARY", Trait.OWNER, Trait.PRIMARY_OWNER)
                .member("UGONE", Trait.ADMIN, Trait.DELETED).member("UBOT", Trait.ADMIN, Trait.BOT)
                .member("ULAST");
    }

    @Test
    void the_configured_admins_and_the_workspaces_admins_and_owners_from_every_page_get_one_warning_each() {
        workspace();

        Job fanOut = enqueueAndClaim(FALL);
        handle(fanOut);

        assertThat(warnedPeople()).as("configured first, then as Slack lists them; U9 once; not UGONE nor UBOT")
                .containsExactly("U9", "U8", "UADMIN", "UOWNER", "UPRIMARY");
        assertThat(warnings()).allSatisfy(w -> assertThat(w).isEqualTo(new RunJob.LowBalanceWarning(w.userId(),
                new BigDecimal("60"), 100, FELL_AT)));
        List<FakeSlack.Call> pages = slack.calls("users.list");
        assertThat(pages).hasSize(2).allSatisfy(c -> assertThat(c.param("limit")).isEqualTo("200"));
        assertThat(pages.get(0).param("cursor")).as("the first page").isNull();
        assertThat(pages.get(1).param("cursor")).as("the cursor Slack named").isNotBlank();
        assertThat(queue.complete(fanOut, OWNER)).isTrue();
    }

    @Test
    void a_rate_limited_page_is_retried_after_slacks_retry_after_and_the_list_goes_on_at_that_page() {
        workspace();
        slack.failNextWhen("users.list", p -> p.get("cursor") != null, 1, 429, 30);
        Job fanOut = enqueueAndClaim(FALL);

        assertThatThrownBy(() -> handle(fanOut)).isInstanceOfSatisfying(RetryLater.class,
                r -> assertThat(r.after()).isEqualTo(Duration.ofSeconds(30)));
        assertThat(warnedPeople()).as("the first page's, committed before the refusal")
                .containsExactly("U9", "U8", "UADMIN");

        retryAfter(fanOut, Duration.ofSeconds(30));
        handle(claimFanOut());

        assertThat(warnedPeople()).containsExactly("U9", "U8", "UADMIN", "UOWNER", "UPRIMARY");
        assertThat(slack.calls("users.list")).extracting(c -> c.param("cursor") == null ? "first" : "second")
                .as("the first page is not read again").containsExactly("first", "second", "second");
    }

    @Test
    void an_attempt_after_a_crash_that_left_everyone_queued_queues_no_one_again() {
        workspace();
        Job fanOut = enqueueAndClaim(FALL);
        handle(fanOut); // and the process dies before the job is marked done

        clock.advance(LEASE.plusSeconds(1));
        Job takenOver = claimFanOut();
        assertThat(takenOver.attempts()).as("a take-over after the lease ran out").isEqualTo(1);
        handle(takenOver);

        assertThat(warnedPeople()).containsExactly("U9", "U8", "UADMIN", "UOWNER", "UPRIMARY");
        assertThat(slack.calls("users.list")).as("not listed again").hasSize(2);
    }

    @Test
    void a_replica_whose_job_was_taken_over_meanwhile_queues_nothing() {
        workspace();
        Job slow = enqueueAndClaim(FALL);
        clock.advance(LEASE.plusSeconds(1));
        Job other = queue.claimNext(JobQueue.SLACK, "other-replica", LEASE, clock.instant()).orElseThrow();

        assertThatThrownBy(() -> handle(slow)).isInstanceOf(RetryLater.class);
        assertThat(warnings()).as("rolled back").isEmpty();

        handle(other);
        assertThat(warnedPeople()).containsExactly("U9", "U8", "UADMIN", "UOWNER", "UPRIMARY");
    }

    @Test
    void when_slack_refuses_the_member_list_the_configured_admins_are_warned_all_the_same() {
        workspace();
        slack.errorNext("users.list", 1, "missing_scope");

        assertThatThrownBy(() -> handle(enqueueAndClaim(FALL))).isInstanceOf(GiveUp.class)
                .hasMessageContaining("missing_scope");

        assertThat(warnedPeople()).containsExactly("U9", "U8");
    }

    @Test
    void without_configured_admins_the_workspaces_admins_and_owners_are_warned() {
        workspace();

        handle(enqueueAndClaim(new RunJob.LowBalanceAdmins(List.of(), new BigDecimal("60"), 100, FELL_AT)));

        assertThat(warnedPeople()).containsExactly("U9", "UADMIN", "UOWNER", "UPRIMARY");
    }

    // ---- helpers ----

    private Job enqueueAndClaim(RunJob.SlackJob job) {
        db.jdbc().useTransaction(tx -> new JobWriter(queue, clock).add(tx, null, job));
        return claimFanOut();
    }

    /** Claims the fan-out job; the warnings it queued that come due first stay claimed, as by other threads. */
    private Job claimFanOut() {
        String kind = JobCodec.encode(FALL).kind();
        while (true) {
            Job job = queue.claimNext(JobQueue.SLACK, OWNER, LEASE, clock.instant()).orElseThrow();
            if (job.kind().equals(kind)) {
                return job;
            }
        }
    }

    /** What the worker does with a RetryLater: the job waits {@code wait}; then the clock gets there. */
    private void retryAfter(Job job, Duration wait) {
        assertThat(queue.retryLater(job, OWNER, clock.instant().plus(wait), "ratelimited")).isTrue();
        clock.advance(wait);
    }

    private void handle(Job stored) {
        relay.handle(stored, (RunJob.SlackJob) JobCodec.decode(stored));
    }

    /** The warning jobs queued, oldest first. */
    private List<RunJob.LowBalanceWarning> warnings() {
        return db.jdbc().query("SELECT id FROM jobs WHERE kind = ? ORDER BY id", rs -> rs.getLong(1),
                        JobCodec.encode(new RunJob.LowBalanceWarning("U", BigDecimal.ONE, 1, FELL_AT)).kind())
                .stream().map(id -> (RunJob.LowBalanceWarning) JobCodec.decode(queue.find(id).orElseThrow()))
                .toList();
    }

    private List<String> warnedPeople() {
        return warnings().stream().map(RunJob.LowBalanceWarning::userId).toList();
    }
}

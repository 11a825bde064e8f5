package io.gigaslack.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.Milestone;
import io.gigaslack.runs.Notice;
import io.gigaslack.service.RunJob.CallbackHint;
import io.gigaslack.store.Database;
import io.gigaslack.store.Job;
import io.gigaslack.store.JobQueue;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.TestDatabases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link JobCodec}: every typed job survives the stored form, and — what an upgrade depends on — the rows written by
 * the previous version (fc98329: jobs.RunRequests, RunUpdater, GigaTasks, Reconciler, SlackRelay) still decode to the
 * job they meant.
 */
class JobCodecTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T = Instant.parse("2026-01-05T09:00:00Z");
    static final Instant EXPIRES = Instant.parse("2026-01-05T10:15:00Z");

    // ---- round trips ----

    static List<Notice> everyNotice() {
        List<Notice> notices = new ArrayList<>();
        for (Milestone m : Milestone.values()) {
            notices.add(new Notice.MilestoneReached(m));
        }
        notices.add(new Notice.Extended("U1", EXPIRES));
        notices.add(new Notice.StopRequested("U1"));
        notices.add(new Notice.FollowUpSent("U1", "Also book a taxi"));
        notices.add(new Notice.ComputerStillRuns());
        notices.add(new Notice.ComputerStillRuns(EXPIRES, EXPIRES.plusSeconds(3600)));
        notices.add(new Notice.ComputerStillRuns(null, EXPIRES));
        notices.add(new Notice.KeptRunning("U1", EXPIRES));
        notices.add(new Notice.FilesPosted(List.of(new Notice.OutputFile("a.txt", 12),
                new Notice.OutputFile("big.bin", -1))));
        notices.add(new Notice.FilesPosted(List.of()));
        notices.add(new Notice.ExpiryReminder(EXPIRES));
        notices.add(new Notice.InputFilesPlaced(List.of("sales.csv", "report (2).pdf"),
                List.of(new Notice.NotPlaced("Budget", "a Google Drive file"))));
        notices.add(new Notice.InputFilesPlaced(List.of(), List.of(new Notice.NotPlaced("big.zip", "too big"))));
        notices.add(new Notice.Deleted("U1"));
        for (Notice.Action a : Notice.Action.values()) {
            notices.add(new Notice.ActionFailed(a, "U1", "It did not work: <because>"));
        }
        notices.add(new Notice.ActionFailed(Notice.Action.GENERAL, null, "Giga did not answer."));
        return notices;
    }

    static List<RunJob> everyJob() {
        List<RunJob> jobs = new ArrayList<>();
        jobs.add(RunJob.PostCard.EDIT);
        jobs.add(new RunJob.PostCard("https://hooks.slack.com/commands/T1/1/abc"));
        everyNotice().forEach(n -> jobs.add(new RunJob.PostNotice(n)));
        jobs.add(new RunJob.Ephemeral("T1", "C1", "U1", null, message("Later")));
        jobs.add(new RunJob.Ephemeral("T1", "C1", "U1", "https://hooks.slack.com/commands/T1/2/def", message("Now")));
        jobs.add(new RunJob.ShareFile("f_1", "report.pdf", 2048));
        jobs.add(new RunJob.ShareFile("f_2", "notes", -1));
        jobs.add(RunJob.ShowProgress.LATEST);
        jobs.add(RunJob.ShowProgress.RESEND_SESSION);
        jobs.add(new RunJob.Start());
        jobs.add(new RunJob.Stop("U1"));
        jobs.add(RunJob.Stop.AUTOMATIC);
        jobs.add(new RunJob.Extend("U1"));
        jobs.add(new RunJob.Delete("U1"));
        jobs.add(new RunJob.FollowUp("U1", "Also book a taxi"));
        jobs.add(new RunJob.FollowUp("U1", ""));
        jobs.add(new RunJob.FollowUp("U1", "Read the attached notes", "m_abc123"));
        jobs.add(new RunJob.TransferInputFile("start", 0));
        jobs.add(new RunJob.TransferInputFile("m_abc123", 9));
        jobs.add(new RunJob.StartAgent());
        for (CallbackHint h : CallbackHint.values()) {
            jobs.add(new RunJob.Refresh(h));
        }
        jobs.add(new RunJob.CollectResults());
        jobs.add(new RunJob.Reconcile(0));
        jobs.add(new RunJob.Reconcile(2));
        jobs.add(new RunJob.Screenshot(RunJob.ScreenshotMoment.DESKTOP_READY, null));
        jobs.add(new RunJob.Screenshot(RunJob.ScreenshotMoment.FINISHED, null));
        jobs.add(new RunJob.Screenshot(RunJob.ScreenshotMoment.ON_DEMAND, "U7"));
        jobs.add(new RunJob.UsageChart("T1", "U1", false, T));
        jobs.add(new RunJob.UsageChart("T1", "U9", true, T));
        jobs.add(new RunJob.LowBalanceWarning("U9", new java.math.BigDecimal("62.50"), 100, T));
        jobs.add(new RunJob.LowBalanceAdmins(List.of("U9", "U8"), new java.math.BigDecimal("62.50"), 100, T));
        jobs.add(new RunJob.LowBalanceAdmins(List.of(), new java.math.BigDecimal("0"), 1, T));
        jobs.add(new RunJob.LowBalanceWarning("U9", new java.math.BigDecimal("5"), 100, T, "T2"));
        jobs.add(new RunJob.LowBalanceAdmins(List.of("U9"), new java.math.BigDecimal("5"), 100, T, "E1"));
        jobs.add(new RunJob.CheckBalance());
        jobs.add(new RunJob.LeaveWorkspace("T1", "E1"));
        return jobs;
    }

    static Stream<RunJob> jobs() {
        return everyJob().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void every_job_round_trips_through_its_stored_form(RunJob job) {
        JobCodec.Stored s = JobCodec.encode(job);

        assertThat(s.queue()).isEqualTo(job.queue().stored());
        assertThat(JobCodec.decode(row(s.queue(), s.kind(), s.payload()))).isEqualTo(job);
    }

    @Test
    void the_samples_cover_every_kind_of_job_and_notice() {
        Set<Class<?>> jobTypes = new HashSet<>();
        everyJob().forEach(j -> jobTypes.add(j.getClass()));
        Set<Class<?>> noticeTypes = new HashSet<>();
        everyNotice().forEach(n -> noticeTypes.add(n.getClass()));

        assertThat(jobTypes).containsExactlyInAnyOrderElementsOf(records(RunJob.class));
        assertThat(noticeTypes).containsExactlyInAnyOrderElementsOf(records(Notice.class));
    }

    @Test
    void slack_effects_go_to_the_slack_queue_and_giga_effects_to_the_giga_queue() {
        assertThat(JobCodec.encode(RunJob.PostCard.EDIT).queue()).isEqualTo(JobQueue.SLACK);
        assertThat(JobCodec.encode(new RunJob.PostNotice(new Notice.ComputerStillRuns())).queue())
                .isEqualTo(JobQueue.SLACK);
        assertThat(JobCodec.encode(new RunJob.ShareFile("f", "n", 1)).queue()).isEqualTo(JobQueue.SLACK);
        assertThat(JobCodec.encode(new RunJob.Ephemeral("T1", "C1", "U1", null, message("x"))).queue())
                .isEqualTo(JobQueue.SLACK);
        assertThat(JobCodec.encode(new RunJob.Start()).queue()).isEqualTo(JobQueue.GIGA);
        assertThat(JobCodec.encode(RunJob.Stop.AUTOMATIC).queue()).isEqualTo(JobQueue.GIGA);
        assertThat(JobCodec.encode(new RunJob.Reconcile(1)).queue()).isEqualTo(JobQueue.GIGA);
        assertThat(JobCodec.encode(new RunJob.Refresh(CallbackHint.FAILED)).queue()).isEqualTo(JobQueue.GIGA);
        assertThat(JobCodec.encode(new RunJob.Screenshot(RunJob.ScreenshotMoment.FINISHED, null)).queue())
                .isEqualTo("desktop");
    }

    @Test
    void a_screenshot_someone_asked_for_has_a_kind_of_its_own_for_the_once_a_minute_limit() {
        assertThat(JobCodec.encode(new RunJob.Screenshot(RunJob.ScreenshotMoment.ON_DEMAND, "U1")).kind())
                .isNotEqualTo(JobCodec.encode(new RunJob.Screenshot(RunJob.ScreenshotMoment.DESKTOP_READY, null)).kind());
    }

    // ---- rows left by the previous version ----

    /** Each row as the previous version wrote it (queue, kind, payload), and the job it must be read as now. */
    static Stream<Arguments> previousVersionRows() {
        return Stream.of(
                // RunRequests.start, RunUpdater's card edit
                legacy("slack", "card", "{}", RunJob.PostCard.EDIT),
                legacy("slack", "card", "{\"responseUrl\":\"https://hooks.slack.com/commands/T1/1/abc\"}",
                        new RunJob.PostCard("https://hooks.slack.com/commands/T1/1/abc")),
                // RunUpdater's milestones
                legacy("slack", "thread", "{\"milestone\":\"START_FAILED\"}", milestone(Milestone.START_FAILED)),
                legacy("slack", "thread", "{\"milestone\":\"DESKTOP_READY\"}", milestone(Milestone.DESKTOP_READY)),
                legacy("slack", "thread", "{\"milestone\":\"AGENT_SUCCEEDED\"}", milestone(Milestone.AGENT_SUCCEEDED)),
                legacy("slack", "thread", "{\"milestone\":\"AGENT_FAILED\"}", milestone(Milestone.AGENT_FAILED)),
                legacy("slack", "thread", "{\"milestone\":\"COMPUTER_STOPPED\"}",
                        milestone(Milestone.COMPUTER_STOPPED)),
                // RunUpdater without auto-stop; RunRequests.stop; GigaTasks' notices; Reconciler's reminder
                legacy("slack", "thread", "{\"notice\":\"still_runs\"}",
                        new RunJob.PostNotice(new Notice.ComputerStillRuns())),
                legacy("slack", "thread", "{\"notice\":\"stop_requested\",\"by\":\"U1\"}",
                        new RunJob.PostNotice(new Notice.StopRequested("U1"))),
                legacy("slack", "thread", "{\"notice\":\"extended\",\"by\":\"U1\",\"expiresAt\":\"2026-01-05T10:15:00Z\"}",
                        new RunJob.PostNotice(new Notice.Extended("U1", EXPIRES))),
                legacy("slack", "thread", "{\"notice\":\"deleted\",\"by\":\"U1\"}",
                        new RunJob.PostNotice(new Notice.Deleted("U1"))),
                legacy("slack", "thread", "{\"notice\":\"followup\",\"by\":\"U1\",\"message\":\"Also book a taxi\"}",
                        new RunJob.PostNotice(new Notice.FollowUpSent("U1", "Also book a taxi"))),
                legacy("slack", "thread", "{\"notice\":\"files_posted\",\"files\":[{\"name\":\"a.txt\",\"size\":12},"
                        + "{\"name\":\"big.bin\",\"size\":-1}]}",
                        new RunJob.PostNotice(new Notice.FilesPosted(List.of(new Notice.OutputFile("a.txt", 12),
                                new Notice.OutputFile("big.bin", -1))))),
                legacy("slack", "thread", "{\"notice\":\"expiry_reminder\",\"expiresAt\":\"2026-01-05T10:15:00Z\"}",
                        new RunJob.PostNotice(new Notice.ExpiryReminder(EXPIRES))),
                legacy("slack", "thread", "{\"notice\":\"extend_failed\",\"by\":\"U1\",\"text\":\"The computer is not"
                        + " running, so it cannot be extended.\"}",
                        new RunJob.PostNotice(new Notice.ActionFailed(Notice.Action.EXTEND, "U1",
                                "The computer is not running, so it cannot be extended."))),
                legacy("slack", "thread", "{\"notice\":\"followup_failed\",\"by\":\"U1\",\"text\":\"The agent's"
                        + " computer is not running, so the message was not sent.\"}",
                        new RunJob.PostNotice(new Notice.ActionFailed(Notice.Action.FOLLOW_UP, "U1",
                                "The agent's computer is not running, so the message was not sent."))),
                legacy("slack", "thread", "{\"notice\":\"action_failed\",\"by\":null,\"text\":\"Stopping the computer"
                        + " failed after several tries (Giga did not answer). Try again in a few minutes.\"}",
                        new RunJob.PostNotice(new Notice.ActionFailed(Notice.Action.GENERAL, null, "Stopping the"
                                + " computer failed after several tries (Giga did not answer). Try again in a few"
                                + " minutes."))),
                // RunRequests.ephemeral
                legacy("slack", "ephemeral", "{\"channel\":\"C1\",\"user\":\"U1\",\"message\":{\"text\":\"Later\"}}",
                        new RunJob.Ephemeral(null, "C1", "U1", null, message("Later"))),
                legacy("slack", "ephemeral", "{\"channel\":\"C1\",\"user\":\"U1\",\"responseUrl\":"
                        + "\"https://hooks.slack.com/commands/T1/2/def\",\"message\":{\"text\":\"Now\"}}",
                        new RunJob.Ephemeral(null, "C1", "U1", "https://hooks.slack.com/commands/T1/2/def",
                                message("Now"))),
                // GigaTasks.results: one file each
                legacy("slack", "file", "{\"id\":\"f_1\",\"name\":\"report.pdf\",\"size\":2048}",
                        new RunJob.ShareFile("f_1", "report.pdf", 2048)),
                legacy("slack", "file", "{\"id\":\"f_2\",\"name\":\"notes\",\"size\":-1}",
                        new RunJob.ShareFile("f_2", "notes", -1)),
                // SlackRelay once the card exists; RunRequests' actions; RunUpdater's auto-stop and results
                legacy("giga", "start", "{}", new RunJob.Start()),
                legacy("giga", "stop", "{\"by\":\"U1\"}", new RunJob.Stop("U1")),
                legacy("giga", "stop", "{\"by\":\"auto\"}", RunJob.Stop.AUTOMATIC),
                legacy("giga", "extend", "{\"by\":\"U1\"}", new RunJob.Extend("U1")),
                legacy("giga", "delete", "{\"by\":\"U1\"}", new RunJob.Delete("U1")),
                legacy("giga", "followup", "{\"by\":\"U1\",\"message\":\"Also book a taxi\"}",
                        new RunJob.FollowUp("U1", "Also book a taxi")),
                legacy("giga", "results", "{}", new RunJob.CollectResults()),
                // RunRequests.callbackReceived: the hint in the kind and in the payload
                legacy("giga", "refresh", "{}", new RunJob.Refresh(CallbackHint.NONE)),
                legacy("giga", "refresh_completed", "{\"hint\":\"completed\"}",
                        new RunJob.Refresh(CallbackHint.COMPLETED)),
                legacy("giga", "refresh_failed", "{\"hint\":\"failed\"}", new RunJob.Refresh(CallbackHint.FAILED)),
                // Reconciler.ensureScheduled and runScheduled
                legacy("giga", "reconcile", "{\"idle\":0}", new RunJob.Reconcile(0)),
                legacy("giga", "reconcile", "{\"idle\":2}", new RunJob.Reconcile(2)));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("previousVersionRows")
    void a_row_stored_by_the_previous_version_decodes_to_the_job_it_meant(String queue, String kind, String payload,
            RunJob expected) {
        RunJob decoded = JobCodec.decode(row(queue, kind, payload));

        assertThat(decoded).isEqualTo(expected);
        assertThat(decoded.queue().stored()).as("it belongs to the queue it was stored in").isEqualTo(queue);
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("previousVersionRows")
    void this_version_stores_each_job_as_the_previous_version_did(String queue, String kind, String payload,
            RunJob job) throws Exception {
        JobCodec.Stored s = JobCodec.encode(job);

        assertThat(s.queue()).isEqualTo(queue);
        assertThat(s.kind()).isEqualTo(kind);
        if (!(job instanceof RunJob.Refresh)) { // a refresh's hint is now carried by its kind only
            assertThat(JSON.readTree(s.payload())).isEqualTo(JSON.readTree(payload));
        }
    }

    @Test
    void a_notice_kind_of_a_later_version_is_shown_as_a_general_failure_with_its_text() {
        RunJob job = JobCodec.decode(row("slack", "thread", "{\"notice\":\"quota_warning\",\"by\":\"U1\","
                + "\"text\":\"You are near your quota.\"}"));

        assertThat(job).isEqualTo(new RunJob.PostNotice(
                new Notice.ActionFailed(Notice.Action.GENERAL, "U1", "You are near your quota.")));
    }

    @Test
    void a_notice_without_text_is_shown_as_a_general_apology() {
        assertThat(JobCodec.decode(row("slack", "thread", "{\"notice\":\"quota_warning\"}"))).isEqualTo(
                new RunJob.PostNotice(new Notice.ActionFailed(Notice.Action.GENERAL, null, "Something went wrong.")));
        assertThat(JobCodec.decode(row("slack", "thread", "{}"))).isEqualTo(
                new RunJob.PostNotice(new Notice.ActionFailed(Notice.Action.GENERAL, null, "Something went wrong.")));
    }

    @Test
    void missing_fields_take_the_readers_defaults() {
        assertThat(JobCodec.decode(row("slack", "file", "{\"id\":\"f_3\"}")))
                .isEqualTo(new RunJob.ShareFile("f_3", "file", -1));
        assertThat(JobCodec.decode(row("slack", "thread", "{\"notice\":\"files_posted\",\"files\":[{\"name\":\"a.txt\"}]}")))
                .as("a file of unknown size").isEqualTo(new RunJob.PostNotice(new Notice.FilesPosted(
                        List.of(new Notice.OutputFile("a.txt", -1)))));
        assertThat(JobCodec.decode(row("slack", "thread", "{\"notice\":\"files_posted\"}")))
                .isEqualTo(new RunJob.PostNotice(new Notice.FilesPosted(List.of())));
        assertThat(JobCodec.decode(row("giga", "stop", "{}"))).isEqualTo(RunJob.Stop.AUTOMATIC);
        assertThat(JobCodec.decode(row("giga", "followup", "{\"by\":\"U1\"}")))
                .isEqualTo(new RunJob.FollowUp("U1", ""));
        assertThat(JobCodec.decode(row("giga", "reconcile", "{}"))).isEqualTo(new RunJob.Reconcile(0));
        assertThat(JobCodec.decode(row("giga", "reconcile", "{\"idle\":-3}"))).isEqualTo(new RunJob.Reconcile(0));
        assertThat(JobCodec.decode(row("giga", "start", null))).isEqualTo(new RunJob.Start());
        assertThat(JobCodec.decode(row("giga", "start", " "))).isEqualTo(new RunJob.Start());
        assertThat(JobCodec.decode(row("slack", "card", "[1, 2]"))).as("not an object: no fields")
                .isEqualTo(RunJob.PostCard.EDIT);
    }

    // ---- what cannot be read ----

    @Test
    void an_unknown_kind_is_unreadable() {
        assertThatThrownBy(() -> JobCodec.decode(row("slack", "home", "{}")))
                .isInstanceOf(JobCodec.UnreadableJob.class).hasMessage("unknown job kind home");
        assertThatThrownBy(() -> JobCodec.decode(row("giga", null, "{}")))
                .isInstanceOf(JobCodec.UnreadableJob.class);
        assertThatThrownBy(() -> JobCodec.decode(row("giga", "refreshed", "{}")))
                .as("only refresh and refresh_<hint> are refreshes").isInstanceOf(JobCodec.UnreadableJob.class);
    }

    @Test
    void an_unreadable_payload_is_unreadable() {
        assertThatThrownBy(() -> JobCodec.decode(row("giga", "stop", "{\"by\":")))
                .isInstanceOf(JobCodec.UnreadableJob.class)
                .hasMessage("job 7 (stop) has an unreadable payload");
    }

    @Test
    void a_payload_with_wrong_values_is_unreadable() {
        assertThatThrownBy(() -> JobCodec.decode(row("slack", "thread", "{\"milestone\":\"LAUNCHED\"}")))
                .isInstanceOf(JobCodec.UnreadableJob.class).hasMessageStartingWith("job 7 (thread): ");
        assertThatThrownBy(() -> JobCodec.decode(row("slack", "thread",
                "{\"notice\":\"extended\",\"by\":\"U1\",\"expiresAt\":\"soon\"}")))
                .isInstanceOf(JobCodec.UnreadableJob.class).hasMessageStartingWith("job 7 (thread): ");
        assertThatThrownBy(() -> JobCodec.decode(row("slack", "ephemeral", "{\"channel\":\"C1\",\"user\":\"U1\"}")))
                .isInstanceOf(JobCodec.UnreadableJob.class).hasMessage("ephemeral job 7 has no message");
    }

    // ---- refreshes ----

    @Test
    void a_refreshs_hint_is_carried_by_its_kind() {
        assertThat(JobCodec.encode(new RunJob.Refresh(CallbackHint.NONE)).kind()).isEqualTo("refresh");
        assertThat(JobCodec.encode(new RunJob.Refresh(CallbackHint.COMPLETED)).kind()).isEqualTo("refresh_completed");
        assertThat(JobCodec.encode(new RunJob.Refresh(CallbackHint.FAILED)).kind()).isEqualTo("refresh_failed");
        for (CallbackHint h : CallbackHint.values()) {
            assertThat(JobCodec.refreshKind(h)).isEqualTo(JobCodec.encode(new RunJob.Refresh(h)).kind());
            // The kind decides, whatever the payload says.
            assertThat(JobCodec.decode(row("giga", JobCodec.refreshKind(h), "{\"hint\":\"nonsense\"}")))
                    .isEqualTo(new RunJob.Refresh(h));
        }
    }

    @Test
    void coalescing_never_merges_a_completion_hint_into_a_bare_refresh() {
        SettableClock clock = new SettableClock();
        try (Database db = TestDatabases.h2()) {
            JobQueue queue = new JobQueue(db.jdbc());
            JobWriter writer = new JobWriter(queue, clock);
            db.jdbc().useTransaction(tx -> {
                for (CallbackHint h : List.of(CallbackHint.NONE, CallbackHint.COMPLETED, CallbackHint.NONE,
                        CallbackHint.COMPLETED, CallbackHint.FAILED, CallbackHint.NONE)) {
                    writer.addCoalesced(tx, "r_1", new RunJob.Refresh(h), clock.instant());
                }
            });

            List<RunJob> stored = db.jdbc().query("SELECT id FROM jobs ORDER BY id", rs -> rs.getLong(1)).stream()
                    .map(id -> JobCodec.decode(queue.find(id).orElseThrow())).toList();
            assertThat(stored).containsExactly(new RunJob.Refresh(CallbackHint.NONE),
                    new RunJob.Refresh(CallbackHint.COMPLETED), new RunJob.Refresh(CallbackHint.FAILED));
            assertThat(writer.hasUnfinished("r_1", new RunJob.Refresh(CallbackHint.COMPLETED))).isTrue();
            assertThat(writer.hasUnfinished("r_2", new RunJob.Refresh(CallbackHint.COMPLETED))).isFalse();
        }
    }

    // ---- helpers ----

    static Arguments legacy(String queue, String kind, String payload, RunJob expected) {
        return Arguments.of(queue, kind, payload, expected);
    }

    static RunJob milestone(Milestone m) {
        return new RunJob.PostNotice(new Notice.MilestoneReached(m));
    }

    static ObjectNode message(String text) {
        return JSON.createObjectNode().put("text", text);
    }

    static Job row(String queue, String kind, String payload) {
        return new Job(7, queue, "r_1", kind, payload, 0, T, T, null, null, null);
    }

    /** The record types that implement a sealed interface, through its sealed sub-interfaces. */
    static Set<Class<?>> records(Class<?> sealed) {
        Set<Class<?>> out = new HashSet<>();
        for (Class<?> c : sealed.getPermittedSubclasses()) {
            if (c.isSealed() && c.isInterface()) {
                out.addAll(records(c));
            } else {
                out.add(c);
            }
        }
        assertThat(out).as("permitted types of " + sealed).isNotEmpty();
        return out;
    }
}

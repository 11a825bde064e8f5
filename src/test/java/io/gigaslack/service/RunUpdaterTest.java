package io.gigaslack.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.Milestone;
import io.gigaslack.runs.Notice;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunParams;
import io.gigaslack.runs.RunStatus;
import io.gigaslack.runs.Signal;
import io.gigaslack.runs.Transition;
import io.gigaslack.store.Database;
import io.gigaslack.store.JobQueue;
import io.gigaslack.store.RunRepository;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RunUpdater} on a migrated H2: a signal applied to a stored run writes the run and the jobs that the change
 * means, in the same transaction; a signal that changes nothing writes nothing.
 */
class RunUpdaterTest {
    static final String RUN_ID = "r_1";

    SettableClock clock;
    static Database db;
    RunRepository runs;
    JobQueue queue;
    JobWriter jobs;
    AtomicInteger commits;

    @BeforeAll
    static void openDatabase() {
        db = TestDatabases.h2();
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @BeforeEach
    void setUp() {
        TestDatabases.clean(db);
        clock = new SettableClock();
        runs = new RunRepository(db.jdbc());
        queue = new JobQueue(db.jdbc());
        jobs = new JobWriter(queue, clock);
        commits = new AtomicInteger();
        runs.insert(Run.requested(RUN_ID, "T1", "C1", "U1", RunKind.AGENT,
                new RunParams("giga-standard", 2, "Book a table", "A confirmation", "", ""), "gs-1", null,
                clock.instant()));
    }

    RunUpdater updater(boolean autoStop) {
        return new RunUpdater(db.jdbc(), runs, jobs, clock, autoStop ? java.time.Duration.ZERO : null, commits::incrementAndGet);
    }

    // ---- milestones ----

    @Test
    void a_change_without_a_milestone_only_edits_the_card() {
        Transition t = updater(false).apply(RUN_ID, confirmed()).orElseThrow();

        assertThat(t.milestones()).isEmpty();
        assertThat(t.cardChanged()).isTrue();
        assertThat(pendingJobs()).containsExactly(RunJob.PostCard.EDIT);
        assertThat(storedJobs()).containsExactly(tuple("slack", RUN_ID, "card", "{}"));
    }

    @Test
    void a_milestone_enqueues_a_thread_notice_and_a_card_edit() {
        RunUpdater updater = updater(false);
        updater.apply(RUN_ID, confirmed());
        settle();
        clock.advance(Duration.ofSeconds(40));

        Transition t = updater.apply(RUN_ID, observed(ComputerState.RUNNING)).orElseThrow();

        assertThat(t.milestones()).containsExactly(Milestone.DESKTOP_READY);
        assertThat(pendingJobs()).containsExactly(new RunJob.PostNotice(new Notice.MilestoneReached(
                Milestone.DESKTOP_READY)), RunJob.PostCard.EDIT);
        assertThat(storedJobs()).containsExactly(tuple("slack", RUN_ID, "thread", "{\"milestone\":\"DESKTOP_READY\"}"),
                tuple("slack", RUN_ID, "card", "{}"));
        Run stored = runs.findById(RUN_ID).orElseThrow();
        assertThat(stored.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(stored.readyAt()).isEqualTo(clock.instant());
    }

    @Test
    void a_card_edit_already_waiting_is_not_added_again() {
        RunUpdater updater = updater(false);
        updater.apply(RUN_ID, confirmed()); // a card edit, not yet done

        updater.apply(RUN_ID, observed(ComputerState.RUNNING));

        assertThat(pendingJobs()).containsExactly(RunJob.PostCard.EDIT,
                new RunJob.PostNotice(new Notice.MilestoneReached(Milestone.DESKTOP_READY)));
    }

    @Test
    void a_card_edit_being_worked_on_does_not_absorb_a_new_one() {
        RunUpdater updater = updater(false);
        updater.apply(RUN_ID, confirmed());
        assertThat(queue.claimNext(JobQueue.SLACK, "relay", Duration.ofMinutes(1), clock.instant())).isPresent();

        updater.apply(RUN_ID, observed(ComputerState.RUNNING));

        assertThat(pendingJobs()).containsExactly(RunJob.PostCard.EDIT,
                new RunJob.PostNotice(new Notice.MilestoneReached(Milestone.DESKTOP_READY)), RunJob.PostCard.EDIT);
    }

    @Test
    void a_computer_that_stops_is_announced_without_collecting_results() {
        RunUpdater updater = updater(true);
        runningRun(updater);

        Transition t = updater.apply(RUN_ID, observed(ComputerState.STOPPED)).orElseThrow();

        assertThat(t.milestones()).containsExactly(Milestone.COMPUTER_STOPPED);
        assertThat(pendingJobs()).containsExactly(
                new RunJob.PostNotice(new Notice.MilestoneReached(Milestone.COMPUTER_STOPPED)), RunJob.PostCard.EDIT);
    }

    @Test
    void a_refused_start_is_announced() {
        updater(true).apply(RUN_ID, new Signal.StartRefused("Not enough credits"));

        assertThat(pendingJobs()).containsExactly(
                new RunJob.PostNotice(new Notice.MilestoneReached(Milestone.START_FAILED)), RunJob.PostCard.EDIT);
        assertThat(runs.findById(RUN_ID).orElseThrow().failureReason()).isEqualTo("Not enough credits");
    }

    // ---- the agent finishing ----

    @Test
    void an_agent_that_finishes_with_auto_stop_enqueues_its_results_and_a_stop() {
        RunUpdater updater = updater(true);
        runningRun(updater);

        Transition t = updater.apply(RUN_ID, new Signal.AgentFinished(true, "Booked for 8 pm", null)).orElseThrow();

        assertThat(t.milestones()).containsExactly(Milestone.AGENT_SUCCEEDED);
        assertThat(pendingJobs()).containsExactly(
                new RunJob.PostNotice(new Notice.MilestoneReached(Milestone.AGENT_SUCCEEDED)),
                new RunJob.CollectResults(), RunJob.Stop.AUTOMATIC, RunJob.PostCard.EDIT);
        assertThat(storedJobs()).containsExactly(
                tuple("slack", RUN_ID, "thread", "{\"milestone\":\"AGENT_SUCCEEDED\"}"),
                tuple("giga", RUN_ID, "results", "{}"),
                tuple("giga", RUN_ID, "stop", "{\"by\":\"auto\"}"),
                tuple("slack", RUN_ID, "card", "{}"));
        Run stored = runs.findById(RUN_ID).orElseThrow();
        assertThat(stored.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(stored.finalAnswer()).isEqualTo("Booked for 8 pm");
    }

    @Test
    void with_screenshots_on_a_stop_at_once_waits_for_the_finishing_screenshot() {
        RunUpdater updater = new RunUpdater(db.jdbc(), runs, jobs, clock, Duration.ZERO, true,
                commits::incrementAndGet);
        runningRun(updater);

        updater.apply(RUN_ID, new Signal.AgentFinished(true, "Booked for 8 pm", null));

        // The screenshot has a queue of its own and gives up after 20 s: the computer must still be there then.
        Instant stopAt = clock.instant().plus(RunUpdater.STOP_AFTER_SCREENSHOT);
        assertThat(runs.findById(RUN_ID).orElseThrow().autoStopAt()).isEqualTo(stopAt);
        assertThat(db.jdbc().query("SELECT kind, run_after FROM jobs WHERE done = FALSE AND kind IN ('stop', 'screenshot')"
                + " ORDER BY id", rs -> tuple(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)))))
                .containsExactly(tuple("screenshot", clock.instant()), tuple("stop", stopAt));
    }

    @Test
    void an_agent_that_finishes_without_auto_stop_says_the_computer_still_runs() {
        RunUpdater updater = updater(false);
        runningRun(updater);

        updater.apply(RUN_ID, new Signal.AgentFinished(true, "Booked", null));

        assertThat(pendingJobs()).containsExactly(
                new RunJob.PostNotice(new Notice.MilestoneReached(Milestone.AGENT_SUCCEEDED)),
                new RunJob.CollectResults(), new RunJob.PostNotice(new Notice.ComputerStillRuns(null,
                        runs.findById(RUN_ID).orElseThrow().plannedEnd())),
                RunJob.PostCard.EDIT);
        assertThat(queue.depth(JobQueue.GIGA)).as("results only, no stop").isEqualTo(1);
    }

    @Test
    void an_agent_that_finishes_with_a_grace_period_gets_its_stop_queued_for_then_and_the_offer_to_keep_it() {
        RunUpdater updater = new RunUpdater(db.jdbc(), runs, jobs, clock, Duration.ofMinutes(10),
                commits::incrementAndGet);
        runningRun(updater);

        updater.apply(RUN_ID, new Signal.AgentFinished(true, "Booked", null));

        Run stored = runs.findById(RUN_ID).orElseThrow();
        assertThat(stored.autoStopAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(pendingJobs()).containsExactly(
                new RunJob.PostNotice(new Notice.MilestoneReached(Milestone.AGENT_SUCCEEDED)),
                new RunJob.CollectResults(),
                new RunJob.PostNotice(new Notice.ComputerStillRuns(stored.autoStopAt(), stored.plannedEnd())),
                RunJob.PostCard.EDIT);
        // The reconciler queues the stop when it is due: a job waiting ten minutes would hold the run's others back.
        assertThat(queue.depth(JobQueue.GIGA)).as("results only, no stop yet").isEqualTo(1);
    }

    @Test
    void each_workspace_stops_and_photographs_its_runs_by_its_own_settings() {
        // T1's admins turned the automatic stop and screenshots off; T2 has the environment's (10 min, on).
        WorkspaceSettings t1 = SettingsFixtures.read(java.util.Map.of(
                io.gigaslack.runs.WorkspaceSetting.GIGA_AUTO_STOP_AFTER_MINUTES, "off",
                io.gigaslack.runs.WorkspaceSetting.GIGA_SCREENSHOTS, "false"));
        TeamSettings teams = new TeamSettings() {
            @Override
            public WorkspaceSettings of(String teamId) {
                return teamId.equals("T1") ? t1 : SettingsFixtures.defaults();
            }

            @Override
            public ChannelPresets presets(String teamId, String channelId) {
                return ChannelPresets.NONE;
            }

            @Override
            public WorkspaceSettings defaults() {
                return SettingsFixtures.defaults();
            }
        };
        RunUpdater updater = RunUpdater.perWorkspace(db.jdbc(), runs, jobs, clock, teams, commits::incrementAndGet);
        runs.insert(Run.requested("r_2", "T2", "C1", "U1", RunKind.AGENT,
                new RunParams("giga-standard", 2, "Book a table", "A confirmation", "", ""), "gs-2", null,
                clock.instant()));
        runningRun(updater);
        updater.apply("r_2", confirmed());
        updater.apply("r_2", observed(ComputerState.RUNNING));
        settle();

        updater.apply(RUN_ID, new Signal.AgentFinished(true, "Booked", null));
        updater.apply("r_2", new Signal.AgentFinished(true, "Booked", null));

        assertThat(runs.findById(RUN_ID).orElseThrow().autoStopAt()).isNull();
        assertThat(runs.findById("r_2").orElseThrow().autoStopAt())
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(db.jdbc().query("SELECT run_id FROM jobs WHERE done = FALSE AND kind = 'screenshot'",
                rs -> rs.getString(1))).containsExactly("r_2");
    }

    @Test
    void an_agent_that_fails_also_has_its_results_collected() {
        RunUpdater updater = updater(true);
        runningRun(updater);

        updater.apply(RUN_ID, new Signal.AgentFinished(false, null, "The site was down"));

        assertThat(pendingJobs()).containsExactly(
                new RunJob.PostNotice(new Notice.MilestoneReached(Milestone.AGENT_FAILED)),
                new RunJob.CollectResults(), RunJob.Stop.AUTOMATIC, RunJob.PostCard.EDIT);
        assertThat(runs.findById(RUN_ID).orElseThrow().failureReason()).isEqualTo("The site was down");
    }

    @Test
    void an_agent_that_finishes_before_its_desktop_was_seen_ready_announces_both_in_order() {
        RunUpdater updater = updater(false);
        updater.apply(RUN_ID, confirmed());
        settle();

        Transition t = updater.apply(RUN_ID, new Signal.AgentFinished(true, "Done", null)).orElseThrow();

        assertThat(t.milestones()).containsExactly(Milestone.DESKTOP_READY, Milestone.AGENT_SUCCEEDED);
        assertThat(pendingJobs()).containsExactly(
                new RunJob.PostNotice(new Notice.MilestoneReached(Milestone.DESKTOP_READY)),
                new RunJob.PostNotice(new Notice.MilestoneReached(Milestone.AGENT_SUCCEEDED)),
                new RunJob.CollectResults(), new RunJob.PostNotice(new Notice.ComputerStillRuns(null,
                        runs.findById(RUN_ID).orElseThrow().plannedEnd())),
                RunJob.PostCard.EDIT);
    }

    @Test
    void a_late_outcome_for_a_stopped_computer_collects_results_but_neither_stops_nor_warns() {
        RunUpdater updater = updater(true);
        runningRun(updater);
        updater.apply(RUN_ID, observed(ComputerState.STOPPED));
        settle();

        Transition t = updater.apply(RUN_ID, new Signal.AgentFinished(true, "Done", null)).orElseThrow();

        assertThat(t.after().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(pendingJobs()).containsExactly(
                new RunJob.PostNotice(new Notice.MilestoneReached(Milestone.AGENT_SUCCEEDED)),
                new RunJob.CollectResults(), RunJob.PostCard.EDIT);
    }

    // ---- nothing to do ----

    @Test
    void a_signal_that_changes_nothing_enqueues_nothing() {
        RunUpdater updater = updater(true);
        Run running = runningRun(updater);
        int commitsBefore = commits.get();

        Transition same = updater.apply(RUN_ID, new Signal.ComputerObserved(ComputerState.RUNNING, "sb_1",
                "https://vnc/1", null)).orElseThrow();
        Transition backwards = updater.apply(RUN_ID, observed(ComputerState.PROVISIONING)).orElseThrow();

        assertThat(same.changed()).isFalse();
        assertThat(backwards.changed()).isFalse();
        assertThat(jobCount()).isZero();
        assertThat(runs.findById(RUN_ID).orElseThrow().version()).isEqualTo(running.version());
        assertThat(commits).as("after-commit hook").hasValue(commitsBefore);
    }

    @Test
    void a_finished_agent_reported_again_enqueues_nothing() {
        RunUpdater updater = updater(true);
        runningRun(updater);
        updater.apply(RUN_ID, new Signal.AgentFinished(true, "Done", null));
        settle();

        Transition again = updater.apply(RUN_ID, new Signal.AgentFinished(true, "Done", null)).orElseThrow();

        assertThat(again.changed()).isFalse();
        assertThat(jobCount()).isZero();
    }

    @Test
    void a_missing_run_gives_empty_and_enqueues_nothing() {
        Optional<Transition> t = updater(true).apply("r_missing", new Signal.AgentFinished(true, "x", null));
        Optional<Transition> inTx = db.jdbc().inTransaction(tx ->
                updater(true).apply(tx, "r_missing", observed(ComputerState.RUNNING)));

        assertThat(t).isEmpty();
        assertThat(inTx).isEmpty();
        assertThat(jobCount()).isZero();
        assertThat(commits).hasValue(0);
    }

    // ---- one transaction ----

    @Test
    void the_change_and_its_jobs_roll_back_together() {
        RunUpdater updater = updater(true);
        Run before = runs.findById(RUN_ID).orElseThrow();

        assertThatThrownBy(() -> db.jdbc().useTransaction(tx -> {
            updater.apply(tx, RUN_ID, new Signal.StartRefused("no credits"));
            assertThat(queue.depth(JobQueue.SLACK)).as("not visible outside the transaction").isZero();
            throw new IllegalStateException("the caller fails after the update");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(runs.findById(RUN_ID)).contains(before);
        assertThat(jobCount()).isZero();
    }

    @Test
    void the_transition_carries_the_run_as_saved_and_the_hook_runs_after_commit() {
        RunUpdater updater = updater(false);
        Run before = runs.findById(RUN_ID).orElseThrow();
        clock.advance(Duration.ofSeconds(5));

        Transition t = updater.apply(RUN_ID, confirmed()).orElseThrow();

        assertThat(t.before()).isEqualTo(before);
        assertThat(t.after().version()).isEqualTo(before.version() + 1);
        assertThat(t.after().updatedAt()).isEqualTo(clock.instant());
        assertThat(runs.findById(RUN_ID)).contains(t.after());
        assertThat(commits).hasValue(1);
    }

    @Test
    void a_stop_request_is_recorded_once() {
        RunUpdater updater = updater(false);

        assertThat(updater.apply(RUN_ID, new Signal.StopRequested("U1")).orElseThrow().changed()).isTrue();
        settle();
        assertThat(updater.apply(RUN_ID, new Signal.StopRequested("U2")).orElseThrow().changed()).isFalse();

        assertThat(runs.findById(RUN_ID).orElseThrow().stoppedBy()).isEqualTo("U1");
        assertThat(jobCount()).isZero();
    }

    @Test
    void notices_and_jobs_are_enqueued_for_the_run() {
        RunUpdater updater = updater(false);
        Instant expires = clock.instant().plus(Duration.ofMinutes(75));

        updater.notice(RUN_ID, new Notice.Extended("U1", expires));
        db.jdbc().useTransaction(tx -> updater.enqueue(tx, RUN_ID, new RunJob.ShareFile("f_1", "a.txt", 12)));

        assertThat(pendingJobs()).containsExactly(new RunJob.PostNotice(new Notice.Extended("U1", expires)),
                new RunJob.ShareFile("f_1", "a.txt", 12));
    }

    // ---- helpers ----

    static Signal confirmed() {
        return new Signal.StartConfirmed("d_1", "th_1", "sb_1", "https://vnc/1");
    }

    static Signal observed(ComputerState state) {
        return new Signal.ComputerObserved(state, null, null, null);
    }

    /** Brings the run to a running computer and clears the jobs that took. */
    Run runningRun(RunUpdater updater) {
        updater.apply(RUN_ID, confirmed());
        updater.apply(RUN_ID, observed(ComputerState.RUNNING));
        settle();
        Run run = runs.findById(RUN_ID).orElseThrow();
        assertThat(run.computer()).isEqualTo(ComputerState.RUNNING);
        return run;
    }

    void settle() {
        db.jdbc().update("UPDATE jobs SET done = TRUE");
    }

    long jobCount() {
        return db.jdbc().queryLong("SELECT COUNT(*) FROM jobs WHERE done = FALSE");
    }

    List<org.assertj.core.groups.Tuple> storedJobs() {
        return db.jdbc().query("SELECT queue, run_id, kind, payload FROM jobs WHERE done = FALSE ORDER BY id",
                rs -> tuple(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
    }

    List<RunJob> pendingJobs() {
        List<Long> ids = db.jdbc().query("SELECT id FROM jobs WHERE done = FALSE ORDER BY id", rs -> rs.getLong(1));
        return ids.stream().map(id -> JobCodec.decode(queue.find(id).orElseThrow())).toList();
    }
}

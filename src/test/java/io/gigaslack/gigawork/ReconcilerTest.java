package io.gigaslack.gigawork;

import static io.gigaslack.gigawork.GigaWorkFixture.AGENT;
import static io.gigaslack.gigawork.GigaWorkFixture.DEPLOYMENT_READS_PER_CYCLE;
import static io.gigaslack.gigawork.GigaWorkFixture.OWNER;
import static io.gigaslack.gigawork.GigaWorkFixture.POLL_INTERVAL;
import static io.gigaslack.gigawork.GigaWorkFixture.PROVISION;
import static io.gigaslack.gigawork.GigaWorkFixture.SESSION_READS_PER_CYCLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.giga.ListDeploymentsQuery;
import io.gigaslack.giga.sim.RecordedRequest;
import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.Milestone;
import io.gigaslack.runs.Notice;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunStatus;
import io.gigaslack.service.JobCodec;
import io.gigaslack.service.RunJob;
import io.gigaslack.store.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconciler's cycles and their scheduling, against the simulator over HTTP. */
class ReconcilerTest {

    private static final String RECONCILER = JobCodec.RECONCILER_RUN_ID;
    private static final String SESSIONS = "/api/sessions/[^/]+";
    private static final String ONE_DEPLOYMENT = "/api/deployments/dep_[0-9]+";

    private GigaWorkFixture f;

    @BeforeEach
    void setUp() {
        f = new GigaWorkFixture();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /** A desktop run (no agent, so no session to read) whose computer the reconciler has seen ready. */
    private Run readyDesktop(String id) throws Exception {
        f.insert(f.newDesktopRun(id));
        f.handle(id, new RunJob.Start());
        f.advance(PROVISION);
        f.reconciler.cycle();
        Run run = f.run(id);
        assertThat(run.computer()).isEqualTo(ComputerState.RUNNING);
        return run;
    }

    private List<String> sessionsRead() {
        return f.sim.requests().stream().filter(r -> r.method().equals("GET") && r.path().matches(SESSIONS))
                .map(RecordedRequest::path).toList();
    }

    private List<Job> unfinishedReconcileJobs() {
        return f.db.jdbc().query("SELECT id FROM jobs WHERE run_id = ? AND kind = ? AND done = FALSE ORDER BY id",
                rs -> rs.getLong(1), RECONCILER, JobCodec.RECONCILE).stream()
                .map(id -> f.queue.find(id).orElseThrow()).toList();
    }

    /**
     * Does what the Giga worker does with the reconcile job: waits until it falls due, claims it, hands it to
     * {@link GigaJobs} and completes it. Returns the job it scheduled next.
     */
    private Job runReconcileJob() throws Exception {
        List<Job> waiting = unfinishedReconcileJobs();
        assertThat(waiting).hasSize(1);
        Instant due = waiting.get(0).runAfter();
        if (due.isAfter(f.clock.instant())) {
            f.advance(Duration.between(f.clock.instant(), due));
        }
        Job claimed = f.queue.claimNext("giga", OWNER, Duration.ofMinutes(1), f.clock.instant()).orElseThrow();
        assertThat(claimed.id()).isEqualTo(waiting.get(0).id());
        f.gigaJobs.handle(claimed, (RunJob.GigaJob) JobCodec.decode(claimed));
        assertThat(f.queue.complete(claimed, OWNER)).isTrue();
        List<Job> next = unfinishedReconcileJobs();
        assertThat(next).as("the next cycle is scheduled").hasSize(1);
        return next.get(0);
    }

    private void assertNext(Job next, Duration wait, int idleCycles) {
        assertThat(next.queue()).isEqualTo("giga");
        assertThat(next.runAfter()).isEqualTo(f.clock.instant().plus(wait));
        assertThat(JobCodec.decode(next)).isEqualTo(new RunJob.Reconcile(idleCycles));
    }

    // ---- one cycle ----------------------------------------------------------------------------------------

    @Test
    void cycle_observes_a_computer_that_became_ready_and_enqueues_the_milestone_notice() throws Exception {
        Run run = f.started("r_ready1");
        f.advance(PROVISION);

        f.reconciler.cycle();

        Run after = f.run(run.id());
        assertThat(after.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(after.computer()).isEqualTo(ComputerState.RUNNING);
        assertThat(after.readyAt()).isEqualTo(f.clock.instant());
        assertThat(after.expiresAt()).isEqualTo(f.deployment(run).expiresAt()).isNotNull();
        assertThat(f.milestones(run.id())).containsExactly(Milestone.DESKTOP_READY);
        assertThat(f.count("thread", run.id())).isEqualTo(1);

        f.reconciler.cycle();

        assertThat(f.milestones(run.id())).as("announced once").containsExactly(Milestone.DESKTOP_READY);
    }

    @Test
    void cycle_reads_the_session_of_an_agent_that_finished_and_records_its_outcome() throws Exception {
        Run run = f.ready("r_done1");
        f.advance(AGENT);
        f.sim.clearRequests();

        f.reconciler.cycle();

        assertThat(f.sim.count("GET", "/api/sessions/" + run.threadId())).isEqualTo(1);
        Run after = f.run(run.id());
        assertThat(after.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(after.finalAnswer()).isEqualTo("Done: saved report.txt");
        assertThat(f.milestones(run.id())).containsExactly(Milestone.DESKTOP_READY, Milestone.AGENT_SUCCEEDED);
        assertThat(f.count("results", run.id())).isEqualTo(1);
    }

    @Test
    void an_agent_that_finished_just_before_its_computer_stopped_keeps_its_outcome() throws Exception {
        Run run = f.ready("r_late1");
        f.advance(AGENT);
        f.giga.stopDeployment(run.deploymentId()); // e.g. stopped from Giga's dashboard before the next cycle

        f.reconciler.cycle();

        Run after = f.run(run.id());
        assertThat(after.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(after.finalAnswer()).isEqualTo("Done: saved report.txt");
        assertThat(f.milestones(run.id())).contains(Milestone.AGENT_SUCCEEDED);
        assertThat(f.count("results", run.id())).isEqualTo(1);
    }

    @Test
    void deployments_missing_from_the_lists_are_read_in_turn_so_none_starves() throws Exception {
        List<Run> failing = new ArrayList<>();
        for (int i = 0; i < DEPLOYMENT_READS_PER_CYCLE; i++) {
            failing.add(f.ready("r_fail" + i));
        }
        Run gone = f.ready("r_gone_late");
        for (Run r : failing) {
            f.giga.stopDeployment(r.deploymentId()); // no longer listed as live
            f.sim.faults().on("GET", "/api/deployments/" + r.deploymentId()).times(1000).respond(500, "INTERNAL_ERROR");
        }
        f.giga.deleteDeployment(gone.deploymentId());

        f.reconciler.cycle();
        System.out.println("DEBUG after 1: gone=" + f.run(gone.id()).computer() + " reads=" + f.sim.requests().stream().map(r -> r.method() + " " + r.path()).toList());
        f.reconciler.cycle();

        assertThat(f.run(gone.id()).computer()).isEqualTo(ComputerState.DELETED);
    }

    @Test
    void cycle_records_a_deployment_that_disappeared_as_deleted() throws Exception {
        Run run = f.ready("r_gone1");
        f.giga.deleteDeployment(run.deploymentId());
        f.sim.clearRequests();

        f.reconciler.cycle();

        assertThat(f.sim.count("GET", "/api/deployments/" + run.deploymentId())).isEqualTo(1);
        Run after = f.run(run.id());
        assertThat(after.computer()).isEqualTo(ComputerState.DELETED);
        assertThat(after.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(after.computerEndedAt()).isEqualTo(f.clock.instant());
        assertThat(f.milestones(run.id())).containsExactly(Milestone.DESKTOP_READY, Milestone.COMPUTER_STOPPED);

        f.sim.clearRequests();
        assertThat(f.reconciler.cycle()).as("nothing left to track").isZero();
        assertThat(f.gigaRequests()).isZero();
    }

    @Test
    void cycle_records_a_computer_that_expired_at_giga_as_stopped() throws Exception {
        Run run = readyDesktop("r_expired1");
        f.advance(Duration.between(f.clock.instant(), run.expiresAt()));
        assertThat(f.deployment(run).status()).isEqualTo("stopped");

        f.reconciler.cycle();

        Run after = f.run(run.id());
        assertThat(after.computer()).isEqualTo(ComputerState.STOPPED);
        assertThat(after.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(after.stoppedBy()).isNull();
        assertThat(f.milestones(run.id())).containsExactly(Milestone.DESKTOP_READY, Milestone.COMPUTER_STOPPED);
    }

    @Test
    void cycle_queues_an_extension_for_a_sandbox_about_to_end_before_the_planned_end() throws Exception {
        Run run = readyDesktop("r_keep1");
        assertThat(run.expiresAt()).isBefore(run.plannedEnd());
        f.advance(Duration.between(f.clock.instant(), run.expiresAt().minus(Reconciler.EXTEND_AHEAD).minusSeconds(30)));
        f.reconciler.cycle();
        assertThat(f.count("extend", run.id())).as("not yet").isZero();

        f.advance(Duration.ofSeconds(60));
        f.reconciler.cycle();
        f.reconciler.cycle();
        assertThat(f.count("extend", run.id())).as("one, coalesced").isEqualTo(1);
        assertThat(f.notices(run.id(), Notice.ExpiryReminder.class)).as("no reminder: the app extends it").isEmpty();
    }

    @Test
    void cycle_stops_a_computer_whose_planned_end_has_come() throws Exception {
        // Recorded an hour ago, asking for one hour: its time is up as soon as its computer runs.
        f.insert(Run.requested("r_end1", "T1", "C1", "U1", io.gigaslack.runs.RunKind.DESKTOP,
                new io.gigaslack.runs.RunParams(GigaWorkFixture.PLATFORM, 1, "", "", "", ""), "gs-r_end1", null,
                f.clock.instant().minus(Duration.ofHours(1))));
        f.handle("r_end1", new RunJob.Start());
        f.advance(PROVISION);
        f.reconciler.cycle();
        Run run = f.run("r_end1");
        assertThat(run.computer()).isEqualTo(ComputerState.RUNNING);

        assertThat(f.count("stop", run.id())).isEqualTo(1);
    }

    @Test
    void cycle_spends_a_bounded_number_of_giga_requests_whatever_the_number_of_runs() throws Exception {
        int n = 60;
        for (int i = 0; i < n; i++) {
            f.started(String.format("r_many%02d", i));
        }
        f.advance(PROVISION);
        // Live deployments are listed in pages of 50 (running: 2 pages, provisioning: 1), then a few sessions.
        int listRequests = (n + ListDeploymentsQuery.MAX_LIMIT - 1) / ListDeploymentsQuery.MAX_LIMIT + 1;
        f.sim.clearRequests();

        int first = f.reconciler.cycle();

        assertThat(first).isEqualTo(f.gigaRequests()).isEqualTo(listRequests + SESSION_READS_PER_CYCLE);
        assertThat(f.runs.listNeedingTracking(100)).hasSize(n)
                .allSatisfy(r -> assertThat(r.computer()).isEqualTo(ComputerState.RUNNING));

        f.sim.clearRequests();
        int second = f.reconciler.cycle();

        assertThat(second).isEqualTo(f.gigaRequests())
                .isLessThanOrEqualTo(listRequests + DEPLOYMENT_READS_PER_CYCLE + SESSION_READS_PER_CYCLE);
        assertThat(f.sim.count("GET", "/api/deployments")).isEqualTo(listRequests);
        assertThat(sessionsRead()).hasSize(SESSION_READS_PER_CYCLE);
        assertThat(f.sim.countMatching("GET", ONE_DEPLOYMENT)).isZero();
        assertThat(f.sim.countMatching("POST", "/api/.*")).isZero();
    }

    @Test
    void cycle_reads_agent_sessions_in_turn_oldest_checked_first() throws Exception {
        int n = 2 * SESSION_READS_PER_CYCLE;
        Set<String> threads = new HashSet<>();
        for (int i = 0; i < n; i++) {
            threads.add("/api/sessions/" + f.ready(String.format("r_turn%02d", i)).threadId());
        }
        List<String> read = new ArrayList<>();

        for (int cycle = 0; cycle < 2; cycle++) {
            f.sim.clearRequests();
            f.reconciler.cycle();
            assertThat(sessionsRead()).hasSize(SESSION_READS_PER_CYCLE);
            read.addAll(sessionsRead());
        }

        assertThat(read).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(threads);
    }

    @Test
    void cycle_reads_a_bounded_number_of_deployments_missing_from_the_lists() throws Exception {
        int n = DEPLOYMENT_READS_PER_CYCLE + 3;
        List<Run> gone = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Run run = readyDesktop(String.format("r_missing%02d", i));
            gone.add(run);
        }
        for (Run run : gone) {
            f.giga.deleteDeployment(run.deploymentId());
        }
        f.sim.clearRequests();

        f.reconciler.cycle();

        assertThat(f.sim.countMatching("GET", ONE_DEPLOYMENT)).isEqualTo(DEPLOYMENT_READS_PER_CYCLE);
        assertThat(gone).filteredOn(r -> f.run(r.id()).computer() == ComputerState.DELETED)
                .hasSize(DEPLOYMENT_READS_PER_CYCLE);

        f.sim.clearRequests();
        f.reconciler.cycle();

        assertThat(f.sim.countMatching("GET", ONE_DEPLOYMENT)).isEqualTo(n - DEPLOYMENT_READS_PER_CYCLE);
        assertThat(gone).allSatisfy(r -> assertThat(f.run(r.id()).computer()).isEqualTo(ComputerState.DELETED));
    }

    @Test
    void cycle_with_no_deployment_to_track_asks_giga_nothing() throws Exception {
        f.agentRun("r_pending1");

        assertThat(f.reconciler.cycle()).isZero();

        assertThat(f.gigaRequests()).isZero();
        assertThat(f.run("r_pending1").status()).isEqualTo(RunStatus.PENDING);
    }

    // ---- scheduling ---------------------------------------------------------------------------------------

    @Test
    void ensure_scheduled_creates_exactly_one_reconcile_job() {
        f.reconciler.ensureScheduled();
        f.reconciler.ensureScheduled();
        f.reconciler.ensureScheduled();

        assertThat(f.count(JobCodec.RECONCILE, RECONCILER)).isEqualTo(1);
        Job job = unfinishedReconcileJobs().get(0);
        assertNext(job, Duration.ZERO, 0);

        // Running (claimed) it still counts: no second chain starts beside it.
        f.queue.claimNext("giga", OWNER, Duration.ofMinutes(1), f.clock.instant()).orElseThrow();
        f.reconciler.ensureScheduled();
        assertThat(f.count(JobCodec.RECONCILE, RECONCILER)).isEqualTo(1);
    }

    @Test
    void ensure_scheduled_starts_the_chain_again_after_its_job_was_given_up() {
        f.reconciler.ensureScheduled();
        Job claimed = f.queue.claimNext("giga", OWNER, Duration.ofMinutes(1), f.clock.instant()).orElseThrow();
        f.queue.fail(claimed, OWNER, "given up");

        f.reconciler.ensureScheduled();

        assertThat(f.count(JobCodec.RECONCILE, RECONCILER)).isEqualTo(2);
        assertThat(unfinishedReconcileJobs()).hasSize(1);
    }

    @Test
    void run_scheduled_schedules_the_next_cycle_one_interval_on_while_a_computer_is_starting() throws Exception {
        f.started("r_sched1");
        f.reconciler.ensureScheduled();

        Job next = runReconcileJob();

        assertNext(next, POLL_INTERVAL, 0);
        assertThat(f.sim.count("GET", "/api/deployments")).as("the cycle ran").isEqualTo(2);
    }

    @Test
    void run_scheduled_widens_the_wait_while_cycles_change_nothing_and_narrows_it_again_on_news() throws Exception {
        Run run = readyDesktop("r_idle1");
        f.reconciler.ensureScheduled();

        assertNext(runReconcileJob(), POLL_INTERVAL.multipliedBy(2), 1);
        assertNext(runReconcileJob(), POLL_INTERVAL.multipliedBy(Reconciler.MAX_BACKOFF_FACTOR), 2);
        assertNext(runReconcileJob(), POLL_INTERVAL.multipliedBy(Reconciler.MAX_BACKOFF_FACTOR), 2);

        f.giga.stopDeployment(run.deploymentId());
        assertNext(runReconcileJob(), POLL_INTERVAL, 0);
        assertThat(f.run(run.id()).computer()).isEqualTo(ComputerState.STOPPED);
    }

    @Test
    void run_scheduled_with_nothing_to_track_waits_longer() throws Exception {
        f.reconciler.ensureScheduled();

        assertNext(runReconcileJob(), POLL_INTERVAL.multipliedBy(2), 1);
        assertThat(f.gigaRequests()).isZero();
    }

    @Test
    void a_failed_cycle_still_schedules_the_next_one_interval_on() throws Exception {
        readyDesktop("r_fail1");
        f.sim.faults().on("GET", "/api/deployments").times(100).respond(500, "INTERNAL_ERROR");
        f.db.jdbc().useTransaction(tx -> f.jobs.add(tx, RECONCILER, new RunJob.Reconcile(2)));

        Job next = runReconcileJob();

        assertNext(next, POLL_INTERVAL, 0);
        assertThat(f.sleeps).as("the client retried the list before the cycle failed").isNotEmpty();
    }
}

package io.gigaslack.gigawork;

import static io.gigaslack.gigawork.GigaWorkFixture.PROVISION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.gigaslack.engine.GiveUp;
import io.gigaslack.giga.GigaClient;
import io.gigaslack.giga.sim.GigaSimulator;
import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.Milestone;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunStatus;
import io.gigaslack.service.JobCodec;
import io.gigaslack.service.RunJob;
import io.gigaslack.store.Job;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each workspace brings its own Giga account: two workspaces with two keys, each account a simulator of its own that
 * accepts only its key (so a request that reaches one went out with that account's key), and a third workspace with
 * none. Runs of T1 belong to account T1 (the fixture's simulator), runs of T2 to account T2 (a second simulator).
 */
class WorkspaceAccountsTest {
    private static final String KEY_2 = "giga_sk_" + "2".repeat(32);

    private GigaWorkFixture f;
    private GigaSimulator one;
    private GigaSimulator two;
    private MapKeySource keys;

    @BeforeEach
    void setUp() {
        f = new GigaWorkFixture();
        one = f.sim;
        two = f.otherSim(KEY_2);
        keys = new MapKeySource().connect("T1", one.apiKey()).connect("T2", KEY_2);
        // Distributed mode's settings: X-Client-Id = the account; each account's Giga at its own address.
        f.use(f.accounts(keys, key -> GigaAccounts.perAccountClientId(simOf(key.accountId()).baseUrl()).apply(key)));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private GigaSimulator simOf(String accountId) {
        return accountId.equals("T1") ? one : two;
    }

    private GigaClient clientOf(String teamId) {
        return f.accounts.forTeam(teamId).orElseThrow();
    }

    private static List<String> clientIds(GigaSimulator sim) {
        return sim.requests().stream().map(r -> r.header("X-Client-Id")).distinct().toList();
    }

    private static int apiRequests(GigaSimulator sim) {
        return sim.countMatching("*", "/api/.*");
    }

    /** Agent runs of T1 and T2 whose start jobs ran, each at its own account. */
    private void startBoth() throws Exception {
        f.agentRunOf("T1", "r_one");
        f.agentRunOf("T2", "r_two");
        f.handle("r_one", new RunJob.Start());
        f.handle("r_two", new RunJob.Start());
    }

    @Test
    void each_workspace_s_runs_go_out_with_its_own_key_and_client_id() throws Exception {
        startBoth();
        f.handle("r_two", new RunJob.Stop("U1"));

        assertThat(one.count("POST", "/api/deployments/start")).isEqualTo(1);
        assertThat(two.count("POST", "/api/deployments/start")).isEqualTo(1);
        assertThat(two.countMatching("POST", "/api/deployments/[^/]+/stop")).isEqualTo(1);
        assertThat(one.countMatching("POST", "/api/deployments/[^/]+/stop")).isZero();
        assertThat(clientIds(one)).containsExactly("T1");
        assertThat(clientIds(two)).containsExactly("T2");
        assertThat(f.run("r_one").deploymentId()).isEqualTo(one.deployments().get(0).id());
        assertThat(f.run("r_two").deploymentId()).isEqualTo(two.deployments().get(0).id());
    }

    @Test
    void the_reconciler_polls_each_account_with_its_own_client_and_keeps_their_runs_apart() throws Exception {
        startBoth();
        assertThat(f.run("r_one").deploymentId()).as("the same id at each account")
                .isEqualTo(f.run("r_two").deploymentId());
        f.advance(PROVISION);
        clientOf("T2").stopDeployment(f.run("r_two").deploymentId());
        one.clearRequests();
        two.clearRequests();

        f.reconciler.cycle();

        assertThat(f.run("r_one").computer()).isEqualTo(ComputerState.RUNNING);
        assertThat(f.run("r_one").status()).isEqualTo(RunStatus.RUNNING);
        assertThat(f.run("r_two").computer()).isEqualTo(ComputerState.STOPPED);
        assertThat(one.count("GET", "/api/deployments")).as("running and provisioning lists").isEqualTo(2);
        assertThat(two.count("GET", "/api/deployments")).isEqualTo(2);
        assertThat(clientIds(one)).containsExactly("T1");
        assertThat(clientIds(two)).containsExactly("T2");
    }

    @Test
    void one_account_s_failing_giga_does_not_stop_the_other_s_polling() throws Exception {
        startBoth();
        f.advance(PROVISION);
        one.faults().on("GET", "/api/deployments.*").times(1000).respond(500, "INTERNAL_ERROR");

        f.reconciler.cycle();

        assertThat(f.run("r_two").computer()).isEqualTo(ComputerState.RUNNING);
        assertThat(f.milestones("r_two")).containsExactly(Milestone.DESKTOP_READY);
        assertThat(f.run("r_one").computer()).as("unknown until its Giga answers")
                .isEqualTo(ComputerState.PROVISIONING);
    }

    @Test
    void one_account_s_slow_giga_does_not_hold_up_the_other_s_polling() throws Exception {
        Reconciler impatient = new Reconciler(f.accounts, f.runs, f.updater, f.db.jdbc(), f.clock,
                GigaWorkFixture.SESSION_READS_PER_CYCLE, GigaWorkFixture.DEPLOYMENT_READS_PER_CYCLE, f.jobs,
                GigaWorkFixture.POLL_INTERVAL, ProgressReader.OFF, Duration.ofMillis(300));
        startBoth();
        f.advance(PROVISION);
        one.faults().on("GET", "/api/deployments").times(1).delay(Duration.ofSeconds(2));
        one.clearRequests();

        long began = System.nanoTime();
        impatient.cycle();
        impatient.cycle();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);

        assertThat(f.run("r_two").computer()).isEqualTo(ComputerState.RUNNING);
        assertThat(tookMillis).as("neither cycle waited for the slow account").isLessThan(1800);
        assertThat(one.count("GET", "/api/deployments")).as("the slow account's part was not started twice")
                .isEqualTo(1);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (f.run("r_one").computer() != ComputerState.RUNNING && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(f.run("r_one").computer()).as("its part went on by itself").isEqualTo(ComputerState.RUNNING);
    }

    @Test
    void a_workspace_without_a_giga_account_is_refused_clearly_and_giga_hears_nothing() throws Exception {
        f.agentRunOf("T3", "r_none");

        f.handle("r_none", new RunJob.Start());

        Run after = f.run("r_none");
        assertThat(after.status()).isEqualTo(RunStatus.FAILED);
        assertThat(after.failureReason()).isEqualTo(
                "This workspace has not connected a Giga account: an admin can connect one in the app's Home tab.");
        assertThat(f.milestones("r_none")).containsExactly(Milestone.START_FAILED);
        assertThat(apiRequests(one) + apiRequests(two)).isZero();
    }

    @Test
    void the_jobs_of_a_run_whose_key_was_removed_give_up_at_once_and_send_nothing() throws Exception {
        startBoth();
        f.advance(PROVISION);
        f.reconciler.cycle();
        f.change("r_two", b -> b.rootTs("1700000000.000100"));
        keys.remove("T2");
        two.clearRequests();
        long jobsBefore = f.totalJobs("r_two");

        for (RunJob.GigaJob job : List.of(new RunJob.Stop("U1"), RunJob.Stop.AUTOMATIC, new RunJob.Extend("U1"),
                new RunJob.Extend(null), new RunJob.Delete("U1"), new RunJob.FollowUp("U1", "And the totals"),
                new RunJob.Refresh(RunJob.CallbackHint.COMPLETED), new RunJob.CollectResults(),
                new RunJob.StartAgent())) {
            Job stored = f.stored("r_two", job);
            // As the worker does: the job is given up, and its handler told why.
            GiveUp given = catchGiveUp(() -> f.gigaJobs.handle(stored, job));
            assertThat(given).as("%s", job).hasMessageStartingWith(GigaJobs.NO_ACCOUNT).hasMessageContaining("r_two");
            f.gigaJobs.givenUp(stored, job, given.getMessage());
        }
        f.advance(Duration.ofHours(1));
        one.clearRequests();
        f.reconciler.cycle();

        assertThat(apiRequests(two)).isZero();
        assertThat(f.totalJobs("r_two")).as("no notice, no automatic stop or extension queued")
                .isEqualTo(jobsBefore);
        assertThat(one.count("GET", "/api/deployments")).as("the other workspace's runs are still polled")
                .isEqualTo(2);
    }

    private static GiveUp catchGiveUp(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(GiveUp.class);
        return (GiveUp) thrown;
    }

    @Test
    void each_account_s_balance_has_its_own_row_and_its_own_warning_once_per_fall() {
        one.balance(new BigDecimal("500"), BigDecimal.ZERO);
        two.balance(new BigDecimal("40"), BigDecimal.ZERO);

        f.balanceWatch.check();
        f.balanceWatch.check();
        one.balance(new BigDecimal("10"), BigDecimal.ZERO);
        f.balanceWatch.check();

        assertThat(f.balances.latest("T1").orElseThrow().credits()).isEqualByComparingTo("10");
        assertThat(f.balances.latest("T2").orElseThrow().credits()).isEqualByComparingTo("40");
        assertThat(f.balances.latest(GigaKeySource.SINGLE_ACCOUNT)).isEmpty();
        assertThat(warnings()).extracting(RunJob.LowBalanceAdmins::accountId).containsExactly("T2", "T1");
        assertThat(one.count("GET", "/api/billing")).isEqualTo(3);
        assertThat(clientIds(one)).containsExactly("T1");
        assertThat(clientIds(two)).containsExactly("T2");
    }

    @Test
    void an_account_whose_balance_cannot_be_read_does_not_keep_the_others_from_being_read() {
        one.faults().on("GET", "/api/billing").times(100).respond(401, "UNAUTHORIZED");
        two.balance(new BigDecimal("40"), BigDecimal.ZERO);

        f.balanceWatch.runScheduled();

        assertThat(f.balances.latest("T1")).isEmpty();
        assertThat(f.balances.latest("T2")).isPresent();
    }

    private List<RunJob.LowBalanceAdmins> warnings() {
        return f.db.jdbc().query("SELECT id FROM jobs WHERE kind = 'low_balance_admins' ORDER BY id",
                        rs -> rs.getLong(1))
                .stream().map(id -> (RunJob.LowBalanceAdmins) JobCodec.decode(f.queue.find(id).orElseThrow()))
                .toList();
    }
}

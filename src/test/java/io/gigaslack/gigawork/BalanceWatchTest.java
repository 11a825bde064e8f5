package io.gigaslack.gigawork;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.giga.GigaApiException;
import io.gigaslack.runs.CreditBalance;
import io.gigaslack.service.JobCodec;
import io.gigaslack.service.RunJob;
import io.gigaslack.store.BalanceStore;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The balance check against the simulator: what it records, and the low-balance warning once per fall. */
class BalanceWatchTest {
    /** The one account of single-workspace mode, whose balance row has always been 'giga'. */
    private static final String ACCOUNT = GigaKeySource.SINGLE_ACCOUNT;
    private GigaWorkFixture f;

    @BeforeEach
    void setUp() {
        f = new GigaWorkFixture();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private void balance(String plan, String prepaid) {
        f.sim.balance(new BigDecimal(plan), new BigDecimal(prepaid));
    }

    /** The warnings for the admins queued so far (one Slack job each, which finds and tells them), oldest first. */
    private List<RunJob.LowBalanceAdmins> warnings() {
        return f.db.jdbc().query("SELECT id FROM jobs WHERE kind = 'low_balance_admins' ORDER BY id",
                        rs -> rs.getLong(1))
                .stream().map(id -> (RunJob.LowBalanceAdmins) JobCodec.decode(f.queue.find(id).orElseThrow()))
                .toList();
    }

    @Test
    void the_balance_is_read_from_giga_and_kept_for_the_app_home() {
        f.balanceWatch.check();

        CreditBalance b = f.balances.latest(ACCOUNT).orElseThrow();
        assertThat(b.plan()).isEqualTo("starter-pro");
        assertThat(b.planCreditsRemaining()).isEqualByComparingTo("150");
        assertThat(b.prepaidBalance()).isEqualByComparingTo("25");
        assertThat(b.credits()).isEqualByComparingTo("175");
        assertThat(b.readAt()).isEqualTo(f.clock.instant());
        assertThat(f.sim.count("GET", "/api/billing")).isEqualTo(1);
        assertThat(warnings()).isEmpty();
    }

    @Test
    void the_admins_are_warned_once_when_the_balance_first_falls_below_the_level() {
        balance("60", "0");

        f.balanceWatch.check();
        f.advance(BalanceWatch.EVERY);
        balance("42.5", "0");
        f.balanceWatch.check();

        assertThat(warnings()).singleElement().satisfies(w -> {
            assertThat(w.configuredAdmins()).as("handed on, in order, for the Slack side to add the workspace's")
                    .containsExactly("U9", "U8");
            assertThat(w.credits()).isEqualByComparingTo("60");
            assertThat(w.level()).isEqualTo(GigaWorkFixture.LOW_BALANCE);
            assertThat(w.at()).isEqualTo(f.clock.instant().minus(BalanceWatch.EVERY));
        });
        assertThat(JobCodec.encode(warnings().get(0)).queue()).as("the Slack side's").isEqualTo("slack");
        assertThat(f.balances.latest(ACCOUNT).orElseThrow().credits()).isEqualByComparingTo("42.5");
    }

    @Test
    void after_the_balance_was_back_up_a_new_fall_warns_again() {
        balance("60", "0");
        f.balanceWatch.check();
        balance("70", "30");
        f.balanceWatch.check();
        assertThat(f.balances.warnedAt(ACCOUNT)).as("cleared at 100, the level itself").isEmpty();
        balance("99", "0");
        f.balanceWatch.check();

        assertThat(warnings()).hasSize(2);
        assertThat(warnings().get(1).credits()).isEqualByComparingTo("99");
    }

    @Test
    void another_instance_or_a_restart_does_not_warn_again_for_the_same_fall() {
        balance("10", "0");
        f.balanceWatch.check();
        BalanceWatch restarted = new BalanceWatch(f.accounts, new BalanceStore(f.db.jdbc()), f.db.jdbc(),
                f.jobs, f.clock, GigaWorkFixture.LOW_BALANCE, account -> GigaWorkFixture.ADMINS);

        restarted.check();

        assertThat(warnings()).hasSize(1);
    }

    @Test
    void two_replicas_checking_at_the_same_moment_send_one_warning_per_fall() throws Exception {
        BalanceWatch other = new BalanceWatch(f.accounts, new BalanceStore(f.db.jdbc()), f.db.jdbc(),
                f.jobs, f.clock, GigaWorkFixture.LOW_BALANCE, account -> GigaWorkFixture.ADMINS);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int fall = 1; fall <= 10; fall++) {
                balance("5", "0");
                CyclicBarrier together = new CyclicBarrier(2);
                Future<?> a = pool.submit(() -> {
                    together.await();
                    return f.balanceWatch.check();
                });
                Future<?> b = pool.submit(() -> {
                    together.await();
                    return other.check();
                });
                a.get(20, TimeUnit.SECONDS);
                b.get(20, TimeUnit.SECONDS);
                assertThat(warnings()).as("after fall %d", fall).hasSize(fall);
                balance("500", "0");
                other.check();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void with_the_warning_off_the_balance_is_only_recorded() {
        BalanceWatch off = new BalanceWatch(f.accounts, f.balances, f.db.jdbc(), f.jobs, f.clock, 0,
                account -> GigaWorkFixture.ADMINS);
        balance("1", "0");

        off.check();

        assertThat(warnings()).isEmpty();
        assertThat(f.balances.latest(ACCOUNT).orElseThrow().credits()).isEqualByComparingTo("1");
    }

    @Test
    void without_configured_admins_a_fall_still_warns_the_workspaces_admins() {
        BalanceWatch workspaceOnly = new BalanceWatch(f.accounts, f.balances, f.db.jdbc(), f.jobs, f.clock,
                GigaWorkFixture.LOW_BALANCE, account -> Set.of());
        balance("1", "0");

        workspaceOnly.check();

        assertThat(warnings()).singleElement().satisfies(w -> assertThat(w.configuredAdmins()).isEmpty());
        assertThat(f.balances.warnedAt(ACCOUNT)).contains(f.clock.instant());
    }

    @Test
    void the_admins_told_are_those_the_accounts_workspace_has_when_the_balance_falls() {
        // In distributed mode an account is its workspace's: the admins its own settings name (changed in Slack).
        List<String> admins = new java.util.ArrayList<>(List.of("UENV"));
        BalanceWatch perWorkspace = new BalanceWatch(f.accounts, f.balances, f.db.jdbc(), f.jobs, f.clock,
                GigaWorkFixture.LOW_BALANCE, account -> account.equals(ACCOUNT) ? admins : List.of("UOTHER"));
        admins.set(0, "USETINSLACK");
        admins.add("USETINSLACK"); // a name given twice is told once
        balance("1", "0");

        perWorkspace.check();

        assertThat(warnings()).singleElement().satisfies(w -> {
            assertThat(w.configuredAdmins()).containsExactly("USETINSLACK");
            assertThat(w.accountId()).isEqualTo(ACCOUNT);
        });
    }

    @Test
    void a_check_giga_refuses_is_logged_and_the_next_one_is_scheduled_all_the_same() {
        f.sim.faults().on("GET", "/api/billing").respond(401, GigaApiException.UNAUTHORIZED);

        f.balanceWatch.runScheduled();

        assertThat(f.balances.latest(ACCOUNT)).isEmpty();
        assertThat(f.count(JobCodec.CHECK_BALANCE, JobCodec.BALANCE_RUN_ID)).isEqualTo(1);
        assertThat(f.storedJobs(JobCodec.BALANCE_RUN_ID).get(0).runAfter())
                .isEqualTo(f.clock.instant().plus(BalanceWatch.EVERY));
    }

    @Test
    void the_check_is_scheduled_once_however_often_it_is_ensured() {
        f.balanceWatch.ensureScheduled();
        f.balanceWatch.ensureScheduled();

        assertThat(f.count(JobCodec.CHECK_BALANCE, JobCodec.BALANCE_RUN_ID)).isEqualTo(1);
        assertThat(f.storedJobs(JobCodec.BALANCE_RUN_ID).get(0).runAfter())
                .isEqualTo(f.clock.instant().plus(BalanceWatch.FIRST_AFTER));
    }

    @Test
    void the_giga_queue_runs_the_scheduled_check() throws Exception {
        f.handle(JobCodec.BALANCE_RUN_ID, new RunJob.CheckBalance());

        assertThat(f.balances.latest(ACCOUNT)).isPresent();
        assertThat(f.sim.count("GET", "/api/billing")).isEqualTo(1);
    }
}

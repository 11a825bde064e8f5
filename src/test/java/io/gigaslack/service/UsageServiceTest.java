package io.gigaslack.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.runs.AccessRules;
import io.gigaslack.runs.CreditBalance;
import io.gigaslack.store.BalanceStore;
import io.gigaslack.store.Database;
import io.gigaslack.store.JobQueue;
import io.gigaslack.store.RunRepository;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.TestDatabases;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admins' App Home shows the balance of their own workspace's Giga account, and no other's. */
class UsageServiceTest {
    private final SettableClock clock = new SettableClock();
    private Database db;
    private BalanceStore balances;
    private UsageService usage;

    @BeforeEach
    void setUp() {
        db = TestDatabases.h2();
        balances = new BalanceStore(db.jdbc());
        RunServiceTest.FakeDirectory directory = new RunServiceTest.FakeDirectory();
        directory.admins.add("U1");
        // T1 has an account of its own, T2 and T3 are covered by their Grid organisation's, T4 has none.
        Map<String, String> accountOf = Map.of("T1", "T1", "T2", "E1", "T3", "E1");
        usage = new UsageService(db.jdbc(), new RunRepository(db.jdbc()), balances,
                team -> Optional.ofNullable(accountOf.get(team)), new JobWriter(new JobQueue(db.jdbc()), clock),
                AccessRules.open(), directory, clock, 100, () -> { });
        record("T1", "500");
        record("E1", "42");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private void record(String accountId, String credits) {
        db.jdbc().useTransaction(tx -> balances.record(tx, accountId,
                new CreditBalance("starter", new BigDecimal(credits), BigDecimal.ZERO, null, clock.instant())));
    }

    private CreditBalance shownTo(String teamId) {
        return usage.adminHome(teamId, "U1").orElseThrow().balance();
    }

    @Test
    void the_app_home_shows_the_balance_of_the_viewer_s_workspace_s_account() {
        assertThat(shownTo("T1").credits()).isEqualByComparingTo("500");
        assertThat(shownTo("T2").credits()).isEqualByComparingTo("42");
        assertThat(shownTo("T3").credits()).isEqualByComparingTo("42");
        assertThat(shownTo("T4")).as("no account, no balance").isNull();
    }
}

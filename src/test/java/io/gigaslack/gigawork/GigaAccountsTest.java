package io.gigaslack.gigawork;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.giga.GigaClient;
import io.gigaslack.giga.RequestBudget;
import io.gigaslack.testing.SettableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Which client each workspace's runs get: one per account, built once per key, each key with its own budget. */
class GigaAccountsTest {
    private static final OkHttpClient HTTP = new OkHttpClient();
    private static final String KEY_1 = "giga_sk_" + "1".repeat(32);
    private static final String KEY_2 = "giga_sk_" + "2".repeat(32);

    private final MapKeySource keys = new MapKeySource();
    /** The keys the budget factory was asked for, in order. */
    private final List<String> budgetsMade = new ArrayList<>();
    private final GigaAccounts accounts = new GigaAccounts(keys,
            GigaAccounts.perAccountClientId("http://127.0.0.1:9"), key -> {
                budgetsMade.add(key);
                return RequestBudget.unlimited();
            }, HTTP, new SettableClock(), d -> { }, new Random(1));

    @Test
    void a_workspace_gets_the_same_client_each_time_while_its_key_stays() {
        keys.connect("T1", KEY_1);

        GigaClient first = accounts.forTeam("T1").orElseThrow();

        assertThat(accounts.forTeam("T1")).containsSame(first);
        assertThat(accounts.accountFor("T1").orElseThrow().accountId()).isEqualTo("T1");
        assertThat(budgetsMade).containsExactly(KEY_1);
    }

    @Test
    void a_workspace_without_a_key_has_no_client() {
        keys.connect("T1", KEY_1);

        assertThat(accounts.forTeam("T2")).isEmpty();
        assertThat(accounts.accountIdOf("T2")).isEmpty();
        assertThat(budgetsMade).isEmpty();
    }

    @Test
    void a_key_connected_again_gets_a_new_client_with_its_own_budget() {
        keys.connect("T1", KEY_1);
        GigaClient before = accounts.forTeam("T1").orElseThrow();

        keys.connect("T1", KEY_2);
        GigaClient after = accounts.forTeam("T1").orElseThrow();

        assertThat(after).isNotSameAs(before);
        assertThat(accounts.forTeam("T1")).containsSame(after);
        assertThat(budgetsMade).containsExactly(KEY_1, KEY_2);
        keys.connect("T1", KEY_1);
        accounts.forTeam("T1");
        assertThat(budgetsMade).as("the old key's budget was dropped with its client").containsExactly(KEY_1, KEY_2,
                KEY_1);
    }

    @Test
    void two_accounts_that_connect_the_same_key_share_its_budget_but_not_their_client() {
        keys.connect("T1", KEY_1).connect("T2", KEY_1);

        GigaClient one = accounts.forTeam("T1").orElseThrow();
        GigaClient two = accounts.forTeam("T2").orElseThrow();

        assertThat(one).as("each sends its own X-Client-Id").isNotSameAs(two);
        assertThat(budgetsMade).as("Giga's limit is the key's").containsExactly(KEY_1);
    }

    @Test
    void teams_of_one_grid_organisation_share_its_account() {
        keys.connect("T1", "E1", KEY_1).connect("T2", "E1", KEY_1);

        assertThat(accounts.forTeam("T2")).containsSame(accounts.forTeam("T1").orElseThrow());
        assertThat(accounts.accountIdOf("T2")).contains("E1");
        assertThat(accounts.all()).extracting(GigaAccounts.GigaAccount::accountId).containsExactly("E1");
    }

    @Test
    void an_account_no_longer_connected_is_dropped() {
        keys.connect("T1", KEY_1).connect("T2", KEY_2);
        GigaClient before = accounts.forTeam("T1").orElseThrow();

        keys.remove("T1");
        assertThat(accounts.all()).extracting(GigaAccounts.GigaAccount::accountId).containsExactly("T2");
        keys.connect("T1", KEY_1);

        assertThat(accounts.forTeam("T1").orElseThrow()).isNotSameAs(before);
        assertThat(budgetsMade).containsExactly(KEY_1, KEY_2, KEY_1);
    }

    @Test
    void single_workspace_mode_gives_every_team_the_one_key_under_the_balance_row_it_always_had() {
        GigaAccounts single = new GigaAccounts(GigaKeySource.single(KEY_1),
                GigaAccounts.fixedClientId("http://127.0.0.1:9", ""), key -> RequestBudget.unlimited(), HTTP,
                new SettableClock(), d -> { }, new Random(1));

        assertThat(single.forTeam("T2")).containsSame(single.forTeam("T1").orElseThrow());
        assertThat(single.accountIdOf("T9")).contains("giga");
        assertThat(single.all()).extracting(GigaAccounts.GigaAccount::accountId).containsExactly("giga");
    }

    @Test
    void no_key_is_shown_by_what_holds_it() {
        keys.connect("T1", KEY_1);

        List<String> shown = List.of(keys.keyFor("T1").orElseThrow().toString(),
                accounts.accountFor("T1").orElseThrow().toString(), accounts.toString(),
                GigaKeySource.single(KEY_2).toString());

        assertThat(shown).allSatisfy(text -> assertThat(text).doesNotContain("1111", "2222"));
        assertThat(shown.get(0)).isEqualTo("ConnectedKey[accountId=T1, apiKey=***]");
    }
}

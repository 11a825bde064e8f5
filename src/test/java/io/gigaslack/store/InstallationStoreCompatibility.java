package io.gigaslack.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.testing.PlainTextScan;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Distributed mode's tables on every supported database: installations (Bolt's rules for Enterprise Grid), the
 * replica-safe refresh of a bot token, OAuth states used once, each workspace's Giga key, deleting a workspace's
 * secrets, re-encryption under a new key, and that no secret is stored in plain text.
 */
abstract class InstallationStoreCompatibility extends DatabaseSuite {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final SecretBox BOX = SecretBox.of(SecretBoxTest.KEY, null, new SecureRandom());

    SlackInstallations installations;
    OAuthStates states;
    GigaKeys accounts;
    WorkspaceSecrets secrets;

    @BeforeEach
    void setUpInstallations() {
        db.jdbc().useTransaction(tx -> {
            for (String t : new String[] {"slack_installations", "slack_oauth_states", "giga_accounts"}) {
                tx.update("DELETE FROM " + t);
            }
        });
        installations = new SlackInstallations(db.jdbc(), BOX);
        states = new OAuthStates(db.jdbc());
        accounts = new GigaKeys(db.jdbc(), BOX);
        secrets = new WorkspaceSecrets(db.jdbc());
    }

    static SlackInstallation workspace(String team, String enterprise, SlackInstallation.Token bot) {
        return new SlackInstallation(team, enterprise, enterprise == null ? null : "Org " + enterprise, team,
                "Team " + team, false, "A1", "UBOT" + team, "B" + team, "chat:write,commands", bot, "UADMIN",
                "search:read", new SlackInstallation.Token("xoxp-user-" + team, null, null), T0, T0);
    }

    static SlackInstallation orgWide(String enterprise, SlackInstallation.Token bot) {
        return new SlackInstallation(enterprise, enterprise, "Org " + enterprise, null, null, true, "A1",
                "UBOT" + enterprise, "B" + enterprise, "chat:write,commands", bot, "UADMIN", null, null, T0, T0);
    }

    static SlackInstallation.Token rotating(String token, Instant expiresAt) {
        return new SlackInstallation.Token(token, "xoxe-1-refresh-" + token, expiresAt);
    }

    @Test
    void an_installation_is_read_back_whole_with_its_tokens_opened() {
        SlackInstallation stored = workspace("T1", null, rotating("xoxe.xoxb-T1-a", T0.plus(Duration.ofHours(12))));
        installations.save(stored);

        SlackInstallation read = installations.byWorkspace("T1").orElseThrow();
        assertThat(read).usingRecursiveComparison().isEqualTo(stored);
        assertThat(read.toString()).doesNotContain("xoxe.xoxb-T1-a").doesNotContain("refresh").doesNotContain("xoxp");
    }

    @Test
    void no_table_holds_a_token_or_key_in_plain_text() {
        installations.save(workspace("T1", null, rotating("xoxe.xoxb-T1-a", T0.plus(Duration.ofHours(12)))));
        installations.save(orgWide("E1", SlackInstallation.Token.lasting("xoxb-E1-org")));
        accounts.connect("T1", "giga_sk_live_T1_0123456789", "UADMIN", T0);

        assertThat(PlainTextScan.tables(db)).contains("slack_installations", "giga_accounts", "slack_oauth_states");
        assertThat(PlainTextScan.find(db, List.of("xoxe.xoxb-T1-a", "xoxe-1-refresh-xoxe.xoxb-T1-a", "xoxp-user-T1",
                "xoxb-E1-org", "giga_sk_live_T1_0123456789", "T1_0123"))).isEmpty();
    }

    @Test
    void installing_again_replaces_the_workspaces_installation() {
        installations.save(workspace("T1", null, SlackInstallation.Token.lasting("xoxb-first")));
        installations.save(workspace("T1", null, SlackInstallation.Token.lasting("xoxb-second")));

        assertThat(installations.workspaces()).containsExactly("T1");
        assertThat(installations.find(null, "T1").orElseThrow().bot().value()).isEqualTo("xoxb-second");
    }

    @Test
    void an_org_wide_install_serves_every_workspace_of_its_org_before_their_own() {
        installations.save(orgWide("E1", SlackInstallation.Token.lasting("xoxb-E1")));
        installations.save(workspace("T9", "E1", SlackInstallation.Token.lasting("xoxb-T9")));

        assertThat(installations.find("E1", "T5").orElseThrow().bot().value()).isEqualTo("xoxb-E1");
        assertThat(installations.find("E1", "T9").orElseThrow().bot().value()).isEqualTo("xoxb-E1");
        assertThat(installations.workspaceOf("E1", "T5")).contains("E1");
        assertThat(installations.find("E1", null).orElseThrow().enterpriseInstall()).isTrue();
    }

    @Test
    void a_workspace_installed_on_its_own_inside_an_org_is_found_by_its_team() {
        installations.save(workspace("T9", "E1", SlackInstallation.Token.lasting("xoxb-T9")));

        assertThat(installations.find("E1", "T9").orElseThrow().bot().value()).isEqualTo("xoxb-T9");
        assertThat(installations.find(null, "T9")).isPresent();
        assertThat(installations.find("E1", "T5")).isEmpty();
        assertThat(installations.find("E2", null)).isEmpty();
        assertThat(installations.workspaceOf("E1", "T9")).contains("T9");
    }

    @Test
    void an_org_id_never_finds_a_workspace_install_keyed_like_it() {
        installations.save(workspace("T1", null, SlackInstallation.Token.lasting("xoxb-T1")));

        assertThat(installations.find("T1", null)).isEmpty();
    }

    @Test
    void of_replicas_claiming_one_expiring_token_one_gets_it_and_its_new_token_is_stored_once() throws Exception {
        Instant expires = T0.plus(Duration.ofMinutes(5));
        installations.save(workspace("T1", null, rotating("xoxe.xoxb-old", expires)));
        int replicas = 8;
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                claims.add(pool.submit(() -> {
                    go.await();
                    return installations.claimBotRefresh("T1", expires, T0, T0.plusSeconds(40));
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> f : claims) {
                won += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        SlackInstallation.Token fresh = rotating("xoxe.xoxb-new", T0.plus(Duration.ofHours(12)));

        assertThat(installations.storeRefreshedBot("T1", expires, fresh, T0)).isTrue();
        // A late writer holding the old token's expiry cannot put anything over the newer token.
        assertThat(installations.storeRefreshedBot("T1", expires, rotating("xoxe.xoxb-stale", T0.plusSeconds(60)),
                T0)).isFalse();
        assertThat(installations.byWorkspace("T1").orElseThrow().bot()).isEqualTo(fresh);
    }

    @Test
    void a_claim_that_ran_out_can_be_taken_again_and_a_released_one_at_once() {
        Instant expires = T0.plus(Duration.ofMinutes(5));
        installations.save(workspace("T1", null, rotating("xoxe.xoxb-old", expires)));

        assertThat(installations.claimBotRefresh("T1", expires, T0, T0.plusSeconds(40))).isTrue();
        assertThat(installations.claimBotRefresh("T1", expires, T0.plusSeconds(39), T0.plusSeconds(80))).isFalse();
        assertThat(installations.claimBotRefresh("T1", expires, T0.plusSeconds(40), T0.plusSeconds(80))).isTrue();
        installations.releaseBotRefresh("T1", expires);
        assertThat(installations.claimBotRefresh("T1", expires, T0.plusSeconds(41), T0.plusSeconds(90))).isTrue();
    }

    @Test
    void an_oauth_state_is_good_once_even_for_redirects_arriving_together() throws Exception {
        states.issue("state-1", T0, Duration.ofMinutes(10));
        assertThat(states.isValid("state-1", T0.plusSeconds(1))).isTrue();
        int redirects = 8;
        ExecutorService pool = Executors.newFixedThreadPool(redirects);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < redirects; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return states.consume("state-1", T0.plusSeconds(2));
                }));
            }
            go.countDown();
            int used = 0;
            for (Future<Boolean> f : results) {
                used += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(used).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(states.consume("state-1", T0.plusSeconds(3))).isFalse();
    }

    @Test
    void an_expired_or_unknown_state_is_refused_and_an_expired_one_is_gone() {
        states.issue("state-old", T0, Duration.ofMinutes(10));

        assertThat(states.consume("state-old", T0.plus(Duration.ofMinutes(10)))).isFalse();
        assertThat(states.consume("never-issued", T0)).isFalse();
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM slack_oauth_states")).isZero();
    }

    @Test
    void issuing_a_state_drops_the_expired_ones() {
        states.issue("a", T0, Duration.ofMinutes(10));
        states.issue("b", T0.plus(Duration.ofMinutes(11)), Duration.ofMinutes(10));

        assertThat(db.jdbc().query("SELECT state FROM slack_oauth_states", rs -> rs.getString(1))).containsExactly("b");
    }

    @Test
    void a_giga_key_is_kept_sealed_shown_by_its_last_four_characters_and_replaced_by_a_new_one() {
        GigaAccount connected = accounts.connect("T1", "giga_sk_live_aaaa1234", "UADMIN", T0);

        assertThat(connected.keyLast4()).isEqualTo("1234");
        assertThat(accounts.apiKey("T1")).contains("giga_sk_live_aaaa1234");
        assertThat(accounts.find("T1")).contains(new GigaAccount("T1", "1234", "UADMIN", T0));
        accounts.connect("T1", "giga_sk_live_bbbb5678", "UOTHER", T0.plusSeconds(5));
        assertThat(accounts.apiKey("T1")).contains("giga_sk_live_bbbb5678");
        assertThat(accounts.last4("T1")).contains("5678");
        assertThat(accounts.apiKey("T2")).isEmpty();
        assertThat(accounts.disconnect("T1")).isTrue();
        assertThat(accounts.apiKey("T1")).isEmpty();
    }

    @Test
    void a_giga_key_copied_into_another_workspaces_row_does_not_open() {
        accounts.connect("T1", "giga_sk_live_aaaa1234", "UADMIN", T0);
        accounts.connect("T2", "giga_sk_live_bbbb5678", "UADMIN", T0);
        db.jdbc().update("UPDATE giga_accounts SET api_key_enc = (SELECT api_key_enc FROM giga_accounts WHERE"
                + " workspace_id = 'T1') WHERE workspace_id = 'T2'");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> accounts.apiKey("T2"))
                .isInstanceOf(SecretBox.SecretBoxException.class);
    }

    @Test
    void deleting_a_workspaces_secrets_removes_its_tokens_and_giga_key_and_nothing_of_the_others() {
        installations.save(workspace("T1", null, SlackInstallation.Token.lasting("xoxb-T1")));
        installations.save(workspace("T2", null, SlackInstallation.Token.lasting("xoxb-T2")));
        accounts.connect("T1", "giga_sk_live_aaaa1111", "UADMIN", T0);
        accounts.connect("T2", "giga_sk_live_bbbb2222", "UADMIN", T0);

        assertThat(secrets.deleteAll("T1")).isEqualTo(new WorkspaceSecrets.Deleted(true, true));

        assertThat(installations.byWorkspace("T1")).isEmpty();
        assertThat(accounts.apiKey("T1")).isEmpty();
        assertThat(installations.byWorkspace("T2")).isPresent();
        assertThat(accounts.apiKey("T2")).contains("giga_sk_live_bbbb2222");
        assertThat(secrets.deleteAll("T1").any()).isFalse();
    }

    @Test
    void reencryption_moves_every_secret_to_the_new_key_in_batches_and_a_second_run_changes_nothing() {
        for (int i = 0; i < 7; i++) {
            installations.save(workspace("T" + i, null, rotating("xoxe.xoxb-T" + i, T0.plus(Duration.ofHours(12)))));
            accounts.connect("T" + i, "giga_sk_live_key_" + i + "_abcd", "UADMIN", T0);
        }
        installations.save(orgWide("E1", SlackInstallation.Token.lasting("xoxb-E1")));
        SecretBox rotating = SecretBox.of(SecretBoxTest.NEW_KEY, SecretBoxTest.KEY, new SecureRandom());

        Reencryption.Report first = Reencryption.run(db.jdbc(), rotating, 3);

        assertThat(first.complete()).isTrue();
        // 8 bot tokens, 7 refresh tokens, 7 user tokens, 7 Giga keys
        assertThat(first.total()).isEqualTo(new Reencryption.Counts(29, 0, 0));
        assertThat(first.columns().get(SecretColumn.BOT_TOKEN)).isEqualTo(new Reencryption.Counts(8, 0, 0));
        Reencryption.Report second = Reencryption.run(db.jdbc(), rotating, 3);
        assertThat(second.total()).isEqualTo(new Reencryption.Counts(0, 29, 0));
        // The old key is no longer needed.
        SecretBox newOnly = SecretBox.of(SecretBoxTest.NEW_KEY, null, new SecureRandom());
        assertThat(new SlackInstallations(db.jdbc(), newOnly).byWorkspace("T3").orElseThrow().bot().refreshToken())
                .isEqualTo("xoxe-1-refresh-xoxe.xoxb-T3");
        assertThat(new GigaKeys(db.jdbc(), newOnly).apiKey("T6")).contains("giga_sk_live_key_6_abcd");
        assertThat(new SlackInstallations(db.jdbc(), newOnly).byWorkspace("E1").orElseThrow().bot().value())
                .isEqualTo("xoxb-E1");
    }

    @Test
    void reencryption_leaves_values_of_an_unknown_key_as_they_are_and_says_where_they_are() {
        accounts.connect("T1", "giga_sk_live_aaaa1111", "UADMIN", T0);
        SecretBox other = SecretBox.of(SecretBoxTest.key(9), null, new SecureRandom());
        new GigaKeys(db.jdbc(), other).connect("T2", "giga_sk_live_bbbb2222", "UADMIN", T0);
        SecretBox rotating = SecretBox.of(SecretBoxTest.NEW_KEY, SecretBoxTest.KEY, new SecureRandom());
        assertThat(Reencryption.foreignKeys(db.jdbc(), rotating))
                .isEqualTo(java.util.Map.of(SecretBox.keyId(SecretBoxTest.key(9)), 1));

        Reencryption.Report report = Reencryption.run(db.jdbc(), rotating);

        assertThat(report.complete()).isFalse();
        assertThat(report.columns().get(SecretColumn.GIGA_API_KEY)).isEqualTo(new Reencryption.Counts(1, 0, 1));
        assertThat(report.problems()).singleElement().asString().startsWith(
                "a stored secret at giga_accounts.api_key_enc/T2 was encrypted with key "
                        + SecretBox.keyId(SecretBoxTest.key(9)));
        assertThat(new GigaKeys(db.jdbc(), other).apiKey("T2")).contains("giga_sk_live_bbbb2222");
    }
}

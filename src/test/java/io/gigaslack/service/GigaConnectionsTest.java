package io.gigaslack.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.runs.AuditEntry;
import io.gigaslack.runs.Decision;
import io.gigaslack.store.AuditLog;
import io.gigaslack.store.Database;
import io.gigaslack.testing.SettableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A workspace's own Giga key: who may connect it, that Giga is asked first, what is kept and what runs are told. */
class GigaConnectionsTest {
    private static final String KEY = "gk_live_0123456789abcdWXYZ";

    private final Database db = Database.open("jdbc:h2:mem:conn-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
    private final AuditLog audit = new AuditLog(db.jdbc());
    private final SettableClock clock = new SettableClock();
    private final Map<String, String> stored = new HashMap<>();
    private final Map<String, GigaConnections.Connected> shown = new HashMap<>();
    private final List<String> asked = new ArrayList<>();
    private GigaConnections.Check answer = new GigaConnections.Accepted();
    private final Set<String> admins = Set.of("UADMIN");

    private final GigaConnections.KeyStore store = new GigaConnections.KeyStore() {
        @Override
        public Optional<GigaConnections.Connected> find(String accountId) {
            return Optional.ofNullable(shown.get(accountId));
        }

        @Override
        public void save(String accountId, String apiKey, String by, Instant at) {
            stored.put(accountId, apiKey);
            shown.put(accountId, new GigaConnections.Connected(accountId, GigaConnections.lastFour(apiKey), by, at));
        }

        @Override
        public boolean delete(String accountId) {
            stored.remove(accountId);
            return shown.remove(accountId) != null;
        }
    };

    private final Directory directory = new Directory() {
        @Override
        public boolean isWorkspaceAdmin(String teamId, String userId) {
            return admins.contains(userId);
        }

        @Override
        public Set<String> groupsOf(String teamId, String userId, Set<String> candidates) {
            return Set.of();
        }
    };

    private final GigaConnections connections = new GigaConnections(store, (account, key) -> {
        asked.add(account + ":" + key);
        return answer;
    }, team -> team.equals("T2") ? "E1" : team, audit, directory, clock);

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void a_workspace_without_a_key_tells_an_admin_how_to_connect_one() {
        Decision d = connections.mayRun("T1", "UADMIN");
        assertThat(d.reason()).isEqualTo(Decision.Reason.NO_GIGA_ACCOUNT);
        assertThat(d.text()).contains("press *Connect Giga*");
    }

    @Test
    void a_workspace_without_a_key_tells_others_whom_to_ask() {
        Decision d = connections.mayRun("T1", "U1");
        assertThat(d.reason()).isEqualTo(Decision.Reason.NO_GIGA_ACCOUNT);
        assertThat(d.text()).contains("Ask a workspace admin or owner");
    }

    @Test
    void an_admin_connects_a_key_that_giga_accepts() {
        GigaConnections.Outcome o = connections.connect("T1", "UADMIN", "  " + KEY + "\n");

        assertThat(o.done()).isTrue();
        assertThat(o.text()).isEqualTo("Giga account connected (key ending in WXYZ).");
        assertThat(asked).containsExactly("T1:" + KEY);
        assertThat(stored).containsEntry("T1", KEY);
        assertThat(connections.mayRun("T1", "U1").isAllowed()).isTrue();
        assertThat(connections.status("T1")).get().extracting(GigaConnections.Connected::last4).isEqualTo("WXYZ");
    }

    @Test
    void the_audit_log_names_the_key_by_its_last_four_characters_only() {
        connections.connect("T1", "UADMIN", KEY);

        List<AuditEntry> entries = audit.recent("T1", 10);
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("giga_key_connected");
            assertThat(e.detail()).isEqualTo("account T1, key ending in WXYZ").doesNotContain(KEY);
        });
    }

    @Test
    void someone_who_is_not_an_admin_cannot_connect_a_key() {
        GigaConnections.Outcome o = connections.connect("T1", "U1", KEY);

        assertThat(o.done()).isFalse();
        assertThat(asked).isEmpty();
        assertThat(stored).isEmpty();
    }

    @Test
    void a_key_giga_refuses_is_not_kept() {
        answer = new GigaConnections.Refused("Giga says the key is not valid");

        GigaConnections.Outcome o = connections.connect("T1", "UADMIN", KEY);

        assertThat(o.done()).isFalse();
        assertThat(o.text()).startsWith("Giga did not accept that key (Giga says the key is not valid).");
        assertThat(stored).isEmpty();
    }

    @Test
    void a_key_giga_could_not_be_asked_about_is_not_kept() {
        answer = new GigaConnections.Unanswered("Giga did not answer in time");

        GigaConnections.Outcome o = connections.connect("T1", "UADMIN", KEY);

        assertThat(o.done()).isFalse();
        assertThat(o.text()).contains("Nothing was saved");
        assertThat(stored).isEmpty();
    }

    @Test
    void something_that_is_not_a_key_is_refused_without_asking_giga() {
        assertThat(connections.connect("T1", "UADMIN", "short").done()).isFalse();
        assertThat(connections.connect("T1", "UADMIN", "two words here").done()).isFalse();
        assertThat(asked).isEmpty();
    }

    @Test
    void a_team_of_an_org_wide_install_uses_the_orgs_account() {
        connections.connect("T2", "UADMIN", KEY);

        assertThat(stored).containsOnlyKeys("E1");
        assertThat(asked).containsExactly("E1:" + KEY);
    }

    @Test
    void disconnecting_removes_the_key_and_runs_are_refused_again() {
        connections.connect("T1", "UADMIN", KEY);

        GigaConnections.Outcome o = connections.disconnect("T1", "UADMIN");

        assertThat(o.done()).isTrue();
        assertThat(stored).isEmpty();
        assertThat(connections.mayRun("T1", "U1").isRefused()).isTrue();
        assertThat(audit.recent("T1", 10)).extracting(AuditEntry::action)
                .containsExactly("giga_key_disconnected", "giga_key_connected");
    }

    @Test
    void with_one_workspace_nothing_is_required() {
        assertThat(GigaConnections.NOT_REQUIRED.mayRun("T1", "U1").isAllowed()).isTrue();
        assertThat(GigaConnections.NOT_REQUIRED.status("T1")).isEmpty();
        assertThat(GigaConnections.NOT_REQUIRED.mayManage("T1", "UADMIN")).isFalse();
    }
}

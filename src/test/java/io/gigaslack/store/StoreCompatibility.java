package io.gigaslack.store;

import io.gigaslack.runs.AuditEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** {@link SlackEventLog}, {@link CallbackDeliveries} and {@link AuditLog} on every supported database. */
abstract class StoreCompatibility extends DatabaseSuite {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    SlackEventLog events;
    CallbackDeliveries callbacks;
    AuditLog audit;

    @BeforeEach
    void setUp() {
        events = new SlackEventLog(db.jdbc());
        callbacks = new CallbackDeliveries(db.jdbc());
        audit = new AuditLog(db.jdbc());
    }

    @Test
    void slack_event_is_first_seen_once() {
        assertThat(events.firstSeen("Ev01", T0)).isTrue();
        assertThat(events.firstSeen("Ev01", T0.plusSeconds(5))).isFalse();
        assertThat(events.firstSeen("Ev02", T0.plusSeconds(5))).isTrue();
    }

    @Test
    void concurrent_deliveries_of_one_event_are_first_seen_exactly_once() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int k = 0; k < 40; k++) {
                String key = "Ev_race_" + k;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        go.await();
                        return events.firstSeen(key, T0);
                    }));
                }
                go.countDown();
                int firsts = 0;
                for (Future<Boolean> f : results) {
                    firsts += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(firsts).as(key).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void old_slack_events_are_purged() {
        events.firstSeen("old", T0);
        events.firstSeen("new", T0.plusSeconds(3600));

        assertThat(events.purgeBefore(T0.plusSeconds(60))).isEqualTo(1);
        assertThat(events.firstSeen("old", T0.plusSeconds(7200))).isTrue();
        assertThat(events.firstSeen("new", T0.plusSeconds(7200))).isFalse();
    }

    @Test
    void callback_is_stored_as_received_and_marked_processed_once() {
        String body = "{\"status\":\"success\",\"answer\":\"Prix: 12 € — 日本 🚀\"}";
        long id = callbacks.store("r_1", T0, body);

        assertThat(callbacks.find(id)).contains(new CallbackDelivery(id, "r_1", T0, body, false));
        assertThat(callbacks.unprocessed(10)).extracting(CallbackDelivery::id).containsExactly(id);
        assertThat(callbacks.markProcessed(id)).isTrue();
        assertThat(callbacks.markProcessed(id)).isFalse();
        assertThat(callbacks.unprocessed(10)).isEmpty();
        assertThat(callbacks.purgeProcessed(T0.plusSeconds(1))).isEqualTo(1);
    }

    @Test
    void callback_body_of_64_kib_is_kept_and_a_larger_one_refused() {
        String max = "é".repeat(CallbackDeliveries.MAX_BODY_BYTES / 2); // 2 bytes each in UTF-8
        long id = callbacks.store("r_1", T0, max);
        assertThat(callbacks.find(id).orElseThrow().body()).isEqualTo(max);

        assertThatThrownBy(() -> callbacks.store("r_1", T0, max + "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65537 bytes");
    }

    @Test
    void unprocessed_callbacks_come_oldest_first() {
        long late = callbacks.store("r_1", T0.plusSeconds(2), "{}");
        long early = callbacks.store("r_2", T0, "{}");
        assertThat(callbacks.unprocessed(10)).extracting(CallbackDelivery::id).containsExactly(early, late);
        assertThat(callbacks.unprocessed(1)).extracting(CallbackDelivery::id).containsExactly(early);
    }

    @Test
    void audit_entries_are_listed_newest_first_per_team() {
        long a = audit.record("T1", "U1", "run.start", "r_1", "giga-standard, 2 h", T0);
        long b = audit.record("T1", null, "run.stop", "r_1", null, T0.plusSeconds(60));
        audit.record("T2", "U9", "run.start", "r_9", "", T0.plusSeconds(120));

        assertThat(audit.recent("T1", 10)).containsExactly(
                new AuditEntry(b, "T1", null, "run.stop", "r_1", null, T0.plusSeconds(60)),
                new AuditEntry(a, "T1", "U1", "run.start", "r_1", "giga-standard, 2 h", T0));
        assertThat(audit.recent("T1", 1)).extracting(AuditEntry::id).containsExactly(b);
    }

    @Test
    void audit_entry_in_a_rolled_back_transaction_is_not_kept() {
        assertThatThrownBy(() -> db.jdbc().useTransaction(tx -> {
            audit.record(tx, "T1", "U1", "run.start", "r_1", "x", T0);
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(audit.recent("T1", 10)).isEmpty();
    }

    @Test
    void first_seen_inside_a_failed_insert_race_leaves_the_transaction_usable() {
        events.firstSeen("dup", T0);
        long id = db.jdbc().inTransaction(tx -> audit.record(tx, "T1", "U1", "x", null, "d", T0));
        assertThat(id).isPositive();
    }
}

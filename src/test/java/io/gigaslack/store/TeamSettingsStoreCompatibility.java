package io.gigaslack.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link TeamSettingsStore} on every supported database: rows per workspace and channel, versions, the lock. */
abstract class TeamSettingsStoreCompatibility extends DatabaseSuite {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    TeamSettingsStore store;

    @BeforeEach
    void setUp() {
        store = new TeamSettingsStore(db.jdbc());
    }

    @Test
    void a_workspace_never_changed_has_no_rows_at_version_zero() {
        assertThat(store.read("T1")).isEqualTo(new TeamSettingsStore.Snapshot(0, List.of()));
    }

    @Test
    void rows_are_kept_per_workspace_and_channel_and_each_change_counts_a_version() {
        db.jdbc().useTransaction(tx -> {
            assertThat(store.lock(tx, "T1")).isEqualTo(1);
            store.put(tx, "T1", TeamSettingsStore.WORKSPACE, "GIGA_MAX_HOURS", "12", "U1", T0);
            store.put(tx, "T1", "C1", "GIGA_DEFAULT_HOURS", "2", "U1", T0);
        });
        db.jdbc().useTransaction(tx -> {
            assertThat(store.lock(tx, "T2")).isEqualTo(1);
            store.put(tx, "T2", TeamSettingsStore.WORKSPACE, "GIGA_MAX_HOURS", "3", "U9", T0);
        });
        db.jdbc().useTransaction(tx -> {
            assertThat(store.lock(tx, "T1")).isEqualTo(2);
            store.put(tx, "T1", TeamSettingsStore.WORKSPACE, "GIGA_MAX_HOURS", "16", "U1", T0);
        });

        assertThat(store.read("T1")).isEqualTo(new TeamSettingsStore.Snapshot(2, List.of(
                new TeamSettingsStore.Row("", "GIGA_MAX_HOURS", "16"),
                new TeamSettingsStore.Row("C1", "GIGA_DEFAULT_HOURS", "2"))));
        assertThat(store.version("T2")).isEqualTo(1);
        Map<String, String> channel = db.jdbc().inTransaction(tx -> store.read(tx, "T1", "C1"));
        Map<String, String> other = db.jdbc().inTransaction(tx -> store.read(tx, "T2", TeamSettingsStore.WORKSPACE));
        assertThat(channel).isEqualTo(Map.of("GIGA_DEFAULT_HOURS", "2"));
        assertThat(other).isEqualTo(Map.of("GIGA_MAX_HOURS", "3"));
    }

    @Test
    void a_removed_setting_has_no_row_and_a_text_of_any_length_is_kept_whole() {
        String goal = "Save every result on the Desktop. ".repeat(300) + "✓ é";
        db.jdbc().useTransaction(tx -> {
            store.lock(tx, "T1");
            store.put(tx, "T1", "", "GIGA_DEFAULT_GOAL", goal, "U1", T0);
            store.put(tx, "T1", "", "GIGA_MAX_HOURS", "12", "U1", T0);
        });
        db.jdbc().useTransaction(tx -> {
            store.lock(tx, "T1");
            store.remove(tx, "T1", "", "GIGA_MAX_HOURS");
        });
        assertThat(store.read("T1").rows()).containsExactly(new TeamSettingsStore.Row("", "GIGA_DEFAULT_GOAL", goal));
    }

    @Test
    void a_workspace_that_leaves_has_no_rows_left_and_a_later_version() {
        db.jdbc().useTransaction(tx -> {
            store.lock(tx, "T1");
            store.put(tx, "T1", "", "GIGA_MAX_HOURS", "12", "U1", T0);
            store.put(tx, "T1", "C1", "GIGA_DEFAULT_HOURS", "2", "U1", T0);
            store.lock(tx, "T2");
            store.put(tx, "T2", "", "GIGA_MAX_HOURS", "3", "U9", T0);
        });
        db.jdbc().useTransaction(tx -> store.deleteWorkspace(tx, "T1"));

        assertThat(store.read("T1")).isEqualTo(new TeamSettingsStore.Snapshot(2, List.of()));
        assertThat(store.read("T2").rows()).hasSize(1);
    }

    @Test
    void changes_of_one_workspace_at_the_same_moment_are_applied_one_after_the_other() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(pool.submit(() -> {
                    go.await();
                    // Read, then write what was read plus one: a lost update would leave fewer than `threads`.
                    db.jdbc().useTransaction(tx -> {
                        store.lock(tx, "T1");
                        int n = Integer.parseInt(store.read(tx, "T1", "").getOrDefault("GIGA_MAX_HOURS", "0"));
                        store.put(tx, "T1", "", "GIGA_MAX_HOURS", String.valueOf(n + 1), "U1", T0);
                    });
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.read("T1")).isEqualTo(new TeamSettingsStore.Snapshot(threads, List.of(
                new TeamSettingsStore.Row("", "GIGA_MAX_HOURS", String.valueOf(threads)))));
    }
}

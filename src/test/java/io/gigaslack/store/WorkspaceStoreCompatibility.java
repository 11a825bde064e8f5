package io.gigaslack.store;

import static org.assertj.core.api.Assertions.assertThat;

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

/** {@link SlackTeams} and {@link WorkspaceData} on every supported database. */
abstract class WorkspaceStoreCompatibility extends DatabaseSuite {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    SlackTeams teams;
    WorkspaceData data;
    RunRepository runs;
    AuditLog audit;

    @BeforeEach
    void setUp() {
        teams = new SlackTeams(db.jdbc());
        data = new WorkspaceData(db.jdbc());
        runs = new RunRepository(db.jdbc());
        audit = new AuditLog(db.jdbc());
    }

    @Test
    void a_team_is_recorded_with_its_org() {
        teams.record("T1", "E1", T0);
        teams.record("T2", null, T0);

        assertThat(teams.enterpriseOf("T1")).contains("E1");
        assertThat(teams.enterpriseOf("T2")).isEmpty();
        assertThat(teams.enterpriseOf("T3")).isEmpty();
        assertThat(teams.teamsOf("E1")).containsExactly("T1");
    }

    @Test
    void a_team_recorded_by_another_replica_is_read_from_the_database() {
        new SlackTeams(db.jdbc()).record("T1", "E1", T0);

        assertThat(teams.enterpriseOf("T1")).contains("E1");
    }

    @Test
    void replicas_recording_one_team_at_once_leave_one_row() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                SlackTeams replica = new SlackTeams(db.jdbc());
                done.add(pool.submit(() -> {
                    go.await();
                    replica.record("T9", "E9", T0);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM slack_teams WHERE team_id = 'T9'")).isEqualTo(1);
    }

    @Test
    void a_team_left_is_due_for_deletion_after_the_retention_until_it_returns() {
        db.jdbc().useTransaction(tx -> teams.left(tx, "T1", null, T0));
        db.jdbc().useTransaction(tx -> teams.left(tx, "T1", null, T0.plusSeconds(3600))); // a retried delivery

        assertThat(teams.leftBefore(T0)).isEmpty();
        assertThat(teams.leftBefore(T0.plusMillis(1))).containsExactly("T1");

        db.jdbc().useTransaction(tx -> SlackTeams.returned(tx, null, "T1"));
        assertThat(teams.leftBefore(T0.plusSeconds(86_400))).isEmpty();
    }

    @Test
    void purging_a_workspace_deletes_its_runs_jobs_and_audit_and_nothing_of_another() {
        runs.insert(RunRepositoryCompatibility.run("r_a1", "T1", "C1", "U1", T0));
        runs.insert(RunRepositoryCompatibility.run("r_b1", "T2", "C9", "U9", T0));
        JobQueue queue = new JobQueue(db.jdbc());
        db.jdbc().useTransaction(tx -> {
            queue.enqueue(tx, "slack", "r_a1", "card", "{}", T0);
            queue.enqueue(tx, "slack", "r_b1", "card", "{}", T0);
        });
        audit.record("T1", "U1", "start", "r_a1", null, T0);
        audit.record("T2", "U9", "start", "r_b1", null, T0);
        db.jdbc().useTransaction(tx -> teams.left(tx, "T1", null, T0));

        assertThat(data.purge("T1")).isEqualTo(1);

        assertThat(runs.findById("r_a1")).isEmpty();
        assertThat(runs.findById("r_b1")).isPresent();
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM jobs WHERE run_id = 'r_a1'")).isZero();
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM jobs WHERE run_id = 'r_b1'")).isEqualTo(1);
        assertThat(audit.recent("T1", 10)).isEmpty();
        assertThat(audit.recent("T2", 10)).hasSize(1);
        assertThat(teams.leftBefore(T0.plusSeconds(1))).isEmpty();
    }
}

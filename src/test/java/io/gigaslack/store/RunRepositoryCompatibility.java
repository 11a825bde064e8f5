package io.gigaslack.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunParams;
import io.gigaslack.runs.RunStatus;
import io.gigaslack.runs.StartTries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RunRepository} behaviour that must hold on every supported database. */
abstract class RunRepositoryCompatibility extends DatabaseSuite {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    RunRepository runs;

    @BeforeEach
    void setUp() {
        runs = new RunRepository(db.jdbc());
    }

    static Run run(String id, String team, String channel, String user, Instant createdAt) {
        return Run.requested(id, team, channel, user, RunKind.AGENT,
                new RunParams("giga-standard", 2, "Find the cheapest flight", "A link", "", ""), "tag-" + id,
                "hash-" + id, createdAt);
    }

    @Test
    void insert_then_find_by_id_returns_every_field() {
        Run full = new Run("r_full", "T1", "C1", "1700000000.000100", "U1", RunKind.AGENT,
                new RunParams("giga-large", 24, "Résumé the café menu — 日本語 🚀", "goal ✓", "be terse", "Ünïcode"),
                "gs-r_full", "dep-1", "thr-1", "sbx-1", "https://vnc.example/x?y=1", RunStatus.SUCCEEDED,
                ComputerState.STOPPED, "Answer: “done” ✓", "no reason", "U2", "ab".repeat(32),
                T0, T0.plusSeconds(60), T0.plusSeconds(10), T0.plusSeconds(50), T0.plusSeconds(55),
                T0.plusSeconds(3600), T0.plusSeconds(3000), T0.plusSeconds(90_000), 40, T0.plusSeconds(4000), "U3",
                new StartTries(3, "Giga answered 503 Service Unavailable — “ü” 🚀", T0.plusSeconds(20),
                        T0.plusSeconds(26)), 0);
        runs.insert(full);

        assertThat(runs.findById("r_full")).contains(full);
        assertThat(runs.findById("r_none")).isEmpty();
    }

    @Test
    void requested_run_with_nulls_round_trips() {
        Run r = run("r_1", "T1", "C1", "U1", T0);
        runs.insert(r);
        assertThat(runs.findById("r_1")).contains(r);
    }

    @Test
    void find_by_deployment_id_and_by_name_tag() {
        Run r = run("r_1", "T1", "C1", "U1", T0);
        runs.insert(r);
        Run started = runs.update(r.toBuilder().deploymentId("dep-9").build());

        assertThat(runs.findByDeploymentId("dep-9")).contains(started);
        assertThat(runs.findByDeploymentId("dep-0")).isEmpty();
        assertThat(runs.findByNameTag("tag-r_1")).contains(started);
        assertThat(runs.findByNameTag("tag-x")).isEmpty();
    }

    @Test
    void find_by_thread_needs_team_channel_and_root_ts() {
        Run first = run("r_1", "T1", "C1", "U1", T0);
        runs.insert(first);
        Run posted = runs.update(first.toBuilder().rootTs("1700.000100").build());
        runs.insert(run("r_2", "T1", "C1", "U1", T0));

        assertThat(runs.findByThread("T1", "C1", "1700.000100")).map(Run::id).contains("r_1");
        assertThat(runs.findByThread("T1", "C2", "1700.000100")).isEmpty();
        assertThat(runs.findByThread("T2", "C1", "1700.000100")).isEmpty();
        assertThat(runs.findByThread("T1", "C1", "1700.000101")).isEmpty();
        assertThat(posted.version()).isEqualTo(1);
    }

    @Test
    void second_run_with_the_same_name_tag_is_refused() {
        runs.insert(run("r_1", "T1", "C1", "U1", T0));
        Run clash = run("r_2", "T1", "C1", "U1", T0);
        Run sameTag = new Run("r_2", clash.teamId(), clash.channelId(), null, clash.requesterId(), clash.kind(),
                clash.params(), "tag-r_1", null, null, null, null, clash.status(), clash.computer(), null, null, null,
                null, T0, T0, null, null, null, null, null, null, -1, null, null, StartTries.NONE, 0);

        assertThatThrownBy(() -> runs.insert(sameTag)).isInstanceOf(StoreException.class);
        assertThat(runs.findById("r_2")).isEmpty();
    }

    @Test
    void update_writes_changes_and_bumps_version() {
        Run r = run("r_1", "T1", "C1", "U1", T0);
        runs.insert(r);
        Run changed = r.toBuilder().status(RunStatus.RUNNING).computer(ComputerState.RUNNING).rootTs("1.2")
                .vncUrl("https://vnc").readyAt(T0.plusSeconds(5)).updatedAt(T0.plusSeconds(5)).build();

        Run saved = runs.update(changed);

        assertThat(saved.version()).isEqualTo(1);
        assertThat(runs.findById("r_1")).contains(saved);
    }

    @Test
    void update_with_stale_version_is_refused() {
        Run r = run("r_1", "T1", "C1", "U1", T0);
        runs.insert(r);
        Run winner = runs.update(r.toBuilder().status(RunStatus.PROVISIONING).build());
        Run stale = r.toBuilder().status(RunStatus.FAILED).failureReason("late").build();

        assertThatThrownBy(() -> runs.update(stale)).isInstanceOf(ConcurrentUpdateException.class)
                .hasMessageContaining("r_1");
        Optional<Run> lost = db.jdbc().inTransaction(tx -> runs.tryUpdate(tx, stale));
        assertThat(lost).isEmpty();
        assertThat(runs.findById("r_1")).contains(winner);
    }

    @Test
    void update_of_a_missing_run_is_refused() {
        assertThatThrownBy(() -> runs.update(run("r_gone", "T1", "C1", "U1", T0)))
                .isInstanceOf(ConcurrentUpdateException.class);
    }

    @Test
    void list_by_requester_is_newest_first_and_limited() {
        for (int i = 0; i < 5; i++) {
            runs.insert(run("r_" + i, "T1", "C" + i, "U1", T0.plusSeconds(i)));
        }
        runs.insert(run("r_other_user", "T1", "C1", "U2", T0.plusSeconds(10)));
        runs.insert(run("r_other_team", "T2", "C1", "U1", T0.plusSeconds(10)));

        assertThat(runs.listByRequester("T1", "U1", 3)).extracting(Run::id).containsExactly("r_4", "r_3", "r_2");
        assertThat(runs.listByRequester("T1", "U1", 10)).hasSize(5);
    }

    @Test
    void list_by_channel_is_newest_first_and_limited() {
        for (int i = 0; i < 4; i++) {
            runs.insert(run("r_" + i, "T1", "C1", "U" + i, T0.plusSeconds(i)));
        }
        runs.insert(run("r_other_channel", "T1", "C2", "U1", T0.plusSeconds(10)));

        assertThat(runs.listByChannel("T1", "C1", 2)).extracting(Run::id).containsExactly("r_3", "r_2");
        assertThat(runs.listByChannel("T2", "C1", 2)).isEmpty();
    }

    @Test
    void runs_needing_tracking_match_the_domain_rule_oldest_updated_first() {
        List<Run> all = new ArrayList<>();
        int i = 0;
        for (RunStatus status : RunStatus.values()) {
            for (ComputerState computer : ComputerState.values()) {
                Run r = run("r_" + i, "T1", "C1", "U1", T0);
                // updated_at descends with i, so the expected order is the reverse of insertion
                Run stored = r.toBuilder().status(status).computer(computer).updatedAt(T0.plusSeconds(1000 - i))
                        .build();
                runs.insert(stored);
                all.add(stored);
                i++;
            }
        }
        List<String> expected = all.stream().filter(Run::needsTracking)
                .sorted((a, b) -> a.updatedAt().compareTo(b.updatedAt())).map(Run::id).toList();

        assertThat(runs.listNeedingTracking(1000)).extracting(Run::id).containsExactlyElementsOf(expected);
        assertThat(runs.listNeedingTracking(2)).extracting(Run::id).containsExactlyElementsOf(expected.subList(0, 2));
    }

    @Test
    void counts_active_runs_per_user_and_per_team() {
        runs.insert(run("r_pending", "T1", "C1", "U1", T0));
        runs.insert(run("r_done_live", "T1", "C1", "U1", T0).toBuilder().status(RunStatus.SUCCEEDED)
                .computer(ComputerState.RUNNING).build());
        runs.insert(run("r_done_stopped", "T1", "C1", "U1", T0).toBuilder().status(RunStatus.FAILED)
                .computer(ComputerState.STOPPED).build());
        runs.insert(run("r_u2", "T1", "C1", "U2", T0).toBuilder().status(RunStatus.RUNNING)
                .computer(ComputerState.RUNNING).build());
        runs.insert(run("r_t2", "T2", "C1", "U1", T0));

        assertThat(runs.countActiveByUser("T1", "U1")).isEqualTo(2);
        assertThat(runs.countActiveByUser("T1", "U3")).isZero();
        assertThat(runs.countActiveByTeam("T1")).isEqualTo(3);
        long inTx = db.jdbc().inTransaction(tx -> runs.countActiveByTeam(tx, "T2"));
        assertThat(inTx).isEqualTo(1);
    }

    @Test
    void counts_runs_started_by_a_user_since_an_instant() {
        for (int i = 0; i < 5; i++) {
            runs.insert(run("r_" + i, "T1", "C1", "U1", T0.plus(Duration.ofMinutes(10L * i))));
        }
        runs.insert(run("r_other", "T1", "C1", "U2", T0.plus(Duration.ofMinutes(30))));

        assertThat(runs.countStartedSince("T1", "U1", T0.plus(Duration.ofMinutes(20)))).isEqualTo(3);
        assertThat(runs.countStartedSince("T1", "U1", T0.plus(Duration.ofHours(1)))).isZero();
    }

    @Test
    void run_change_and_its_jobs_commit_together_or_not_at_all() {
        Run r = run("r_1", "T1", "C1", "U1", T0);
        runs.insert(r);
        JobQueue jobs = new JobQueue(db.jdbc());

        assertThatThrownBy(() -> db.jdbc().useTransaction(tx -> {
            runs.update(tx, r.toBuilder().status(RunStatus.PROVISIONING).build());
            jobs.enqueue(tx, JobQueue.SLACK, "r_1", "card", "{}", T0);
            throw new IllegalStateException("crash before commit");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(runs.findById("r_1")).contains(r);
        assertThat(jobs.depth(JobQueue.SLACK)).isZero();

        db.jdbc().useTransaction(tx -> {
            runs.update(tx, r.toBuilder().status(RunStatus.PROVISIONING).build());
            jobs.enqueue(tx, JobQueue.SLACK, "r_1", "card", "{}", T0);
        });
        assertThat(runs.findById("r_1").orElseThrow().status()).isEqualTo(RunStatus.PROVISIONING);
        assertThat(jobs.depth(JobQueue.SLACK)).isEqualTo(1);
    }
}

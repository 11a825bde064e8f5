package io.gigaslack.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import io.gigaslack.app.ExportDb;
import io.gigaslack.runs.RunStatus;
import io.gigaslack.store.AuditLog;
import io.gigaslack.store.CallbackDeliveries;
import io.gigaslack.store.Database;
import io.gigaslack.store.Job;
import io.gigaslack.store.JobQueue;
import io.gigaslack.store.RateSlots;
import io.gigaslack.store.RunRepository;
import io.gigaslack.store.SlackEventLog;
import io.gigaslack.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export-db}: moving an H2 database with its runs and pending work into a new database. */
class ExportDbTest {
    private static final Instant NOW = Instant.now();

    @TempDir
    Path dir;
    private String postgresTarget;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void dropSchema() {
        if (postgresTarget != null) {
            TestDatabases.dropSchema("export_db");
        }
    }

    @Test
    void h2_to_h2_copies_runs_pending_jobs_audit_and_recent_events_and_refuses_a_second_time() {
        String source = sourceWithData();
        String target = "jdbc:h2:file:" + dir.resolve("target").toAbsolutePath();

        assertThat(export(source, target, "sa", "")).as(err.toString(StandardCharsets.UTF_8)).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("copied 1 runs, 1 jobs, 1 callback_deliveries, 1 audit_log, 1 slack_events");
        try (Database db = Database.open(target, "sa", "")) {
            assertCopied(db);
        }
        assertThat(export(source, target, "sa", "")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("export-db refused: the target database already has 1 runs");
    }

    @Test
    void h2_to_postgresql_copies_what_the_app_needs() {
        String target = TestDatabases.freshSchemaUrl("export_db");
        postgresTarget = target;
        String source = sourceWithData();

        assertThat(export(source, target, TestDatabases.postgresUser(), TestDatabases.postgresPassword()))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();

        try (Database db = Database.open(target, TestDatabases.postgresUser(), TestDatabases.postgresPassword())) {
            assertCopied(db);
        }
    }

    @Test
    void without_a_target_it_explains_the_usage() {
        assertThat(ExportDb.run(List.of(), Map.of(), print(out), print(err))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("export-db needs --to", "usage:");
    }

    private static RateSlots window(Database db) {
        return new RateSlots(db.jdbc(), Duration.ofSeconds(61));
    }

    private int export(String source, String target, String user, String password) {
        out.reset();
        err.reset();
        List<String> args = new ArrayList<>(List.of("--to", target, "--to-user", user));
        if (!password.isEmpty()) {
            args.addAll(List.of("--to-password", password));
        }
        return ExportDb.run(args, Map.of("DATABASE_URL", source, "DATABASE_USER", "sa"), print(out), print(err));
    }

    /** An H2 file database with one run, a finished and an unfinished (leased) job, events old and new. */
    private String sourceWithData() {
        String url = "jdbc:h2:file:" + dir.resolve("source").toAbsolutePath();
        try (Database db = Database.open(url, "sa", "")) {
            db.jdbc().update("INSERT INTO runs (id, team_id, channel_id, root_ts, requester_id, kind, params_platform,"
                    + " params_hours, params_prompt, params_goal, params_system_prompt, params_name, name_tag,"
                    + " deployment_id, status, computer, created_at, updated_at, version) VALUES ('r_1', 'T1', 'C1',"
                    + " '1.000001', 'U1', 'AGENT', 'giga-standard', 1, 'find prices', 'save files', '', '',"
                    + " 'gs-tag-1', 'dep_1', 'RUNNING', 'RUNNING', ?, ?, 3)", NOW, NOW);
            JobQueue jobs = new JobQueue(db.jdbc());
            db.jdbc().useTransaction(tx -> {
                jobs.enqueue(tx, JobQueue.SLACK, "r_1", "thread", "{\"milestone\":\"DESKTOP_READY\"}", NOW);
                jobs.enqueue(tx, JobQueue.GIGA, "r_1", "results", "{}", NOW);
            });
            Job done = jobs.claimNext(JobQueue.SLACK, "old-host", Duration.ofMinutes(2), NOW).orElseThrow();
            jobs.complete(done, "old-host");
            jobs.claimNext(JobQueue.GIGA, "old-host", Duration.ofMinutes(2), NOW).orElseThrow(); // leased, unfinished
            new AuditLog(db.jdbc()).record("T1", "U1", "run_started", "r_1", "find prices", NOW);
            new SlackEventLog(db.jdbc()).firstSeen("Ev_recent", NOW.minusSeconds(60));
            new SlackEventLog(db.jdbc()).firstSeen("Ev_old", NOW.minus(Duration.ofDays(3)));
            new CallbackDeliveries(db.jdbc()).store("r_1", NOW, "{\"event\":\"run.completed\"}");
            window(db).take("key-hash", 60, 0, Clock.fixed(NOW, ZoneOffset.UTC)); // a Giga request a moment ago
        }
        return url;
    }

    private static void assertCopied(Database db) {
        var run = new RunRepository(db.jdbc()).findById("r_1").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(run.deploymentId()).isEqualTo("dep_1");
        assertThat(run.rootTs()).isEqualTo("1.000001");
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM audit_log WHERE run_id = 'r_1'")).isEqualTo(1);
        assertThat(new SlackEventLog(db.jdbc()).firstSeen("Ev_recent", NOW)).as("a recent delivery is known").isFalse();
        assertThat(new SlackEventLog(db.jdbc()).firstSeen("Ev_old", NOW)).as("old keys are left behind").isTrue();
        assertThat(window(db).usedAt("key-hash")).as("the Giga key's window, with its last request").hasSize(60)
                .contains(Instant.ofEpochMilli(NOW.toEpochMilli()));
        // The unfinished job is free to be claimed at once by the new replicas.
        Job results = new JobQueue(db.jdbc()).claimNext(JobQueue.GIGA, "new-host", Duration.ofMinutes(2), NOW)
                .orElseThrow();
        assertThat(results.kind()).isEqualTo("results");
        assertThat(new JobQueue(db.jdbc()).depth(JobQueue.SLACK)).isZero();
        // New rows get ids after the copied ones.
        new AuditLog(db.jdbc()).record("T1", "U1", "run_stopped", "r_1", null, NOW);
        assertThat(db.jdbc().queryLong("SELECT COUNT(DISTINCT id) FROM audit_log")).isEqualTo(2);
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}

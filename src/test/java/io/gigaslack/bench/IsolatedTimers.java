package io.gigaslack.bench;

import io.gigaslack.service.Directory;
import io.gigaslack.service.JobWriter;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.util.SlackRequestParser;
import io.gigaslack.app.ConfigLoader;
import io.gigaslack.service.RunService;
import io.gigaslack.service.RunUpdater;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunParams;
import io.gigaslack.slack.SlackSignatureVerifier;
import io.gigaslack.store.AuditLog;
import io.gigaslack.store.Database;
import io.gigaslack.store.JobQueue;
import io.gigaslack.store.RunRepository;
import io.gigaslack.testing.SlackRequests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Single-threaded timers of the steps of an acknowledgement, each in isolation after a warm-up:
 * the signature check, Bolt's parse, Bolt's dispatch to a listener that only acks, and the
 * database work of recording a run ({@code RunService.start}: limit counts, insert, job, audit,
 * commit) as the runs table grows.
 */
final class IsolatedTimers {
    private IsolatedTimers() {
    }

    /** Step name → mean microseconds per call. */
    static Map<String, Double> measure(Path work, BenchSlack slack, TriFunction body) throws Exception {
        Map<String, Double> out = new LinkedHashMap<>();
        byte[] command = body.apply("T1", "U1", "C1");
        String buttonJson = "{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\",\"domain\":\"acme\"},"
                + "\"user\":{\"id\":\"U1\",\"team_id\":\"T1\"},\"api_app_id\":\"A1\",\"trigger_id\":\"1.2.3\","
                + "\"channel\":{\"id\":\"C1\"},\"container\":{\"type\":\"message\",\"channel_id\":\"C1\"},"
                + "\"response_url\":\"" + slack.responseUrl() + "\",\"actions\":[{\"action_id\":\"run_extend\","
                + "\"block_id\":\"b\",\"type\":\"button\",\"value\":\"r_x\",\"action_ts\":\"1\"}]}";
        byte[] button = SlackRequests.form(Map.of("payload", buttonJson)).getBytes(StandardCharsets.UTF_8);

        SlackSignatureVerifier verifier = new SlackSignatureVerifier(Benchmark.SECRET, Clock.systemUTC());
        String ts = String.valueOf(System.currentTimeMillis() / 1000);
        String sig = SlackSignatureVerifier.sign(Benchmark.SECRET, ts, command);
        out.put("signature check (HMAC-SHA256 of a /giga run body)",
                micros(20_000, () -> verifier.verify(ts, sig, command)));

        App app = BareBoltApp.bolt(slack.apiUrl(), Benchmark.TOKEN, Benchmark.SECRET);
        SlackRequestParser parser = new SlackRequestParser(app.config());
        out.put("Bolt parse of a slash command", micros(20_000, () -> parse(parser, command)));
        out.put("Bolt parse of a block_actions payload", micros(20_000, () -> parse(parser, button)));
        Request<?>[] parsed = new Request<?>[40_000];
        for (int i = 0; i < parsed.length; i++) {
            parsed[i] = parse(parser, command);
        }
        int[] next = {0};
        out.put("Bolt App.run of a parsed command, listener only acks", micros(20_000, () -> {
            try {
                return app.run(parsed[next[0]++]);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));

        // Recording a run, as the /giga run listener does before acknowledging.
        Map<String, String> env = new HashMap<>();
        env.put("SLACK_BOT_TOKEN", Benchmark.TOKEN);
        env.put("SLACK_SIGNING_SECRET", Benchmark.SECRET);
        env.put("GIGA_API_KEY", "giga_sk_" + "0".repeat(32));
        env.put("GIGA_MAX_CONCURRENT_PER_USER", "1000");
        env.put("GIGA_MAX_CONCURRENT_PER_WORKSPACE", "10000");
        env.put("GIGA_MAX_RUNS_PER_USER_PER_DAY", "100000");
        var config = ConfigLoader.load(List.of(), env);
        try (Database db = Database.open("jdbc:h2:file:" + work.resolve("isolated").resolve("db").toAbsolutePath(),
                "", "")) {
            RunRepository runs = new RunRepository(db.jdbc());
            Clock clock = Clock.systemUTC();
            JobQueue queue = new JobQueue(db.jdbc());
            JobWriter jobs = new JobWriter(queue, clock);
            RunUpdater updater = new RunUpdater(db.jdbc(), runs, jobs, clock, null, () -> { });
            Directory nobody = new Directory() {
                @Override
                public boolean isWorkspaceAdmin(String teamId, String userId) {
                    return false;
                }

                @Override
                public java.util.Set<String> groupsOf(String teamId, String userId, java.util.Set<String> candidates) {
                    return java.util.Set.of();
                }
            };
            RunService requests = new RunService(new RunService.Parts(db.jdbc(), runs, jobs, updater,
                    new AuditLog(db.jdbc()), nobody, clock, new SecureRandom(), () -> { }),
                    config.runs(), config.access(), config.limits());
            int[] n = {0};
            List<int[]> marks = new ArrayList<>(List.of(new int[] {0, 500}, new int[] {2000, 2500},
                    new int[] {5500, 6000}));
            for (int[] mark : marks) {
                while (n[0] < mark[0]) {
                    requests.start(new RunService.StartRequest("T1", "C1", "U" + (n[0]++ % 500), RunKind.AGENT,
                            Benchmark.PROMPT, "giga-standard", 1, "Finish the task", "", "", null));
                }
                long t0 = System.nanoTime();
                int k = mark[1] - mark[0];
                for (int i = 0; i < k; i++) {
                    requests.start(new RunService.StartRequest("T1", "C1", "U" + (n[0]++ % 500), RunKind.AGENT,
                            Benchmark.PROMPT, "giga-standard", 1, "Finish the task", "", "", null));
                }
                out.put("RunService.start (limit counts, insert run + job + audit, commit) with " + mark[0]
                        + " active runs in the workspace", (System.nanoTime() - t0) / 1e3 / k);
            }
            int active = n[0];
            java.time.Instant since = java.time.Instant.now().minus(java.time.Duration.ofHours(24));
            int[] u = {0};
            out.put("  of which: runs.countActiveByUser (limit check) at " + active + " runs",
                    micros(500, () -> runs.countActiveByUser("T1", "U" + (u[0]++ % 500))));
            out.put("  of which: runs.countActiveByTeam (limit check) at " + active + " runs",
                    micros(500, () -> runs.countActiveByTeam("T1")));
            out.put("  of which: runs.countStartedSince (limit check) at " + active + " runs",
                    micros(500, () -> runs.countStartedSince("T1", "U" + (u[0]++ % 500), since)));
            java.util.concurrent.atomic.AtomicLong none = new java.util.concurrent.atomic.AtomicLong();
            out.put("JobQueue.claimNext with nothing due (what each worker thread woken by a nudge does)",
                    micros(500, () -> queue.claimNext("nothing-due", "bench", java.time.Duration.ofMinutes(2),
                            java.time.Instant.now()).isPresent() ? none.incrementAndGet() : none.get()));
            sharedWindowAndInstallations(db, out);
        }
        concurrentStarts(work, config, out);
        return out;
    }

    /**
     * Two costs that issue 16 added to every Giga request and, in distributed mode, to every Slack request: a permit of
     * the key's exact window shared through the database (one short transaction; its commit does not wait for the
     * disk), and the lookup of the workspace's installation (a read and an AES-GCM decrypt of its bot token).
     */
    private static void sharedWindowAndInstallations(Database db, Map<String, Double> out) {
        io.gigaslack.store.RateSlots slots = new io.gigaslack.store.RateSlots(db.jdbc(),
                io.gigaslack.gigawork.SharedRequestBudgets.WINDOW.plus(io.gigaslack.gigawork.SharedRequestBudgets.MARGIN));
        // Each take's clock is 1.5 s after the last, so the slots taken 50 or more takes ago (75 s back) are free again,
        // as a take that leaves 10 for user actions needs: what is timed is the take itself, never a wait.
        long[] millis = {System.currentTimeMillis()};
        Clock stepping = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return java.time.Instant.ofEpochMilli(millis[0] += 1500);
            }
        };
        long[] refused = {0};
        out.put("permit of the key's exact 60-a-minute window shared through the database (RateSlots.take)",
                micros(2000, () -> slots.take("bench-key", 60, 10, stepping).granted() ? 1 : ++refused[0]));
        if (refused[0] > 0) {
            throw new IllegalStateException(refused[0] + " takes were refused: the timer measured waiting");
        }
        io.gigaslack.store.SecretBox box = io.gigaslack.store.SecretBox.of(new byte[32], null, new SecureRandom());
        io.gigaslack.store.SlackInstallations installations = new io.gigaslack.store.SlackInstallations(db.jdbc(), box);
        java.time.Instant t0 = java.time.Instant.now();
        for (int i = 0; i < 200; i++) {
            String team = "TI" + i;
            installations.save(new io.gigaslack.store.SlackInstallation(team, null, null, team, "Team " + team, false,
                    "A1", "UBOT" + team, "B" + team, "chat:write,commands",
                    io.gigaslack.store.SlackInstallation.Token.lasting("xoxb-bench-" + team), "UADMIN", null, null,
                    t0, t0));
        }
        int[] k = {0};
        out.put("installation lookup of a request's workspace in distributed mode (read + AES-GCM decrypt, of 200)",
                micros(5000, () -> installations.find(null, "TI" + (k[0]++ % 200)).orElseThrow().bot().value()
                        .length()));
    }

    /**
     * The database work of the ack path alone, from many threads at once: {@code RunService.start} from c threads for
     * 1.5 s each, on an H2 file database with durable commits ({@code WRITE_DELAY=0}, as the app sets it), with no
     * workers, no HTTP and no Bolt; a fresh workspace per c. Starts per second and p99 per c, and (when the build
     * has group commit) the mean number of starts per commit. Measured twice: all starts in one workspace, as the
     * app's cells send them (its active runs grow to thousands, and with the benchmark's limit of 10 000 each start
     * counts them all), and spread over 500 workspaces (each counting a handful), so that the share of the
     * workspace count in the ack path's database work is read from one run.
     */
    private static void concurrentStarts(Path work, io.gigaslack.app.AppConfig config, Map<String, Double> out)
            throws Exception {
        try (Database db = Database.open("jdbc:h2:file:" + work.resolve("concurrent").resolve("db").toAbsolutePath()
                + ";WRITE_DELAY=0", "", "")) {
            RunRepository runs = new RunRepository(db.jdbc());
            Clock clock = Clock.systemUTC();
            JobWriter jobs = new JobWriter(new JobQueue(db.jdbc()), clock);
            RunUpdater updater = new RunUpdater(db.jdbc(), runs, jobs, clock, null, () -> { });
            Directory nobody = new Directory() {
                @Override
                public boolean isWorkspaceAdmin(String teamId, String userId) {
                    return false;
                }

                @Override
                public java.util.Set<String> groupsOf(String teamId, String userId, java.util.Set<String> candidates) {
                    return java.util.Set.of();
                }
            };
            RunService requests = new RunService(new RunService.Parts(db.jdbc(), runs, jobs, updater,
                    new AuditLog(db.jdbc()), nobody, clock, RunService.perThreadSecureRandom(), () -> { }),
                    config.runs(), config.access(), config.limits());
            for (boolean spread : new boolean[] {false, true}) {
                concurrentStartsIn(db, requests, spread, out);
            }
        }
    }

    /** One pass of {@link #concurrentStarts}: c = 1, 8, 32, 128, in one workspace or spread over 500. */
    private static void concurrentStartsIn(Database db, RunService requests, boolean spread, Map<String, Double> out)
            throws InterruptedException {
        String where = spread ? ", spread over 500 workspaces" : ", one workspace";
        for (int c : new int[] {1, 8, 32, 128}) {
            String team = (spread ? "TS" : "TC") + c;
            java.util.concurrent.atomic.AtomicInteger seq = new java.util.concurrent.atomic.AtomicInteger();
            long batchesBefore = groupCommitBatches(db);
            long end = System.nanoTime() + 1_500_000_000L;
            List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread[] threads = new Thread[c];
            long t0 = System.nanoTime();
            for (int t = 0; t < c; t++) {
                threads[t] = new Thread(() -> {
                    while (System.nanoTime() < end) {
                        long s0 = System.nanoTime();
                        int k = seq.getAndIncrement();
                        String workspace = spread ? team + "-" + (k % 500) : team;
                        requests.start(new RunService.StartRequest(workspace, "C1", "U" + (k % 500), RunKind.AGENT,
                                Benchmark.PROMPT, "giga-standard", 1, "Finish the task", "", "", null));
                        latencies.add(System.nanoTime() - s0);
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            long batches = groupCommitBatches(db) - batchesBefore;
            String key = "durable RunService.start from " + c + " threads at once" + where + ", no workers: ";
            out.put(key + "starts/s", sorted.length / secs);
            out.put(key + "p99 µs", sorted[Math.max(0, (int) Math.ceil(0.99 * sorted.length) - 1)] / 1e3);
            if (batches > 0) {
                out.put(key + "starts per commit", (double) sorted.length / batches);
            }
        }
    }

    /** Batches committed so far by the group commit, or 0 in a build without it (looked up, not linked). */
    private static long groupCommitBatches(Database db) {
        try {
            Object group = db.jdbc().getClass().getMethod("groupCommit").invoke(db.jdbc());
            return (long) group.getClass().getMethod("batches").invoke(group);
        } catch (ReflectiveOperationException e) {
            return 0;
        }
    }

    interface TriFunction {
        byte[] apply(String team, String user, String channel);
    }

    private static Request<?> parse(SlackRequestParser parser, byte[] body) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("content-type", List.of("application/x-www-form-urlencoded"));
        return parser.parse(SlackRequestParser.HttpRequest.builder()
                .requestUri("/slack/events")
                .queryString(Map.of())
                .headers(new RequestHeaders(headers))
                .requestBody(new String(body, StandardCharsets.UTF_8))
                .remoteAddress("127.0.0.1")
                .build());
    }

    private static double micros(int n, java.util.function.Supplier<Object> op) {
        Object sink = null;
        for (int i = 0; i < n; i++) {
            sink = op.get();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink = op.get();
        }
        if (sink == null) {
            System.out.print("");
        }
        return (System.nanoTime() - t0) / 1e3 / n;
    }
}

package io.gigaslack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gigaslack.app.AppConfig;
import io.gigaslack.app.ConfigLoader;
import io.gigaslack.app.GigaSlackApp;
import io.gigaslack.giga.sim.DeploymentSnapshot;
import io.gigaslack.giga.sim.GigaSimulator;
import io.gigaslack.giga.sim.RecordedRequest;
import io.gigaslack.testing.SlackRequests;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark: one run measures acknowledgement latency and throughput beside a bare Bolt app,
 * callback handling, the poller's reach within Giga's budget, start-up, memory and jar size, and
 * writes a markdown report. Run it with {@code bench/run.sh}; see BENCHMARKS.md.
 */
public final class Benchmark {
    static final String SECRET = "bench-signing-secret-0123456789";
    static final String TOKEN = "xoxb-bench-bot-token";
    static final int[] CONCURRENCY = {1, 8, 32, 128};
    static final Duration WARMUP = Duration.ofMillis(1000);
    static final Duration MEASURE = Duration.ofMillis(3000);
    static final Duration START_DELAY = Duration.ofSeconds(2);
    static final String PROMPT = "Find the pricing on example.com and save it to pricing.txt";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RUN_ID = Pattern.compile("`(r_[a-z0-9]+)`");

    private final Path out;
    private final Path work;
    private final Path jar;
    private final Report report = new Report();
    private final BenchSlack slack = new BenchSlack();
    private final LoadGen load = new LoadGen(SECRET);

    /** Sections to run ("all", or a comma list of timers,yardstick,commands,buttons,callbacks,poller,process). */
    private final java.util.Set<String> only;

    private Benchmark(Path out, Path jar, String only) throws IOException {
        this.only = java.util.Set.of(only.split(","));
        this.out = out;
        this.jar = jar;
        this.work = Files.createTempDirectory("giga-slack-bench");
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(arg(args, "--out", "bench/results"));
        Path jar = Path.of(arg(args, "--jar", "target/giga-slack.jar"));
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        Benchmark b = new Benchmark(out, jar, arg(args, "--only", "all"));
        int status = 0;
        try {
            b.runAll();
        } catch (Throwable e) {
            e.printStackTrace();
            b.report.note("**The run failed:** " + e);
            status = 1;
        }
        b.report.totalSeconds = (System.nanoTime() - t0) / 1e9;
        String md = b.report.markdown();
        Files.writeString(out.resolve("results.md"), md);
        say("wrote " + out.resolve("results.md") + " in " + Math.round(b.report.totalSeconds) + " s");
        System.out.flush();
        Runtime.getRuntime().halt(status); // background workers of the apps under test need not wind down
    }

    private void runAll() throws Exception {
        report.machine = Machine.describe();
        say("machine: " + report.machine);
        if (runs("timers")) {
            isolatedTimers();
        }
        if (runs("yardstick")) {
            yardstick();
        }
        if (runs("commands")) {
            oursCommands();
        }
        if (runs("buttons")) {
            oursButtons();
        }
        if (runs("callbacks")) {
            callbacks();
        }
        if (runs("poller")) {
            poller();
        }
        if (runs("process")) {
            process();
        }
        if (runs("crash")) {
            crash();
        }
    }

    private boolean runs(String section) {
        return only.contains("all") || only.contains(section);
    }

    // ------------------------------------------------------------------ yardstick

    private void yardstick() throws Exception {
        say("yardstick: bare Bolt app, and the bare app with one durable row per request");
        try (BareBoltApp bare = BareBoltApp.start(slack.apiUrl(), TOKEN, SECRET);
                BareBoltApp durable = BareBoltApp.startDurable(slack.apiUrl(), TOKEN, SECRET,
                        Files.createDirectories(work.resolve("durable-yardstick")))) {
            URI uri = URI.create("http://127.0.0.1:" + bare.port() + "/slack/events");
            URI durableUri = URI.create("http://127.0.0.1:" + durable.port() + "/slack/events");
            LongFunction<LoadGen.Req> commands = i -> command("T1", "U" + (i % 500), "C1");
            Function<String, String> commandAck = body -> body.isEmpty() ? "ack" : "ack+body";
            LongFunction<LoadGen.Req> presses = i -> button("run_extend", "U1", "C1", "r_x");
            // Alternated per c, so that both see the same moment of a shared machine.
            for (int c : CONCURRENCY) {
                report.bareCommand.add(cell("bare /giga run", uri, c, 3000, commands, commandAck));
                long[] before = durable.writesAndCommits();
                report.durableCommand.add(cell("bare + one durable row /giga run", durableUri, c, 3000, commands,
                        commandAck));
                long[] after = durable.writesAndCommits();
                report.durableCommandsPerCommit.add(after[1] == before[1] ? Double.NaN
                        : (double) (after[0] - before[0]) / (after[1] - before[1]));
            }
            for (int c : CONCURRENCY) {
                report.bareAction.add(cell("bare button", uri, c, 3000, presses, body -> "ack"));
                report.durableAction.add(cell("bare + one durable row button", durableUri, c, 3000, presses,
                        body -> "ack"));
            }
        }
    }

    // ------------------------------------------------------------------ ours: /giga run

    private void oursCommands() throws Exception {
        say("giga-slack: /giga run under load (Giga takes 2 s to start each deployment)");
        GigaSimulator sim = GigaSimulator.builder().build().start();
        sim.faults().on("POST", "/api/deployments/start").times(1_000_000).delay(START_DELAY);
        Started s = startApp(sim, "load", Map.of());
        report.startInProcess.add(s.startMillis);
        report.readyInProcess.add(s.readyMillis);
        URI uri = URI.create(s.base + "/slack/events");
        long started = 0;
        // The cells send every start to workspace T1, whose active runs grow to thousands (the limit is raised to
        // 10 000), so each start counts them; -Dbench.commandWorkspaces=500 spreads them over 500 workspaces instead,
        // to read the cost of that count (BENCHMARKS.md, "The workspace count"). Not the default: the figures stay
        // comparable with the earlier runs.
        int workspaces = Math.max(1, Integer.getInteger("bench.commandWorkspaces", 1));
        for (int c : CONCURRENCY) {
            Map<String, Double> before = ackSeconds(s.base);
            LoadGen.Result r = cell("giga-slack /giga run", uri, c, 1500, i -> command(
                    workspaces == 1 ? "T1" : "TW" + (i % workspaces), "U" + (i % 500), "C1"),
                    Benchmark::classifyStart);
            Map<String, Double> after = ackSeconds(s.base);
            report.oursCommand.add(r);
            report.oursCommandServerMean.add(serverMean(before, after, "command"));
            report.activeRunsBefore.add(started);
            started += r.outcomes().getOrDefault("started", 0L);
        }
        report.commandBackground = String.format(Locale.ROOT,
                "after the command cells: %d deployments started at the simulator (2 s each, paced by the 60/min budget),"
                        + " Slack calls so far %s", sim.count("POST", "/api/deployments/start"), slack.counts());
        // Where the time goes: a separate, sampled cell (workspace T2, so the limits count fresh rows).
        say("giga-slack: profiling /giga run at concurrency 32");
        try (StackSampler sampler = new StackSampler("http-", 5)) {
            LoadGen.Result r = cell("giga-slack /giga run (sampled)", uri, 32, 1500,
                    i -> command("T2", "U" + (i % 500), "C2"), Benchmark::classifyStart);
            report.commandProfile = Report.Profile.of(r, sampler);
        }
        say("giga-slack: profiling /giga run at concurrency 128 in the grown workspace");
        try (StackSampler sampler = new StackSampler("http-", 5)) {
            LoadGen.Result r = cell("giga-slack /giga run (sampled, T1)", uri, 128, 1500,
                    i -> command("T1", "U" + (i % 500), "C1"), Benchmark::classifyStart);
            report.commandProfileGrown = Report.Profile.of(r, sampler);
        }
        closeInBackground(s.app, sim);
    }

    // ------------------------------------------------------------------ ours: buttons

    private void oursButtons() throws Exception {
        say("giga-slack: buttons (Status, Extend) under load");
        GigaSimulator sim = GigaSimulator.builder().build().start();
        sim.faults().on("POST", "/api/deployments/start").times(1_000_000).delay(START_DELAY);
        Started s = startApp(sim, "buttons", Map.of());
        URI uri = URI.create(s.base + "/slack/events");
        // 64 existing runs, each started by its own user (the one who may extend it).
        List<String[]> runs = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String user = "UB" + i;
            HttpResponse<String> r = load.send(uri, command("T1", user, "C1"));
            Matcher m = RUN_ID.matcher(r.body());
            if (m.find()) {
                runs.add(new String[] {m.group(1), user});
            }
        }
        if (runs.isEmpty()) {
            throw new IllegalStateException("no run could be started for the button cells");
        }
        for (int c : CONCURRENCY) {
            Map<String, Double> before = ackSeconds(s.base);
            report.oursStatus.add(cell("giga-slack Status button", uri, c, 3000, i -> {
                String[] run = runs.get((int) (i % runs.size()));
                return button("run_status", run[1], "C1", run[0]);
            }, body -> "ack"));
            report.oursStatusServerMean.add(serverMean(before, ackSeconds(s.base), "action"));
        }
        for (int c : CONCURRENCY) {
            Map<String, Double> before = ackSeconds(s.base);
            report.oursExtend.add(cell("giga-slack Extend button", uri, c, 3000, i -> {
                String[] run = runs.get((int) (i % runs.size()));
                return button("run_extend", run[1], "C1", run[0]);
            }, body -> "ack"));
            report.oursExtendServerMean.add(serverMean(before, ackSeconds(s.base), "action"));
        }
        say("giga-slack: profiling Extend at concurrency 32");
        try (StackSampler sampler = new StackSampler("http-", 5)) {
            LoadGen.Result r = cell("giga-slack Extend (sampled)", uri, 32, 3000, i -> {
                String[] run = runs.get((int) (i % runs.size()));
                return button("run_extend", run[1], "C1", run[0]);
            }, body -> "ack");
            report.extendProfile = Report.Profile.of(r, sampler);
        }
        closeInBackground(s.app, sim);
    }

    // ------------------------------------------------------------------ callbacks

    private void callbacks() throws Exception {
        say("giga-slack: callbacks");
        slack.reset();
        GigaSimulator sim = GigaSimulator.builder().provisionDelay(Duration.ofMillis(300))
                .agentDuration(Duration.ofMinutes(30)).build().start();
        // No polling during this phase: every Giga request comes from callbacks.
        Started s = startApp(sim, "callbacks", Map.of("GIGA_POLL_INTERVAL_SECONDS", "3600"));
        URI events = URI.create(s.base + "/slack/events");
        int k = 6;
        Map<String, String> channelOfRun = new LinkedHashMap<>();
        for (int i = 0; i < k; i++) {
            HttpResponse<String> r = load.send(events, command("T1", "UCB" + i, "CB" + i));
            Matcher m = RUN_ID.matcher(r.body());
            if (!m.find()) {
                throw new IllegalStateException("callback run not started: " + r.body());
            }
            channelOfRun.put(m.group(1), "CB" + i);
        }
        // Wait until every run's computer is up and the app has handled Giga's own "running" callbacks.
        waitFor("deployments started with callback URLs", Duration.ofSeconds(30),
                () -> sim.deployments().stream().filter(d -> d.callbackUrl() != null && "running".equals(d.status()))
                        .count() >= k);
        waitFor("Giga's own callbacks delivered", Duration.ofSeconds(30),
                () -> sim.callbackDeliveries().size() >= k);
        waitQuiet(Duration.ofMillis(1500), Duration.ofSeconds(30));
        Map<String, DeploymentSnapshot> byRun = new HashMap<>();
        for (DeploymentSnapshot d : sim.deployments()) {
            if (d.callbackUrl() != null) {
                String path = URI.create(d.callbackUrl()).getPath();
                byRun.put(path.substring(path.lastIndexOf('/') + 1), d);
            }
        }
        // 1) One callback at a time: arrival -> its thread message (and card edit) reach Slack.
        for (Map.Entry<String, String> e : channelOfRun.entrySet()) {
            DeploymentSnapshot d = byRun.get(e.getKey());
            if (d == null) {
                continue;
            }
            String body = JSON.createObjectNode().put("event", "run.completed").put("deploymentId", d.id())
                    .put("threadId", d.threadId()).put("status", "COMPLETED")
                    .put("timestamp", Instant.now().toString()).toString();
            long t0 = System.nanoTime();
            HttpResponse<String> ack = load.postPlain(URI.create(d.callbackUrl()), body.getBytes(StandardCharsets.UTF_8),
                    "application/json");
            long ackNanos = System.nanoTime() - t0;
            long threadMsg = -1;
            long cardEdit = -1;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && (threadMsg < 0 || cardEdit < 0)) {
                for (BenchSlack.Call c : slack.calls(e.getValue())) {
                    if (c.arrivedNanos() < t0) {
                        continue;
                    }
                    if (threadMsg < 0 && c.method().equals("chat.postMessage") && c.threadTs() != null) {
                        threadMsg = c.arrivedNanos() - t0;
                    }
                    if (cardEdit < 0 && c.method().equals("chat.update")) {
                        cardEdit = c.arrivedNanos() - t0;
                    }
                }
                Thread.sleep(1);
            }
            report.callbackSingles.add(new long[] {ack.statusCode(), ackNanos, threadMsg, cardEdit});
            waitQuiet(Duration.ofMillis(700), Duration.ofSeconds(15));
        }
        report.callbackGigaReads = sim.requests().stream().filter(r -> r.method().equals("GET")).count();
        // 2) Intake: how many callbacks per second the endpoint accepts (202, recorded as a durable job).
        List<String> urls = byRun.values().stream().map(DeploymentSnapshot::callbackUrl).toList();
        byte[] hint = "{\"event\":\"deployment.running\",\"status\":\"running\"}".getBytes(StandardCharsets.UTF_8);
        for (int c : new int[] {8, 32}) {
            report.callbackIntake.add(load.run("callback intake", URI.create(urls.get(0)), c, Duration.ofMillis(500),
                    Duration.ofMillis(2000), 200, 2000, i -> new LoadGen.Req(hint, "application/json"),
                    b -> "accepted", false));
        }
        // 3) Processing after the burst: each callback costs Giga reads, paced by the 60/min budget.
        sim.clearRequests();
        long t0 = System.nanoTime();
        Thread.sleep(8000);
        double secs = (System.nanoTime() - t0) / 1e9;
        report.callbackDrainReadsPerSecond = sim.requests().stream().filter(r -> r.method().equals("GET")).count() / secs;
        closeInBackground(s.app, sim);
    }

    // ------------------------------------------------------------------ poller

    private void poller() throws Exception {
        say("giga-slack: poller reach");
        // Each N on an app of its own (its own database, so its own key window, empty): Giga's window is exact
        // (issue 16), and four cycles in a few seconds on one app would spend the 50 background requests of a minute
        // and then measure the wait for the window instead of what a cycle costs.
        for (int n : new int[] {10, 50, 200, 500}) {
            GigaSimulator sim = GigaSimulator.builder().provisionDelay(Duration.ofMillis(100))
                    .agentDuration(Duration.ofHours(2)).build().start();
            Started s = startApp(sim, "poller" + n, Map.of("GIGA_POLL_INTERVAL_SECONDS", "15"));
            PollerSetup setup = new PollerSetup(sim, s.databaseUrl);
            setup.grow(n);
            Thread.sleep(400); // provisioning -> running at the simulator
            // Between the app's own scheduled cycles, so that the requests counted are the measured cycle's only.
            s.app.testHooks().awaitIdle(Duration.ofSeconds(30));
            sim.clearRequests();
            long t0 = System.nanoTime();
            int made = s.app.testHooks().reconciler().cycle();
            double ms = (System.nanoTime() - t0) / 1e6;
            List<RecordedRequest> reqs = sim.requests();
            long lists = reqs.stream().filter(r -> r.path().equals("/api/deployments")).count();
            long sessions = reqs.stream().filter(r -> r.path().startsWith("/api/sessions/")).count();
            long reads = reqs.stream().filter(r -> r.path().matches("/api/deployments/[^/]+")).count();
            report.poller.add(new Report.PollerRow(n, made, reqs.size(), lists, sessions, reads, ms));
            setup.close();
            closeInBackground(s.app, sim);
        }
        extensions(500);
    }

    /**
     * Automatic extensions: {@code n} running agents whose sandboxes end 7 minutes after they are up (inside the
     * reconciler's 8-minute lead), one reconcile cycle, then the extension jobs it queued and how long they take to
     * reach Giga. Giga's budget is lifted here (6000 a minute): under the real 50 a minute, {@code n} extensions
     * take n/50 minutes and the cycle's own session reads queue behind them, which the report computes. Polling is
     * off meanwhile (1 h interval).
     */
    private void extensions(int n) throws Exception {
        say("giga-slack: automatic extensions for " + n + " running agents");
        GigaSimulator sim = GigaSimulator.builder().provisionDelay(Duration.ofMillis(100))
                .agentDuration(Duration.ofHours(2)).sandboxLifetime(Duration.ofMinutes(7)).build().start();
        Started s = startApp(sim, "extensions", Map.of("GIGA_POLL_INTERVAL_SECONDS", "3600",
                "GIGA_REQUESTS_PER_MINUTE", "6000"));
        PollerSetup setup = new PollerSetup(sim, s.databaseUrl);
        setup.grow(n);
        Thread.sleep(400); // provisioning -> running at the simulator
        long before = setup.unfinishedJobs("extend");
        s.app.testHooks().reconciler().cycle();
        long queued = setup.unfinishedJobs("extend") - before;
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofSeconds(60).toNanos();
        while (setup.unfinishedJobs("extend") > before && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        report.extensionRuns = n;
        report.extensionJobs = queued;
        report.extensionsSent = sim.count("POST", "/api/sandbox/extend");
        report.extensionSeconds = (System.nanoTime() - t0) / 1e9;
        setup.close();
        closeInBackground(s.app, sim);
    }

    // ------------------------------------------------------------------ separate process: start-up, memory

    private void process() throws Exception {
        say("java -jar: start-up time, resident memory at rest and under load");
        report.jarBytes = Files.exists(jar) ? Files.size(jar) : -1;
        if (report.jarBytes < 0) {
            report.note("jar not found at " + jar + "; process measurements skipped");
            return;
        }
        GigaSimulator sim = GigaSimulator.builder().build().start();
        sim.faults().on("POST", "/api/deployments/start").times(1_000_000).delay(START_DELAY);
        int port = freePort();
        Map<String, String> env = appEnv(sim, port, "process");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString());
        pb.environment().putAll(env);
        pb.directory(work.toFile());
        pb.redirectErrorStream(true);
        pb.redirectOutput(out.resolve("app-process.log").toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            String base = "http://127.0.0.1:" + port;
            waitFor("the app process to be ready", Duration.ofSeconds(60), () -> status(base + "/readyz") == 200);
            report.processReadyMillis = (System.nanoTime() - t0) / 1e6;
            report.rssAtReadyKb = Machine.rssKb(p.pid(), "VmRSS");
            Thread.sleep(3000);
            report.rssAtRestKb = Machine.rssKb(p.pid(), "VmRSS");
            long[] peak = {0};
            Thread rssSampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak[0] = Math.max(peak[0], Machine.rssKb(p.pid(), "VmRSS"));
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            rssSampler.start();
            URI uri = URI.create(base + "/slack/events");
            report.processLoad = load.run("java -jar: /giga run", uri, 32, Duration.ofMillis(3000),
                    Duration.ofMillis(4000), 1500, 3000, i -> command("T1", "U" + (i % 500), "C1"),
                    Benchmark::classifyStart, true);
            rssSampler.interrupt();
            rssSampler.join();
            report.rssUnderLoadPeakKb = peak[0];
            report.rssHwmKb = Machine.rssKb(p.pid(), "VmHWM");
            report.processThreads = Machine.rssKb(p.pid(), "Threads");
        } finally {
            p.destroy(); // SIGTERM: the app shuts down gracefully
            if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            sim.close();
        }
        say("java -jar: resident memory while tracking 1000 running agent runs");
        trackedMemory(1000);
    }

    /**
     * Resident memory of the app as its own process while it tracks {@code n} running agent runs: the database is
     * seeded first (runs and their deployments at the simulator), then the jar started on it and left to run a few
     * reconcile cycles (5 s interval).
     */
    private void trackedMemory(int n) throws Exception {
        GigaSimulator sim = GigaSimulator.builder().provisionDelay(Duration.ofMillis(100))
                .agentDuration(Duration.ofHours(2)).build().start();
        int port = freePort();
        Map<String, String> env = appEnv(sim, port, "tracked" + n);
        env.put("GIGA_POLL_INTERVAL_SECONDS", "5");
        // 640 a minute leaves 50 session reads a cycle: 50 agents' progress is read (and streamed into their
        // threads) in the first cycle, 50 more in each later one.
        env.put("GIGA_REQUESTS_PER_MINUTE", "640");
        PollerSetup setup = new PollerSetup(sim, env.get("DATABASE_URL"));
        setup.grow(n);
        setup.close();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString());
        pb.environment().putAll(env);
        pb.directory(work.toFile());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(out.resolve("app-process.log").toFile()));
        Process p = pb.start();
        try {
            String base = "http://127.0.0.1:" + port;
            waitFor("the app process to be ready", Duration.ofSeconds(60), () -> status(base + "/readyz") == 200);
            long listsBefore = sim.count("GET", "/api/deployments");
            long streamsBefore = slack.counts().getOrDefault("chat.startStream", 0L);
            Thread.sleep(16_000); // three cycles or so at 5 s (fewer when the budget stretches them)
            // Then at least 50 live streams (a loaded machine gets through fewer cycles in that time), for at most 45 s.
            long streamsUntil = System.nanoTime() + Duration.ofSeconds(45).toNanos();
            while (slack.counts().getOrDefault("chat.startStream", 0L) - streamsBefore < 50
                    && System.nanoTime() < streamsUntil) {
                Thread.sleep(500);
            }
            report.trackedRuns = n;
            report.trackedListRequests = sim.count("GET", "/api/deployments") - listsBefore;
            // The agents work for 2 hours: every stream started is still open.
            report.trackedStreams = slack.counts().getOrDefault("chat.startStream", 0L) - streamsBefore
                    - slack.counts().getOrDefault("chat.stopStream", 0L);
            report.rssTrackedKb = Machine.rssKb(p.pid(), "VmRSS");
            report.rssTrackedHwmKb = Machine.rssKb(p.pid(), "VmHWM");
            report.heapTrackedKb = heapUsedAfterGcKb(p.pid());
        } finally {
            p.destroy();
            if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            sim.close();
        }
    }

    /** The Java heap in use after a full GC of process {@code pid} (jcmd GC.run, GC.heap_info), or -1. */
    private static long heapUsedAfterGcKb(long pid) {
        try {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").redirectErrorStream(true).start().waitFor();
            Process info = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.heap_info").redirectErrorStream(true)
                    .start();
            String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            info.waitFor();
            Matcher m = Pattern.compile("total \\d+K, used (\\d+)K").matcher(text);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    // ------------------------------------------------------------------ separate process: kill -9 in a burst

    /**
     * The app as its own process, a c=32 burst of {@code /giga run}, SIGKILL after 4 s of it (the first seconds warm
     * the JVM up), then every run it acknowledged looked up in its database file. Twice, on a fresh database each.
     */
    private void crash() throws Exception {
        say("java -jar: kill -9 during a /giga run burst, then every acknowledged run looked up");
        if (!Files.exists(jar)) {
            report.note("jar not found at " + jar + "; crash check skipped");
            return;
        }
        GigaSimulator sim = GigaSimulator.builder().build().start();
        sim.faults().on("POST", "/api/deployments/start").times(1_000_000).delay(START_DELAY);
        try {
            for (int round = 1; round <= 2; round++) {
                int port = freePort();
                Map<String, String> env = appEnv(sim, port, "crash" + round);
                ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-jar", jar.toAbsolutePath().toString());
                pb.environment().putAll(env);
                pb.directory(work.toFile());
                pb.redirectErrorStream(true);
                pb.redirectOutput(ProcessBuilder.Redirect.appendTo(out.resolve("app-process.log").toFile()));
                Process p = pb.start();
                try {
                    String base = "http://127.0.0.1:" + port;
                    waitFor("the app process to be ready", Duration.ofSeconds(60),
                            () -> status(base + "/readyz") == 200);
                    report.crashes.add(new CrashCheck(load).run(p, URI.create(base + "/slack/events"),
                            env.get("DATABASE_URL"), 32, Duration.ofMillis(4000),
                            i -> command("T1", "U" + (i % 500), "C1")));
                } finally {
                    p.destroyForcibly();
                }
            }
        } finally {
            sim.close();
        }
    }

    // ------------------------------------------------------------------ isolated timers

    private void isolatedTimers() throws Exception {
        say("isolated timers: signature check, Bolt parse, bare App.run, RunService.start");
        report.isolated = IsolatedTimers.measure(work, slack, this::commandBody);
    }

    // ------------------------------------------------------------------ helpers

    record Started(GigaSlackApp app, String base, String databaseUrl, double startMillis, double readyMillis) {}

    private Map<String, String> appEnv(GigaSimulator sim, int port, String name) {
        Map<String, String> env = new HashMap<>();
        env.put("SLACK_BOT_TOKEN", TOKEN);
        env.put("SLACK_SIGNING_SECRET", SECRET);
        env.put("SLACK_API_URL", slack.apiUrl());
        env.put("GIGA_API_URL", sim.baseUrl());
        env.put("GIGA_API_KEY", sim.apiKey());
        env.put("PORT", String.valueOf(port));
        env.put("PUBLIC_URL", "http://127.0.0.1:" + port);
        env.put("DATABASE_URL", "jdbc:h2:file:" + work.resolve(name).resolve("giga-slack").toAbsolutePath());
        env.put("GIGA_MAX_CONCURRENT_PER_USER", "1000");
        env.put("GIGA_MAX_CONCURRENT_PER_WORKSPACE", "10000");
        env.put("GIGA_MAX_RUNS_PER_USER_PER_DAY", "100000");
        return env;
    }

    private Started startApp(GigaSimulator sim, String name, Map<String, String> extra) throws Exception {
        int port = freePort();
        Map<String, String> env = appEnv(sim, port, name);
        env.putAll(extra);
        AppConfig config = ConfigLoader.load(List.of(), env);
        long t0 = System.nanoTime();
        GigaSlackApp app = GigaSlackApp.start(config);
        double startMs = (System.nanoTime() - t0) / 1e6;
        String base = "http://127.0.0.1:" + app.port();
        waitFor("readyz", Duration.ofSeconds(30), () -> status(base + "/readyz") == 200);
        double readyMs = (System.nanoTime() - t0) / 1e6;
        return new Started(app, base, env.get("DATABASE_URL"), startMs, readyMs);
    }

    private LoadGen.Result cell(String label, URI uri, int c, int maxMeasured, LongFunction<LoadGen.Req> factory,
            Function<String, String> classify) throws InterruptedException {
        LoadGen.Result r = load.run(label, uri, c, WARMUP, MEASURE, Math.min(300, 20 * c + 50), maxMeasured, factory,
                classify, true);
        say(String.format(Locale.ROOT, "  %-32s c=%-3d n=%-5d %7.1f req/s  p50 %6.2f ms  p99 %7.2f ms  max %7.2f ms  %s",
                label, c, r.requests(), r.throughput(), r.pMillis(0.50), r.pMillis(0.99), r.maxMillis(), r.outcomes()));
        return r;
    }

    static String classifyStart(String body) {
        return body.contains(":rocket:") ? "started" : "other: " + body.substring(0, Math.min(60, body.length()));
    }

    LoadGen.Req command(String team, String user, String channel) {
        return new LoadGen.Req(commandBody(team, user, channel), "application/x-www-form-urlencoded");
    }

    byte[] commandBody(String team, String user, String channel) {
        Map<String, String> f = SlackRequests.slashCommand(team, user, channel, "run " + PROMPT, slack.responseUrl());
        return SlackRequests.form(f).getBytes(StandardCharsets.UTF_8);
    }

    LoadGen.Req button(String actionId, String user, String channel, String value) {
        String json = SlackRequests.buttonPress(actionId, user, channel, value, slack.responseUrl());
        return new LoadGen.Req(SlackRequests.form(Map.of("payload", json)).getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded");
    }

    /** giga_slack_ack_seconds sum and count per kind, from the app's own /metrics. */
    private Map<String, Double> ackSeconds(String base) {
        Map<String, Double> out = new HashMap<>();
        try {
            String text = load.get(URI.create(base + "/metrics")).body();
            for (String line : text.split("\n")) {
                Matcher m = Pattern.compile("^giga_slack_ack_seconds_(sum|count)\\{kind=\"([a-z_]+)\"\\} ([0-9.eE+-]+)")
                        .matcher(line);
                if (m.find()) {
                    out.put(m.group(2) + "_" + m.group(1), Double.parseDouble(m.group(3)));
                }
            }
        } catch (Exception e) {
            // no server-side figure then
        }
        return out;
    }

    private static double serverMean(Map<String, Double> before, Map<String, Double> after, String kind) {
        double sum = after.getOrDefault(kind + "_sum", 0.0) - before.getOrDefault(kind + "_sum", 0.0);
        double count = after.getOrDefault(kind + "_count", 0.0) - before.getOrDefault(kind + "_count", 0.0);
        return count <= 0 ? Double.NaN : sum / count * 1000;
    }

    private int status(String url) {
        try {
            return load.get(URI.create(url)).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private void waitQuiet(Duration quiet, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        Map<String, Long> last = slack.counts();
        long lastChange = System.nanoTime();
        while (System.nanoTime() < end) {
            Thread.sleep(100);
            Map<String, Long> now = slack.counts();
            if (!now.equals(last)) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange >= quiet.toNanos()) {
                return;
            }
        }
    }

    static void waitFor(String what, Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** The app's workers may be waiting on Giga's budget; let them wind down without holding up the run. */
    private static void closeInBackground(GigaSlackApp app, GigaSimulator sim) {
        Thread t = new Thread(() -> {
            try {
                app.close();
            } catch (RuntimeException e) {
                // ignored: the benchmark is done with it
            }
            sim.close();
        }, "bench-close");
        t.setDaemon(true);
        t.start();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void say(String s) {
        System.out.println("[bench] " + s);
        System.out.flush();
    }

    private static String arg(String[] args, String name, String def) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return def;
    }
}

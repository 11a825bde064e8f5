package io.gigaslack.bench;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Collects the figures of one run and renders them as markdown. */
final class Report {
    record Profile(LoadGen.Result cell, Map<String, Long> busy, Map<String, Long> waiting, long handlerSamples,
            long outsideHandlerBusy, long rounds, Map<String, Long> topFrames, Map<String, Long> threadGroups,
            Map<String, Long> workerCallers) {
        static Profile of(LoadGen.Result cell, StackSampler s) {
            return new Profile(cell, s.busy(), s.waiting(), s.handlerSamples(), s.outsideHandlerBusy(), s.rounds(),
                    s.topFrames(), s.threadGroups(), s.workerCallers());
        }
    }

    record PollerRow(int activeRuns, int cycleReturned, int simRequests, long listRequests, long sessionReads,
            long deploymentReads, double millis) {}

    String machine;
    double totalSeconds;
    final List<String> notes = new ArrayList<>();
    Map<String, Double> isolated = Map.of();
    final List<LoadGen.Result> bareCommand = new ArrayList<>();
    final List<LoadGen.Result> bareAction = new ArrayList<>();
    /** The bare app writing each request as one durable row before its ack: the floor of a durable ack. */
    final List<LoadGen.Result> durableCommand = new ArrayList<>();
    final List<Double> durableCommandsPerCommit = new ArrayList<>();
    final List<LoadGen.Result> durableAction = new ArrayList<>();
    final List<LoadGen.Result> oursCommand = new ArrayList<>();
    final List<Double> oursCommandServerMean = new ArrayList<>();
    final List<Long> activeRunsBefore = new ArrayList<>();
    final List<LoadGen.Result> oursStatus = new ArrayList<>();
    final List<Double> oursStatusServerMean = new ArrayList<>();
    final List<LoadGen.Result> oursExtend = new ArrayList<>();
    final List<Double> oursExtendServerMean = new ArrayList<>();
    final List<Double> startInProcess = new ArrayList<>();
    final List<Double> readyInProcess = new ArrayList<>();
    String commandBackground = "";
    Profile commandProfile;
    Profile commandProfileGrown;
    Profile extendProfile;
    /** status, ack ns, thread message ns (-1 none), card edit ns (-1 none). */
    final List<long[]> callbackSingles = new ArrayList<>();
    long callbackGigaReads;
    final List<LoadGen.Result> callbackIntake = new ArrayList<>();
    double callbackDrainReadsPerSecond;
    final List<PollerRow> poller = new ArrayList<>();
    long jarBytes = -1;
    double processReadyMillis = -1;
    long rssAtReadyKb = -1;
    long rssAtRestKb = -1;
    long rssUnderLoadPeakKb = -1;
    long rssHwmKb = -1;
    long processThreads = -1;
    LoadGen.Result processLoad;
    final List<CrashCheck.Outcome> crashes = new ArrayList<>();
    int extensionRuns;
    long extensionJobs;
    long extensionsSent;
    double extensionSeconds;
    long heapTrackedKb = -1;
    int trackedRuns;
    long trackedListRequests = -1;
    /** Progress streams open in the threads of the tracked runs when their memory was read. */
    long trackedStreams = -1;
    long rssTrackedKb = -1;
    long rssTrackedHwmKb = -1;

    void note(String s) {
        notes.add(s);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# giga-slack benchmark results\n\n");
        md.append("Run ").append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")))
                .append(" with `bench/run.sh`, in ").append(Math.round(totalSeconds)).append(" s.  \n");
        md.append("Machine: ").append(machine).append(".  \n");
        md.append("Everything runs on this one machine over loopback: the load generator, the app under test, the"
                + " Giga simulator and a fake Slack Web API share its cores.\n\n");

        md.append("## 1. Acknowledgement latency and throughput, beside a bare Bolt app\n\n");
        md.append("Closed loop: *c* clients each send a Slack-signed request and wait for the answer; 1 s warm-up,"
                + " then 3 s measured (at most 1500 `/giga run` or 3000 button requests per cell). Latency is"
                + " measured at the client (send → full answer). The Giga simulator takes 2 s to start each"
                + " deployment. The yardstick is a bare Bolt for Java app (command listener and action listener"
                + " that only `ctx.ack()`) served the same way: our JettyServer, the same signature check, the same"
                + " endpoint and `App.run`. *ratio* = giga-slack ÷ bare (p99, and throughput).\n\n");
        md.append("| request | c | giga-slack req/s | p50 ms | p99 ms | max ms | server mean ms | bare req/s | bare p50"
                + " | bare p99 | bare max | p99 ratio | req/s ratio |\n");
        md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        rows(md, "`/giga run`", oursCommand, oursCommandServerMean, bareCommand);
        rows(md, "Status button", oursStatus, oursStatusServerMean, bareAction);
        rows(md, "Extend button", oursExtend, oursExtendServerMean, bareAction);
        rows(md, "bare + one durable row, `/giga run`", durableCommand, List.of(), bareCommand);
        rows(md, "bare + one durable row, button", durableAction, List.of(), bareAction);
        if (!durableCommand.isEmpty()) {
            md.append("\n*bare + one durable row* is not giga-slack: it is the bare app whose listeners write"
                    + " the request as one row through the same group commit, into an H2 file database with durable"
                    + " commits (or the database `-Dbench.floorJdbcUrl` names), before it acknowledges. No limits,"
                    + " no lookups, no workers: the floor of any acknowledgement that keeps what it acknowledged, on"
                    + " this machine. Commands per commit (warm-up included) at c = "
                    + durableCommand.stream().map(r -> String.valueOf(r.concurrency()))
                            .collect(Collectors.joining(", ")) + ": "
                    + durableCommandsPerCommit.stream().map(v -> String.format(Locale.ROOT, "%.1f", v))
                            .collect(Collectors.joining(", ")) + ".\n");
        }
        double worstRatio = 0;
        double worstMax = 0;
        long over3 = 0;
        long over1 = 0;
        long total = 0;
        for (List<LoadGen.Result>[] pair : pairs()) {
            for (int i = 0; i < pair[0].size() && i < pair[1].size(); i++) {
                worstRatio = Math.max(worstRatio, pair[0].get(i).pMillis(0.99) / pair[1].get(i).pMillis(0.99));
            }
            for (LoadGen.Result r : pair[0]) {
                worstMax = Math.max(worstMax, r.maxMillis());
                over3 += r.over(Duration.ofSeconds(3));
                over1 += r.over(Duration.ofSeconds(1));
                total += r.requests();
            }
        }
        md.append(String.format(Locale.ROOT, "\n**Verdict.** Worst p99 ratio to the bare app: **%.1f×** (aim: ≤ 1.5×)."
                + " Slowest giga-slack acknowledgement: **%.0f ms** of %d measured; %d over 1 s, %d over 3 s (Slack's"
                + " limit).\n\n", worstRatio, worstMax, total, over1, over3));
        md.append("Outcomes of the measured giga-slack requests (the ack body says whether the run was recorded):\n\n");
        for (int i = 0; i < oursCommand.size(); i++) {
            md.append(String.format(Locale.ROOT, "- `/giga run` c=%d: %s (runs already recorded before the cell:"
                    + " %d; errors %d)\n", oursCommand.get(i).concurrency(), oursCommand.get(i).outcomes(),
                    i < activeRunsBefore.size() ? activeRunsBefore.get(i) : -1, oursCommand.get(i).errors()));
        }
        md.append("- ").append(commandBackground).append("\n");
        md.append("\nIn-process start of the app (warm JVM, H2 file database created and migrated): ")
                .append(list(startInProcess)).append(" ms to `GigaSlackApp.start` returning, ")
                .append(list(readyInProcess)).append(" ms to `/readyz` = 200.\n\n");

        md.append("## 2. Where the time goes\n\n");
        md.append("Each step alone, single-threaded, mean of many calls after a warm-up (µs per call):\n\n");
        md.append("| step | µs |\n|---|--:|\n");
        isolated.forEach((k, v) -> md.append(String.format(Locale.ROOT, "| %s | %.1f |\n", k, v)));
        profile(md, "`/giga run` at c=32", commandProfile);
        profile(md, "`/giga run` at c=128 in the grown workspace (after the measured cells)", commandProfileGrown);
        profile(md, "Extend button at c=32", extendProfile);

        md.append("## 3. Callbacks from Giga\n\n");
        md.append("Six agent runs were started with callback URLs; once their computers were up, a well-formed"
                + " `run.completed` callback (the URL and token the app gave Giga) was POSTed for each, one at a time,"
                + " and the time from sending it to the app's Slack calls arriving at the fake Slack was taken.\n\n");
        md.append("| callback | HTTP | ack ms | → card edit ms | → thread message ms |\n|--:|--:|--:|--:|--:|\n");
        List<Double> thread = new ArrayList<>();
        for (int i = 0; i < callbackSingles.size(); i++) {
            long[] c = callbackSingles.get(i);
            md.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %s | %s |\n", i + 1, c[0], c[1] / 1e6,
                    c[3] < 0 ? "none in 20 s" : String.format(Locale.ROOT, "%.0f", c[3] / 1e6),
                    c[2] < 0 ? "none in 20 s" : String.format(Locale.ROOT, "%.0f", c[2] / 1e6)));
            if (c[2] >= 0) {
                thread.add(c[2] / 1e6);
            }
        }
        if (!thread.isEmpty()) {
            double[] t = thread.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            md.append(String.format(Locale.ROOT, "\nCallback → thread message: median %.0f ms, max %.0f ms.",
                    t[t.length / 2], t[t.length - 1]));
        }
        md.append(String.format(Locale.ROOT, " Giga reads made during this part (all GET requests at the simulator,"
                + " including those for the start and Giga's own `deployment.running` callbacks): %d.\n\n",
                callbackGigaReads));
        md.append("Intake: callbacks POSTed as fast as the endpoint answers (each is checked, recorded as a durable"
                + " refresh job, answered 202):\n\n| c | accepted/s | p50 ms | p99 ms | max ms | outcomes |\n"
                + "|--:|--:|--:|--:|--:|---|\n");
        for (LoadGen.Result r : callbackIntake) {
            md.append(String.format(Locale.ROOT, "| %d | %.0f | %.2f | %.2f | %.1f | %s |\n", r.concurrency(),
                    r.throughput(), r.pMillis(0.5), r.pMillis(0.99), r.maxMillis(), r.outcomes()));
        }
        md.append(String.format(Locale.ROOT, "\nProcessing: every accepted callback becomes a refresh job that"
                + " re-reads Giga (deployment, and the session while the agent runs), through the key's window: 50"
                + " background requests in any 61 s, exact (no burst beyond them). Measured in the 8 s after the burst:"
                + " **%.2f Giga reads/s** (the first part of this section had just used the window's slots, so the"
                + " refreshes waited for them to free). However fast callbacks are accepted, at most 50 reads a minute"
                + " are made for them and the polling together, so about 25–50 callbacks a minute are *processed*"
                + " (1–2 reads each; a run's refreshes waiting together are one job); the backlog waits in the"
                + " database.\n\n", callbackDrainReadsPerSecond));

        md.append("## 4. The poller\n\n");
        md.append("N active agent runs (running computers) were put in place, then one reconcile cycle was run"
                + " (`app.reconciler().cycle()`) and the requests it made were counted at the simulator; each N on an"
                + " app of its own, whose key window is empty.\n\n");
        md.append("| active runs | cycle() says | requests at simulator | list pages | session reads | deployment"
                + " reads | cycle ms |\n|--:|--:|--:|--:|--:|--:|--:|\n");
        for (PollerRow p : poller) {
            md.append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %.0f |\n", p.activeRuns(),
                    p.cycleReturned(), p.simRequests(), p.listRequests(), p.sessionReads(), p.deploymentReads(),
                    p.millis()));
        }
        pollerReach(md);

        md.append("## 5. Start-up, memory, size\n\n");
        md.append("`java -jar target/giga-slack.jar` as its own process (default JVM flags; H2 file database;"
                + " pointed at the simulator and the fake Slack):\n\n");
        md.append("| figure | value |\n|---|--:|\n");
        md.append(String.format(Locale.ROOT, "| start-up: process launch → `/readyz` 200 | %.0f ms |\n",
                processReadyMillis));
        md.append(String.format(Locale.ROOT, "| resident memory (VmRSS) when ready | %s |\n", mb(rssAtReadyKb)));
        md.append(String.format(Locale.ROOT, "| resident memory at rest (3 s later) | %s |\n", mb(rssAtRestKb)));
        md.append(String.format(Locale.ROOT, "| resident memory under load, peak (c=32 `/giga run`, 7 s) | %s |\n",
                mb(rssUnderLoadPeakKb)));
        md.append(String.format(Locale.ROOT, "| VmHWM (high-water mark) after the load | %s |\n", mb(rssHwmKb)));
        md.append(String.format(Locale.ROOT, "| threads after the load | %d |\n", processThreads));
        if (trackedRuns > 0) {
            md.append(String.format(Locale.ROOT, "| resident memory (VmRSS) of a second process tracking %d running agent"
                    + " runs, after 16 s or more of 5 s cycles (%d list requests), with %d live progress streams in their"
                    + " threads | %s (VmHWM %s) |\n", trackedRuns, trackedListRequests, trackedStreams,
                    mb(rssTrackedKb), mb(rssTrackedHwmKb)));
            md.append(String.format(Locale.ROOT, "| of which Java heap in use after a full GC (the rest is heap the"
                    + " default flags let grow, metaspace, code, threads) | %s |\n", mb(heapTrackedKb)));
        }
        if (processLoad != null) {
            md.append(String.format(Locale.ROOT, "| that load, out of process: req/s, p50, p99, max | %.0f, %.2f ms,"
                    + " %.2f ms, %.0f ms (%s) |\n", processLoad.throughput(), processLoad.pMillis(0.5),
                    processLoad.pMillis(0.99), processLoad.maxMillis(), processLoad.outcomes()));
        }
        md.append(String.format(Locale.ROOT, "| jar size (target/giga-slack.jar) | %s |\n",
                jarBytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MB", jarBytes / 1e6)));
        md.append("| Docker image size | not measured: no Docker engine on this machine |\n\n");
        if (!crashes.isEmpty()) {
            md.append("## 6. Killed in a burst: no acknowledged run lost\n\n");
            md.append("`java -jar target/giga-slack.jar` (H2 file database, durable commits) under a c=32 `/giga run`"
                    + " burst, killed with SIGKILL 4 s into it; then its database file opened and every run id it"
                    + " had acknowledged looked up.\n\n");
            md.append("| round | acknowledged | found after the kill | missing | requests cut off by the kill |"
                    + " runs in the database |\n|--:|--:|--:|--:|--:|--:|\n");
            for (int i = 0; i < crashes.size(); i++) {
                CrashCheck.Outcome o = crashes.get(i);
                md.append(String.format(Locale.ROOT, "| %d | %d | %d | %d%s | %d | %d |\n", i + 1, o.acknowledged(),
                        o.present(), o.missing().size(), o.missing().isEmpty() ? "" : " " + o.missing(),
                        o.failedInFlight(), o.storedRuns()));
            }
            long lost = crashes.stream().mapToLong(o -> o.missing().size()).sum();
            md.append("\n**Verdict.** ").append(lost == 0 ? "No acknowledged run was lost." : "**" + lost
                    + " acknowledged runs were lost.**").append(" (Runs stored beyond those acknowledged were"
                    + " committed while their answer was on its way when the process died.)\n\n");
        }
        if (!notes.isEmpty()) {
            md.append("## Notes\n\n");
            notes.forEach(n -> md.append("- ").append(n).append("\n"));
        }
        return md.toString();
    }

    @SuppressWarnings("unchecked")
    private List<LoadGen.Result>[][] pairs() {
        return new List[][] {{oursCommand, bareCommand}, {oursStatus, bareAction}, {oursExtend, bareAction}};
    }

    private static void rows(StringBuilder md, String name, List<LoadGen.Result> ours, List<Double> serverMean,
            List<LoadGen.Result> bare) {
        for (int i = 0; i < ours.size(); i++) {
            LoadGen.Result o = ours.get(i);
            LoadGen.Result b = i < bare.size() ? bare.get(i) : null;
            md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %.1f | %s |", name,
                    o.concurrency(), o.throughput(), o.pMillis(0.5), o.pMillis(0.99), o.maxMillis(),
                    i < serverMean.size() ? String.format(Locale.ROOT, "%.2f", serverMean.get(i)) : "–"));
            if (b == null) {
                md.append(" | | | | | |\n");
            } else {
                md.append(String.format(Locale.ROOT, " %.0f | %.2f | %.2f | %.1f | **%.1f×** | %.2f× |\n",
                        b.throughput(), b.pMillis(0.5), b.pMillis(0.99), b.maxMillis(),
                        o.pMillis(0.99) / b.pMillis(0.99), o.throughput() / b.throughput()));
            }
        }
    }

    private static void profile(StringBuilder md, String title, Profile p) {
        if (p == null) {
            return;
        }
        LoadGen.Result r = p.cell();
        md.append(String.format(Locale.ROOT, "\nSampled profile of %s (%d requests at %.0f req/s, p99 %.1f ms while"
                + " sampled every 5 ms; %d rounds). Samples of HTTP threads inside the Slack endpoint, by the first"
                + " frame from the top that belongs to a known part:\n\n", title, r.requests(), r.throughput(),
                r.pMillis(0.99), p.rounds()));
        md.append("| part | samples | share |\n|---|--:|--:|\n");
        long total = p.handlerSamples();
        Map<String, Long> all = new LinkedHashMap<>();
        p.busy().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> all.put("on CPU: " + e.getKey(), e.getValue()));
        p.waiting().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> all.put("waiting: " + e.getKey(), e.getValue()));
        all.forEach((k, v) -> md.append(String.format(Locale.ROOT, "| %s | %d | %.0f%% |\n", k, v,
                100.0 * v / Math.max(1, total))));
        md.append(String.format(Locale.ROOT, "\n(%d further samples of HTTP threads busy outside the endpoint:"
                + " Jetty parsing and writing.)\n\n", p.outsideHandlerBusy()));
        md.append("Top frames inside the endpoint (first non-JDK frame, thread state):\n\n| frame | samples |\n|---|--:|\n");
        p.topFrames().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> md.append("| `").append(e.getKey()).append("` | ").append(e.getValue()).append(" |\n"));
        md.append("\nWho else is on the CPU meanwhile (RUNNABLE samples of every thread of the benchmark JVM, by thread"
                + " group and part; the machine has 2 cores):\n\n| thread group: part | samples |\n|---|--:|\n");
        p.threadGroups().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(14)
                .forEach(e -> md.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n"));
        if (!p.workerCallers().isEmpty()) {
            md.append("\nWhat the background workers on the CPU were doing (RUNNABLE samples of worker threads, by the"
                    + " innermost app method on the stack, with the store method it was in):\n\n"
                    + "| worker: app method → store method | samples |\n|---|--:|\n");
            p.workerCallers().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(10).forEach(e -> md.append("| ").append(e.getKey()).append(" | ").append(e.getValue())
                            .append(" |\n"));
        }
        md.append("\n");
    }

    private void pollerReach(StringBuilder md) {
        if (poller.isEmpty()) {
            return;
        }
        // A cycle that had to wait for the key's window (its own requests and the simulator's count differ: a
        // scheduled cycle ran beside it, or it gave up an account's part after the wait) says nothing about what a
        // cycle costs; the clean ones do.
        long sessionsPerCycle = poller.stream().filter(p -> p.cycleReturned() == p.simRequests())
                .mapToLong(PollerRow::sessionReads).max().orElse(poller.get(poller.size() - 1).sessionReads());
        if (extensionRuns > 0) {
            md.append(String.format(Locale.ROOT, "\nAutomatic extensions: %d running agents whose sandboxes end 7 minutes"
                    + " after they are up (inside the reconciler's 8-minute lead; Giga's sandbox lives 15 minutes at a"
                    + " time): one cycle queued **%d extension jobs**, one per run; with Giga's budget lifted for this"
                    + " measurement, %d `POST /api/sandbox/extend` reached it within %.1f s (+15 min each). Under the"
                    + " real budget they share the 50 background requests a minute with polling: %d of them take"
                    + " %.0f minutes, and the session reads of the cycles meanwhile wait behind them. A running computer"
                    + " costs one request every 15 minutes.\n", extensionRuns, extensionJobs, extensionsSent,
                    extensionSeconds, extensionJobs, extensionJobs / 50.0));
        }
        md.append("\n**The Giga budget.** The app keeps 10 of Giga's 60 requests a minute for user actions; the other"
                + " **50 a minute** are shared by the background work: status polling (a cycle costs one list request"
                + " per 50 running computers, one for provisioning ones, and " + sessionsPerCycle + " session reads,"
                + " every 15 s while busy) and automatic extensions (one request per running computer every 15"
                + " minutes). Screenshots cost none (they come from the VNC connection, not the API); live agent"
                + " progress adds none of its own (its steps come from the same session reads). Computed from the"
                + " measured costs (extensions served first, as they keep the computers alive):\n\n");
        md.append("| running agents | poll requests per cycle | extensions per min | polling per min at 15 s |"
                + " asked per min | of 50 | effective poll cycle (status delay) | agent completion seen without"
                + " callbacks (worst) |\n|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (int n : new int[] {10, 50, 100, 200, 500, 1000, 2000}) {
            long cost = (long) Math.ceil(n / 50.0) + 1 + Math.min(n, sessionsPerCycle);
            String measured = "";
            for (PollerRow p : poller) {
                if (p.activeRuns() == n && p.cycleReturned() == p.simRequests()) {
                    cost = p.simRequests();
                    measured = " (measured)";
                } else if (p.activeRuns() == n) {
                    measured = " (computed; the measured cycle waited for the window)";
                }
            }
            double extensions = n / 15.0;
            double polling = cost * 4.0;
            double room = 50 - extensions;
            String cycle;
            String completion;
            if (room <= 0) {
                cycle = "none left: extensions alone need more";
                completion = "never (polling starved)";
            } else {
                double period = Math.max(15, cost * 60.0 / room);
                double done = Math.ceil((double) n / sessionsPerCycle) * period;
                cycle = String.format(Locale.ROOT, "%.0f s", period);
                completion = done >= 120 ? String.format(Locale.ROOT, "≈ %.0f min", done / 60)
                        : String.format(Locale.ROOT, "≈ %.0f s", done);
            }
            md.append(String.format(Locale.ROOT, "| %d | %d%s | %.1f | %.0f | %.0f | %.0f %% | %s | %s |\n", n, cost,
                    measured, extensions, polling, extensions + polling, 100 * (extensions + polling) / 50, cycle,
                    completion));
        }
        md.append("\nSo the poller follows **about 50 running agents at the 15 s interval**; beyond that the cycle is"
                + " stretched by the budget (the status of a computer is seen that much later, agent completions"
                + " without callbacks after ⌈N/" + sessionsPerCycle + "⌉ cycles), and from about **750 running"
                + " computers the automatic extensions alone need the whole background budget** (50 a minute = 750"
                + " computers ÷ 15 min): computers would then reach the end of their sandbox unextended. These delays"
                + " assume the poller is busy; while nothing changes it backs off to up to 4 intervals (60 s). Runs"
                + " beyond `Reconciler.MAX_TRACKED` (2000) are not polled at all. With callbacks, completions arrive"
                + " at once (section 3).\n\n");
    }

    private static String list(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).reduce((a, b) -> a + ", " + b)
                .orElse("n/a");
    }

    private static String mb(long kb) {
        return kb < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
    }

    static String arr(long[] a) {
        return Arrays.toString(a);
    }
}

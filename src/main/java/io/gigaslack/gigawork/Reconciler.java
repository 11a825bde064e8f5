package io.gigaslack.gigawork;

import io.gigaslack.service.RunUpdater;
import io.gigaslack.service.JobCodec;
import io.gigaslack.service.JobWriter;
import io.gigaslack.service.RunJob;
import io.gigaslack.runs.Notice;

import io.gigaslack.giga.Deployment;
import io.gigaslack.giga.DeploymentPage;
import io.gigaslack.giga.GigaApiException;
import io.gigaslack.giga.GigaClient;
import io.gigaslack.giga.ListDeploymentsQuery;
import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunMachine;
import io.gigaslack.runs.RunStatus;
import io.gigaslack.runs.Signal;
import io.gigaslack.store.Jdbc;
import io.gigaslack.store.RunRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net behind callbacks (and the only source of news without {@code PUBLIC_URL}): each
 * cycle it lists the live deployments of each Giga account in pages of 50 (a few requests, whatever the number of
 * runs), reads individually only the deployments missing from those lists, and reads a bounded number of
 * agent sessions, oldest-checked first, to notice agents that finished. It also sends the "nearly
 * up" reminders. Its Giga calls use the background priority, so user actions always find room.
 *
 * <p>Each account is polled with its own client (its key, its budget, and the per-cycle read allowances each), and a
 * run is only ever matched against its own account's deployments. The accounts' parts of a cycle run side by side
 * ({@link EachAccount}), so one account's slow or failing Giga never holds up the others' polling: the cycle waits for
 * it at most {@link #ACCOUNT_WAIT}, and a part still running then goes on alone while the next cycles skip that
 * account. Runs whose workspace has no Giga account (never connected, or its key removed) are not polled, extended,
 * stopped nor reminded of: nothing can be done about them in Giga.
 */
public final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    public static final Duration REMINDER_LEAD = Duration.ofMinutes(5);
    public static final int MAX_TRACKED = 2000;
    /** How long a cycle waits for an account's part (its lists and reads) before it goes on without it. */
    public static final Duration ACCOUNT_WAIT = Duration.ofSeconds(20);
    /** Accounts polled at once at most. */
    static final int ACCOUNTS_AT_ONCE = 8;

    private final GigaAccounts accounts;
    private final RunRepository runs;
    private final RunUpdater updater;
    private final Jdbc jdbc;
    private final Clock clock;
    private final int sessionReadsPerCycle;
    private final int deploymentReadsPerCycle;
    private final JobWriter jobs;
    private final Duration interval;
    private final ProgressReader progress;
    private final EachAccount eachAccount;
    /** Signals in the current cycle that changed a run; drives the backoff. */
    private final AtomicInteger changes = new AtomicInteger();
    /** Whether every account's part of the last cycle finished, without an error; drives the backoff too. */
    private volatile boolean lastCycleComplete = true;
    /** The runs needing tracking (of workspaces with a Giga account) as the last cycle left them. */
    private volatile List<Run> afterLastCycle = List.of();
    /** What each account's polling remembers between cycles, by account id; used by one part at a time. */
    private final Map<String, Polled> polled = new ConcurrentHashMap<>();

    /** Only used to pick who goes next, and only by this replica. */
    private static final class Polled {
        /** When each agent run's session was last read. */
        final Map<String, Instant> sessionCheckedAt = new HashMap<>();
        /** When each unlisted deployment was last read on its own. */
        final Map<String, Instant> deploymentCheckedAt = new HashMap<>();
    }

    public Reconciler(GigaAccounts accounts, RunRepository runs, RunUpdater updater, Jdbc jdbc,
            Clock clock, int sessionReadsPerCycle, int deploymentReadsPerCycle, JobWriter jobs, Duration interval) {
        this(accounts, runs, updater, jdbc, clock, sessionReadsPerCycle, deploymentReadsPerCycle, jobs, interval,
                ProgressReader.OFF);
    }

    /**
     * {@code sessionReadsPerCycle} and {@code deploymentReadsPerCycle} are per account (each key has its own rate).
     * {@code progress} takes what each session read says of the agent's steps. While it is on and an agent works,
     * cycles do not back off: the session reads that notice a finished agent are the ones that carry its progress,
     * least recently read first, at most {@code sessionReadsPerCycle} a cycle (so with more agents than that, each is
     * refreshed every few cycles and none is left out).
     */
    public Reconciler(GigaAccounts accounts, RunRepository runs, RunUpdater updater, Jdbc jdbc,
            Clock clock, int sessionReadsPerCycle, int deploymentReadsPerCycle, JobWriter jobs, Duration interval,
            ProgressReader progress) {
        this(accounts, runs, updater, jdbc, clock, sessionReadsPerCycle, deploymentReadsPerCycle, jobs, interval,
                progress, ACCOUNT_WAIT);
    }

    /** {@code accountWait}: how long a cycle waits for each account's part (tests shorten it). */
    Reconciler(GigaAccounts accounts, RunRepository runs, RunUpdater updater, Jdbc jdbc,
            Clock clock, int sessionReadsPerCycle, int deploymentReadsPerCycle, JobWriter jobs, Duration interval,
            ProgressReader progress, Duration accountWait) {
        this.eachAccount = new EachAccount("reconcile", ACCOUNTS_AT_ONCE, accountWait);
        this.progress = progress;
        this.jobs = jobs;
        this.interval = interval;
        this.accounts = accounts;
        this.runs = runs;
        this.updater = updater;
        this.jdbc = jdbc;
        this.clock = clock;
        this.sessionReadsPerCycle = sessionReadsPerCycle;
        this.deploymentReadsPerCycle = deploymentReadsPerCycle;
    }

    /** The longest wait between cycles while nothing changes: this many intervals. */
    public static final int MAX_BACKOFF_FACTOR = 4;

    /** Makes sure a reconcile job is scheduled (at start-up); replicas share one, so one polls at a time. */
    public void ensureScheduled() {
        // Also called periodically: if the chain of reconcile jobs was ever broken (a job given up),
        // this starts it again; while one exists, running or waiting, it adds nothing.
        if (!jobs.hasUnfinished(JobCodec.RECONCILER_RUN_ID, new RunJob.Reconcile(0))) {
            jdbc.useTransaction(tx -> jobs.addCoalesced(tx, JobCodec.RECONCILER_RUN_ID, new RunJob.Reconcile(0),
                    clock.instant()));
        }
    }

    /**
     * The reconcile job: one cycle, then the next one scheduled. While cycles change nothing, every account's part
     * finished and no computer is starting, the wait doubles up to {@link #MAX_BACKOFF_FACTOR} intervals.
     */
    public void runScheduled(RunJob.Reconcile job) {
        int idle = job.idleCycles();
        boolean busy = true;
        try {
            cycle();
            busy = changes.get() > 0 || !lastCycleComplete || afterLastCycle.stream()
                    .anyMatch(r -> r.status() == RunStatus.PENDING || r.status() == RunStatus.PROVISIONING
                            || (progress.on() && r.kind() == RunKind.AGENT && r.status() == RunStatus.RUNNING));
        } catch (RuntimeException e) {
            log.warn("reconcile cycle failed: {}", e.toString());
        } finally {
            int nextIdle = busy ? 0 : Math.min(idle + 1, 2);
            Duration wait = interval.multipliedBy(Math.min(1L << nextIdle, MAX_BACKOFF_FACTOR));
            // No later than the next automatic stop, so a computer stops when its grace period ends, not a backoff
            // later.
            Instant now = clock.instant();
            for (Run r : afterLastCycle) {
                Instant stop = r.autoStopAt();
                if (stop != null && r.computer().isLive() && stop.isAfter(now)
                        && Duration.between(now, stop).compareTo(wait) < 0) {
                    wait = Duration.between(now, stop);
                }
            }
            RunJob.Reconcile next = new RunJob.Reconcile(nextIdle);
            Instant due = now.plus(wait);
            jdbc.useTransaction(tx -> jobs.addCoalesced(tx, JobCodec.RECONCILER_RUN_ID, next, due));
        }
    }

    /**
     * One pass over every run that still needs tracking, each account's with its own client. Returns how many Giga
     * requests it made (those of account parts that finished within the cycle).
     */
    public synchronized int cycle() {
        changes.set(0);
        Map<String, Optional<GigaAccounts.GigaAccount>> ofTeam = new HashMap<>();
        Function<Run, Optional<GigaAccounts.GigaAccount>> accountOf =
                r -> ofTeam.computeIfAbsent(r.teamId(), accounts::accountFor);
        List<Run> all = runs.listNeedingTracking(MAX_TRACKED).stream().filter(r -> accountOf.apply(r).isPresent())
                .toList();
        Map<String, GigaAccounts.GigaAccount> byId = new LinkedHashMap<>();
        Map<String, List<Run>> tracked = new LinkedHashMap<>();
        for (Run run : all) {
            if (run.deploymentId() != null) {
                GigaAccounts.GigaAccount account = accountOf.apply(run).orElseThrow();
                byId.putIfAbsent(account.accountId(), account);
                tracked.computeIfAbsent(account.accountId(), a -> new ArrayList<>()).add(run);
            }
        }
        polled.keySet().retainAll(tracked.keySet());
        if (tracked.isEmpty()) {
            afterLastCycle = all; // runs still waiting for their start keep the poller awake
            lastCycleComplete = true;
            return 0;
        }
        Map<String, Callable<Integer>> observing = new LinkedHashMap<>();
        tracked.forEach((id, theirs) -> observing.put(id, () -> observe(byId.get(id), theirs, polledOf(id))));
        EachAccount.Round<Integer> observed = eachAccount.run(observing);
        report(observed, "listing and reading the deployments");
        int requests = observed.done().values().stream().mapToInt(Integer::intValue).sum();

        // One fresh read after this cycle's observations serves the session reads, the reminders and the backoff.
        List<Run> current = runs.listNeedingTracking(MAX_TRACKED).stream()
                .filter(r -> accountOf.apply(r).isPresent()).toList();
        Map<String, List<Run>> currentOf = new HashMap<>();
        current.forEach(r -> currentOf.computeIfAbsent(accountOf.apply(r).orElseThrow().accountId(),
                a -> new ArrayList<>()).add(r));
        Map<String, Callable<Integer>> reading = new LinkedHashMap<>();
        for (String id : observed.done().keySet()) {
            List<Run> theirs = currentOf.getOrDefault(id, List.of());
            reading.put(id, () -> readSessions(byId.get(id).client().background(), theirs, polledOf(id)));
        }
        EachAccount.Round<Integer> read = eachAccount.run(reading);
        report(read, "reading the agents' sessions");
        requests += read.done().values().stream().mapToInt(Integer::intValue).sum();

        afterLastCycle = current;
        lastCycleComplete = observed.complete() && read.complete();
        keepAlive(current);
        remindExpiring(current);
        return requests;
    }

    private Polled polledOf(String accountId) {
        return polled.computeIfAbsent(accountId, a -> new Polled());
    }

    private static void report(EachAccount.Round<Integer> round, String what) {
        round.failed().forEach((account, e) -> log.warn("reconcile: {} of Giga account {} failed: {}", what, account,
                GigaErrorWords.redact(e.toString())));
        if (!round.busy().isEmpty()) {
            log.info("reconcile: {} of Giga account(s) {} is still under way; the cycle goes on without them", what,
                    String.join(", ", round.busy()));
        }
    }

    /**
     * One account's part of a cycle: lists its live deployments, applies what they say to its tracked runs, and reads
     * those missing from the lists one by one. Returns how many Giga requests it made.
     */
    private int observe(GigaAccounts.GigaAccount account, List<Run> tracked, Polled seen) {
        GigaClient giga = account.client().background();
        int requests = 0;
        Map<String, Deployment> live = new HashMap<>();
        for (String status : List.of("running", "provisioning")) {
            for (int page = 1; page <= 40; page++) {
                DeploymentPage p = giga.listDeployments(ListDeploymentsQuery.all().withStatus(status)
                        .withLimit(ListDeploymentsQuery.MAX_LIMIT).withPage(page));
                requests++;
                p.deployments().forEach(d -> live.put(d.id(), d));
                if (!p.hasMore(ListDeploymentsQuery.MAX_LIMIT)) {
                    break;
                }
            }
        }
        // Deployments missing from the lists are read one by one, those read longest ago first, so a few that never
        // change (or whose reads keep failing) cannot hold the others back cycle after cycle.
        List<Run> unlisted = new ArrayList<>();
        for (Run run : tracked) {
            Deployment d = live.get(run.deploymentId());
            if (d != null) {
                requests += observe(giga, seen, run, GigaReads.observation(d));
                if (d.metadata() == null || d.metadata().isMissingNode() || d.metadata().isNull()) {
                    // Lists may leave out the connection details; read a running computer once to learn them.
                    Run now = runs.findById(run.id()).orElse(run);
                    if (now.computer() == ComputerState.RUNNING && (now.expiresAt() == null || now.vncUrl() == null)) {
                        unlisted.add(now);
                    }
                }
            } else {
                // Not listed as live: read it to learn whether it stopped, ended or is gone.
                unlisted.add(run);
            }
        }
        seen.deploymentCheckedAt.keySet().retainAll(tracked.stream().map(Run::id).toList());
        unlisted.sort((a, b) -> seen.deploymentCheckedAt.getOrDefault(a.id(), Instant.EPOCH)
                .compareTo(seen.deploymentCheckedAt.getOrDefault(b.id(), Instant.EPOCH)));
        for (Run run : unlisted.subList(0, Math.min(unlisted.size(), deploymentReadsPerCycle))) {
            seen.deploymentCheckedAt.put(run.id(), clock.instant());
            requests++;
            requests += readOne(giga, seen, run);
        }
        return requests;
    }

    private int readSessions(GigaClient giga, List<Run> current, Polled seen) {
        List<Run> agents = new ArrayList<>(current.stream()
                .filter(r -> r.kind() == RunKind.AGENT && r.threadId() != null && (r.status() == RunStatus.RUNNING
                        // An agent that answered and was sent a follow-up works again, which only its session shows.
                        || r.status().isTerminal() && r.computer().isLive() && progress.followUpOpen(r)))
                .toList());
        agents.sort((a, b) -> seen.sessionCheckedAt.getOrDefault(a.id(), Instant.EPOCH)
                .compareTo(seen.sessionCheckedAt.getOrDefault(b.id(), Instant.EPOCH)));
        seen.sessionCheckedAt.keySet().retainAll(agents.stream().map(Run::id).toList());
        int n = 0;
        for (Run run : agents) {
            if (n >= sessionReadsPerCycle) {
                break;
            }
            n++;
            seen.sessionCheckedAt.put(run.id(), clock.instant());
            try {
                Optional<Signal.AgentFinished> finished = GigaReads.readSession(giga, run, progress);
                finished.ifPresent(f -> apply(run.id(), f));
            } catch (GigaApiException e) {
                log.info("reconcile: cannot read session of run {}: {}", run.id(), e.getMessage());
            }
        }
        return n;
    }

    /** An automatic extension is queued when the sandbox has at most this long left before the planned end. */
    public static final Duration EXTEND_AHEAD = Duration.ofMinutes(8);

    /**
     * Keeps each computer exactly as long as asked: a sandbox that would end before its run's planned end within
     * {@link #EXTEND_AHEAD} gets an extension job (those nearest to their end first, so when the Giga budget is short
     * they are served first), and a computer whose planned end has come is stopped. Both are coalesced: a cycle
     * adds nothing for a run whose job still waits.
     */
    private void keepAlive(List<Run> current) {
        Instant now = clock.instant();
        List<Run> running = new ArrayList<>(current.stream()
                .filter(r -> r.computer() == ComputerState.RUNNING && r.sandboxId() != null).toList());
        running.sort((a, b) -> a.stopsAt() == null ? 1 : b.stopsAt() == null ? -1 : a.stopsAt().compareTo(b.stopsAt()));
        for (Run run : running) {
            if (!now.isBefore(run.plannedEnd())) {
                log.info("run {}: the {} h asked for are over; stopping the computer", run.id(), run.params().hours());
                jdbc.useTransaction(tx -> jobs.addCoalesced(tx, run.id(), RunJob.Stop.AUTOMATIC, now));
                changes.incrementAndGet();
            } else if (!now.isBefore(run.keepsComputerUntil())) {
                // Its agent finished a grace period ago and nobody kept it (the job re-checks that when it runs).
                log.info("run {}: the agent finished at {}; stopping the computer", run.id(), run.finishedAt());
                jdbc.useTransaction(tx -> jobs.addCoalesced(tx, run.id(), RunJob.Stop.AUTOMATIC, now));
                changes.incrementAndGet();
            } else if (run.expiresAt() != null && run.expiresAt().isBefore(run.keepsComputerUntil())
                    && !now.isBefore(run.expiresAt().minus(EXTEND_AHEAD))) {
                jdbc.useTransaction(tx -> jobs.addCoalesced(tx, run.id(), new RunJob.Extend(null), now));
            }
        }
    }

    private void remindExpiring(List<Run> current) {
        Instant now = clock.instant();
        for (Run run : current) {
            if (RunMachine.expiryReminderDue(run, now, REMINDER_LEAD)) {
                jdbc.useTransaction(tx -> runs.findById(tx, run.id()).ifPresent(r -> {
                    if (RunMachine.expiryReminderDue(r, now, REMINDER_LEAD)) {
                        runs.update(tx, r.toBuilder().remindedFor(r.stopsAt()).build());
                        updater.notice(tx, r.id(), new Notice.ExpiryReminder(r.stopsAt()));
                    }
                }));
            }
        }
    }

    /** Reads one deployment and applies what it says; returns how many more Giga requests that took. */
    private int readOne(GigaClient giga, Polled seen, Run run) {
        int more;
        try {
            more = observe(giga, seen, run, GigaReads.observation(giga.getDeployment(run.deploymentId())));
        } catch (GigaApiException e) {
            if (GigaApiException.RESOURCE_NOT_FOUND.equals(e.code())) {
                return observe(giga, seen, run, new Signal.ComputerObserved(ComputerState.DELETED, null, null, null));
            }
            log.info("reconcile: cannot read deployment of run {}: {}", run.id(), e.getMessage());
            return 0;
        }
        Run now = runs.findById(run.id()).orElse(run);
        if (now.computer() == ComputerState.RUNNING && now.expiresAt() == null && now.readyAt() != null) {
            // Giga did not say when the sandbox ends: assume its documented default lifetime from readiness.
            apply(run.id(), new Signal.ComputerObserved(null, null, null, now.readyAt().plus(DEFAULT_SANDBOX_LIFETIME)));
        }
        return more;
    }

    /**
     * Applies what Giga says about a run's computer. When it says the computer ended while the agent was still
     * working as far as we know, the agent's session is read first: an agent that finished just before its computer
     * stopped still gets its outcome (a stopped run leaves tracking, and its session would never be read again).
     * Returns how many Giga requests that took.
     */
    private int observe(GigaClient giga, Polled polled, Run run, Signal.ComputerObserved seen) {
        int requests = 0;
        if (seen.state() != null && seen.state().hasEnded() && run.kind() == RunKind.AGENT
                && run.status() == RunStatus.RUNNING && run.threadId() != null) {
            requests++;
            polled.sessionCheckedAt.put(run.id(), clock.instant());
            try {
                GigaReads.readSession(giga, run, progress).ifPresent(f -> apply(run.id(), f));
            } catch (GigaApiException e) {
                log.info("reconcile: cannot read session of run {} before its computer's end: {}", run.id(),
                        e.getMessage());
            }
        }
        apply(run.id(), seen);
        return requests;
    }

    /** What reads of agents' sessions say about their steps goes here (also the reads after callbacks). */
    public ProgressReader progress() {
        return progress;
    }

    /** Giga's documented default sandbox lifetime, used when Giga does not report an expiry. */
    public static final Duration DEFAULT_SANDBOX_LIFETIME = Duration.ofMinutes(15);

    private void apply(String runId, Signal signal) {
        if (updater.apply(runId, signal).map(t -> t.changed()).orElse(false)) {
            changes.incrementAndGet();
        }
    }
}

package io.gigaslack.gigawork;

import io.gigaslack.engine.RetryLater;
import io.gigaslack.engine.GiveUp;
import io.gigaslack.store.RaceRetry;
import io.gigaslack.service.RunUpdater;
import io.gigaslack.service.RunJob;
import io.gigaslack.service.TypedJobHandler;
import io.gigaslack.runs.Notice;
import io.gigaslack.store.ConcurrentUpdateException;

import io.gigaslack.giga.CreateDeploymentRequest;
import io.gigaslack.giga.Deployment;
import io.gigaslack.giga.GigaApiException;
import io.gigaslack.giga.GigaClient;
import io.gigaslack.giga.GigaFile;
import io.gigaslack.giga.Prompts;
import io.gigaslack.giga.StartDeploymentRequest;
import io.gigaslack.giga.StartedDeployment;
import io.gigaslack.runs.CallbackTokens;
import io.gigaslack.runs.Decision;
import io.gigaslack.runs.Limits;
import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunStatus;
import io.gigaslack.runs.Signal;
import io.gigaslack.runs.StartTries;
import io.gigaslack.store.Job;
import io.gigaslack.store.Jdbc;
import io.gigaslack.store.RunRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Giga side of runs, done by durable jobs after the Slack request was acknowledged: start,
 * stop, extend, delete, follow-up, refresh after a callback, and collecting results. (The reconcile
 * job is the {@link Reconciler}'s, the balance check the {@link BalanceWatch}'s.)
 *
 * <p>Each run's requests go out with its workspace's own Giga account ({@link GigaAccounts#forTeam}). A run whose
 * workspace has none (never connected, or its key was removed when the app was uninstalled) sends Giga nothing: its
 * start is refused with {@link GigaErrorWords#NO_ACCOUNT} on the card, any other job of it is given up at once (the
 * worker logs it, once) rather than tried again.
 */
public final class GigaJobs implements TypedJobHandler<RunJob.GigaJob> {
    private static final Logger log = LoggerFactory.getLogger(GigaJobs.class);

    /**
     * Why a job of a run whose workspace has no Giga account is given up: the start of the reason, which
     * {@link #givenUp} recognises (nothing failed that a notice in the thread could explain).
     */
    static final String NO_ACCOUNT = "the workspace has no Giga account connected";

    private final GigaAccounts accounts;
    private final Reconciler reconciler;
    private final RunRepository runs;
    private final RunUpdater updater;
    private final Jdbc jdbc;
    private final Clock clock;
    private final RandomGenerator random;
    private final String publicUrl;
    /** Each workspace's limits (the longest run, which extensions may not pass). */
    private final Function<String, Limits> limits;
    private final BalanceWatch balance;
    /** The app leaving a workspace: its computers stopped, its key forgotten. */
    private final WorkspaceLeaving leaving;

    /** Files people give agents: their transfers, and the messages that come with them; null without that support. */
    private final InputFileJobs files;

    /** Giga jobs without support for files given to agents (for tests of the other jobs). */
    public GigaJobs(GigaAccounts accounts, RunRepository runs, RunUpdater updater, Jdbc jdbc, Clock clock,
            RandomGenerator random, String publicUrl, Limits limits, Reconciler reconciler, BalanceWatch balance) {
        this(accounts, runs, updater, jdbc, clock, random, publicUrl, limits, reconciler, balance, null);
    }

    /**
     * {@code accounts}: each workspace's Giga client; {@code files}: the jobs that bring files people give agents onto
     * their computers. A workspace the app leaves has its computers stopped and no key to forget.
     */
    public GigaJobs(GigaAccounts accounts, RunRepository runs, RunUpdater updater, Jdbc jdbc, Clock clock,
            RandomGenerator random, String publicUrl, Limits limits, Reconciler reconciler, BalanceWatch balance,
            InputFileJobs files) {
        this(accounts, runs, updater, jdbc, clock, random, publicUrl, team -> limits, reconciler, balance, files,
                new WorkspaceLeaving(runs, updater, accounts::forTeam, team -> { }));
    }

    /**
     * {@code limits}: the limits of each workspace, by team id (its admins may change them in Slack); {@code leaving}
     * does the Giga side of the app leaving a workspace.
     */
    public GigaJobs(GigaAccounts accounts, RunRepository runs, RunUpdater updater, Jdbc jdbc, Clock clock,
            RandomGenerator random, String publicUrl, Function<String, Limits> limits, Reconciler reconciler,
            BalanceWatch balance, InputFileJobs files, WorkspaceLeaving leaving) {
        this.leaving = leaving;
        this.balance = balance;
        this.files = files;
        this.limits = limits;
        this.reconciler = reconciler;
        this.accounts = accounts;
        this.runs = runs;
        this.updater = updater;
        this.jdbc = jdbc;
        this.clock = clock;
        this.random = random;
        this.publicUrl = publicUrl;
    }

    @Override
    public void handle(Job stored, RunJob.GigaJob job) throws Exception {
        if (job instanceof RunJob.Reconcile r) {
            reconciler.runScheduled(r);
            return;
        }
        if (job instanceof RunJob.CheckBalance) {
            balance.runScheduled();
            return;
        }
        if (job instanceof RunJob.LeaveWorkspace l) {
            leaving.leave(l);
            return;
        }
        Optional<Run> found = stored.runId() == null ? Optional.empty() : runs.findById(stored.runId());
        if (found.isEmpty()) {
            throw new GiveUp("run " + stored.runId() + " does not exist");
        }
        Run run = found.get();
        Optional<GigaClient> account = accounts.forTeam(run.teamId());
        if (account.isEmpty()) {
            withoutAccount(run, job);
            return;
        }
        GigaClient giga = account.get();
        if (job instanceof RunJob.Start) {
            start(giga, run, stored);
        } else if (job instanceof RunJob.Stop s) {
            stop(giga, run, s);
        } else if (job instanceof RunJob.Extend e) {
            extend(giga, run, e.by());
        } else if (job instanceof RunJob.Delete d) {
            delete(giga, run, d.by());
        } else if (job instanceof RunJob.FollowUp f && f.files() != null && files != null) {
            files.followUp(giga, run, f, stored);
        } else if (job instanceof RunJob.FollowUp f) {
            followUp(giga, run, f.message(), f.by());
        } else if (job instanceof RunJob.TransferInputFile t && files != null) {
            files.transfer(giga, run, t);
        } else if (job instanceof RunJob.StartAgent && files != null) {
            files.startAgent(giga, run, stored);
        } else if (job instanceof RunJob.Refresh r) {
            refresh(giga.background(), run, r.hint());
        } else if (job instanceof RunJob.CollectResults) {
            results(giga.background(), run);
        } else {
            throw new GiveUp("no handler for " + job);
        }
    }

    /**
     * A job of a run whose workspace has no Giga account: Giga is not asked anything. A start not yet made is refused,
     * saying why and what to do; anything else is given up, since no retry can bring the key back.
     */
    private void withoutAccount(Run run, RunJob.GigaJob job) {
        if (job instanceof RunJob.Start) {
            if (run.status() == RunStatus.PENDING && run.deploymentId() == null) {
                log.warn("run {}: workspace {} has no Giga account connected; the start is refused", run.id(),
                        run.teamId());
                updater.apply(run.id(), new Signal.StartRefused(GigaErrorWords.NO_ACCOUNT));
            }
            return;
        }
        throw new GiveUp(NO_ACCOUNT + " (team " + run.teamId() + "), so run " + run.id() + "'s job is not done");
    }

    /** A Giga job abandoned for good: the run's thread (or its start) says so rather than wait forever. */
    @Override
    public void givenUp(Job stored, RunJob.GigaJob job, String reason) {
        if (stored.runId() == null || job instanceof RunJob.Reconcile || job instanceof RunJob.CheckBalance
                || job instanceof RunJob.LeaveWorkspace || reason != null && reason.startsWith(NO_ACCOUNT)) {
            return;
        }
        Optional<Run> run = runs.findById(stored.runId());
        if (run.isEmpty()) {
            return;
        }
        if (files != null && (job instanceof RunJob.TransferInputFile || job instanceof RunJob.StartAgent)) {
            files.givenUp(stored, job, reason);
        } else if (job instanceof RunJob.Start) {
            updater.apply(stored.runId(), new Signal.StartRefused("Giga could not be reached to start the computer,"
                    + " after several tries. Nothing is known to be running; press Retry to try again."));
        } else if (run.get().rootTs() != null) {
            String what = job instanceof RunJob.Stop ? "Stopping the computer"
                    : job instanceof RunJob.Extend ? "Extending the computer"
                    : job instanceof RunJob.Delete ? "Deleting the computer"
                    : job instanceof RunJob.FollowUp ? "Sending the message to the agent"
                    : job instanceof RunJob.CollectResults ? "Collecting the output files"
                    : null;
            if (what != null) {
                updater.notice(run.get().id(), new Notice.ActionFailed(Notice.Action.GENERAL, null,
                        what + " failed after several tries (Giga did not answer). Try again in a few minutes."));
            }
        }
    }

    private void start(GigaClient giga, Run run, Job job) {
        if (run.status() != RunStatus.PENDING || run.deploymentId() != null) {
            return; // started already (this job ran before a crash) or ended
        }
        if (run.stoppedBy() != null) {
            // Stopped (or deleted) before the computer existed: do not start it at all.
            updater.apply(run.id(), new Signal.StartRefused("Cancelled by <@" + run.stoppedBy()
                    + "> before the computer started; nothing was started."));
            return;
        }
        String name = deploymentName(run);
        StartTries tries = run.startTries();
        if (mayHaveStartedBefore(job, tries)) {
            // This start may have reached Giga before a crash or a timeout: adopt what exists rather than start twice.
            Optional<Deployment> existing;
            try {
                existing = giga.findDeploymentsByName(name).stream().findFirst();
            } catch (GigaApiException e) {
                throw tryAgainLater(run, job, e, "looking for an earlier attempt");
            }
            if (existing.isPresent()) {
                log.info("run {}: adopting deployment {} started before a restart", run.id(), existing.get().id());
                confirm(run, new Signal.StartConfirmed(existing.get().id(), null,
                        existing.get().sandboxId().orElse(null), existing.get().vncUrl().orElse(null)));
                observe(run.id(), existing.get());
                return;
            }
        }
        if (tries.exhausted()) {
            // Every allowed start request was sent and, as the look-up just confirmed, none made a computer.
            log.warn("run {}: giving up the start after {} requests: {}", run.id(), tries.requests(), tries.answer());
            updater.apply(run.id(), new Signal.StartRefused(GigaErrorWords.gaveUp(tries,
                    Duration.between(run.createdAt(), clock.instant()), run.kind() == RunKind.AGENT)));
            return;
        }
        // Counted before it is sent, so that no restart, crash or take-over lets more than MAX_REQUESTS go out.
        // A new callback token only for a start actually sent: an adopted deployment keeps calling back with the
        // token of the attempt that started it, whose hash must stay valid.
        String token = publicUrl != null && run.kind() == RunKind.AGENT ? CallbackTokens.newToken(random) : null;
        RaceRetry.useTransaction(jdbc, tx -> runs.findById(tx, run.id()).ifPresent(r -> {
            Run.Builder b = r.toBuilder().startTries(r.startTries().sending());
            if (token != null) {
                // Stored before Giga can call back; the token itself only travels in the URL.
                b.callbackTokenHash(CallbackTokens.hash(token));
            }
            runs.update(tx, b.build());
        }));
        String callbackUrl = token == null ? null : publicUrl + "/giga/callback/" + run.id() + "?token=" + token;
        try {
            // One request per attempt: the job's own retries, with a look-up by name before each, make the start
            // at most once, and each wait between them is a durable one the card can announce.
            if (run.kind() == RunKind.AGENT && !withFiles(run)) {
                StartDeploymentRequest req = StartDeploymentRequest.of(name, run.params().platform(), run.params().hours(),
                        new Prompts(run.params().prompt(), run.params().goal(),
                                run.params().systemPrompt().isBlank() ? null : run.params().systemPrompt()));
                if (callbackUrl != null) {
                    req = req.withCallbackUrl(callbackUrl);
                }
                StartedDeployment started = giga.startDeployment(req);
                log.info("run {}: Giga deployment {} started", run.id(), started.deployment().id());
                var session = started.sessionIfKnown();
                updater.apply(run.id(), new Signal.StartConfirmed(started.deployment().id(),
                        session.map(s -> s.threadId()).orElse(null), session.map(s -> s.sandboxId()).orElse(null),
                        session.map(s -> s.vncUrl()).orElse(null)));
                observe(run.id(), started.deployment());
            } else {
                Deployment created = giga.createDeployment(
                        new CreateDeploymentRequest(name, run.params().platform(), run.params().hours()));
                // A desktop, or an agent's computer created first so its files can be uploaded before the agent starts.
                confirm(run, new Signal.StartConfirmed(created.id(), null,
                        created.sandboxId().orElse(null), created.vncUrl().orElse(null)));
                observe(run.id(), created);
            }
        } catch (GigaApiException e) {
            // While the outcome is unknown the computer may exist: never call that a refusal. The next attempt looks
            // it up by name first, and only the look-up after the last request may end the run.
            boolean tryAgain = e.outcomeUnknown() || (e.retryable() && !tries.sending().exhausted());
            if (tryAgain) {
                throw tryAgainLater(run, job, e, "start");
            }
            // The plan's limit of computers at once keeps its own advice (which run to stop), whatever the tries.
            boolean gaveUp = e.retryable() && !e.isConcurrencyLimited();
            log.warn("run {}: {}: {}", run.id(), gaveUp ? "giving up the start after " + tries.sending().requests()
                    + " requests" : "Giga refused the start", GigaErrorWords.redact(e.getMessage()));
            updater.apply(run.id(), new Signal.StartRefused(gaveUp
                    ? GigaErrorWords.gaveUp(tries.sending().answered(GigaErrorWords.answer(e), clock.instant(), null),
                            Duration.between(run.createdAt(), clock.instant()), run.kind() == RunKind.AGENT)
                    : GigaErrorWords.explain(e)));
        }
    }

    /** Whether the run's request came with files for its agent (and so its computer is created without one first). */
    private boolean withFiles(Run run) {
        return files != null && jdbc.inTransaction(tx -> files.startsWithFiles(tx, run));
    }

    /**
     * Records that the run's computer exists; for a start with files, in the same transaction, the jobs that bring
     * them to it and then start the agent (so a crash cannot leave a computer whose agent is never started).
     */
    private void confirm(Run run, Signal.StartConfirmed confirmed) {
        if (!withFiles(run)) {
            updater.apply(run.id(), confirmed);
            return;
        }
        RaceRetry.useTransaction(jdbc, tx -> {
            updater.apply(tx, run.id(), confirmed);
            files.afterComputerCreated(tx, run.id());
        });
    }

    /**
     * Records on the run what Giga answered and when the next try is (the card says so), and has the worker run the
     * start again then: after the job's n-th failed attempt, {@link StartTries#waitAfter}, or Giga's Retry-After.
     */
    private RetryLater tryAgainLater(Run run, Job job, GigaApiException e, String what) {
        Duration wait = StartTries.waitAfter(job.attempts(), e.retryAfter());
        updater.apply(run.id(), new Signal.StartTurnedAway(GigaErrorWords.answer(e), clock.instant().plus(wait)));
        return new RetryLater(what + ": " + GigaErrorWords.redact(e.getMessage()), wait);
    }

    /**
     * Whether an earlier attempt may have sent the request: a start request of this run was counted, the job was
     * retried, or it was claimed long after it fell due, which happens when a replica died holding its lease.
     */
    private boolean mayHaveStartedBefore(Job job, StartTries tries) {
        return tries.requests() > 0 || job.attempts() > 0
                || Duration.between(job.runAfter(), clock.instant()).compareTo(RESTART_HINT) > 0;
    }

    /** A fresh job runs within moments of falling due; one claimed later than this may be a re-run. */
    static final Duration RESTART_HINT = Duration.ofSeconds(30);

    /** The Giga deployment name: the label, then the unique tag by which a lost start is found again. */
    static String deploymentName(Run run) {
        String label = run.label().replaceAll("\\s+", " ").strip();
        if (label.length() > 40) {
            label = label.substring(0, 40).strip();
        }
        return label + " [" + run.nameTag() + "]";
    }

    private void stop(GigaClient giga, Run run, RunJob.Stop job) {
        if (run.deploymentId() == null || run.computer().hasEnded()) {
            return;
        }
        if (job.automatic()) {
            // Queued ahead (the grace after the agent finished) or by the reconciler: someone may have pressed Keep
            // running since, so the run as it is now decides.
            Instant until = run.keepsComputerUntil();
            if (clock.instant().isBefore(until)) {
                log.info("run {}: automatic stop not due until {}{}", run.id(), until,
                        run.keptBy() != null ? " (kept running by " + run.keptBy() + ")" : "");
                return;
            }
        }
        if (!job.automatic()) {
            updater.apply(run.id(), new Signal.StopRequested(job.by()));
        }
        // The agent may have finished before anyone noticed: its outcome first (read before the stop, which
        // would end the session as cancelled), or it is lost once the run has stopped.
        if (run.kind() == RunKind.AGENT && !run.status().isTerminal()) {
            try {
                // At the user's priority: this read is part of the stop they asked for.
                GigaReads.readSession(giga, run).ifPresent(finished -> updater.apply(run.id(), finished));
            } catch (GigaApiException e) {
                log.info("run {}: cannot read the agent's session while stopping: {}", run.id(), e.getMessage());
            }
        }
        try {
            giga.stopDeployment(run.deploymentId());
        } catch (GigaApiException e) {
            if (!GigaApiException.RESOURCE_NOT_FOUND.equals(e.code())) {
                throw e;
            }
        }
        refreshComputer(giga.background(), run);
        Run now = runs.findById(run.id()).orElse(run);
        if (!now.computer().hasEnded()) {
            // Giga accepted the stop; its status may lag. Record what we asked for so the thread says it.
            updater.apply(run.id(), new Signal.ComputerObserved(ComputerState.STOPPED, null, null, null));
        }
    }

    private void extend(GigaClient giga, Run run, String by) {
        if (by == null) {
            keepAlive(giga.background(), run);
            return;
        }
        if (run.sandboxId() == null || !run.computer().isLive()) {
            failed(run, Notice.Action.EXTEND, by, "The computer is not running, so it cannot be extended.");
            return;
        }
        Instant expires = run.expiryAfterExtension(clock.instant());
        Instant planned = run.plannedEndAfterExtension(clock.instant());
        // Checked again here, against the run as it is now: several quick clicks each passed the check
        // at click time, but together they must not go past GIGA_MAX_HOURS.
        Decision fits = limits.apply(run.teamId()).checkExtend(run, planned);
        if (fits.isRefused()) {
            failed(run, Notice.Action.EXTEND, by, fits.text());
            return;
        }
        try {
            giga.extendSandbox(run.sandboxId());
        } catch (GigaApiException e) {
            if (e.retryable()) {
                throw e;
            }
            failed(run, Notice.Action.EXTEND, by, GigaErrorWords.explain(e));
            return;
        }
        // Recorded with retries on lost races, so a done extension is not asked of Giga a second time.
        try {
            RaceRetry.useTransaction(jdbc, tx -> {
                updater.apply(tx, run.id(), new Signal.Extended(expires, planned));
                updater.notice(tx, run.id(), new Notice.Extended(by, planned));
            });
        } catch (ConcurrentUpdateException e) {
            throw new GiveUp("extension done but not recorded: " + e.getMessage());
        }
    }

    /**
     * The app's own extension, ahead of time: Giga's sandbox lives 15 minutes at a time, and a run keeps its computer
     * for the hours asked for. Extends only while the sandbox would end before the planned end, never past what
     * GIGA_MAX_HOURS allows; at background priority, inside the Giga budget (the reconciler queues the runs nearest
     * to their end first).
     */
    private void keepAlive(GigaClient background, Run run) {
        if (run.sandboxId() == null || run.computer() != ComputerState.RUNNING || run.expiresAt() == null
                || !run.expiresAt().isBefore(run.keepsComputerUntil())) {
            return; // nothing to keep alive, or it lives long enough already (until its planned or automatic stop)
        }
        if (clock.instant().isBefore(run.expiresAt().minus(Reconciler.EXTEND_AHEAD))) {
            // Not due: a cycle queued this while an earlier extension was still under way, and that one has moved the
            // sandbox's end on since. Extending again would spend a request and a quarter hour for nothing.
            return;
        }
        Instant expires = run.expiryAfterExtension(clock.instant());
        Instant bound = expires.isBefore(run.plannedEnd()) ? expires : run.plannedEnd();
        if (limits.apply(run.teamId()).checkExtend(run, bound).isRefused()) {
            log.info("run {}: not extended automatically: past GIGA_MAX_HOURS", run.id());
            return;
        }
        try {
            background.extendSandbox(run.sandboxId());
        } catch (GigaApiException e) {
            if (e.retryable()) {
                throw e;
            }
            log.warn("run {}: Giga refused the automatic extension: {}", run.id(), GigaErrorWords.redact(e.getMessage()));
            return;
        }
        try {
            RaceRetry.useTransaction(jdbc, tx -> updater.apply(tx, run.id(), new Signal.Extended(expires)));
        } catch (ConcurrentUpdateException e) {
            throw new GiveUp("extension done but not recorded: " + e.getMessage());
        }
    }

    private void delete(GigaClient giga, Run run, String by) {
        if (run.deploymentId() == null) {
            return;
        }
        try {
            giga.deleteDeployment(run.deploymentId());
        } catch (GigaApiException e) {
            if (!GigaApiException.RESOURCE_NOT_FOUND.equals(e.code())) {
                throw e;
            }
        }
        jdbc.useTransaction(tx -> {
            updater.apply(tx, run.id(), new Signal.StopRequested(by));
            updater.apply(tx, run.id(), new Signal.ComputerObserved(ComputerState.DELETED, null, null, null));
            updater.notice(tx, run.id(), new Notice.Deleted(by));
        });
    }

    private void followUp(GigaClient giga, Run run, String message, String by) {
        if (run.threadId() == null || !run.computer().isLive()) {
            failed(run, Notice.Action.FOLLOW_UP, by, "The agent's computer is not running, so the message was not sent.");
            return;
        }
        try {
            giga.createRun(run.threadId(), message);
        } catch (GigaApiException e) {
            if (e.retryable() && !e.outcomeUnknown()) {
                throw e;
            }
            // Not repeated: sending the same message twice would make the agent do the work twice.
            failed(run, Notice.Action.FOLLOW_UP, by, GigaErrorWords.explain(e));
            return;
        }
        updater.notice(run.id(), new Notice.FollowUpSent(by, message));
    }

    /**
     * Re-reads Giga after a callback. The callback body is only a hint: a completion it reports is
     * believed unless Giga's own answer contradicts it (a stopped computer ends the run as stopped).
     */
    private void refresh(GigaClient background, Run run, RunJob.CallbackHint hint) {
        if (run.deploymentId() == null) {
            return;
        }
        // The session first: an agent that finished just before its computer stopped still gets its outcome.
        if (run.kind() == RunKind.AGENT && !run.status().isTerminal()) {
            GigaReads.readSession(background, run, reconciler.progress())
                    .ifPresent(finished -> updater.apply(run.id(), finished));
        }
        refreshComputer(background, run);
        Run now = runs.findById(run.id()).orElse(run);
        if (now.kind() != RunKind.AGENT || now.status().isTerminal()) {
            return;
        }
        if (hint != RunJob.CallbackHint.NONE) {
            boolean success = hint == RunJob.CallbackHint.COMPLETED;
            updater.apply(run.id(), new Signal.AgentFinished(success, null,
                    success ? null : "Giga reported that the agent's run failed."));
        }
    }

    private void refreshComputer(GigaClient background, Run run) {
        try {
            observe(run.id(), background.getDeployment(run.deploymentId()));
        } catch (GigaApiException e) {
            if (GigaApiException.RESOURCE_NOT_FOUND.equals(e.code())) {
                updater.apply(run.id(), new Signal.ComputerObserved(ComputerState.DELETED, null, null, null));
            } else {
                throw e;
            }
        }
    }

    private void observe(String runId, Deployment d) {
        updater.apply(runId, GigaReads.observation(d));
    }

    /** Pulls the agent's output files into storage and hands their list to the Slack relay. */
    private void results(GigaClient background, Run run) {
        if (run.deploymentId() == null) {
            return;
        }
        List<GigaFile> files;
        try {
            if (run.computer().isLive()) {
                background.pullFiles(run.deploymentId());
            }
            files = background.listFiles(run.deploymentId());
        } catch (GigaApiException e) {
            if (e.retryable()) {
                throw e;
            }
            log.info("no files for run {}: {}", run.id(), e.getMessage());
            return;
        }
        // The files given to the agent are not its results (unless it changed them).
        List<GigaFile> outputs = this.files == null ? files : this.files.outputsOnly(run, files);
        if (outputs.isEmpty()) {
            return;
        }
        jdbc.useTransaction(tx -> {
            // One job per file, so a failure or a crash repeats at most the file in flight.
            for (GigaFile f : outputs) {
                updater.enqueue(tx, run.id(), new RunJob.ShareFile(f.id(), f.fileName(), size(f)));
            }
            updater.notice(tx, run.id(), new Notice.FilesPosted(outputs.stream()
                    .map(f -> new Notice.OutputFile(f.fileName(), size(f))).toList()));
        });
    }

    private static long size(GigaFile f) {
        return f.fileSize() == null ? -1 : f.fileSize();
    }

    private void failed(Run run, Notice.Action action, String by, String text) {
        updater.notice(run.id(), new Notice.ActionFailed(action, by, text));
    }
}

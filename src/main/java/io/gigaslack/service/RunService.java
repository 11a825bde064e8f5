package io.gigaslack.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.AccessRules;
import io.gigaslack.runs.AuditEntry;
import io.gigaslack.runs.CreditBudget;
import io.gigaslack.runs.MeteredRun;
import io.gigaslack.runs.Platform;
import io.gigaslack.runs.SlotHolders;
import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.DesktopPass;
import io.gigaslack.runs.Decision;
import io.gigaslack.runs.InputFile;
import io.gigaslack.runs.Limits;
import io.gigaslack.runs.Notice;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunParams;
import io.gigaslack.runs.Signal;
import io.gigaslack.store.AuditLog;
import io.gigaslack.store.InputFileRepository;
import io.gigaslack.store.Jdbc;
import io.gigaslack.store.RaceRetry;
import io.gigaslack.store.RunRepository;
import io.gigaslack.store.Tx;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * The run rules, in one place: start, stop, extend, retry, delete and follow-up, each with its permission and limit
 * checks, for every way of asking (the slash command, buttons, the modal, mentions). What is allowed is recorded
 * durably before Slack gets its acknowledgement: each method writes the run and the jobs that will do the slow work
 * in one transaction, then wakes the workers. Nothing here calls Slack or Giga; the front-end turns the answers into
 * words.
 */
public final class RunService {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final Jdbc jdbc;
    private final RunRepository runs;
    private final JobWriter jobs;
    private final RunUpdater updater;
    private final AuditLog audit;
    /** The settings of each workspace, and its channels' presets: every rule reads them for the request's workspace. */
    private final TeamSettings teams;
    private final Directory directory;
    private final Clock clock;
    private final RandomGenerator random;
    private final Runnable nudge;
    private final DesktopSettings desktop;
    private final DesktopLinks links;
    private final GigaConnections connections;
    private final InputFiles inputFiles;

    /** What the service is built from; {@code random} draws the run ids (see {@link #perThreadSecureRandom}). */
    public record Parts(Jdbc jdbc, RunRepository runs, JobWriter jobs, RunUpdater updater, AuditLog audit,
            Directory directory, Clock clock, RandomGenerator random, Runnable nudge) {}

    /** A service without the built-in desktop viewer and without screenshots. */
    public RunService(Parts parts, RunSettings settings, AccessRules rules, Limits limits) {
        this(parts, settings, rules, limits, DesktopSettings.OFF, null);
    }

    /** {@code links} makes personal desktop links; it may be null when the built-in viewer is off. */
    public RunService(Parts parts, RunSettings settings, AccessRules rules, Limits limits, DesktopSettings desktop,
            DesktopLinks links) {
        this(parts, settings, rules, limits, desktop, links, CreditBudget.NONE);
    }

    /** {@code budget}: the optional credit caps a start and an extension must fit. */
    public RunService(Parts parts, RunSettings settings, AccessRules rules, Limits limits, DesktopSettings desktop,
            DesktopLinks links, CreditBudget budget) {
        this(parts, TeamSettings.fixed(new WorkspaceSettings(settings, limits, budget, rules, desktop.screenshots())),
                desktop, links);
    }

    /**
     * {@code teams}: each workspace's settings (runs, limits, budgets, access, screenshots) and its channels' presets;
     * {@code desktop}: the viewer, which is the same for every workspace (its {@code screenshots} is the environment's
     * default; each workspace's is in {@code teams}).
     */
    public RunService(Parts parts, TeamSettings teams, DesktopSettings desktop, DesktopLinks links) {
        this(parts, teams, desktop, links, GigaConnections.NOT_REQUIRED);
    }

    /** {@code connections}: each workspace's own Giga account, which a start needs when the app serves many. */
    public RunService(Parts parts, TeamSettings teams, DesktopSettings desktop, DesktopLinks links,
            GigaConnections connections) {
        this.connections = connections;
        this.teams = teams;
        if (desktop.builtInViewer() && links == null) {
            throw new IllegalArgumentException("the built-in viewer needs a link maker");
        }
        this.desktop = desktop;
        this.links = links;
        this.jdbc = parts.jdbc();
        this.runs = parts.runs();
        this.jobs = parts.jobs();
        this.updater = parts.updater();
        this.audit = parts.audit();
        this.directory = parts.directory();
        this.clock = parts.clock();
        this.random = parts.random();
        this.nudge = parts.nudge();
        this.inputFiles = new InputFiles(new InputFileRepository(jdbc), jobs, clock);
    }

    /** Each workspace's settings and its channels' presets, as the rules read them. */
    public TeamSettings teams() {
        return teams;
    }

    /** The settings in force in the workspace. */
    public WorkspaceSettings settings(String teamId) {
        return teams.of(teamId);
    }

    /** What the channel presets for runs started there (nothing: {@link ChannelPresets#NONE}). */
    public ChannelPresets presets(String teamId, String channelId) {
        return teams.presets(teamId, channelId);
    }

    public DesktopSettings desktop() {
        return desktop;
    }

    /**
     * A secure random generator with one instance per thread (DRBG, seeded from the system once per thread), for the
     * ids drawn on the request path. The JDK's default {@link SecureRandom} on Linux (NativePRNG) serializes every
     * caller on one process-wide lock: under load request threads queued there (39 % of the /giga run endpoint
     * samples at c=32, even at one call per run).
     */
    public static RandomGenerator perThreadSecureRandom() {
        ThreadLocal<SecureRandom> local = ThreadLocal.withInitial(() -> {
            try {
                return SecureRandom.getInstance("DRBG");
            } catch (NoSuchAlgorithmException e) {
                return new SecureRandom();
            }
        });
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return local.get().nextLong();
            }

            @Override
            public void nextBytes(byte[] bytes) {
                local.get().nextBytes(bytes);
            }
        };
    }

    // ---- what people ask for, and the answers ----

    /**
     * A request to start a run. Fields left null take the configured defaults.
     *
     * @param responseUrl a slash command's response URL, to answer there if the card cannot be posted; or null
     */
    public record StartRequest(String teamId, String channelId, String userId, RunKind kind, String prompt,
            String platform, Integer hours, String goal, String systemPrompt, String name, String responseUrl,
            List<InputFiles.Attached> files) {

        public StartRequest {
            files = files == null ? List.of() : List.copyOf(files);
        }

        /** A request without files for the agent. */
        public StartRequest(String teamId, String channelId, String userId, RunKind kind, String prompt,
                String platform, Integer hours, String goal, String systemPrompt, String name, String responseUrl) {
            this(teamId, channelId, userId, kind, prompt, platform, hours, goal, systemPrompt, name, responseUrl,
                    List.of());
        }

        /** An agent run with every option at its default. */
        public static StartRequest agent(String teamId, String channelId, String userId, String prompt) {
            return new StartRequest(teamId, channelId, userId, RunKind.AGENT, prompt, null, null, null, null, null, null);
        }

        /** The same request with files for the agent (put on its computer's Desktop before it starts). */
        public StartRequest withFiles(List<InputFiles.Attached> attached) {
            return new StartRequest(teamId, channelId, userId, kind, prompt, platform, hours, goal, systemPrompt, name,
                    responseUrl, attached);
        }
    }

    /** A start that was recorded, or refused (by the access rules or a limit) with the words that say why. */
    public record Started(Run run, Decision refusal) {
        public boolean refused() {
            return refusal != null;
        }

        static Started refusedBy(Decision d) {
            return new Started(null, d);
        }
    }

    /** The answer to an action on an existing run. */
    public enum Outcome {
        /** Recorded; the slow part follows in a job. */
        DONE,
        /** Not allowed; the decision says why. */
        REFUSED,
        /** Allowed, but there is nothing to do: the computer is not running any more. */
        NOT_RUNNING
    }

    public record Answer(Outcome outcome, Decision refusal) {
        static final Answer DONE = new Answer(Outcome.DONE, null);
        static final Answer NOT_RUNNING = new Answer(Outcome.NOT_RUNNING, null);

        static Answer refused(Decision d) {
            return new Answer(Outcome.REFUSED, d);
        }

        public boolean refused() {
            return outcome == Outcome.REFUSED;
        }
    }

    /** The platform a start in the channel would use: the one asked for, else the channel's preset, else the default. */
    public String platformFor(String teamId, String channelId, String asked) {
        return asked != null ? asked : defaultsFor(teamId, channelId).platform();
    }

    /**
     * What an agent run started in the channel gets where its request says nothing: the channel's presets, else the
     * workspace's defaults (what the run form offers). The same rule as a start's ({@link StartDefaults}).
     */
    public RunParams defaultsFor(String teamId, String channelId) {
        StartRequest nothingAsked = new StartRequest(teamId, channelId, null, RunKind.AGENT, null, null, null, null,
                null, null, null);
        return StartDefaults.params(nothingAsked, teams.of(teamId), teams.presets(teamId, channelId));
    }

    /** Whether {@code platform} is one of the workspace's platforms. */
    public boolean isKnownPlatform(String teamId, String platform) {
        return teams.of(teamId).runs().platforms().containsKey(platform);
    }

    /**
     * Checks who may start here, then records the run and the post of its status card unless a configured limit
     * refuses it (the limits are counted in the same transaction as the insert). The computer is started once the
     * card (the thread root) exists.
     */
    public Started start(StartRequest r) {
        Decision may = mayStart(r.teamId(), r.channelId(), r.userId());
        if (may.isRefused()) {
            return Started.refusedBy(may);
        }
        RunParams params = StartDefaults.params(r, teams.of(r.teamId()), teams.presets(r.teamId(), r.channelId()));
        boolean agent = r.kind() == RunKind.AGENT;
        // Files for the agent are recorded with the run; its start brings them to the computer before the agent.
        List<InputFiles.Attached> files = agent ? r.files() : List.of();
        return record(r.teamId(), r.channelId(), r.userId(), r.kind(), params, r.responseUrl(),
                (tx, run) -> inputFiles.record(tx, run.id(), InputFile.START_BATCH, files));
    }

    /** A new run with the same parameters, in the same channel: a new paid run, so the start rules apply again. */
    public Started retry(Run previous, String userId) {
        Decision may = mayControl(previous, userId, AccessRules.Control.RETRY);
        if (may.isRefused()) {
            return Started.refusedBy(may);
        }
        Decision start = mayStart(previous.teamId(), previous.channelId(), userId);
        if (start.isRefused()) {
            return Started.refusedBy(start);
        }
        return record(previous.teamId(), previous.channelId(), userId, previous.kind(), previous.params(), null,
                (tx, run) -> {
                    audit.record(tx, previous.teamId(), userId, "retry", previous.id(), "as " + run.id(),
                            clock.instant());
                    inputFiles.recordAgain(tx, previous.id(), run.id()); // the same files, fetched from Slack anew
                });
    }

    public Answer stop(Run run, String userId) {
        Decision may = mayControl(run, userId, AccessRules.Control.STOP);
        if (may.isRefused()) {
            return Answer.refused(may);
        }
        if (!run.canBeStopped()) {
            return Answer.NOT_RUNNING;
        }
        RaceRetry.useTransaction(jdbc, tx -> {
            updater.apply(tx, run.id(), new Signal.StopRequested(userId));
            jobs.add(tx, run.id(), new RunJob.PostNotice(new Notice.StopRequested(userId)));
            jobs.add(tx, run.id(), new RunJob.Stop(userId));
            audit.record(tx, run.teamId(), userId, "stop", run.id(), null, clock.instant());
        });
        nudge.run();
        return Answer.DONE;
    }

    /**
     * Sets the run's agent session status in Slack again, even if it was set already: after Slack's own Stop was
     * refused (Slack shows the session as stopping until the app sets it back) or came after the computer stopped.
     */
    public void resendAgentSession(Run run) {
        jdbc.useTransaction(tx -> jobs.addCoalesced(tx, run.id(), RunJob.ShowProgress.RESEND_SESSION,
                clock.instant()));
        nudge.run();
    }

    /**
     * Adds {@link Run#EXTENSION} to the computer's life, unless the run would then last longer than the configured
     * maximum (checked again by the job, against the run as it is then).
     */
    public Answer extend(Run run, String userId) {
        Decision may = mayControl(run, userId, AccessRules.Control.EXTEND);
        if (may.isRefused()) {
            return Answer.refused(may);
        }
        Decision fits = teams.of(run.teamId()).limits().checkExtend(run, run.plannedEndAfterExtension(clock.instant()));
        if (fits.isRefused()) {
            return Answer.refused(fits);
        }
        Decision affordable = checkExtendBudget(run, userId);
        if (affordable.isRefused()) {
            return Answer.refused(affordable);
        }
        jdbc.inGroupCommit(tx -> { // committed with the other acknowledgements of the moment
            jobs.add(tx, run.id(), new RunJob.Extend(userId));
            return audit.record(tx, run.teamId(), userId, "extend", run.id(), null, clock.instant());
        });
        nudge.run();
        return Answer.DONE;
    }

    /** Whether the user may delete the run (asked before the confirmation is shown). */
    public Decision mayDelete(Run run, String userId) {
        return mayControl(run, userId, AccessRules.Control.DELETE);
    }

    /** Deletes the run's computer; a run deleted before its computer started is never started. */
    public Answer delete(Run run, String userId) {
        Decision may = mayDelete(run, userId);
        if (may.isRefused()) {
            return Answer.refused(may);
        }
        RaceRetry.useTransaction(jdbc, tx -> {
            updater.apply(tx, run.id(), new Signal.StopRequested(userId));
            jobs.add(tx, run.id(), new RunJob.Delete(userId));
            audit.record(tx, run.teamId(), userId, "delete", run.id(), run.deploymentId(), clock.instant());
        });
        nudge.run();
        return Answer.DONE;
    }

    /**
     * Sends a message to the running agent (a new run on its session). An empty message is allowed and sends nothing.
     */
    public Answer followUp(Run run, String userId, String message) {
        Decision may = mayControl(run, userId, AccessRules.Control.FOLLOW_UP);
        if (may.isRefused()) {
            return Answer.refused(may);
        }
        if (message == null || message.isEmpty()) {
            return Answer.DONE;
        }
        Decision refusal = RaceRetry.inTransaction(jdbc, tx -> {
            Decision kept = keepForFollowUp(tx, run, userId);
            if (kept != null) {
                return kept;
            }
            jobs.add(tx, run.id(), new RunJob.FollowUp(userId, message));
            return null;
        });
        if (refusal != null) {
            return Answer.refused(refusal);
        }
        nudge.run();
        return Answer.DONE;
    }

    /**
     * Keeps a finished agent's computer running until the end of the hours asked for, instead of its automatic stop
     * (the same people who may stop it may keep it). Kept, it holds one of its person's and its workspace's slots
     * again, so it must fit the concurrency limits.
     */
    public Answer keepRunning(Run run, String userId) {
        Decision may = mayControl(run, userId, AccessRules.Control.STOP);
        if (may.isRefused()) {
            return Answer.refused(may);
        }
        if (!run.computer().isLive()) {
            return Answer.NOT_RUNNING;
        }
        Decision refusal = RaceRetry.inTransaction(jdbc, tx -> {
            Run now = runs.findById(tx, run.id()).orElse(run);
            if (now.autoStopAt() == null || !now.computer().isLive()) {
                return null; // kept already, or nothing to keep: nothing to say
            }
            Decision keepable = mayKeep(tx, now, userId);
            if (keepable.isRefused()) {
                return keepable;
            }
            keep(tx, run.id(), userId);
            return null;
        });
        if (refusal != null) {
            return Answer.refused(refusal);
        }
        nudge.run();
        return Answer.DONE;
    }

    /**
     * Whether a finished agent's computer waiting for its automatic stop may be kept: it then holds a slot again
     * (the person's concurrency limit) and the credits until the end of the hours asked for (the budgets).
     */
    private Decision mayKeep(Tx tx, Run now, String userId) {
        WorkspaceSettings ws = teams.of(now.teamId());
        long mine = runs.countHoldingSlots(tx, now.teamId(), now.requesterId());
        if (mine >= ws.limits().maxConcurrentPerUser()) {
            List<Run> holders = runs.listHoldingSlots(tx, now.teamId(), now.requesterId(), SlotHolders.SHOWN);
            return Decision.refused(Decision.Reason.CONCURRENT_PER_USER, (now.requesterId().equals(userId)
                    ? "You already have " : SlotHolders.mention(now.requesterId()) + " already has ")
                    + SlotHolders.runs(mine) + " going, the most one person may have at once"
                    + " (GIGA_MAX_CONCURRENT_PER_USER), so this computer cannot be kept as well. "
                    + SlotHolders.describe(holders, mine, false));
        }
        CreditBudget budget = ws.budget();
        if ((budget.capsPeople() || budget.capsWorkspace()) && now.creditsPerHour() >= 0) {
            Instant at = clock.instant();
            Instant from = now.keepsComputerUntil().isAfter(at) ? now.keepsComputerUntil() : at;
            Duration more = now.plannedEnd().isAfter(from) ? Duration.between(from, now.plannedEnd()) : Duration.ZERO;
            Spends s = spends(tx, budget, now.teamId(), now.requesterId(), at);
            return budget.checkKeep(now.creditsPerHour(), more, now.requesterId().equals(userId), s.person(),
                    s.workspace(), at);
        }
        return Decision.allowed();
    }

    /** Cancels a waiting automatic stop in the caller's transaction; true when there was one. */
    private boolean keep(Tx tx, String runId, String userId) {
        Optional<Run> found = runs.findById(tx, runId);
        if (found.isEmpty() || found.get().autoStopAt() == null || !found.get().computer().isLive()) {
            return false;
        }
        Run saved = runs.update(tx, found.get().toBuilder().autoStopAt(null).keptBy(userId)
                .updatedAt(clock.instant()).build());
        jobs.add(tx, runId, new RunJob.PostNotice(new Notice.KeptRunning(userId, saved.plannedEnd())));
        jobs.addCoalesced(tx, runId, RunJob.PostCard.EDIT, clock.instant());
        audit.record(tx, saved.teamId(), userId, "keep_running", runId, null, clock.instant());
        return true;
    }

    /**
     * A message to the running agent with files: the files are brought to its computer's Desktop first (one job
     * each), then the message is sent, naming them. Without files it is {@link #followUp(Run, String, String)}; with
     * files, the message may be empty.
     */
    public Answer followUp(Run run, String userId, String message, List<InputFiles.Attached> files) {
        if (files == null || files.stream().noneMatch(f -> InputFiles.Attached.isFileId(f.fileId()))) {
            return followUp(run, userId, message);
        }
        Decision may = mayControl(run, userId, AccessRules.Control.FOLLOW_UP);
        if (may.isRefused()) {
            return Answer.refused(may);
        }
        String batch = "m_" + randomId(12);
        Decision refusal = RaceRetry.inTransaction(jdbc, tx -> {
            Decision kept = keepForFollowUp(tx, run, userId);
            if (kept != null) {
                return kept;
            }
            inputFiles.record(tx, run.id(), batch, files);
            inputFiles.enqueueTransfers(tx, run.id(), batch);
            jobs.add(tx, run.id(), new RunJob.FollowUp(userId, message == null ? "" : message, batch));
            return null;
        });
        if (refusal != null) {
            return Answer.refused(refusal);
        }
        nudge.run();
        return Answer.DONE;
    }

    /**
     * A follow-up sets a finished agent to work again, and the app does not learn when it is done: a computer waiting
     * for its automatic stop is kept (by the sender), if the limits allow. Null when the follow-up may go; else why
     * not.
     */
    private Decision keepForFollowUp(Tx tx, Run run, String userId) {
        Run now = runs.findById(tx, run.id()).orElse(run);
        if (now.autoStopAt() == null || !now.computer().isLive()) {
            return null;
        }
        Decision keepable = mayKeep(tx, now, userId);
        if (keepable.isRefused()) {
            return Decision.refused(keepable.reason(), "The message was not sent: the agent would need its computer"
                    + " kept running for it. " + keepable.text());
        }
        keep(tx, run.id(), userId);
        return null;
    }

    /** What pressing "Open desktop" gives: a personal link, or why not. */
    public record DesktopAnswer(Outcome outcome, Decision refusal, DesktopLinks.Link link) {}

    /**
     * A personal link to the run's live desktop for {@code userId}: the requester and admins get control, other
     * members of the run's channel a view. Nobody else gets one. NOT_RUNNING when there is no desktop to show.
     */
    public DesktopAnswer openDesktop(Run run, String userId) {
        if (!desktop.builtInViewer()) {
            throw new IllegalStateException("the built-in desktop viewer is off");
        }
        DesktopPass.Mode mode;
        if (mayControl(run, userId, AccessRules.Control.STOP).isAllowed()) {
            mode = DesktopPass.Mode.CONTROL;
        } else if (directory.isChannelMember(run.teamId(), run.channelId(), userId)) {
            mode = DesktopPass.Mode.VIEW;
        } else {
            return new DesktopAnswer(Outcome.REFUSED, Decision.refused(Decision.Reason.NOT_OWNER, "Only "
                    + "members of <#" + run.channelId() + ">, where this run was started, can watch its desktop."), null);
        }
        if (run.computer() != ComputerState.RUNNING || run.vncUrl() == null || run.vncUrl().isBlank()) {
            return new DesktopAnswer(Outcome.NOT_RUNNING, null, null);
        }
        DesktopLinks.Link link = links.make(run, userId, mode);
        audit.record(run.teamId(), userId, "open_desktop", run.id(),
                mode == DesktopPass.Mode.CONTROL ? "control" : "view only", clock.instant());
        return new DesktopAnswer(Outcome.DONE, null, link);
    }

    /** At most one screenshot on demand a minute for a run. */
    public static final Duration SCREENSHOT_EVERY = Duration.ofMinutes(1);

    /**
     * A screenshot of the run's desktop into its thread, on demand: for those who may watch it, at most one a
     * minute per run.
     */
    public Answer screenshot(Run run, String userId) {
        if (!teams.of(run.teamId()).screenshots()) {
            return Answer.refused(Decision.refused(Decision.Reason.NOT_OWNER, "Screenshots are turned off here."));
        }
        if (!mayControl(run, userId, AccessRules.Control.STOP).isAllowed()
                && !directory.isChannelMember(run.teamId(), run.channelId(), userId)) {
            return Answer.refused(Decision.refused(Decision.Reason.NOT_OWNER, "Only members of <#" + run.channelId()
                    + ">, where this run was started, can take screenshots of its desktop."));
        }
        if (run.computer() != ComputerState.RUNNING || run.vncUrl() == null) {
            return Answer.NOT_RUNNING;
        }
        boolean taken = RaceRetry.inTransaction(jdbc, tx -> {
            // The run's row is the lock: two quick presses (even on two replicas) cannot both pass the check.
            Run now = runs.findById(tx, run.id()).orElse(run);
            RunJob.Screenshot job = new RunJob.Screenshot(RunJob.ScreenshotMoment.ON_DEMAND, userId);
            Optional<Instant> last = jobs.lastAdded(tx, run.id(), job);
            if (last.isPresent() && last.get().plus(SCREENSHOT_EVERY).isAfter(clock.instant())) {
                return false;
            }
            runs.update(tx, now); // a new version of the run: a concurrent press loses the race and looks again
            jobs.add(tx, run.id(), job);
            return true;
        });
        if (!taken) {
            return Answer.refused(Decision.refused(Decision.Reason.NOT_OWNER,
                    "A screenshot of this desktop was taken less than a minute ago; try again in a moment."));
        }
        nudge.run();
        return Answer.DONE;
    }

    /** The workspaces' own Giga accounts (connect, disconnect, status). */
    public GigaConnections gigaConnections() {
        return connections;
    }

    /** Workspace admins and owners and the app's admins in the workspace may read its audit log. */
    public boolean mayReadAudit(String teamId, String userId) {
        return teams.of(teamId).access().isConfiguredAdmin(userId) || directory.isWorkspaceAdmin(teamId, userId);
    }

    /**
     * A callback from Giga for this run: re-read Giga soon. The hint is what the body claimed; Giga's own answer
     * decides. Coalesced: a burst of repeated callbacks for a run costs one re-read of Giga, not one each.
     */
    public void callbackReceived(String runId, RunJob.CallbackHint hint) {
        jdbc.inGroupCommit(tx -> { // a burst of callbacks is committed together
            jobs.addCoalesced(tx, runId, new RunJob.Refresh(hint), clock.instant());
            return null;
        });
        nudge.run();
    }

    /** An ephemeral answer sent later in {@code teamId} (when the acknowledgement could not carry it). */
    public void ephemeral(String teamId, String channel, String user, String responseUrl, ObjectNode message) {
        // Answered on most presses (Status, refusals): committed with the other acknowledgements of the moment.
        jdbc.inGroupCommit(tx -> {
            jobs.add(tx, null, new RunJob.Ephemeral(teamId, channel, user, responseUrl, message));
            return null;
        });
        nudge.run();
    }

    // ---- reads ----

    /** A run of this workspace, by our id or by its Giga deployment id. */
    public Optional<Run> find(String teamId, String id) {
        Optional<Run> run = runs.findById(id);
        if (run.isEmpty()) {
            run = runs.findByDeploymentId(id);
        }
        return run.filter(r -> r.teamId().equals(teamId));
    }

    /** A run of this workspace by our id only (what buttons carry). */
    public Optional<Run> findById(String teamId, String id) {
        return id == null ? Optional.empty() : runs.findById(id).filter(r -> r.teamId().equals(teamId));
    }

    /** The run whose thread this is, if any. */
    public Optional<Run> findByThread(String teamId, String channelId, String threadTs) {
        return runs.findByThread(teamId, channelId, threadTs);
    }

    public List<Run> recentInChannel(String teamId, String channelId, int limit) {
        return runs.listByChannel(teamId, channelId, limit);
    }

    public List<Run> recentOf(String teamId, String userId, int limit) {
        return runs.listByRequester(teamId, userId, limit);
    }

    public List<AuditEntry> recentAudit(String teamId, int limit) {
        return audit.recent(teamId, limit);
    }

    // ---- the rules ----

    /**
     * Who may start runs, and where: the configured channels, users and user groups. {@link #start} asks it too; a
     * front-end asks it first when it has its own reason to refuse that must not hide this one.
     */
    public Decision mayStart(String teamId, String channelId, String userId) {
        Decision account = connections.mayRun(teamId, userId);
        if (account.isRefused()) {
            return account;
        }
        AccessRules rules = teams.of(teamId).access();
        Set<String> groups = rules.needsUserGroups(userId)
                ? directory.groupsOf(teamId, userId, rules.allowedUsergroups()) : Set.of();
        return rules.mayStart(channelId, userId, groups);
    }

    /** Who may control a run: its requester, admins (asking Slack only when nothing cheaper decides it). */
    Decision mayControl(Run run, String userId, AccessRules.Control action) {
        AccessRules rules = teams.of(run.teamId()).access();
        boolean obvious = run.requesterId().equals(userId) || rules.isConfiguredAdmin(userId);
        return rules.mayControl(run, userId, !obvious && directory.isWorkspaceAdmin(run.teamId(), userId), action);
    }

    /**
     * Records a new run and the post of its status card, unless a configured limit refuses it; the limits are counted
     * in the same transaction as the insert, and so is {@code alsoRecord}.
     */
    private Started record(String teamId, String channelId, String userId, RunKind kind, RunParams params,
            String responseUrl, BiConsumer<Tx, Run> alsoRecord) {
        String ids = randomId(24); // the run id and the name tag, drawn together
        WorkspaceSettings ws = teams.of(teamId);
        Limits limits = ws.limits();
        Platform platform = ws.platform(params.platform());
        int rate = platform == null ? Platform.UNKNOWN_RATE : platform.creditsPerHour();
        Run run = Run.requested("r_" + ids.substring(0, 12), teamId, channelId, userId, kind, params,
                "gs-" + ids.substring(12), null, clock.instant()).toBuilder().creditsPerHour(rate).build();
        // Group commit: the starts arriving together are committed together, one disk write for all, and each is
        // answered once its commit is done. They run one after another in one transaction, each seeing the earlier
        // ones' runs, so two quick starts cannot both pass a limit in this process. (Across replicas two starts in
        // the same instant can still pass together; the limits are a spending guard, and Giga's own concurrency cap
        // stays the hard one.)
        Decision refusal = jdbc.inGroupCommit(tx -> {
            // One statement for the three counts; the workspace's active runs are counted only up to one past its
            // limit (enough to decide), and exactly only when a refusal must say how many there are.
            long cap = (long) limits.maxConcurrentPerWorkspace() + 1;
            long[] counts = runs.countForStart(tx, teamId, userId, clock.instant().minus(Duration.ofHours(24)), cap);
            long team = counts[2] >= cap ? runs.countHoldingSlots(tx, teamId) : counts[2];
            Decision d = limits.checkStart(params, new Limits.Usage(counts[0], team, counts[1]));
            if (d.isRefused()) {
                return withSlotHolders(tx, d, teamId, userId, counts[0], team);
            }
            Decision affordable = checkStartBudget(tx, ws.budget(), teamId, userId, rate, params.hours());
            if (affordable.isRefused()) {
                return affordable;
            }
            runs.insert(tx, run);
            jobs.add(tx, run.id(), new RunJob.PostCard(responseUrl));
            audit.record(tx, teamId, userId, kind == RunKind.AGENT ? "start" : "start_desktop", run.id(),
                    params.platform() + ", " + params.hours() + " h", clock.instant());
            alsoRecord.accept(tx, run);
            return null;
        });
        if (refusal != null) {
            return Started.refusedBy(refusal);
        }
        nudge.run();
        return new Started(run, null);
    }

    /** A concurrency refusal, with the runs that hold the slots named (those least likely to be remembered). */
    private Decision withSlotHolders(Tx tx, Decision d, String teamId, String userId, long mine, long team) {
        if (d.reason() == Decision.Reason.CONCURRENT_PER_USER) {
            return Decision.refused(d.reason(), d.text() + " " + SlotHolders.describe(
                    runs.listHoldingSlots(tx, teamId, userId, SlotHolders.SHOWN), mine, false));
        }
        if (d.reason() == Decision.Reason.CONCURRENT_PER_WORKSPACE) {
            return Decision.refused(d.reason(), d.text() + " " + SlotHolders.describe(
                    runs.listHoldingSlots(tx, teamId, null, SlotHolders.SHOWN), team, true));
        }
        return d;
    }

    /** The credit caps for a new run: what its person counts today and its workspace this month, plus its hours. */
    private Decision checkStartBudget(Tx tx, CreditBudget budget, String teamId, String userId, int rate, int hours) {
        if ((!budget.capsPeople() && !budget.capsWorkspace()) || rate < 0) {
            return Decision.allowed();
        }
        Instant now = clock.instant();
        Spends s = spends(tx, budget, teamId, userId, now);
        return budget.checkStart(rate, hours, s.person(), s.workspace(), now);
    }

    /** The credit caps for one press of Extend, counted for the person who started the run. */
    private Decision checkExtendBudget(Run run, String userId) {
        CreditBudget budget = teams.of(run.teamId()).budget();
        if ((!budget.capsPeople() && !budget.capsWorkspace()) || run.creditsPerHour() < 0) {
            return Decision.allowed();
        }
        Instant now = clock.instant();
        Spends s = jdbc.inTransaction(tx -> spends(tx, budget, run.teamId(), run.requesterId(), now));
        Instant planned = run.plannedEnd();
        Duration more = Duration.between(planned, run.plannedEndAfterExtension(now));
        return budget.checkExtend(run.creditsPerHour(), more, run.requesterId().equals(userId), s.person(),
                s.workspace(), now);
    }

    private record Spends(CreditBudget.Spend person, CreditBudget.Spend workspace) {}

    private Spends spends(Tx tx, CreditBudget budget, String teamId, String userId, Instant now) {
        Instant day = CreditBudget.dayStart(now);
        if (!budget.capsWorkspace()) {
            return new Spends(CreditBudget.Spend.of(runs.listMeteredSince(tx, teamId, userId, day), now),
                    CreditBudget.Spend.NOTHING);
        }
        List<MeteredRun> month = runs.listMeteredSince(tx, teamId, null, CreditBudget.monthStart(now));
        List<MeteredRun> today = month.stream()
                .filter(r -> r.requesterId().equals(userId) && !r.createdAt().isBefore(day)).toList();
        return new Spends(CreditBudget.Spend.of(today, now), CreditBudget.Spend.of(month, now));
    }

    /**
     * {@code length} random characters of [a-z0-9], uniformly, from one call of the random generator (bytes below
     * 252 = 7 × 36 are used, the others skipped; more are drawn in the rare case that too many were skipped). One
     * call rather than one per character: a {@link java.security.SecureRandom} is synchronized, and under load
     * request threads queued on it (19 % of the /giga run endpoint samples at c=32 with 24 calls per run).
     */
    private String randomId(int length) {
        char[] out = new char[length];
        int filled = 0;
        while (filled < length) {
            byte[] bytes = new byte[length - filled + 8];
            random.nextBytes(bytes);
            for (int i = 0; i < bytes.length && filled < length; i++) {
                int b = bytes[i] & 0xff;
                if (b < 252) {
                    out[filled++] = ALPHABET.charAt(b % ALPHABET.length());
                }
            }
        }
        return new String(out);
    }
}

package io.gigaslack.gigawork;

import io.gigaslack.giga.GigaClient;
import io.gigaslack.giga.GigaClientConfig;
import io.gigaslack.giga.RequestBudget;
import io.gigaslack.giga.sim.DeploymentSnapshot;
import io.gigaslack.giga.sim.GigaSimulator;
import io.gigaslack.runs.Limits;
import io.gigaslack.runs.Milestone;
import io.gigaslack.runs.Notice;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunParams;
import io.gigaslack.service.JobCodec;
import io.gigaslack.service.JobWriter;
import io.gigaslack.service.RunJob;
import io.gigaslack.service.RunUpdater;
import io.gigaslack.store.BalanceStore;
import io.gigaslack.store.Database;
import io.gigaslack.store.Job;
import io.gigaslack.store.JobQueue;
import io.gigaslack.store.RunRepository;
import io.gigaslack.testing.SettableClock;
import io.gigaslack.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;

/**
 * The Giga side of runs wired as in {@code GigaSlackApp}, on real parts: the Giga simulator over real HTTP on a
 * settable clock (moved by hand, ticked by {@link #advance}), the real {@link GigaClient}, an in-memory H2 with the
 * real repository, queue, job writer and run updater, and the {@link GigaJobs} and {@link Reconciler} under test.
 * Jobs are handed to the handler directly, as the Giga worker would after claiming them.
 */
final class GigaWorkFixture implements AutoCloseable {
    static final Duration PROVISION = Duration.ofSeconds(3);
    static final Duration AGENT = Duration.ofSeconds(20);
    static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    static final int SESSION_READS_PER_CYCLE = 5;
    static final int DEPLOYMENT_READS_PER_CYCLE = 5;
    static final String PLATFORM = "giga-standard";
    static final String PROMPT = "Write the summary to report.txt";
    static final String GOAL = "report.txt is saved on the Desktop";
    static final String OWNER = "test-worker";
    /** One application-wide HTTP client, as in production. */
    private static final OkHttpClient HTTP = new OkHttpClient();

    final SettableClock clock = new SettableClock();
    final GigaSimulator sim;
    final Database db;
    final RunRepository runs;
    final JobQueue queue;
    final JobWriter jobs;
    final RunUpdater updater;
    /** The Giga accounts of the workspaces: at first single-workspace mode's, one for every team ({@link #use}). */
    GigaAccounts accounts;
    /** Team T1's account's client. */
    GigaClient giga;
    Reconciler reconciler;
    GigaJobs gigaJobs;
    /** The warning level of the fixture's balance watch, and who it tells. */
    static final long LOW_BALANCE = 100;
    static final Set<String> ADMINS = new LinkedHashSet<>(List.of("U9", "U8"));
    final BalanceStore balances;
    BalanceWatch balanceWatch;
    private final Limits limits;
    private final String publicUrl;
    /** More simulators (other Giga accounts), ticked and closed with the first. */
    private final List<GigaSimulator> otherSims = new CopyOnWriteArrayList<>();
    /** The waits the Giga client asked for between retries; none is really slept. */
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final AtomicLong jobIds = new AtomicLong(1_000_000);

    GigaWorkFixture() {
        this(Limits.defaults(List.of(PLATFORM)), null);
    }

    GigaWorkFixture(Limits limits, String publicUrl) {
        sim = GigaSimulator.builder().clock(clock).provisionDelay(PROVISION).agentDuration(AGENT)
                .random(new Random(42)).build().start();
        db = TestDatabases.h2();
        runs = new RunRepository(db.jdbc());
        queue = new JobQueue(db.jdbc());
        jobs = new JobWriter(queue, clock);
        updater = new RunUpdater(db.jdbc(), runs, jobs, clock, null, () -> { });
        balances = new BalanceStore(db.jdbc());
        this.limits = limits;
        this.publicUrl = publicUrl;
        // As in single-workspace mode: GIGA_API_KEY for every team, no GIGA_CLIENT_ID.
        use(accounts(GigaKeySource.single(sim.apiKey()), GigaAccounts.fixedClientId(sim.baseUrl(), null)));
    }

    /** Wires the reconciler, the balance watch and the Giga jobs anew, on {@code accounts}. */
    void use(GigaAccounts accounts) {
        this.accounts = accounts;
        giga = accounts.forTeam("T1").orElse(null);
        reconciler = new Reconciler(accounts, runs, updater, db.jdbc(), clock, SESSION_READS_PER_CYCLE,
                DEPLOYMENT_READS_PER_CYCLE, jobs, POLL_INTERVAL);
        balanceWatch = new BalanceWatch(accounts, balances, db.jdbc(), jobs, clock, LOW_BALANCE, account -> ADMINS);
        gigaJobs = new GigaJobs(accounts, runs, updater, db.jdbc(), clock, new Random(11), publicUrl, limits,
                reconciler, balanceWatch);
    }

    /** Another Giga account's simulator, with its own key, on the fixture's clock. */
    GigaSimulator otherSim(String apiKey) {
        GigaSimulator other = GigaSimulator.builder().apiKey(apiKey).clock(clock).provisionDelay(PROVISION)
                .agentDuration(AGENT).random(new Random(43)).build().start();
        otherSims.add(other);
        return other;
    }

    /**
     * Giga accounts from {@code keys} as the app builds them, each with the {@code settings} given (where its
     * simulator is, and its X-Client-Id) and the fixture's short timeouts, an unlimited budget and no real sleeps.
     */
    GigaAccounts accounts(GigaKeySource keys, Function<ConnectedKey, GigaClientConfig> settings) {
        return new GigaAccounts(keys, settings.andThen(c -> c
                        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20))
                        .withLongReadTimeout(Duration.ofSeconds(20))),
                key -> RequestBudget.unlimited(), HTTP, clock, d -> sleeps.add(d), new Random(7));
    }

    // ---- runs ---------------------------------------------------------------------------------------------

    /** A new agent run of user U1, as the run service records it when the request is acknowledged. */
    Run newAgentRun(String id) {
        return newAgentRun(id, clock.instant());
    }

    /** A new agent run recorded at {@code createdAt}. */
    Run newAgentRun(String id, Instant createdAt) {
        return Run.requested(id, "T1", "C1", "U1", RunKind.AGENT,
                new RunParams(PLATFORM, 1, PROMPT, GOAL, "", "Nightly report"), "gs-" + id, null, createdAt);
    }

    /** A new agent run of user U1 in workspace {@code teamId}, stored. */
    Run agentRunOf(String teamId, String id) {
        return insert(Run.requested(id, teamId, "C1", "U1", RunKind.AGENT,
                new RunParams(PLATFORM, 1, PROMPT, GOAL, "", "Nightly report"), "gs-" + id, null, clock.instant()));
    }

    /** A new desktop run (a computer without the agent). */
    Run newDesktopRun(String id) {
        return Run.requested(id, "T1", "C1", "U1", RunKind.DESKTOP, new RunParams(PLATFORM, 1, "", "", "", ""),
                "gs-" + id, null, clock.instant());
    }

    Run insert(Run run) {
        db.jdbc().useTransaction(tx -> runs.insert(tx, run));
        return run(run.id());
    }

    Run agentRun(String id) {
        return insert(newAgentRun(id));
    }

    /** Changes a stored run as another part of the app would (optimistic lock and all). */
    Run change(String id, UnaryOperator<Run.Builder> edit) {
        db.jdbc().useTransaction(tx -> {
            Run r = runs.findById(tx, id).orElseThrow();
            runs.update(tx, edit.apply(r.toBuilder()).build());
        });
        return run(id);
    }

    Run run(String id) {
        return runs.findById(id).orElseThrow(() -> new AssertionError("no run " + id));
    }

    /** An agent run whose start job ran: Giga is provisioning its computer. */
    Run started(String id) throws Exception {
        agentRun(id);
        handle(id, new RunJob.Start());
        return run(id);
    }

    /** An agent run whose desktop is ready and whose agent is at work (seen by a refresh, as after a callback). */
    Run ready(String id) throws Exception {
        started(id);
        advance(PROVISION);
        handle(id, new RunJob.Refresh(RunJob.CallbackHint.NONE));
        return run(id);
    }

    // ---- jobs ---------------------------------------------------------------------------------------------

    /** The stored row of {@code job} for {@code runId} as the worker claimed it: first attempt, due now. */
    Job stored(String runId, RunJob job) {
        return stored(runId, job, 0, clock.instant());
    }

    Job stored(String runId, RunJob job, int attempts) {
        return stored(runId, job, attempts, clock.instant());
    }

    Job stored(String runId, RunJob job, int attempts, Instant runAfter) {
        JobCodec.Stored s = JobCodec.encode(job);
        return new Job(jobIds.incrementAndGet(), s.queue(), runId, s.kind(), s.payload(), attempts, runAfter,
                runAfter, null, null, OWNER);
    }

    /** Runs a Giga job as the worker does right after claiming it. */
    void handle(String runId, RunJob.GigaJob job) throws Exception {
        gigaJobs.handle(stored(runId, job), job);
    }

    /** How many jobs of this stored kind were enqueued for the run, done or not. */
    long count(String kind, String runId) {
        return db.jdbc().queryLong("SELECT COUNT(*) FROM jobs WHERE kind = ? AND run_id = ?", kind, runId);
    }

    long totalJobs(String runId) {
        return db.jdbc().queryLong("SELECT COUNT(*) FROM jobs WHERE run_id = ?", runId);
    }

    /** The stored jobs of a run, oldest first. */
    List<Job> storedJobs(String runId) {
        return db.jdbc().query("SELECT id FROM jobs WHERE run_id = ? ORDER BY id", rs -> rs.getLong(1), runId)
                .stream().map(id -> queue.find(id).orElseThrow()).toList();
    }

    /** The jobs enqueued for a run, decoded, oldest first. */
    List<RunJob> enqueued(String runId) {
        return storedJobs(runId).stream().map(JobCodec::decode).toList();
    }

    /** The thread notices enqueued for a run, oldest first. */
    List<Notice> notices(String runId) {
        return enqueued(runId).stream().filter(j -> j instanceof RunJob.PostNotice)
                .map(j -> ((RunJob.PostNotice) j).notice()).toList();
    }

    List<Milestone> milestones(String runId) {
        return notices(runId).stream().filter(n -> n instanceof Notice.MilestoneReached)
                .map(n -> ((Notice.MilestoneReached) n).milestone()).toList();
    }

    <T extends Notice> List<T> notices(String runId, Class<T> type) {
        return notices(runId).stream().filter(type::isInstance).map(type::cast).toList();
    }

    // ---- the simulator -------------------------------------------------------------------------------------

    /** Moves time on, for the app and the simulator alike, and applies what fell due at the simulator. */
    void advance(Duration d) {
        clock.advance(d);
        sim.tick();
        otherSims.forEach(GigaSimulator::tick);
    }

    DeploymentSnapshot deployment(Run run) {
        return sim.deployment(run.deploymentId()).orElseThrow(() -> new AssertionError("no deployment of " + run.id()));
    }

    /** Every API request the simulator received (the blob and upload URLs aside). */
    int gigaRequests() {
        return sim.countMatching("*", "/api/.*");
    }

    @Override
    public void close() {
        sim.close();
        otherSims.forEach(GigaSimulator::close);
        db.close();
    }
}

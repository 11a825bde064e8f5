package io.gigaslack.app;

import io.gigaslack.callback.CallbackEndpoint;
import io.gigaslack.engine.Worker;
import io.gigaslack.giga.GigaClient;
import io.gigaslack.giga.Sleeper;
import io.gigaslack.gigawork.BalanceWatch;
import io.gigaslack.gigawork.GigaAccounts;
import io.gigaslack.gigawork.GigaKeySource;
import io.gigaslack.gigawork.GigaJobs;
import io.gigaslack.gigawork.InputFileJobs;
import io.gigaslack.gigawork.ProgressReader;
import io.gigaslack.gigawork.Reconciler;
import io.gigaslack.gigawork.SharedRequestBudgets;
import io.gigaslack.http.JettyServer;
import io.gigaslack.http.Route;
import io.gigaslack.ops.Metrics;
import io.gigaslack.service.JobWriter;
import io.gigaslack.service.RunJob;
import io.gigaslack.service.RunService;
import io.gigaslack.service.RunUpdater;
import io.gigaslack.service.SettingsService;
import io.gigaslack.service.StoredTeamSettings;
import io.gigaslack.service.UsageService;
import io.gigaslack.service.TypedJobHandler;
import io.gigaslack.slack.DeliveryLog;
import io.gigaslack.slack.RenderContexts;
import io.gigaslack.slack.SlackDirectory;
import io.gigaslack.slack.SlackFiles;
import io.gigaslack.slack.SlackFrontEnd;
import io.gigaslack.slack.SocketModeException;
import io.gigaslack.slack.ThreadMessageListener;
import io.gigaslack.slack.outbox.ProgressStream;
import io.gigaslack.slack.outbox.SlackRelay;
import io.gigaslack.slack.web.SlackWebGateway;
import io.gigaslack.slack.web.SlackWorkspaces;
import io.gigaslack.slack.install.Distribution;
import io.gigaslack.giga.RequestBudget;
import io.gigaslack.gigawork.GigaKeyCheck;
import io.gigaslack.gigawork.WorkspaceLeaving;
import io.gigaslack.store.GigaKeys;
import io.gigaslack.store.SlackInstallations;
import io.gigaslack.store.WorkspaceSecrets;
import java.util.function.Function;
import io.gigaslack.store.AuditLog;
import io.gigaslack.store.OAuthStates;
import io.gigaslack.store.Reencryption;
import io.gigaslack.store.SecretBox;
import io.gigaslack.store.SlackInstallations;
import io.gigaslack.store.WorkspaceSecrets;
import io.gigaslack.store.BalanceStore;
import io.gigaslack.store.Database;
import io.gigaslack.store.Job;
import io.gigaslack.store.JobQueue;
import io.gigaslack.store.ProgressRepository;
import io.gigaslack.store.RunRepository;
import io.gigaslack.store.SlackEventLog;
import io.gigaslack.store.SlackTeams;
import io.gigaslack.store.WorkspaceData;
import io.gigaslack.service.WorkspaceDeparture;
import io.gigaslack.store.TeamSettingsStore;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import io.gigaslack.service.DesktopLinks;
import io.gigaslack.service.DesktopSettings;
import io.gigaslack.slack.outbox.ScreenshotJobs;
import io.gigaslack.store.AppKeys;
import io.gigaslack.viewer.NoVnc;
import io.gigaslack.viewer.NoVncFiles;
import io.gigaslack.viewer.ViewerEndpoint;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds the database, the Giga and Slack clients, the run service, the two job workers, the
 * Slack front-end and the HTTP server (or Socket Mode) from the configuration, and shuts them down in order.
 */
public final class GigaSlackApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GigaSlackApp.class);

    /** Slack effects: few threads, Slack's rate limits are per method and per channel. */
    static final Worker.Options SLACK_WORKER = Worker.Options.threads(4);
    /**
     * Giga effects: 16 threads, because background Giga calls wait for the rate budget while holding a thread, and
     * user actions (start, stop, extend) must still find a free one.
     */
    static final Worker.Options GIGA_WORKER = Worker.Options.threads(16);
    /** Screenshots: each holds a thread for up to 20 s while it reads the desktop's stream. */
    static final Worker.Options DESKTOP_WORKER = Worker.Options.threads(2);
    /** Deployments a reconcile cycle may read one by one (those missing from the lists). */
    static final int DEPLOYMENT_READS_PER_CYCLE = 10;
    static final Duration MAINTENANCE_EVERY = Duration.ofMinutes(5);
    /** Kept for days: finished jobs (for inspection) and Slack delivery ids (Slack retries within minutes). */
    static final Duration KEEP_DONE_JOBS = Duration.ofDays(7);
    static final Duration KEEP_SLACK_EVENT_IDS = Duration.ofDays(2);
    /** How long a graceful stop lets requests in flight finish. */
    static final Duration HTTP_STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Database database;
    private final JettyServer server;
    private final SlackFrontEnd frontEnd;
    /** Slack, Giga and desktop, in the order they are stopped. */
    private final List<Worker> workers;
    private final ScheduledExecutorService maintenance;
    private final OkHttpClient http;
    private final Reconciler reconciler;
    private final AtomicBoolean dead;

    private GigaSlackApp(Database database, JettyServer server, SlackFrontEnd frontEnd, Workers workers,
            ScheduledExecutorService maintenance, OkHttpClient http, Reconciler reconciler, AtomicBoolean dead) {
        this.database = database;
        this.server = server;
        this.frontEnd = frontEnd;
        this.workers = workers.all();
        this.maintenance = maintenance;
        this.http = http;
        this.reconciler = reconciler;
        this.dead = dead;
    }

    public static GigaSlackApp start(AppConfig config) {
        return start(config, Clock.systemUTC());
    }

    /**
     * Builds and starts everything. First, before anything is written or served, Slack is asked whether it accepts
     * the bot token ({@code auth.test}): a refusal throws {@link StartupException} (exit code 2); a Slack that cannot
     * be reached is logged on one line and the app starts anyway. In Socket Mode the connection is made before the
     * workers start. When start-up fails part-way, whatever was started is closed again before the exception leaves.
     */
    public static GigaSlackApp start(AppConfig config, Clock clock) {
        SecureRandom random = new SecureRandom();
        String owner = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        Metrics metrics = new Metrics();
        // After the test hook's crash nothing leaves the process, as after a real kill.
        AtomicBoolean dead = new AtomicBoolean();
        OkHttpClient http = httpClient(config, metrics, dead);
        // What is running so far, closed in reverse order if start-up fails.
        Deque<Runnable> started = new ArrayDeque<>();
        started.push(() -> closeHttp(http));
        try {
            boolean distributed = config.distribution().enabled();
            SlackWebGateway slack = new SlackWebGateway(config.slack().apiUrl(),
                    distributed ? null : config.slack().botToken().reveal(), http);
            if (!distributed) {
                // Distributed mode has no token of its own: each workspace's is checked by Bolt on its requests.
                SlackTokens.checkBotToken(slack);
            }

            Database database = Database.open(config.database().url(), config.database().user(),
                    config.database().passwordText());
            started.push(database::close);
            SecretBox secrets = secretBox(config.distribution(), random);
            Distribution distribution = distributed
                    ? distribution(config, database, secrets, http, clock, random) : null;
            SlackTeams slackTeams = new SlackTeams(database.jdbc());
            Tenancy tenancy = distributed
                    ? Tenancy.distributed(slackTeams, distribution, new SlackInstallations(database.jdbc(), secrets),
                            new GigaKeys(database.jdbc(), secrets), new WorkspaceSecrets(database.jdbc()), clock)
                    : Tenancy.single(slackTeams, config.giga().apiKey().reveal(), clock);
            // Each workspace's Slack calls go out with its own bot token.
            SlackWorkspaces workspaces = tenancy.slack(slack);
            RunRepository runs = new RunRepository(database.jdbc());
            JobQueue queue = new JobQueue(database.jdbc());
            JobWriter jobs = new JobWriter(queue, clock);
            SlackEventLog events = new SlackEventLog(database.jdbc());
            AuditLog audit = new AuditLog(database.jdbc());
            registerGauges(metrics, runs, queue, clock);

            int reserve = backgroundReserve(config.giga().requestsPerMinute());
            // Each Giga key's requests a minute, one budget for all replicas (kept in the database).
            SharedRequestBudgets shared = new SharedRequestBudgets(database.jdbc(),
                    config.giga().requestsPerMinute(), reserve, clock, Sleeper.system());
            Function<String, RequestBudget> budgets = shared::forKey;
            GigaAccounts giga = gigaAccounts(config, tenancy, budgets, http, clock, random);

            Workers workers = new Workers();
            DesktopSettings desktop = config.desktop().settings();
            // Each workspace's settings: the environment's, with what its admins changed in Slack in their place.
            TeamSettingsStore teamSettingsStore = new TeamSettingsStore(database.jdbc());
            StoredTeamSettings teams = new StoredTeamSettings(teamSettingsStore, config.workspaceDefaults(), clock);
            RunUpdater updater = RunUpdater.perWorkspace(database.jdbc(), runs, jobs, clock, teams, workers::nudge);
            Supplier<byte[]> desktopKey = desktopKey(new AppKeys(database.jdbc()), clock);
            ProgressRepository progressRows = new ProgressRepository(database.jdbc());
            ProgressReader progress = config.agent().liveProgress()
                    ? new ProgressReader(database.jdbc(), progressRows, jobs, clock, workers::nudge) : ProgressReader.OFF;
            Reconciler reconciler = new Reconciler(giga, runs, updater, database.jdbc(), clock,
                    sessionReadsPerCycle(config.giga().pollInterval(), config.giga().requestsPerMinute(), reserve),
                    DEPLOYMENT_READS_PER_CYCLE, jobs, config.giga().pollInterval(), progress);
            BalanceStore balances = new BalanceStore(database.jdbc());
            BalanceWatch balanceWatch = new BalanceWatch(giga, balances, database.jdbc(), jobs, clock,
                    // An account is its workspace's in distributed mode: the admins its workspace set in Slack.
                    // In single-workspace mode the account "giga" has no settings of its own: the environment's.
                    config.giga().lowBalanceCredits(), account -> teams.of(account).access().adminUsers());
            // Files people give agents: read from Slack with the bot token, uploaded to Giga before the agent starts.
            InputFileJobs inputFiles = new InputFileJobs(database.jdbc(), runs, updater, queue,
                    new SlackFiles(workspaces), clock, team -> teams.of(team).limits().maxInputFileBytes(),
                    Path.of(System.getProperty("java.io.tmpdir")));
            GigaJobs gigaJobs = new GigaJobs(giga, runs, updater, database.jdbc(), clock, random,
                    config.server().publicUrl(), team -> teams.of(team).limits(), reconciler, balanceWatch, inputFiles,
                    new WorkspaceLeaving(runs, updater, giga::forTeam, tenancy::forgetGigaKey));
            RenderContexts contexts = new RenderContexts(teams, desktop, clock);
            SlackRelay relay = new SlackRelay(workspaces, runs, updater, queue, database.jdbc(),
                    team -> giga.forTeam(team).map(GigaClient::background), clock, contexts::of,
                    team -> teams.of(team).limits().maxFileBytes(), workers::nudge, config.slack().timeout(),
                    config.agent().liveProgress() ? new ProgressStream(workspaces, progressRows, clock) : null);
            SlackDirectory directory = new SlackDirectory(workspaces, clock);
            RunService service = new RunService(new RunService.Parts(database.jdbc(), runs, jobs, updater, audit,
                    directory, clock, RunService.perThreadSecureRandom(), workers::nudge),
                    teams, desktop, new DesktopLinks(desktop, desktopKey, clock),
                    tenancy.connections(new GigaKeyCheck(config.giga().apiUrl(), http, budgets, clock, random), audit,
                            directory));
            WorkspaceDeparture departure = new WorkspaceDeparture(database.jdbc(), slackTeams,
                    new WorkspaceData(database.jdbc()), jobs, audit, tenancy.slackSecrets(), clock, workers::nudge);
            UsageService usage = new UsageService(database.jdbc(), runs, balances, giga::accountIdOf, jobs, teams,
                    directory, clock, config.giga().lowBalanceCredits(), workers::nudge);
            SettingsService settings = new SettingsService(database.jdbc(), teamSettingsStore, teams, audit,
                    directory, clock);

            // Before the workers: in Socket Mode a refused app-level token or an unreachable Slack stops start-up.
            SlackFrontEnd frontEnd = startFrontEnd(config, service, usage, settings, slack, workspaces, departure,
                    events, clock, metrics, distribution);
            started.push(frontEnd::close);

            workers.slack = new Worker(RunJob.Queue.SLACK.stored(), queue,
                    TypedJobHandler.forEngine(RunJob.SlackJob.class, relay), clock, random, owner,
                    SLACK_WORKER.withLease(config.server().jobLease())).start();
            started.push(workers.slack::close);
            workers.giga = new Worker(RunJob.Queue.GIGA.stored(), queue,
                    TypedJobHandler.forEngine(RunJob.GigaJob.class, gigaJobs), clock, random, owner,
                    GIGA_WORKER.withLease(config.server().jobLease())).start();
            started.push(workers.giga::close);
            workers.desktop = new Worker(RunJob.Queue.DESKTOP.stored(), queue,
                    TypedJobHandler.forEngine(RunJob.DesktopJob.class, new ScreenshotJobs(workspaces, runs, queue,
                            new VncCamera(), clock, config.slack().timeout())), clock, random, owner,
                    DESKTOP_WORKER.withLease(config.server().jobLease())).start();
            started.push(workers.desktop::close);
            reconciler.ensureScheduled();
            balanceWatch.ensureScheduled();
            ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "maintenance");
                t.setDaemon(true);
                return t;
            });
            started.push(maintenance::shutdownNow);
            maintenance.scheduleWithFixedDelay(() -> maintain(reconciler, balanceWatch, queue, events, departure,
                            Duration.ofDays(config.distribution().retentionDays()), clock),
                    MAINTENANCE_EVERY.toMinutes(), MAINTENANCE_EVERY.toMinutes(), TimeUnit.MINUTES);

            Map<String, Route> routes = new LinkedHashMap<>();
            routes.put("GET /healthz", call -> call.respond(200, "text/plain; charset=utf-8", "ok\n"));
            Readiness readiness = new Readiness(database, distributed ? null : slack, clock);
            routes.put("GET /readyz", call -> {
                Readiness.Report r = readiness.check();
                call.respond(r.ready() ? 200 : 503, "text/plain; charset=utf-8", r.text());
            });
            routes.put("GET /metrics", call -> call.respond(200, metrics.contentType(), metrics.scrape()));
            routes.put("POST " + CallbackEndpoint.PREFIX + "*",
                    new CallbackEndpoint(runs, service, metrics::callbackReceived));
            frontEnd.eventsRoute().ifPresent(route -> routes.put("POST /slack/events", route));
            if (distribution != null) {
                routes.putAll(distribution.routes());
            }
            if (desktop.builtInViewer()) {
                NoVnc noVnc = config.desktop().noVncDir() != null
                        ? NoVnc.local(config.desktop().noVncDir(), config.server().publicUrl())
                        : NoVnc.pinned(config.desktop().noVncUrl());
                ViewerEndpoint viewer = new ViewerEndpoint(runs, desktopKey, noVnc, clock);
                routes.put("GET " + ViewerEndpoint.PREFIX + "*", viewer);
                routes.put("POST " + ViewerEndpoint.PREFIX + "*", viewer);
                if (noVnc.localDir() != null) {
                    routes.put("GET " + NoVnc.LOCAL_PATH + "*", new NoVncFiles(noVnc));
                }
            }
            JettyServer server = JettyServer.start("0.0.0.0", config.server().port(), routes,
                    HTTP_STOP_TIMEOUT.toMillis());

            log.info("giga-slack started on port {} ({}), database {}", server.port(),
                    config.slack().socketMode() ? "Socket Mode" : "HTTP mode", database.dialect());
            return new GigaSlackApp(database, server, frontEnd, workers, maintenance, http, reconciler, dead);
        } catch (RuntimeException e) {
            while (!started.isEmpty()) {
                try {
                    started.pop().run();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    /**
     * The Slack front-end; in Socket Mode it is connected when this returns. Slack refusing the app-level token is a
     * {@link StartupException} naming {@code SLACK_APP_TOKEN} and the fix.
     */
    private static SlackFrontEnd startFrontEnd(AppConfig config, RunService service, UsageService usage,
            SettingsService settings, SlackWebGateway slack, SlackWorkspaces workspaces, WorkspaceDeparture departure,
            SlackEventLog events, Clock clock, Metrics metrics, Distribution distribution) {
        try {
            return SlackFrontEnd.start(new SlackFrontEnd.Options(
                            distribution != null ? null : config.slack().botToken().reveal(),
                            config.slack().signingSecret() == null ? null : config.slack().signingSecret().reveal(),
                            config.slack().socketMode() ? config.slack().appToken().reveal() : null,
                            config.slack().timeout(), distribution),
                    service, usage, settings, slack, workspaces, departure, deliveryLog(events, clock), clock,
                    metrics::ackLatency,
                    new ThreadMessageListener.Talk(config.agent().threadFollowUps(), config.agent().asidePrefix()));
        } catch (SocketModeException e) {
            if (e.refusedError().isPresent()) {
                throw new StartupException(SlackTokens.REFUSED_EXIT_CODE,
                        SlackTokens.appTokenRefused(e.refusedError().get()));
            }
            throw e;
        }
    }

    /**
     * The box sealing the secrets kept in the database: with {@code GIGA_SLACK_ENCRYPTION_KEY} (and, during a key
     * rotation, the old key for reading), or none in single-workspace mode without a key.
     */
    static SecretBox secretBox(DistributionSection d, SecureRandom random) {
        if (d.encryptionKey() == null) {
            return SecretBox.unavailable("GIGA_SLACK_ENCRYPTION_KEY is not set: nothing secret can be stored");
        }
        return SecretBox.of(SecretBox.decodeKey(d.encryptionKey().reveal()),
                d.oldEncryptionKey() == null ? null : SecretBox.decodeKey(d.oldEncryptionKey().reveal()), random);
    }

    /** Distributed mode: the OAuth install flow, the installations in the database, each workspace's bot token. */
    private static Distribution distribution(AppConfig config, Database database, SecretBox secrets,
            OkHttpClient http, Clock clock, SecureRandom random) {
        DistributionSection d = config.distribution();
        Map<String, Integer> foreign = Reencryption.foreignKeys(database.jdbc(), secrets);
        if (!foreign.isEmpty()) {
            log.warn("{} stored secret(s) are encrypted with keys this process was not given (key ids {}; it has {}):"
                    + " their workspaces cannot be served until GIGA_SLACK_OLD_ENCRYPTION_KEY is set to that key",
                    foreign.values().stream().mapToInt(Integer::intValue).sum(), foreign.keySet(), secrets);
        }
        return Distribution.create(new Distribution.Settings(d.clientId(), d.clientSecret().reveal(), d.scopes(),
                        d.redirectUrl(), config.slack().apiUrl(), config.slack().timeout()),
                new SlackInstallations(database.jdbc(), secrets), new OAuthStates(database.jdbc()),
                new WorkspaceSecrets(database.jdbc()), http, clock, random);
    }

    /** The workers, set once built; nudging wakes all (a job of one often leads to a job of another). */
    private static final class Workers {
        volatile Worker slack;
        volatile Worker giga;
        volatile Worker desktop;

        void nudge() {
            for (Worker w : all()) {
                w.nudge();
            }
        }

        List<Worker> all() {
            List<Worker> out = new ArrayList<>(3);
            for (Worker w : new Worker[] {slack, giga, desktop}) {
                if (w != null) {
                    out.add(w);
                }
            }
            return out;
        }
    }

    /** The key that signs personal desktop links: read from the database on first use, then kept. */
    private static Supplier<byte[]> desktopKey(AppKeys keys, Clock clock) {
        AtomicReference<byte[]> key = new AtomicReference<>();
        return () -> {
            byte[] k = key.get();
            if (k == null) {
                k = keys.key(AppKeys.DESKTOP_LINKS, clock.instant());
                key.set(k);
            }
            return k.clone();
        };
    }

    /** The one OkHttpClient of the process: the Slack SDK and the Giga client share it (and its pool). */
    private static OkHttpClient httpClient(AppConfig config, Metrics metrics, AtomicBoolean dead) {
        return new OkHttpClient.Builder()
                .addInterceptor(chain -> {
                    if (dead.get()) {
                        throw new IOException("this process is stopped");
                    }
                    return chain.proceed(chain.request());
                })
                .connectTimeout(Duration.ofSeconds(10))
                // Slack calls; the Giga client and file uploads set their own.
                .readTimeout(config.slack().timeout())
                .callTimeout(config.slack().timeout())
                .addInterceptor(metrics.okHttpInterceptor(config.slack().apiUrl(), config.giga().apiUrl()))
                .build();
    }

    /**
     * Each workspace's Giga client: with one workspace the operator's key (and GIGA_CLIENT_ID); distributed, each
     * workspace's connected key, with {@code X-Client-Id} its workspace id. {@code budgets}: each key's requests a
     * minute, shared by every replica.
     */
    private static GigaAccounts gigaAccounts(AppConfig config, Tenancy tenancy, Function<String, RequestBudget> budgets,
            OkHttpClient http, Clock clock, SecureRandom random) {
        return new GigaAccounts(tenancy.gigaKeys(), tenancy.distributed()
                        ? GigaAccounts.perAccountClientId(config.giga().apiUrl())
                        : GigaAccounts.fixedClientId(config.giga().apiUrl(), config.giga().clientId()),
                budgets, http, clock, Sleeper.system(), random);
    }

    private static void registerGauges(Metrics metrics, RunRepository runs, JobQueue queue, Clock clock) {
        metrics.registerOutbox(() -> {
            // Every queue is reported, an empty one as 0, so dashboards see the series from the start.
            Map<String, Long> depths = new TreeMap<>();
            for (RunJob.Queue q : RunJob.Queue.values()) {
                depths.put(q.stored(), 0L);
            }
            depths.putAll(queue.depths());
            return depths;
        }, q -> queue.oldestDueAge(q, clock.instant()));
        metrics.registerActiveRuns(runs::countNeedingTracking);
    }

    private static DeliveryLog deliveryLog(SlackEventLog events, Clock clock) {
        return new DeliveryLog() {
            @Override
            public boolean firstSeen(String key) {
                return events.firstSeen(key, clock.instant());
            }

            @Override
            public void forget(String key) {
                events.forget(key);
            }
        };
    }

    /**
     * Every few minutes: restart the reconcile and balance-check chains if either was ever broken, and purge what is
     * no longer needed so the tables do not grow without end (and what the app kept of a workspace it left, once
     * {@code GIGA_RETENTION_DAYS} have passed).
     */
    private static void maintain(Reconciler reconciler, BalanceWatch balanceWatch, JobQueue jobs,
            SlackEventLog events, WorkspaceDeparture departure, Duration retention, Clock clock) {
        try {
            departure.purgeOlderThan(retention);
            reconciler.ensureScheduled();
            balanceWatch.ensureScheduled();
            jobs.purgeDone(clock.instant().minus(KEEP_DONE_JOBS));
            events.purgeBefore(clock.instant().minus(KEEP_SLACK_EVENT_IDS));
        } catch (RuntimeException e) {
            log.warn("maintenance failed: {}", e.toString());
        }
    }

    /**
     * Permits of a key's per-minute Giga budget kept for user actions: a sixth of it (10 of Giga's 60),
     * so background polling uses the rest.
     */
    static int backgroundReserve(int requestsPerMinute) {
        return requestsPerMinute / 6;
    }

    /**
     * Session reads a reconcile cycle may make: the background share of the key's requests a minute
     * (50 of 60 after the reserve for user actions), less two list requests per cycle, spread over the
     * cycles in a minute (one cycle at a time runs, on one replica or another).
     */
    static int sessionReadsPerCycle(Duration pollInterval, int requestsPerMinute, int reserve) {
        double cyclesPerMinute = 60.0 / Math.max(1, pollInterval.toSeconds());
        int perCycle = (int) Math.floor((requestsPerMinute - reserve) / cyclesPerMinute) - 2;
        return Math.max(1, perCycle);
    }

    public int port() {
        return server.port();
    }

    /** Hooks for tests: production wiring never calls this (the architecture test checks it). */
    public TestHooks testHooks() {
        return new TestHooks();
    }

    /** What tests may do to a running instance that production never does. */
    public final class TestHooks {
        private TestHooks() {}

        /** The reconciler, to run a cycle now instead of waiting for its job. */
        public Reconciler reconciler() {
            return reconciler;
        }

        /**
         * Waits until both workers are idle (nothing running, nothing due), for at most {@code timeout}; true when
         * they were. What a test waits for before asserting that something did not happen.
         */
        public boolean awaitIdle(Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            int quietChecks = 0;
            while (System.nanoTime() < end) {
                // Twice in a row: a job finishing may enqueue the next one just after the first look.
                quietChecks = workers.stream().allMatch(Worker::idle) ? quietChecks + 1 : 0;
                if (quietChecks >= 2) {
                    return true;
                }
                Thread.sleep(20);
            }
            return false;
        }

        /**
         * Stops this instance as if its process had been killed, for tests of replica failure: its workers stop at
         * once and record nothing about the jobs they were running (those keep their leases until they run out, then
         * another replica takes them over), its calls to Slack and Giga in flight are cancelled and refused, nothing
         * more commits to the database, and it stops answering HTTP (requests already received are answered first,
         * new ones refused). Returns the jobs that were in flight. The instance cannot be used afterwards.
         */
        public List<Job> crash() {
            log.warn("giga-slack crashing on purpose (test)");
            // New connections are refused (a load balancer moves on); requests already being read finish.
            server.close();
            // The moment of death: from here on nothing is sent and nothing commits.
            dead.set(true);
            workers.forEach(Worker::crash);
            database.killForTests();
            http.dispatcher().cancelAll();
            List<Job> abandoned = new ArrayList<>();
            workers.forEach(w -> abandoned.addAll(w.reapAfterCrash()));
            maintenance.shutdownNow();
            frontEnd.kill();
            http.dispatcher().executorService().shutdownNow();
            http.connectionPool().evictAll();
            return abandoned;
        }
    }

    /** Graceful shutdown: stop taking requests, finish those in flight, stop workers, close the database. */
    @Override
    public void close() {
        log.info("giga-slack shutting down");
        server.close();
        frontEnd.close();
        maintenance.shutdownNow();
        workers.forEach(Worker::close);
        database.close();
        closeHttp(http);
        log.info("giga-slack stopped");
    }

    /** Lets the HTTP client's threads end: no new calls, idle connections closed. */
    private static void closeHttp(OkHttpClient http) {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "replica";
        }
    }
}

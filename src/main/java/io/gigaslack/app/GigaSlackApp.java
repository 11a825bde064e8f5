package io.gigaslack.app;

import com.slack.api.bolt.App;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import io.gigaslack.giga.GigaClient;
import io.gigaslack.giga.GigaClientConfig;
import io.gigaslack.giga.Sleeper;
import io.gigaslack.giga.TokenBucketBudget;
import io.gigaslack.http.JettyServer;
import io.gigaslack.http.Route;
import io.gigaslack.jobs.CallbackEndpoint;
import io.gigaslack.jobs.GigaTasks;
import io.gigaslack.jobs.JobHandler;
import io.gigaslack.jobs.Queues;
import io.gigaslack.jobs.Reconciler;
import io.gigaslack.jobs.RunRequests;
import io.gigaslack.jobs.RunUpdater;
import io.gigaslack.jobs.SlackRelay;
import io.gigaslack.jobs.Worker;
import io.gigaslack.slack.AdminDirectory;
import io.gigaslack.slack.DeliveryLog;
import io.gigaslack.slack.FrontEndSettings;
import io.gigaslack.slack.SlackEventsEndpoint;
import io.gigaslack.slack.SlackFrontEnd;
import io.gigaslack.slack.SlackSignatureVerifier;
import io.gigaslack.slack.SlackWebGateway;
import io.gigaslack.slack.UserGroupDirectory;
import io.gigaslack.ops.Metrics;
import io.gigaslack.store.AuditLog;
import io.gigaslack.slack.render.RenderContext;
import io.gigaslack.store.Database;
import io.gigaslack.store.Job;
import io.gigaslack.store.JobQueue;
import io.gigaslack.store.RunRepository;
import io.gigaslack.store.SlackEventLog;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running application: wires configuration, database, the Giga and Slack clients, the durable
 * workers, the Bolt listeners and the HTTP server (or Socket Mode), and shuts them down in order.
 */
public final class GigaSlackApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GigaSlackApp.class);

    private final Database database;
    private final JettyServer server;
    private final SocketModeApp socketMode;
    private final Worker slackWorker;
    private final Worker gigaWorker;
    private final ExecutorService viewOpener;
    private ScheduledExecutorService maintenance;
    private final OkHttpClient http;
    private final Reconciler reconciler;
    private final AtomicBoolean dead;

    private GigaSlackApp(Database database, JettyServer server, SocketModeApp socketMode, Worker slackWorker,
            Worker gigaWorker, ExecutorService viewOpener, OkHttpClient http,
            Reconciler reconciler, AtomicBoolean dead) {
        this.dead = dead;
        this.database = database;
        this.server = server;
        this.socketMode = socketMode;
        this.slackWorker = slackWorker;
        this.gigaWorker = gigaWorker;
        this.viewOpener = viewOpener;
        this.http = http;
        this.reconciler = reconciler;
    }

    public static GigaSlackApp start(AppConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static GigaSlackApp start(AppConfig config, Clock clock) {
        SecureRandom random = new SecureRandom();
        String owner = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        Metrics metrics = new Metrics();
        // The one OkHttpClient of the process: the Slack SDK and the Giga client share it (and its pool).
        AtomicBoolean dead = new AtomicBoolean();
        OkHttpClient http = new OkHttpClient.Builder()
                // After crashForTests() nothing leaves the process, as after a real kill.
                .addInterceptor(chain -> {
                    if (dead.get()) {
                        throw new IOException("this process is stopped");
                    }
                    return chain.proceed(chain.request());
                })
                .connectTimeout(Duration.ofSeconds(10))
                // Slack calls; the Giga client and file uploads set their own.
                .readTimeout(config.slackTimeout())
                .callTimeout(config.slackTimeout())
                .addInterceptor(metrics.okHttpInterceptor(config.slackApiUrl(), config.gigaApiUrl()))
                .build();
        Database database = Database.open(config.databaseUrl(), config.databaseUser(),
                config.databasePassword() == null ? "" : config.databasePassword().reveal());
        RunRepository runs = new RunRepository(database.jdbc());
        JobQueue jobs = new JobQueue(database.jdbc());
        SlackEventLog events = new SlackEventLog(database.jdbc());
        AuditLog audit = new AuditLog(database.jdbc());
        metrics.registerOutbox(() -> {
            // Every queue is reported, an empty one as 0, so dashboards see the series from the start.
            Map<String, Long> depths = new java.util.TreeMap<>(Map.of(Queues.SLACK, 0L, Queues.GIGA, 0L));
            depths.putAll(jobs.depths());
            return depths;
        }, queue -> jobs.oldestDueAge(queue, clock.instant()));
        metrics.registerActiveRuns(runs::countNeedingTracking);

        GigaClientConfig gigaConfig = GigaClientConfig.of(config.gigaApiUrl(), config.gigaApiKey().reveal());
        if (!config.gigaClientId().isEmpty()) {
            gigaConfig = gigaConfig.withClientId(config.gigaClientId());
        }
        Sleeper sleeper = Sleeper.system();
        int reserve = backgroundReserve(config.requestsPerMinute());
        GigaClient giga = new GigaClient(gigaConfig, http,
                new TokenBucketBudget(config.requestsPerMinute(), reserve, clock, sleeper), clock, sleeper, random);
        SlackWebGateway slack = new SlackWebGateway(config.slackApiUrl(), config.slackBotToken().reveal(), http);

        Worker[] workers = new Worker[2];
        Runnable nudge = () -> {
            for (Worker w : workers) {
                if (w != null) {
                    w.nudge();
                }
            }
        };
        RunUpdater updater = new RunUpdater(database.jdbc(), runs, jobs, clock, config.autoStop(), nudge);
        GigaTasks tasks = new GigaTasks(giga, runs, updater, database.jdbc(), clock, random, config.publicUrl(),
                config.limits());
        Reconciler reconciler = new Reconciler(giga.background(), runs, updater, tasks, database.jdbc(), clock,
                sessionReadsPerCycle(config.pollInterval(), config.requestsPerMinute(), reserve), 10, jobs,
                config.pollInterval());
        SlackRelay relay = new SlackRelay(slack, runs, updater, jobs, database.jdbc(), giga.background(), clock,
                now -> RenderContext.of(now, config.platforms().values(), config.desktopViewerUrl(), config.autoStop()),
                config.maxFileBytes(), nudge, config.slackTimeout());
        RunRequests requests = new RunRequests(database.jdbc(), runs, jobs, updater, audit, config.limits(), clock,
                RunRequests.perThreadSecureRandom(), nudge);

        workers[0] = new Worker(Queues.SLACK, jobs, relay, clock, random, owner, 4, Duration.ofSeconds(1),
                Worker.DEFAULT_MAX_ATTEMPTS, config.jobLease()).start();
        JobHandler gigaJobs = job -> {
            if (Queues.RECONCILE.equals(job.kind())) {
                reconciler.runScheduled(job);
            } else {
                tasks.handle(job);
            }
        };
        // 16 threads: background Giga calls wait for the rate budget while holding a thread, and user
        // actions (start, stop, extend) must still find a free one.
        workers[1] = new Worker(Queues.GIGA, jobs, gigaJobs, clock, random, owner, 16, Duration.ofSeconds(1),
                Worker.DEFAULT_MAX_ATTEMPTS, config.jobLease()).start();
        reconciler.ensureScheduled();
        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "maintenance");
            t.setDaemon(true);
            return t;
        });
        maintenance.scheduleWithFixedDelay(() -> maintain(reconciler, jobs, events, clock), 5, 5, TimeUnit.MINUTES);

        ExecutorService viewOpener = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "slack-views");
            t.setDaemon(true);
            return t;
        });
        com.slack.api.bolt.AppConfig boltConfig = com.slack.api.bolt.AppConfig.builder()
                .slack(slack.slack())
                .singleTeamBotToken(config.slackBotToken().reveal())
                .signingSecret(config.slackSigningSecret() == null ? null : config.slackSigningSecret().reveal())
                // Our own verifier checks signatures over raw bytes in constant time, before Bolt sees the body.
                .requestVerificationEnabled(false)
                .build();
        App app = new App(boltConfig);
        FrontEndSettings settings = new FrontEndSettings(config.platforms(), config.defaultPlatform(),
                config.defaultHours(), config.defaultGoal(), config.systemPrompt(), config.desktopViewerUrl(),
                config.autoStop(), config.accessRules(), config.limits());
        new SlackFrontEnd(requests, runs, slack, new AdminDirectory(slack, Set.of(), clock),
                new UserGroupDirectory(slack, clock), audit, settings, clock, viewOpener,
                new DeliveryLog() {
                    @Override
                    public boolean firstSeen(String key) {
                        return events.firstSeen(key, clock.instant());
                    }

                    @Override
                    public void forget(String key) {
                        events.forget(key);
                    }
                }).register(app);

        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put("GET /healthz", call -> call.respond(200, "text/plain; charset=utf-8", "ok\n"));
        Readiness readiness = new Readiness(database, slack, clock);
        routes.put("GET /readyz", call -> {
            Readiness.Report r = readiness.check();
            call.respond(r.ready() ? 200 : 503, "text/plain; charset=utf-8", r.text());
        });
        routes.put("GET /metrics", call -> call.respond(200, metrics.contentType(), metrics.scrape()));
        routes.put("POST " + CallbackEndpoint.PREFIX + "*", new CallbackEndpoint(runs, requests, metrics::callbackReceived));
        SocketModeApp socketMode = null;
        if (config.socketMode()) {
            try {
                socketMode = new SocketModeApp(config.slackAppToken().reveal(), app,
                        SocketModeClient.Backend.JavaWebSocket);
                socketMode.startAsync();
            } catch (Exception e) {
                throw new IllegalStateException("Socket Mode could not connect: " + e.getMessage(), e);
            }
        } else {
            routes.put("POST /slack/events", new SlackEventsEndpoint(app,
                    new SlackSignatureVerifier(config.slackSigningSecret().reveal(), clock), metrics::ackLatency));
        }
        JettyServer server = JettyServer.start("0.0.0.0", config.port(), routes, 20_000);

        log.info("giga-slack started on port {} ({}), database {}", server.port(),
                config.socketMode() ? "Socket Mode" : "HTTP mode", database.dialect());
        GigaSlackApp started = new GigaSlackApp(database, server, socketMode, workers[0], workers[1], viewOpener, http,
                reconciler,
                dead);
        started.maintenance = maintenance;
        return started;
    }

    /** Kept for days: finished jobs (for inspection) and Slack delivery ids (Slack retries within minutes). */
    static final Duration KEEP_DONE_JOBS = Duration.ofDays(7);
    static final Duration KEEP_SLACK_EVENT_IDS = Duration.ofDays(2);

    /**
     * Every few minutes: restart the reconcile chain if it was ever broken, and purge what is no
     * longer needed so the tables do not grow without end.
     */
    private static void maintain(Reconciler reconciler, JobQueue jobs, SlackEventLog events, Clock clock) {
        try {
            reconciler.ensureScheduled();
            jobs.purgeDone(clock.instant().minus(KEEP_DONE_JOBS));
            events.purgeBefore(clock.instant().minus(KEEP_SLACK_EVENT_IDS));
        } catch (RuntimeException e) {
            log.warn("maintenance failed: {}", e.toString());
        }
    }

    /**
     * Permits of the per-minute Giga budget kept for user actions: a sixth of it (10 of Giga's 60),
     * so background polling uses the rest.
     */
    static int backgroundReserve(int requestsPerMinute) {
        return requestsPerMinute / 6;
    }

    /**
     * Session reads a reconcile cycle may make: the background share of this replica's requests a
     * minute (50 of 60 after the reserve for user actions), less two list requests per cycle, spread
     * over the cycles in a minute.
     */
    static int sessionReadsPerCycle(Duration pollInterval, int requestsPerMinute, int reserve) {
        double cyclesPerMinute = 60.0 / Math.max(1, pollInterval.toSeconds());
        int perCycle = (int) Math.floor((requestsPerMinute - reserve) / cyclesPerMinute) - 2;
        return Math.max(1, perCycle);
    }


    public int port() {
        return server.port();
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    /**
     * Stops this instance as if its process had been killed, for tests of replica failure: its workers
     * stop at once and record nothing about the jobs they were running (those keep their leases until
     * they run out, then another replica takes them over), its calls to Slack and Giga in flight are
     * cancelled and refused, nothing more commits to the database, and it stops answering HTTP (requests
     * already received are answered first, new ones refused). Returns the jobs
     * that were in flight. The instance cannot be used afterwards.
     */
    public List<Job> crashForTests() {
        log.warn("giga-slack crashing on purpose (test)");
        // New connections are refused (a load balancer moves on); requests already being read finish.
        server.close();
        // The moment of death: from here on nothing is sent and nothing commits.
        dead.set(true);
        slackWorker.crash();
        gigaWorker.crash();
        database.killForTests();
        http.dispatcher().cancelAll();
        List<Job> abandoned = new ArrayList<>(slackWorker.reapAfterCrash());
        abandoned.addAll(gigaWorker.reapAfterCrash());
        viewOpener.shutdownNow();
        if (maintenance != null) {
            maintenance.shutdownNow();
        }
        if (socketMode != null) {
            try {
                socketMode.stop();
            } catch (Exception e) {
                log.warn("Socket Mode did not stop cleanly: {}", e.toString());
            }
        }
        http.dispatcher().executorService().shutdownNow();
        http.connectionPool().evictAll();
        return abandoned;
    }

    /** Graceful shutdown: stop taking requests, finish those in flight, stop workers, close the database. */
    @Override
    public void close() {
        log.info("giga-slack shutting down");
        if (socketMode != null) {
            try {
                socketMode.stop();
            } catch (Exception e) {
                log.warn("Socket Mode did not stop cleanly: {}", e.toString());
            }
        }
        server.close();
        viewOpener.shutdown();
        if (maintenance != null) {
            maintenance.shutdownNow();
        }
        slackWorker.close();
        gigaWorker.close();
        database.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        log.info("giga-slack stopped");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "replica";
        }
    }
}

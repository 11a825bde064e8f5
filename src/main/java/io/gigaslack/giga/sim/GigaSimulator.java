package io.gigaslack.giga.sim;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory Giga API over real HTTP, for local trials and end-to-end tests.
 *
 * <pre>{@code
 * try (GigaSimulator sim = GigaSimulator.builder().clock(clock).agentDuration(Duration.ofSeconds(30)).build().start()) {
 *     // point the client at sim.baseUrl() with sim.apiKey()
 *     clock.advance(Duration.ofSeconds(3));
 *     sim.tick();                      // provisioning -> running, callbacks fired
 * }
 * }</pre>
 *
 * <p>It accepts one API key by default, or several ({@link Builder#apiKeys}), each an account of its own: its
 * deployments, sessions, files, billing and rate limit. Every request is recorded with its arrival time and the key it
 * presented ({@link #apiRequests(String)}), so a test can count a key's requests in any window.
 *
 * <p>Time comes from the injected {@link Clock}; state moves only in {@link #tick()}, which a ticker calls
 * every {@link Builder#DEFAULT_TICK_INTERVAL} when auto-tick is on (the default with the system clock; off
 * by default with an injected clock). Thread-safe.
 */
public final class GigaSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GigaSimulator.class);

    private final Builder config;
    private final Faults faults = new Faults();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final CallbackDispatcher callbacks;
    private final SimAccounts accounts;
    private Server server;
    private ScheduledFuture<?> ticker;
    private volatile String baseUrl;

    private GigaSimulator(Builder b) {
        this.config = b;
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "giga-sim-scheduler-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.callbacks = new CallbackDispatcher(faults, b.clock, b.callbackTimeout, scheduler);
        SimState.Timing timing = new SimState.Timing(b.provisionDelay, b.agentDuration, b.sandboxLifetime,
                b.extendBy, b.maxDurationHours, b.maxConcurrentAgents, b.desktopStream, b.agentSteps);
        SimIds ids = new SimIds();
        this.accounts = new SimAccounts(b.apiKeys,
                key -> new SimState(b.clock, timing, b.random, b.agent, callbacks::send, ids));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the HTTP server (and the ticker when auto-tick is on). */
    public synchronized GigaSimulator start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        QueuedThreadPool pool = new QueuedThreadPool(64, 4);
        pool.setName("giga-sim-http");
        pool.setDaemon(true);
        Server s = new Server(pool);
        ServerConnector connector = new ServerConnector(s);
        connector.setHost(config.host);
        connector.setPort(config.port);
        s.addConnector(connector);
        RateLimiter limiter = new RateLimiter(config.rateLimitPerMinute, config.clock);
        String provisional = "http://" + config.host + ":" + config.port;
        Map<String, ApiRoutes> routes = new LinkedHashMap<>();
        for (String key : accounts.keys()) {
            routes.put(key, new ApiRoutes(accounts.forKey(key).orElseThrow(), accounts));
        }
        s.setHandler(new SimHttpHandler(routes, faults, limiter, config.clock, scheduler, requests::add,
                provisional));
        try {
            s.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the Giga simulator on port " + config.port, e);
        }
        server = s;
        baseUrl = "http://" + config.host + ":" + connector.getLocalPort();
        if (config.autoTick()) {
            ticker = scheduler.scheduleWithFixedDelay(this::safeTick, config.tickInterval.toMillis(),
                    config.tickInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
        LOG.info("Giga simulator listening on {}", baseUrl);
        return this;
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                LOG.warn("stopping the Giga simulator", e);
            }
            server = null;
        }
        callbacks.close();
        scheduler.shutdownNow();
    }

    /** E.g. {@code http://127.0.0.1:4010}; paths start with {@code /api/}. */
    public String baseUrl() {
        if (baseUrl == null) {
            throw new IllegalStateException("not started");
        }
        return baseUrl;
    }

    public int port() {
        return Integer.parseInt(baseUrl().substring(baseUrl().lastIndexOf(':') + 1));
    }

    /** The default key (the first one given, or {@link Builder#DEFAULT_API_KEY}). */
    public String apiKey() {
        return accounts.defaultKey();
    }

    /** Every accepted key, the default first; each is an account of its own. */
    public List<String> apiKeys() {
        return accounts.keys();
    }

    public Clock clock() {
        return config.clock;
    }

    /** Applies every lifecycle transition due at the clock's now, in every account, and queues their callbacks. */
    public int tick() {
        int applied = 0;
        for (SimState account : accounts.all()) {
            applied += account.tick();
        }
        return applied;
    }

    public Faults faults() {
        return faults;
    }

    /**
     * Sets the default key's balance as {@code GET /api/billing} reports it (the total is the sum of the two).
     */
    public void balance(BigDecimal planCreditsRemaining, BigDecimal prepaidBalance) {
        balance(apiKey(), planCreditsRemaining, prepaidBalance);
    }

    /** Sets the balance of {@code apiKey}'s account. */
    public void balance(String apiKey, BigDecimal planCreditsRemaining, BigDecimal prepaidBalance) {
        account(apiKey).billing().set(Objects.requireNonNull(planCreditsRemaining),
                Objects.requireNonNull(prepaidBalance));
    }

    /** Replaces the simulated agent (of every account) for runs that finish from now on. */
    public void agent(Agent agent) {
        Objects.requireNonNull(agent);
        accounts.all().forEach(a -> a.agent(agent));
    }

    // ---- observability -----------------------------------------------------------------------------

    /** Every request received, oldest first (including faulted and unauthorized ones). */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Requests with this method and exact path. */
    public List<RecordedRequest> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equalsIgnoreCase(method) && r.path().equals(path)).toList();
    }

    /** How many requests had this method and exact path, e.g. {@code count("POST", "/api/deployments/start")}. */
    public int count(String method, String path) {
        return requests(method, path).size();
    }

    /** How many requests had this method ({@code "*"} = any) and a path matching the whole regex. */
    public int countMatching(String method, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex);
        return (int) requests.stream()
                .filter(r -> ("*".equals(method) || r.method().equalsIgnoreCase(method))
                        && p.matcher(r.path()).matches())
                .count();
    }

    /**
     * The API requests (not the blob and upload URLs) that presented {@code apiKey}, accepted or not (401s and 429s
     * too), oldest first: what Giga's limit of requests a minute per key counts, each with its arrival time.
     */
    public List<RecordedRequest> apiRequests(String apiKey) {
        return requests.stream().filter(r -> r.isApi() && apiKey.equals(r.apiKey())).toList();
    }

    public void clearRequests() {
        requests.clear();
    }

    /** A deployment of any account. */
    public Optional<DeploymentSnapshot> deployment(String id) {
        return accounts.holding(id).flatMap(a -> {
            synchronized (a) {
                return a.findDeployment(id).map(d -> snapshot(a, d));
            }
        });
    }

    /** The newest deployment with this exact name, in any account. */
    public Optional<DeploymentSnapshot> deploymentByName(String name) {
        return deployments().stream().filter(d -> d.name().equals(name)).reduce((a, b) -> b);
    }

    /** Every account's deployments, oldest first. */
    public List<DeploymentSnapshot> deployments() {
        List<DeploymentSnapshot> all = new ArrayList<>();
        for (String key : accounts.keys()) {
            all.addAll(deployments(key));
        }
        all.sort(Comparator.comparingLong(d -> Long.parseLong(d.id().substring(4))));
        return all;
    }

    /** The deployments of {@code apiKey}'s account, oldest first. */
    public List<DeploymentSnapshot> deployments(String apiKey) {
        SimState a = account(apiKey);
        synchronized (a) {
            return a.allDeployments().stream().map(d -> snapshot(a, d)).toList();
        }
    }

    /** Puts a file on a deployment's sandbox Desktop, as if the agent had written it. */
    public void putDesktopFile(String deploymentId, String fileName, byte[] content) {
        SimState a = accounts.holding(deploymentId)
                .orElseThrow(() -> ApiException.notFound("Deployment " + deploymentId));
        synchronized (a) {
            a.deployment(deploymentId).desktop.put(fileName, content.clone());
        }
    }

    /** The bytes of a file on a deployment's sandbox Desktop, if it is there (for tests that compare them). */
    public Optional<byte[]> desktopFile(String deploymentId, String fileName) {
        return accounts.holding(deploymentId).flatMap(a -> {
            synchronized (a) {
                return a.findDeployment(deploymentId).map(d -> d.desktop.get(fileName)).map(byte[]::clone);
            }
        });
    }

    private SimState account(String apiKey) {
        return accounts.forKey(apiKey).orElseThrow(() -> new IllegalArgumentException("not a key of this simulator"));
    }

    /** Every callback attempt so far, including dropped ones, in the order they ended. */
    public List<CallbackDelivery> callbackDeliveries() {
        return callbacks.deliveries();
    }

    /** Waits until at least {@code n} callback attempts are recorded; returns them all. */
    public List<CallbackDelivery> awaitCallbackDeliveries(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (callbacks.deliveries().size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " callback deliveries within " + timeout + ", got "
                        + callbacks.deliveries());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return callbacks.deliveries();
    }

    /** Sends a callback held back by {@link Faults#holdBackCallback(String)} now. */
    public void releaseHeldCallback() {
        callbacks.releaseHeld();
    }

    private static DeploymentSnapshot snapshot(SimState state, SimDeployment d) {
        SimThread t = d.threadId == null ? null : state.thread(d.threadId);
        List<String> runStatuses = t == null ? List.of() : t.runs.stream().map(r -> r.status).toList();
        return new DeploymentSnapshot(d.id, d.name, d.status, d.platform, d.durationHours, d.aiEnabled,
                d.callbackUrl, d.sandboxId, d.threadId, d.createdAt, d.readyAt, d.expiresAt, d.terminateAt,
                List.copyOf(d.desktop.keySet()), d.files.stream().map(f -> f.fileName).toList(), runStatuses);
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("giga-sim tick failed", e);
        }
    }

    /** Settings; every one has a default. */
    public static final class Builder {
        public static final String DEFAULT_API_KEY = "giga_sk_" + "0".repeat(32);
        public static final Duration DEFAULT_PROVISION_DELAY = Duration.ofSeconds(3);
        public static final Duration DEFAULT_AGENT_DURATION = Duration.ofSeconds(20);
        public static final Duration DEFAULT_SANDBOX_LIFETIME = Duration.ofMinutes(15);
        public static final Duration DEFAULT_EXTEND_BY = Duration.ofMinutes(15);
        public static final Duration DEFAULT_CALLBACK_TIMEOUT = Duration.ofSeconds(2);
        public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofMillis(50);
        public static final int DOCUMENTED_RATE_LIMIT_PER_MINUTE = 60;
        /** Steps each agent run shows in its session while it works. */
        public static final int DEFAULT_AGENT_STEPS = 3;
        /** The most steps a run may be given (a long plan, for tests of many steps). */
        public static final int MAX_AGENT_STEPS = 100;

        private List<String> apiKeys = List.of(DEFAULT_API_KEY);
        private String host = "127.0.0.1";
        private int port;
        private Clock clock = Clock.systemUTC();
        private boolean clockInjected;
        private Boolean autoTick;
        private Duration tickInterval = DEFAULT_TICK_INTERVAL;
        private Duration provisionDelay = DEFAULT_PROVISION_DELAY;
        private Duration agentDuration = DEFAULT_AGENT_DURATION;
        private Duration sandboxLifetime = DEFAULT_SANDBOX_LIFETIME;
        private Duration extendBy = DEFAULT_EXTEND_BY;
        private Duration callbackTimeout = DEFAULT_CALLBACK_TIMEOUT;
        private int maxDurationHours = 24;
        private int maxConcurrentAgents = Integer.MAX_VALUE;
        private String desktopStream;
        private int agentSteps = DEFAULT_AGENT_STEPS;
        private int rateLimitPerMinute;
        private Agent agent = new DefaultAgent();
        private Random random = new Random();

        private Builder() {
        }

        /** The one accepted key (default {@link #DEFAULT_API_KEY}). */
        public Builder apiKey(String key) {
            return apiKeys(List.of(key));
        }

        /**
         * The accepted keys, each an account of its own (deployments, sessions, files, billing, rate limit): a key
         * sees and touches only its own, another key's ids answer 404. The first is {@link GigaSimulator#apiKey()}.
         */
        public Builder apiKeys(List<String> keys) {
            List<String> copy = List.copyOf(keys);
            if (copy.isEmpty() || new java.util.HashSet<>(copy).size() != copy.size()) {
                throw new IllegalArgumentException("apiKeys must be one or more different keys");
            }
            this.apiKeys = copy;
            return this;
        }

        /** Interface to bind (default 127.0.0.1; "0.0.0.0" for all). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** Port, 0 (the default) for a random free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Time source (tests pass a clock they move by hand); turns auto-tick off unless set explicitly. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            this.clockInjected = true;
            return this;
        }

        /** Whether an internal ticker calls {@link GigaSimulator#tick()} every ~50 ms. */
        public Builder autoTick(boolean on) {
            this.autoTick = on;
            return this;
        }

        public Builder tickInterval(Duration interval) {
            this.tickInterval = positive(interval, "tickInterval");
            return this;
        }

        /** How long a deployment stays {@code provisioning} (default 3 s). */
        public Builder provisionDelay(Duration d) {
            this.provisionDelay = notNegative(d, "provisionDelay");
            return this;
        }

        /** How long a run takes once the desktop is ready (default 20 s). */
        public Builder agentDuration(Duration d) {
            this.agentDuration = notNegative(d, "agentDuration");
            return this;
        }

        /**
         * How many steps each agent run shows in its session ({@code thread.steps[]}) while it works, spread evenly
         * over {@link #agentDuration}: 0 to {@value #MAX_AGENT_STEPS}, default {@value #DEFAULT_AGENT_STEPS}; 0 shows
         * none, as a session without progress would.
         */
        public Builder agentSteps(int n) {
            if (n < 0 || n > MAX_AGENT_STEPS) {
                throw new IllegalArgumentException("agentSteps must be between 0 and " + MAX_AGENT_STEPS + ": " + n);
            }
            this.agentSteps = n;
            return this;
        }

        /** Sandbox lifetime from ready (default 15 min). */
        public Builder sandboxLifetime(Duration d) {
            this.sandboxLifetime = positive(d, "sandboxLifetime");
            return this;
        }

        /** Added by each {@code /api/sandbox/extend} (default 15 min). */
        public Builder extendBy(Duration d) {
            this.extendBy = positive(d, "extendBy");
            return this;
        }

        /** Timeout of one callback POST (default 2 s). */
        public Builder callbackTimeout(Duration d) {
            this.callbackTimeout = positive(d, "callbackTimeout");
            return this;
        }

        /** The plan's cap on {@code duration}; above it 403 PLAN_LIMIT_EXCEEDED (default 24). */
        public Builder maxDurationHours(int hours) {
            this.maxDurationHours = hours;
            return this;
        }

        /** The plan's concurrent-agent cap; above it 429 CONCURRENCY_LIMIT_EXCEEDED (default unlimited). */
        public Builder maxConcurrentAgents(int n) {
            this.maxConcurrentAgents = n;
            return this;
        }

        /**
         * Enforces the documented 60 requests/minute per key with real 429 RATE_LIMITED (default off), each key in a
         * sliding minute of its own.
         */
        public Builder enforceRateLimit(boolean on) {
            this.rateLimitPerMinute = on ? DOCUMENTED_RATE_LIMIT_PER_MINUTE : 0;
            return this;
        }

        /** Enforces another per-minute limit; 0 turns it off. */
        public Builder rateLimitPerMinute(int n) {
            this.rateLimitPerMinute = n;
            return this;
        }

        /** The simulated agent (default {@link DefaultAgent}). */
        /**
         * Points every sandbox's {@code vncUrl} at a real desktop's VNC WebSocket (e.g. {@code ws://127.0.0.1:6080}
         * from websockify in front of a VNC server), so the viewer and screenshots can be tried for real.
         */
        public Builder desktopStream(String wsUrl) {
            this.desktopStream = wsUrl;
            return this;
        }

        public Builder agent(Agent agent) {
            this.agent = Objects.requireNonNull(agent);
            return this;
        }

        /** Source of ids and tokens; pass a seeded one for repeatable ids. */
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random);
            return this;
        }

        public GigaSimulator build() {
            return new GigaSimulator(this);
        }

        boolean autoTick() {
            return autoTick != null ? autoTick : !clockInjected;
        }

        private static Duration positive(Duration d, String name) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }

        private static Duration notNegative(Duration d, String name) {
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return d;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "GigaSimulator[%s, now=%s]", baseUrl, Instant.now(config.clock));
    }
}

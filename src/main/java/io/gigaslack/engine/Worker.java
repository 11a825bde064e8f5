package io.gigaslack.engine;

import io.gigaslack.store.Job;
import io.gigaslack.store.JobQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Threads that claim jobs of one queue from the database and run them. A job is leased, so a
 * replica that dies mid-job leaves it to another after the lease; while this worker lives it renews
 * the leases of the jobs it is running (every third of the lease), so a slow job is never taken
 * over by another replica. Failures are retried with exponential backoff and jitter until
 * {@code maxAttempts}, then given up (logged, and the run's later jobs proceed).
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);
    public static final Duration BASE_BACKOFF = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_ATTEMPTS = 12;

    private final String queue;
    private final JobQueue jobs;
    private final JobHandler handler;
    private final Clock clock;
    private final RandomGenerator random;
    private final String owner;
    private final Duration idleWait;
    private final int maxAttempts;
    /** How long {@link #close()} lets the jobs in progress finish, all threads together. */
    public static final Duration CLOSE_GRACE = Duration.ofSeconds(10);
    /** How long close waits for interrupted threads to end. */
    static final Duration AFTER_INTERRUPT = Duration.ofSeconds(2);

    private final Duration lease;
    private final List<Thread> threads = new ArrayList<>();
    private final Object wakeUp = new Object();
    /** The jobs this worker's threads are running now, by id; their leases are renewed. */
    private final Map<Long, Job> inFlight = new ConcurrentHashMap<>();
    private final Thread renewer;
    private final Set<Job> abandoned = ConcurrentHashMap.newKeySet();
    /** Threads between looking for a job and recording its outcome: none means this worker is not working. */
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean running = true;
    /** Set by {@link #crash()}: jobs in flight are left as they are, leased, as a dead process would leave them. */
    private volatile boolean crashed;

    /**
     * How a worker runs.
     *
     * @param threads how many jobs of the queue it runs at once
     * @param idleWait how long an idle thread waits before looking for due jobs again (a nudge wakes it sooner)
     * @param maxAttempts attempts (failures and take-overs) after which a job is given up
     * @param lease how long a claim lasts without renewal; another replica may take the job over after it
     */
    public record Options(int threads, Duration idleWait, int maxAttempts, Duration lease) {
        public Options {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1: " + threads);
            }
            if (lease.isNegative() || lease.toMillis() < 300) {
                throw new IllegalArgumentException("lease must be at least 300 ms: " + lease);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
            }
            if (idleWait.toMillis() < 1) {
                // Object.wait(0) would wait for a nudge forever instead of polling.
                throw new IllegalArgumentException("idleWait must be at least 1 ms: " + idleWait);
            }
        }

        /** {@code threads} threads, polling every second, {@link #DEFAULT_MAX_ATTEMPTS}, {@link #DEFAULT_LEASE}. */
        public static Options threads(int threads) {
            return new Options(threads, Duration.ofSeconds(1), DEFAULT_MAX_ATTEMPTS, DEFAULT_LEASE);
        }

        public Options withLease(Duration lease) {
            return new Options(threads, idleWait, maxAttempts, lease);
        }

        public Options withIdleWait(Duration idleWait) {
            return new Options(threads, idleWait, maxAttempts, lease);
        }

        public Options withMaxAttempts(int maxAttempts) {
            return new Options(threads, idleWait, maxAttempts, lease);
        }
    }

    /**
     * @param owner this replica's name, recorded as the holder of the leases it takes
     * @param random the jitter of the retry backoff
     */
    public Worker(String queue, JobQueue jobs, JobHandler handler, Clock clock, RandomGenerator random, String owner,
            Options options) {
        this.lease = options.lease();
        this.queue = queue;
        this.jobs = jobs;
        this.handler = handler;
        this.clock = clock;
        this.random = random;
        this.owner = owner;
        this.idleWait = options.idleWait();
        this.maxAttempts = options.maxAttempts();
        for (int i = 0; i < options.threads(); i++) {
            Thread t = new Thread(this::loop, queue + "-worker-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        renewer = new Thread(this::renewLeases, queue + "-lease-renewer");
        renewer.setDaemon(true);
    }

    public Worker start() {
        threads.forEach(Thread::start);
        renewer.start();
        return this;
    }

    public Duration lease() {
        return lease;
    }

    /**
     * Asks one idle thread to look for work now (called after enqueuing, to cut latency). One is
     * enough: a thread that finds work claims it, and the others still poll on their own.
     */
    public void nudge() {
        synchronized (wakeUp) {
            wakeUp.notify();
        }
    }

    /** Runs every due job now on the calling thread; for tests and the benchmark. Returns how many ran. */
    public int drain() {
        int n = 0;
        while (runOne()) {
            n++;
        }
        return n;
    }

    private void loop() {
        while (running) {
            boolean didWork;
            try {
                didWork = runOne();
            } catch (RuntimeException e) {
                log.warn("{} worker could not claim a job: {}", queue, e.toString());
                didWork = false;
            }
            if (!didWork && running) {
                synchronized (wakeUp) {
                    try {
                        wakeUp.wait(idleWait.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    boolean runOne() {
        busy.incrementAndGet();
        try {
            return claimAndRun();
        } finally {
            busy.decrementAndGet();
        }
    }

    /**
     * Whether this worker is doing nothing and its queue holds no job it could claim now: what a test waits for before
     * it asserts that something did not happen (instead of sleeping and hoping the work was done).
     */
    public boolean idle() {
        return busy.get() == 0 && !jobs.hasClaimable(queue, clock.instant()) && busy.get() == 0;
    }

    private boolean claimAndRun() {
        if (crashed) {
            return false;
        }
        Optional<Job> claimed = jobs.claimNext(queue, owner, lease, clock.instant());
        if (claimed.isEmpty()) {
            return false;
        }
        Job job = claimed.get();
        inFlight.put(job.id(), job);
        if (job.runId() != null) {
            MDC.put("run", job.runId());
        }
        MDC.put("job", job.kind() + "#" + job.id());
        try {
            Exception failure = null;
            if (job.attempts() >= maxAttempts) {
                // Taken over too often (its replicas kept dying with it): stop, rather than loop forever.
                failure = new GiveUp("abandoned after " + job.attempts() + " attempts: " + job.lastError());
            } else {
                try {
                    handler.handle(job);
                } catch (Exception e) {
                    failure = e;
                } catch (OutOfMemoryError | InternalError | UnknownError e) {
                    throw e; // the JVM itself is in trouble: nothing this worker records can be trusted
                } catch (Error e) {
                    // e.g. StackOverflowError in one job: record it like any failure and keep the thread alive
                    failure = new RuntimeException(e.toString(), e);
                }
            }
            if (crashed) {
                abandoned.add(job);
                return true; // a dead process records nothing: the lease runs out and another replica redoes the job
            }
            record(job, failure);
        } finally {
            inFlight.remove(job.id());
            MDC.remove("run");
            MDC.remove("job");
        }
        return true;
    }

    private void record(Job job, Exception failure) {
        if (failure == null) {
            if (!jobs.complete(job, owner)) {
                lostToAnother(job, "completion");
            }
        } else if (failure instanceof GiveUp) {
            log.warn("{} job {} given up: {}", queue, job.kind(), failure.getMessage());
            if (jobs.fail(job, owner, failure.getMessage())) {
                notifyGivenUp(job, failure.getMessage());
            }
        } else if (failure instanceof Postpone p) {
            log.info("{} job {} waits until {}: {}", queue, job.kind(), p.until(), p.getMessage());
            if (!jobs.postpone(job, owner, p.until())) {
                lostToAnother(job, "postponement");
            }
        } else if (failure instanceof RetryLater r) {
            retry(job, r.getMessage(), r.after());
        } else {
            retry(job, failure.toString(), null);
        }
    }

    /** Renews the leases of the jobs in flight every third of the lease, until the worker stops. */
    private void renewLeases() {
        long every = Math.max(100, lease.toMillis() / 3);
        while (!crashed && !Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            if (crashed) {
                return;
            }
            for (Job job : inFlight.values()) {
                try {
                    if (!jobs.extendLease(job, owner, lease, clock.instant()) && inFlight.containsKey(job.id())
                            && !jobs.isDone(job.id()).orElse(true)) {
                        log.warn("{} job {} lost its lease to another replica", queue, job.kind());
                    }
                } catch (RuntimeException e) {
                    log.warn("{} worker could not renew the lease of job {}: {}", queue, job.id(), e.toString());
                }
            }
        }
    }

    private void notifyGivenUp(Job job, String reason) {
        try {
            handler.givenUp(job, reason);
        } catch (RuntimeException e) {
            log.error("{} job {}: could not record that it was given up: {}", queue, job.kind(), e.toString());
        }
    }

    private void retry(Job job, String error, Duration requested) {
        int attempt = job.attempts() + 1;
        if (attempt >= maxAttempts) {
            log.error("{} job {} failed {} times, giving up: {}", queue, job.kind(), attempt, error);
            if (jobs.fail(job, owner, error)) { // not when another replica holds the job now
                notifyGivenUp(job, error);
            }
            return;
        }
        Duration wait = requested != null ? requested : backoff(attempt);
        log.info("{} job {} will retry in {} ms (attempt {}): {}", queue, job.kind(), wait.toMillis(), attempt, error);
        if (!jobs.retryLater(job, owner, clock.instant().plus(wait), error)) {
            lostToAnother(job, "retry");
        }
    }

    /** Another replica took the job over (this one held it past its lease): its outcome stands, not ours. */
    private void lostToAnother(Job job, String what) {
        log.info("{} job {}#{}: {} not recorded, another replica holds the job now", queue, job.kind(), job.id(), what);
    }

    /** Exponential backoff with full jitter: a random wait between the base and 2^attempt times it. */
    Duration backoff(int attempt) {
        long cap = Math.min(MAX_BACKOFF.toMillis(), BASE_BACKOFF.toMillis() << Math.min(attempt, 20));
        long base = BASE_BACKOFF.toMillis();
        return Duration.ofMillis(base + (cap > base ? random.nextLong(cap - base) : 0));
    }

    /**
     * The first half of stopping as a killed process would: from now on this worker claims nothing and
     * records nothing about the jobs in flight, which keep their leases until those run out and another
     * replica takes them over. Kill the process's database and network next, then call
     * {@link #reapAfterCrash()}. For tests of replica failure.
     */
    public void crash() {
        crashed = true;
        running = false;
        abandoned.addAll(inFlight.values());
        renewer.interrupt();
    }

    /**
     * After {@link #crash()}: interrupts the threads, waits up to two seconds for them to end, and returns every
     * job that was in flight at or after the crash (each may have had effects that another replica repeats).
     */
    public List<Job> reapAfterCrash() {
        threads.forEach(Thread::interrupt);
        nudge();
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return List.copyOf(abandoned);
    }

    /** Stops claiming; lets jobs in progress finish for {@link #CLOSE_GRACE} (see {@link #close(Duration)}). */
    @Override
    public void close() {
        close(CLOSE_GRACE);
    }

    /**
     * Stops claiming and lets the jobs in progress finish for {@code grace} in all; then interrupts the threads still
     * in a job (one waiting for a slot of Giga's request budget, which can take a minute, has sent nothing yet) and
     * waits a moment more. A job interrupted or still unfinished is done again later: it is retried, or its lease runs
     * out and another replica, or this one after a restart, takes it over.
     */
    public void close(Duration grace) {
        running = false;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (Thread t : threads) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            for (Thread t : threads) {
                if (t.isAlive()) {
                    t.interrupt();
                }
            }
            for (Thread t : threads) {
                t.join(AFTER_INTERRUPT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        renewer.interrupt(); // leases of jobs still running past the wait run out and are taken over
    }
}

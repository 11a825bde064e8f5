package io.gigaslack.jobs;

import io.gigaslack.store.Job;
import io.gigaslack.store.JobQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Threads that claim jobs of one queue from the database and run them. A job is leased, so a
 * replica that dies mid-job leaves it to another after the lease; failures are retried with
 * exponential backoff and jitter until {@code maxAttempts}, then given up (logged, and the run's
 * later jobs proceed).
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
    private final List<Thread> threads = new ArrayList<>();
    private final Object wakeUp = new Object();
    private volatile boolean running = true;

    public Worker(String queue, JobQueue jobs, JobHandler handler, Clock clock, RandomGenerator random,
            String owner, int threadCount, Duration idleWait, int maxAttempts) {
        this.queue = queue;
        this.jobs = jobs;
        this.handler = handler;
        this.clock = clock;
        this.random = random;
        this.owner = owner;
        this.idleWait = idleWait;
        this.maxAttempts = maxAttempts;
        for (int i = 0; i < threadCount; i++) {
            Thread t = new Thread(this::loop, queue + "-worker-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    public Worker start() {
        threads.forEach(Thread::start);
        return this;
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
        Optional<Job> claimed = jobs.claimNext(queue, owner, DEFAULT_LEASE, clock.instant());
        if (claimed.isEmpty()) {
            return false;
        }
        Job job = claimed.get();
        if (job.runId() != null) {
            MDC.put("run", job.runId());
        }
        MDC.put("job", job.kind() + "#" + job.id());
        try {
            handler.handle(job);
            jobs.complete(job, owner);
        } catch (GiveUp e) {
            log.warn("{} job {} given up: {}", queue, job.kind(), e.getMessage());
            jobs.fail(job, owner, e.getMessage());
        } catch (RetryLater e) {
            retry(job, e.getMessage(), e.after());
        } catch (Exception e) {
            retry(job, e.toString(), null);
        } finally {
            MDC.remove("run");
            MDC.remove("job");
        }
        return true;
    }

    private void retry(Job job, String error, Duration requested) {
        int attempt = job.attempts() + 1;
        if (attempt >= maxAttempts) {
            log.error("{} job {} failed {} times, giving up: {}", queue, job.kind(), attempt, error);
            jobs.fail(job, owner, error);
            return;
        }
        Duration wait = requested != null ? requested : backoff(attempt);
        log.info("{} job {} will retry in {} ms (attempt {}): {}", queue, job.kind(), wait.toMillis(), attempt, error);
        jobs.retryLater(job, owner, clock.instant().plus(wait), error);
    }

    /** Exponential backoff with full jitter: a random wait between the base and 2^attempt times it. */
    Duration backoff(int attempt) {
        long cap = Math.min(MAX_BACKOFF.toMillis(), BASE_BACKOFF.toMillis() << Math.min(attempt, 20));
        long base = BASE_BACKOFF.toMillis();
        return Duration.ofMillis(base + (cap > base ? random.nextLong(cap - base) : 0));
    }

    /** Stops claiming; lets jobs in progress finish up to {@code timeout}; unfinished ones are resumed later. */
    @Override
    public void close() {
        running = false;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

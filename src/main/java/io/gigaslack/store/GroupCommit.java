package io.gigaslack.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Group commit: transactions handed in by many threads are committed together, one batch at a time: everything that
 * arrived while the previous commit ran goes into one transaction and one disk write (H2 with {@code WRITE_DELAY=0},
 * PostgreSQL with {@code synchronous_commit}) instead of one each. A batch holds at most {@code maxBatch} requests, so
 * a request waits for at most the commit before its own and its own; nothing waits for more requests to arrive.
 *
 * <p>There is no writer thread: the callers take turns (leader and followers). A caller that finds no batch being
 * committed commits the queued requests itself, its own among them; the others wait for their answer, and when the
 * leader is done the first of those still waiting leads the next batch. Alone, a caller runs its own transaction at
 * once, as without group commit; and the work is done by threads that were running anyway (a single writer thread
 * would get one thread's share of 2 busy cores and hand every request over twice).
 *
 * <p>Each caller gets its answer only after the commit that holds its rows ({@link #inTransaction} returns then), so
 * what it acknowledges is on disk. Each request runs inside its own savepoint: a request that throws is rolled back
 * alone and its caller gets its exception, the others of the batch go on. If the commit itself fails (or a savepoint
 * cannot be rolled back), the whole batch is rolled back and every caller in it gets the error: a request is never
 * half committed.
 *
 * <p>Because the requests run one after another, in one transaction per batch and one batch at a time, a request sees
 * the rows of every earlier request: a count-then-insert (e.g. a limit check before a start) needs no other lock in
 * this process.
 *
 * <p>A request must do all its work through the {@link Tx} it is given, quickly, and must not itself hand work to the
 * group commit (it would wait for itself).
 */
public final class GroupCommit implements AutoCloseable {
    public static final int DEFAULT_MAX_BATCH = 32;
    /** How long a caller waits for its request to be taken into a batch before giving up (as for a connection). */
    public static final Duration DEFAULT_TAKE_TIMEOUT = Duration.ofMillis(Database.DEFAULT_CONNECTION_TIMEOUT_MILLIS);
    /**
     * A waiting caller looks again this often even unwoken: a safety net only, as it is woken when its answer is
     * there or its turn to lead has come (rare, since 128 parked callers waking often would cost 2 cores dearly).
     */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final ThreadLocal<Boolean> LEADING = ThreadLocal.withInitial(() -> false);

    private final Jdbc jdbc;
    private final int maxBatch;
    private final Duration takeTimeout;
    private final ConcurrentLinkedQueue<Request<?>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean leading = new AtomicBoolean();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong committed = new AtomicLong();
    private volatile boolean closed;

    public GroupCommit(Jdbc jdbc) {
        this(jdbc, DEFAULT_MAX_BATCH, DEFAULT_TAKE_TIMEOUT);
    }

    public GroupCommit(Jdbc jdbc, int maxBatch, Duration takeTimeout) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.jdbc = jdbc;
        this.maxBatch = maxBatch;
        this.takeTimeout = takeTimeout;
    }

    /**
     * Runs {@code work} in a transaction shared with the requests that arrive at the same time, and returns its
     * result once that transaction has committed. Throws what {@code work} threw (its rows are then rolled back and
     * nothing of it is committed), or a {@link StoreException} when the batch could not be committed or the request
     * was not taken in time.
     */
    public <T> T inTransaction(Function<Tx, T> work) {
        if (LEADING.get()) {
            throw new IllegalStateException("a group-commit request may not wait for another one");
        }
        if (closed) {
            throw closedException();
        }
        Request<T> r = new Request<>(work, Thread.currentThread());
        queued.incrementAndGet();
        queue.add(r);
        long deadline = System.nanoTime() + takeTimeout.toNanos();
        boolean interrupted = false;
        try {
            while (!r.future.isDone()) {
                if (leading.compareAndSet(false, true)) {
                    try {
                        if (!r.future.isDone()) {
                            lead();
                        }
                    } finally {
                        leading.set(false);
                    }
                    wakeNextLeader();
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 && r.cancel()) {
                    throw new StoreException("Database connection failed: not written within "
                            + takeTimeout.toMillis() + " ms", null);
                }
                // Past the deadline but already taken: its answer comes with the commit, woken then.
                LockSupport.parkNanos(this, left > 0 ? Math.min(left, RECHECK_NANOS) : RECHECK_NANOS);
                if (Thread.interrupted()) {
                    interrupted = true; // kept for the caller; the answer is on its way
                }
            }
            return r.answer();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Batches committed (or failed) so far. */
    public long batches() {
        return batches.get();
    }

    /** Requests run so far (committed, refused by their work, or failed with their batch). */
    public long requests() {
        return committed.get();
    }

    /** Requests waiting to be taken into a batch (for tests and metrics). */
    public int queued() {
        return Math.max(0, queued.get());
    }

    /** Refuses new requests; those already handed in are still committed (their callers lead the batches). */
    @Override
    public void close() {
        closed = true;
    }

    private static StoreException closedException() {
        return new StoreException("Database connection failed: the database is closed", null);
    }

    /** The next batch is led by the first caller still waiting (one that gave up is passed over). */
    private void wakeNextLeader() {
        for (Request<?> next : queue) {
            if (next.pending()) {
                LockSupport.unpark(next.caller);
                return;
            }
        }
    }

    /** Takes what is queued (at most a batch) and commits it; runs only while {@link #leading} is held. */
    private void lead() {
        List<Request<?>> batch = new ArrayList<>(Math.min(maxBatch, 8));
        for (Request<?> r; batch.size() < maxBatch && (r = queue.poll()) != null; ) {
            queued.decrementAndGet();
            if (r.take()) {
                batch.add(r);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        LEADING.set(true);
        try {
            run(batch);
        } catch (Throwable t) {
            // run() answers every request it took; whatever escaped it, nobody may be left waiting.
            for (Request<?> r : batch) {
                r.future.completeExceptionally(t);
            }
        } finally {
            LEADING.set(false);
            for (Request<?> r : batch) {
                if (r.caller != Thread.currentThread()) {
                    LockSupport.unpark(r.caller);
                }
            }
        }
    }

    private void run(List<Request<?>> batch) {
        batches.incrementAndGet();
        committed.addAndGet(batch.size());
        try {
            jdbc.useTransaction(tx -> {
                for (Request<?> r : batch) {
                    r.runIn(tx);
                }
            });
        } catch (RuntimeException | Error e) {
            // Rolled back as a whole: nobody's rows are committed, so everybody fails, each with its own error first.
            for (Request<?> r : batch) {
                r.future.completeExceptionally(r.failure != null ? r.failure : e);
            }
            return;
        }
        for (Request<?> r : batch) {
            r.finish();
        }
    }

    /** One caller's work and its answer. */
    private static final class Request<T> {
        private static final int PENDING = 0;
        private static final int TAKEN = 1;
        private static final int CANCELLED = 2;

        private final Function<Tx, T> work;
        private final Thread caller;
        private final CompletableFuture<T> future = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(PENDING);
        private T result;
        private Throwable failure;

        Request(Function<Tx, T> work, Thread caller) {
            this.work = work;
            this.caller = caller;
        }

        boolean take() {
            return state.compareAndSet(PENDING, TAKEN);
        }

        boolean cancel() {
            return state.compareAndSet(PENDING, CANCELLED);
        }

        boolean pending() {
            return state.get() == PENDING;
        }

        /** Runs the work in its own savepoint; its failure is kept for its caller, the batch goes on. */
        void runIn(Tx tx) {
            try {
                result = tx.withSavepoint(() -> work.apply(tx));
            } catch (RuntimeException e) {
                failure = e; // rolled back to the savepoint: nothing of this request stays in the batch
            } catch (SQLException e) {
                // The savepoint could not be set or rolled back: the transaction cannot be trusted, end the batch.
                throw new StoreException("Group commit failed: " + e.getMessage(), e);
            }
        }

        /** After the commit: the answer. */
        void finish() {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(result);
            }
        }

        /** The result, or what went wrong, once {@link #future} is done. */
        T answer() {
            try {
                return future.getNow(null);
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new StoreException("Group commit failed: " + cause, cause);
            }
        }
    }
}

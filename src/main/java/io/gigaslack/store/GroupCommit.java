package io.gigaslack.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Group commit: transactions handed in by many threads are run by one writer thread, one after another in the order
 * they arrived, and everything that arrived while the previous commit ran is committed together: one transaction and
 * one disk write (H2 with {@code WRITE_DELAY=0}, PostgreSQL with {@code synchronous_commit}) for the batch instead of
 * one each. A batch holds at most {@code maxBatch} requests, so a request waits for at most the commit before its own
 * and its own; nothing waits for more requests to arrive.
 *
 * <p>Each caller gets its answer only after the commit that holds its rows ({@link #inTransaction} returns then), so
 * what it acknowledges is on disk. Each request runs inside its own savepoint: a request that throws is rolled back
 * alone and its caller gets its exception, the others of the batch go on. If the commit itself fails (or a savepoint
 * cannot be rolled back), the whole batch is rolled back and every caller in it gets the error: a request is never
 * half committed.
 *
 * <p>Because one thread runs them in turn, in one transaction, a request sees the rows of the batch's earlier
 * requests: a count-then-insert (e.g. a limit check before a start) needs no other lock in this process.
 *
 * <p>A request must do all its work through the {@link Tx} it is given, quickly, and must not wait for another
 * request of the group commit (it would wait for itself).
 */
public final class GroupCommit implements AutoCloseable {
    public static final int DEFAULT_MAX_BATCH = 32;
    /** How long a caller waits for the writer to take its request before giving up (as for a pooled connection). */
    public static final Duration DEFAULT_TAKE_TIMEOUT = Duration.ofMillis(Database.DEFAULT_CONNECTION_TIMEOUT_MILLIS);

    private final Jdbc jdbc;
    private final int maxBatch;
    private final Duration takeTimeout;
    private final BlockingQueue<Request<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
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
        this.writer = new Thread(this::writeLoop, "giga-slack-group-commit");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Runs {@code work} in a transaction shared with the requests that arrive at the same time, and returns its
     * result once that transaction has committed. Throws what {@code work} threw (its rows are then rolled back and
     * nothing of it is committed), or a {@link StoreException} when the batch could not be committed or the writer
     * did not take the request in time.
     */
    public <T> T inTransaction(Function<Tx, T> work) {
        if (Thread.currentThread() == writer) {
            throw new IllegalStateException("a group-commit request may not wait for another one");
        }
        if (closed) {
            throw new StoreException("Database connection failed: the database is closed", null);
        }
        Request<T> r = new Request<>(work);
        queue.add(r);
        if (closed && r.cancel()) { // closed meanwhile, and the writer's last drain may have missed it
            throw new StoreException("Database connection failed: the database is closed", null);
        }
        return r.await(takeTimeout);
    }

    /** Batches committed (or failed) so far. */
    public long batches() {
        return batches.get();
    }

    /** Requests run so far (committed, refused by their work, or failed with their batch). */
    public long requests() {
        return committed.get();
    }

    /** Requests waiting for the writer to take them (for tests and metrics). */
    public int queued() {
        return queue.size();
    }

    /** Runs what is queued already, then stops the writer; later requests are refused. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Request<?> r; (r = queue.poll()) != null; ) {
            if (r.cancel()) {
                r.future.completeExceptionally(new StoreException("Database connection failed: the database is closed",
                        null));
            }
        }
    }

    private void writeLoop() {
        List<Request<?>> batch = new ArrayList<>(maxBatch);
        while (true) {
            Request<?> first;
            try {
                // Polled, not interrupted, to notice close(): an interrupt during H2's file I/O would close its file.
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = null;
            }
            if (first == null) {
                if (closed && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, maxBatch - 1);
            try {
                run(batch);
            } catch (Throwable t) {
                // run() answers every request it took; nothing may stop the writer.
                for (Request<?> r : batch) {
                    r.future.completeExceptionally(t);
                }
            }
            batch.clear();
        }
    }

    private void run(List<Request<?>> batch) {
        List<Request<?>> taken = new ArrayList<>(batch.size());
        for (Request<?> r : batch) {
            if (r.take()) {
                taken.add(r);
            }
        }
        if (taken.isEmpty()) {
            return;
        }
        batches.incrementAndGet();
        committed.addAndGet(taken.size());
        try {
            jdbc.useTransaction(tx -> {
                for (Request<?> r : taken) {
                    r.runIn(tx);
                }
            });
        } catch (RuntimeException | Error e) {
            // Rolled back as a whole: nobody's rows are committed, so everybody fails, each with its own error first.
            for (Request<?> r : taken) {
                r.future.completeExceptionally(r.failure != null ? r.failure : e);
            }
            return;
        }
        for (Request<?> r : taken) {
            r.finish();
        }
    }

    /** One caller's work and its answer. */
    private static final class Request<T> {
        private static final int PENDING = 0;
        private static final int TAKEN = 1;
        private static final int CANCELLED = 2;

        private final Function<Tx, T> work;
        private final CompletableFuture<T> future = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(PENDING);
        private T result;
        private Throwable failure;

        Request(Function<Tx, T> work) {
            this.work = work;
        }

        boolean take() {
            return state.compareAndSet(PENDING, TAKEN);
        }

        boolean cancel() {
            return state.compareAndSet(PENDING, CANCELLED);
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

        T await(Duration takeTimeout) {
            boolean interrupted = false;
            try {
                try {
                    return future.get(takeTimeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (cancel()) {
                        throw new StoreException("Database connection failed: not written within "
                                + takeTimeout.toMillis() + " ms", null);
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                    if (cancel()) {
                        throw new StoreException("Database connection failed: interrupted while waiting", null);
                    }
                }
                // The writer has it: its answer comes with the commit, which does not wait for anything else.
                while (true) {
                    try {
                        return future.get();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new StoreException("Group commit failed: " + cause, cause);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}

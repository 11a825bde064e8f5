package io.gigaslack.gigawork;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Work for several Giga accounts at once, so that one account's slow or failing Giga holds up no other's: each
 * account's part runs on a small pool of its own, the caller waits for them all up to a deadline, and an account whose
 * part is still running then (waiting on its Giga, or on its budget) goes on by itself and is skipped by the next round
 * until it has finished, so its parts never pile up or overlap. The pool's threads end when idle.
 */
final class EachAccount {
    /** What a round did: each finished account's result, each failed account's error, and the accounts still busy. */
    record Round<T>(Map<String, T> done, Map<String, RuntimeException> failed, Set<String> busy) {
        /** Whether every account's part finished without an error. */
        boolean complete() {
            return failed.isEmpty() && busy.isEmpty();
        }
    }

    private final ThreadPoolExecutor pool;
    private final Duration wait;
    /** The accounts whose part is running (or waiting for a thread), from this round or an earlier one. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    /** {@code threads}: parts running at once at most; {@code wait}: how long a round waits for them. */
    EachAccount(String name, int threads, Duration wait) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.pool.allowCoreThreadTimeOut(true);
        this.wait = wait;
    }

    /** Runs each account's part (by account id), skipping accounts busy from before; waits up to the deadline. */
    <T> Round<T> run(Map<String, Callable<T>> parts) {
        long deadline = System.nanoTime() + wait.toNanos();
        Map<String, Future<T>> started = new LinkedHashMap<>();
        Set<String> busy = new LinkedHashSet<>();
        for (Map.Entry<String, Callable<T>> part : parts.entrySet()) {
            String account = part.getKey();
            if (!inFlight.add(account)) {
                busy.add(account);
                continue;
            }
            try {
                started.put(account, pool.submit(() -> {
                    try {
                        return part.getValue().call();
                    } finally {
                        inFlight.remove(account);
                    }
                }));
            } catch (RuntimeException e) {
                inFlight.remove(account);
                throw e;
            }
        }
        Map<String, T> done = new LinkedHashMap<>();
        Map<String, RuntimeException> failed = new LinkedHashMap<>();
        for (Map.Entry<String, Future<T>> f : started.entrySet()) {
            try {
                done.put(f.getKey(), f.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                failed.put(f.getKey(), cause instanceof RuntimeException r ? r : new RuntimeException(cause));
            } catch (TimeoutException e) {
                busy.add(f.getKey());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                busy.add(f.getKey()); // it goes on; the caller is being stopped
            }
        }
        return new Round<>(done, failed, busy);
    }
}

package io.gigaslack.giga.sim;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The sequences behind the simulator's ids, shared by all its accounts: an id names one thing in the whole simulator,
 * so one account's deployment id (or run, message or file id) is unknown to every other account, as on Giga.
 */
final class SimIds {
    private final AtomicLong deployments = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong files = new AtomicLong();

    long nextDeployment() {
        return deployments.incrementAndGet();
    }

    long nextRun() {
        return runs.incrementAndGet();
    }

    long nextMessage() {
        return messages.incrementAndGet();
    }

    long nextFile() {
        return files.incrementAndGet();
    }
}

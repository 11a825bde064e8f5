package io.gigaslack.engine;

import io.gigaslack.store.Job;

/** Does one claimed job. Returning normally completes it; exceptions decide retry or give-up. */
@FunctionalInterface
public interface JobHandler {
    void handle(Job job) throws Exception;

    /**
     * Called once when a job is abandoned for good (given up, or out of attempts), so that the run
     * it served can be told instead of waiting forever. Must not throw.
     */
    default void givenUp(Job job, String reason) {}
}

package io.gigaslack.jobs;

import io.gigaslack.store.Job;

/** Does one claimed job. Returning normally completes it; exceptions decide retry or give-up. */
@FunctionalInterface
public interface JobHandler {
    void handle(Job job) throws Exception;
}

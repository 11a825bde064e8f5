/**
 * The job engine, which knows neither Slack nor Giga: {@link io.gigaslack.engine.Worker} claims jobs of one queue
 * with a lease (renewed while it runs them), retries failures with backoff and jitter, postpones
 * ({@link io.gigaslack.engine.Postpone}), gives up ({@link io.gigaslack.engine.GiveUp}), keeps strict order per run
 * and lets another replica take a job over after a crash. The rows live in {@code store}'s
 * {@link io.gigaslack.store.JobQueue}; what a job means is its handler's business
 * ({@link io.gigaslack.engine.JobHandler}). Time comes from an injected clock.
 *
 * <p>App packages it may import: [store]
 */
package io.gigaslack.engine;

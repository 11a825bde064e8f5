/**
 * The Giga HTTP API client: one method per endpoint, typed results and errors, retries and a permit per request from a request budget. Imports OkHttp and Jackson only.
 *
 * <p>Owns: {@link io.gigaslack.giga.GigaClient} (one method per endpoint, at-most-once start/create),
 * {@link io.gigaslack.giga.GigaClientConfig}, {@link io.gigaslack.giga.GigaApiException} (typed, retryable vs
 * permanent, outcome unknown), the {@link io.gigaslack.giga.RequestBudget} interface every request takes a permit from
 * (the app's, shared by all replicas, lives in {@code gigawork}), and the result/request records. Response shapes are read
 * leniently (both envelopes, unknown fields ignored, statuses as open strings with known values as constants).
 * Besides OkHttp and Jackson it uses slf4j for debug logs (method, path, status, duration; never headers or the
 * key). Time, waiting and jitter are injected ({@link java.time.Clock}, {@link io.gigaslack.giga.Sleeper},
 * {@link java.util.random.RandomGenerator}). The {@code sim} subpackage is a separate simulator.
 *
 * <p>App packages it may import: []
 */
package io.gigaslack.giga;

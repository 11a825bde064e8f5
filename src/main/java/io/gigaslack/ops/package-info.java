/**
 * Operations support: Prometheus metrics, the log format, and the container health probe. Imports the
 * Prometheus client, OkHttp (an interceptor type), Jackson core, logback and slf4j; nothing from the rest of
 * the app, which calls in.
 *
 * <p>Owns: {@link io.gigaslack.ops.Metrics} (its own registry: Slack acknowledgement latency, Giga callbacks,
 * outgoing Slack and Giga calls counted by an OkHttp interceptor with bounded labels, gauges computed at scrape
 * time from suppliers, text-format scrape), {@link io.gigaslack.ops.Logging} (text or one-JSON-object-per-line
 * via {@link io.gigaslack.ops.JsonLineEncoder}, and the {@link io.gigaslack.ops.BoltSuggestionFilter} that keeps
 * Bolt's multi-line "[Suggestion]" warnings out of the log) and {@link io.gigaslack.ops.HealthProbe} (a JDK-only
 * {@code main} for the Docker HEALTHCHECK).
 *
 * <p>App packages it may import: []
 */
package io.gigaslack.ops;

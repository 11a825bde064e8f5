/**
 * Giga's webhook, {@code POST /giga/callback/{run}?token=…}: checks size, JSON and the per-run token, and records a
 * refresh through the run service; the body is only a hint. Imports Jackson and slf4j besides the app packages below.
 *
 * <p>App packages it may import: [http, runs, service, store]
 */
package io.gigaslack.callback;

/**
 * Persistence: the connection pool and Flyway migrations ({@link io.gigaslack.store.Database}), a small JDBC helper
 * ({@link io.gigaslack.store.Jdbc}, {@link io.gigaslack.store.Tx}), the only SQL that differs between H2 and
 * PostgreSQL ({@link io.gigaslack.store.Dialect}), and repositories for runs, jobs, Slack deliveries, callbacks and
 * audit entries. Times are epoch milliseconds and always come from the caller. Imports runs only.
 */
package io.gigaslack.store;

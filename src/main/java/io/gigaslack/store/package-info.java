/**
 * Persistence: the connection pool and Flyway migrations ({@link io.gigaslack.store.Database}), a small JDBC helper
 * ({@link io.gigaslack.store.Jdbc}, {@link io.gigaslack.store.Tx}), the only SQL that differs between H2 and
 * PostgreSQL ({@link io.gigaslack.store.Dialect}), the group commit that commits concurrent acknowledgements'
 * rows together ({@link io.gigaslack.store.GroupCommit}), repositories for runs, jobs, Slack deliveries, callbacks,
 * audit entries and the files given to agents, Giga's request window per API key shared by all replicas
 * ({@link io.gigaslack.store.RateSlots}), and {@link io.gigaslack.store.RaceRetry} (a transaction tried again
 * when another replica changed the same run at the same moment). Times always come from the caller. Imports HikariCP and Flyway.
 *
 * <p>App packages it may import: [runs]
 */
package io.gigaslack.store;

/**
 * Persistence: the connection pool, Flyway migrations, the SQL dialect, and repositories for runs, jobs and audit entries. Imports runs only.
 */
package io.gigaslack.store;

/**
 * Persistence: the connection pool and Flyway migrations ({@link io.gigaslack.store.Database}), a small JDBC helper
 * ({@link io.gigaslack.store.Jdbc}, {@link io.gigaslack.store.Tx}), the only SQL that differs between H2 and
 * PostgreSQL ({@link io.gigaslack.store.Dialect}), the group commit that commits concurrent acknowledgements'
 * rows together ({@link io.gigaslack.store.GroupCommit}), repositories for runs, jobs, Slack deliveries, callbacks,
 * audit entries, the files given to agents and the settings workspaces changed in Slack
 * ({@link io.gigaslack.store.TeamSettingsStore}), Giga's request window per API key shared by all replicas
 * ({@link io.gigaslack.store.RateSlots}), and {@link io.gigaslack.store.RaceRetry} (a transaction tried again
 * when another replica changed the same run at the same moment). For distributed mode: the workspaces' Slack
 * installations ({@link io.gigaslack.store.SlackInstallations}), OAuth states ({@link io.gigaslack.store.OAuthStates})
 * and Giga accounts ({@link io.gigaslack.store.GigaKeys}), every secret in them sealed with AES-GCM by
 * {@link io.gigaslack.store.SecretBox} (columns listed in {@link io.gigaslack.store.SecretColumn}, moved to a new key by
 * {@link io.gigaslack.store.Reencryption}), {@link io.gigaslack.store.WorkspaceSecrets}, which deletes all of a
 * workspace's secrets at once, the teams the app has heard from ({@link io.gigaslack.store.SlackTeams}) and what it
 * deletes of a workspace it left ({@link io.gigaslack.store.WorkspaceData}). Times always come from the caller.
 * Imports HikariCP and Flyway.
 *
 * <p>App packages it may import: [runs]
 */
package io.gigaslack.store;

/**
 * The run rules in one service: {@link io.gigaslack.service.RunService} (start, stop, extend, retry, delete,
 * follow-up, each with its permission and limit checks) and {@link io.gigaslack.service.RunUpdater} (a signal applied
 * to a stored run, with the jobs it implies, in one transaction). Also the typed jobs
 * ({@link io.gigaslack.service.RunJob}) with their one codec ({@link io.gigaslack.service.JobCodec}), which tie the code
 * that enqueues a job to the handler that runs it. The files people give an agent are recorded with the request
 * ({@link io.gigaslack.service.InputFiles}); where their bytes come from is {@link io.gigaslack.service.InputFileSource},
 * which the Slack front-end implements. Each workspace's settings are resolved in one place ({@link
 * io.gigaslack.service.TeamSettings}, stored and cached by {@link io.gigaslack.service.StoredTeamSettings}): the
 * environment's values with what its admins changed in Slack ({@link io.gigaslack.service.SettingsService}, checked by
 * {@link io.gigaslack.service.SettingsReader} in the configuration's words) and its channels' presets; every rule reads
 * them for the request's or the run's workspace. Never calls Slack or Giga: what it needs to know about people comes through
 * {@link io.gigaslack.service.Directory}, asked per workspace. When the app serves many workspaces, each one's own Giga
 * account (connected by its admins, checked through an interface the Giga side implements, and the refusal a start
 * gets until there is one) is {@link io.gigaslack.service.GigaConnections}, and the app leaving a workspace (tokens
 * deleted, its computers' stop queued, its data deleted after the retention) is
 * {@link io.gigaslack.service.WorkspaceDeparture}. Imports Jackson (an ephemeral message is a JSON tree).
 *
 * <p>App packages it may import: [engine, runs, store]
 */
package io.gigaslack.service;

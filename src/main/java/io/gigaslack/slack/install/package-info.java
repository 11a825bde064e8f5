/**
 * Installing the app in many workspaces (distributed mode, {@link io.gigaslack.slack.install.Distribution}): Slack's
 * OAuth v2 flow ({@code GET /slack/install}, then the redirect: the state checked against the browser's cookie and used
 * up at once, the code exchanged, the installation stored), Bolt's {@code InstallationService} and
 * {@code OAuthStateService} over our tables, and each workspace's bot token
 * ({@link io.gigaslack.slack.install.BotTokens}), refreshed safely across replicas when token rotation is on
 * ({@link io.gigaslack.slack.install.InstalledBotTokens}). In single-workspace mode only
 * {@link io.gigaslack.slack.install.BotTokens#single} is used.
 *
 * <p>App packages it may import: [http, store]
 */
package io.gigaslack.slack.install;

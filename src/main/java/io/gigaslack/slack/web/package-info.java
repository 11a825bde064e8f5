/**
 * The Slack Web API calls the app makes, behind {@link io.gigaslack.slack.web.SlackGateway}, implemented over the
 * Slack SDK and the process's one OkHttpClient by {@link io.gigaslack.slack.web.SlackWebGateway}; a failed call is a
 * {@link io.gigaslack.slack.web.SlackCallException} that says whether trying again can help and whether Slack may
 * have done it anyway. At start-up, {@link io.gigaslack.slack.web.TokenCheck} says whether Slack accepts a token,
 * refuses it, or could not be asked, and {@link io.gigaslack.slack.web.NetworkFailure} says in one line why Slack's
 * host could not be reached. Each workspace's calls go out with its own bot token:
 * {@link io.gigaslack.slack.web.SlackWorkspaces} gives a team's gateway (one for every team with one workspace;
 * {@link io.gigaslack.slack.web.TokenScopedWorkspaces} when the app is installed in many, the SDK and HTTP client
 * shared, only the token differing), and a team it is not installed in is a call that is never made
 * ({@link io.gigaslack.slack.web.SlackCallException#notInstalled()}).
 *
 * <p>App packages it may import: []
 */
package io.gigaslack.slack.web;

/**
 * The Slack Web API calls the app makes, behind {@link io.gigaslack.slack.web.SlackGateway}, implemented over the
 * Slack SDK and the process's one OkHttpClient by {@link io.gigaslack.slack.web.SlackWebGateway}; a failed call is a
 * {@link io.gigaslack.slack.web.SlackCallException} that says whether trying again can help and whether Slack may
 * have done it anyway. At start-up, {@link io.gigaslack.slack.web.TokenCheck} says whether Slack accepts a token,
 * refuses it, or could not be asked, and {@link io.gigaslack.slack.web.NetworkFailure} says in one line why Slack's
 * host could not be reached.
 *
 * <p>App packages it may import: []
 */
package io.gigaslack.slack.web;

/**
 * Installing the app in many workspaces (distributed mode): the bot token of each workspace
 * ({@link io.gigaslack.slack.install.BotTokens}), the single-workspace token otherwise.
 *
 * <p>App packages it may import: []
 */
package io.gigaslack.slack.install;

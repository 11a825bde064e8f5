/**
 * The Slack front-end: Bolt's {@code App} and Socket Mode ({@link io.gigaslack.slack.SlackFrontEnd}), one listener per
 * kind of request (command, buttons, modal, mentions, App Home, settings: {@link io.gigaslack.slack.SettingsListener},
 * the workspace's Giga account: {@link io.gigaslack.slack.GigaAccountListener}, the app being removed:
 * {@link io.gigaslack.slack.DepartureListener}), each a Bolt handler that parses, asks the run service and answers, and every other request acknowledged ({@link io.gigaslack.slack.Listeners}); the connection of
 * Socket Mode at start-up, which says why when it fails ({@link io.gigaslack.slack.SocketModeException}); the signed
 * HTTP endpoint; the directory of admins and user groups the run rules consult; whether the bot can post where a run
 * is asked for, found out before it is accepted ({@link io.gigaslack.slack.ChannelReach}); the files people attach, as
 * the agent's jobs read them ({@link io.gigaslack.slack.SlackFiles}). Every Slack call is made as the bot of the
 * workspace it is for ({@code slack.web.SlackWorkspaces}).
 * This package and its subpackages are the only code that imports {@code com.slack.api}. Subpackages: {@code command}
 * (parsing), {@code render} (Block Kit, pure), {@code web} (the Web API calls), {@code outbox} (the jobs that post),
 * {@code install} (distributed mode: installations, OAuth, each workspace's bot token).
 *
 * <p>App packages it may import: [http, runs, service, slack.command, slack.install, slack.render, slack.web, store]
 */
package io.gigaslack.slack;

/**
 * Wiring and configuration, at the top: reads the configuration ({@link io.gigaslack.app.ConfigLoader},
 * {@link io.gigaslack.app.AppConfig}), builds every part in the composition root
 * ({@link io.gigaslack.app.GigaSlackApp}) for one workspace or for every workspace that installed the app (who is
 * served, and where a team's bot token and Giga key come from, is {@link io.gigaslack.app.Tenancy}), serves health and
 * readiness, and holds the entry point
 * ({@link io.gigaslack.app.Main}), which alone may launch the simulator. Nothing imports this package. It never
 * imports {@code com.slack.api}: Bolt is built inside {@code slack}.
 *
 * <p>App packages it may import: [callback, engine, giga, giga.sim, gigawork, http, ops, runs, service, slack,
 * slack.install, slack.outbox, slack.web, store, viewer, vnc]
 */
package io.gigaslack.app;

/**
 * Pure functions from domain data to Block Kit JSON (Jackson trees): the status card, thread
 * messages and notices, ephemeral responses, the run modal, the App Home view, the settings section and forms
 * ({@link io.gigaslack.slack.render.SettingsBlocks}, {@link io.gigaslack.slack.render.SettingsModal},
 * {@link io.gigaslack.slack.render.PresetsModal}), plus
 * {@link io.gigaslack.slack.render.BlockKitLimits}. No I/O; checked by golden JSON tests.
 * May import {@code io.gigaslack.runs} and {@code io.gigaslack.slack.command} (for SlackText) only.
 *
 * <p>App packages it may import: [runs, slack.command]
 */
package io.gigaslack.slack.render;

/**
 * Pure functions from domain data to Block Kit JSON (Jackson trees): the status card, thread
 * messages and notices, ephemeral responses, the run modal and the App Home view, plus
 * {@link io.gigaslack.slack.render.BlockKitLimits}. No I/O; checked by golden JSON tests.
 * May import {@code io.gigaslack.runs} and {@code io.gigaslack.slack.command} (for SlackText) only.
 *
 * <p>App packages it may import: [runs, slack.command]
 */
package io.gigaslack.slack.render;

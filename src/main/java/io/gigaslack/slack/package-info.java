/**
 * The Slack front-end: Bolt listeners for commands, actions, views, events and the Slack Web API calls. The only package that imports com.slack.api. May import runs, store, giga (for typed errors).
 */
package io.gigaslack.slack;

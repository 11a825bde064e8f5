/**
 * The {@code /giga} command parser and Slack text handling (unescaping what Slack sends, escaping
 * what we show, safe truncation). Pure, no I/O; imports only the JDK.
 *
 * <p>App packages it may import: []
 */
package io.gigaslack.slack.command;

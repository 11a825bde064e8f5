/**
 * The domain: a run, its states and allowed transitions, and policies. Imports nothing from Slack, Giga, JDBC or Jetty.
 */
package io.gigaslack.runs;

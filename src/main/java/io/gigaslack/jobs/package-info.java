/**
 * Durable background work claimed from the database: the outbox relay to Slack, the Giga task runner, the reconciler. May import runs, store, giga; calls Slack through an interface the slack package implements.
 */
package io.gigaslack.jobs;

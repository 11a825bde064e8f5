/**
 * The outbox: the jobs of the Slack queue ({@link io.gigaslack.slack.outbox.SlackRelay}) post and edit the status
 * card, thread notices, ephemeral answers and output files, each rendered from the run as it is when the job runs, and
 * deliver into a person's DM with the app what is theirs alone (the usage chart, the low-balance warning:
 * {@code DirectMessages}, the warning for each admin that {@code AdminWarnings} finds);
 * {@link io.gigaslack.slack.outbox.PostAttempt} makes every post happen once across retries and crashes.
 *
 * <p>App packages it may import: [chart, engine, giga, runs, service, slack.render, slack.web, store]
 */
package io.gigaslack.slack.outbox;

package io.gigaslack.slack.outbox;

import io.gigaslack.chart.UsageChart;
import io.gigaslack.runs.UsageReport;
import io.gigaslack.service.RunJob;
import io.gigaslack.service.UsageService;
import io.gigaslack.slack.render.UsageBlocks;
import io.gigaslack.slack.web.SlackGateway;
import io.gigaslack.store.RunRepository;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack jobs that deliver into one person's direct messages with the app, because what they carry is theirs
 * alone: the {@code /giga usage} chart (drawn when the job runs, from the runs as they were when it was asked for) and
 * the low-balance warning to an admin. Each is posted once across retries and restarts, like every post
 * ({@link PostAttempt}).
 */
final class DirectMessages {
    private static final Logger log = LoggerFactory.getLogger(DirectMessages.class);
    private static final DateTimeFormatter FILE_DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final RunRepository runs;

    DirectMessages(RunRepository runs) {
        this.runs = runs;
    }

    /** Does the job; {@code attempt} is this attempt of its post, which knows what an earlier one may have done. */
    void handle(SlackGateway slack, RunJob.DirectJob job, PostAttempt attempt) {
        if (job instanceof RunJob.UsageChart c) {
            chart(slack, c, attempt);
        } else if (job instanceof RunJob.LowBalanceWarning w) {
            String dm = slack.openDirectMessage(w.userId());
            attempt.post(dm, null, UsageBlocks.lowBalanceWarning(w.credits(), w.level(), w.at()));
        }
    }

    private void chart(SlackGateway slack, RunJob.UsageChart c, PostAttempt attempt) {
        String dm = slack.openDirectMessage(c.userId());
        if (attempt.findEarlier(dm, null).isPresent()) {
            return; // shared by an earlier attempt: no need to draw it again
        }
        UsageReport report = UsageService.report(runs, c.teamId(), c.everyone() ? null : c.userId(), c.at());
        byte[] png = UsageChart.png(report);
        attempt.upload(dm, null, "giga-usage-" + FILE_DAY.format(c.at()) + ".png", UsageBlocks.chartTitle(report), png);
        log.info("usage chart ({}) shared with {}", c.everyone() ? "everyone's runs" : "own runs", c.userId());
    }
}

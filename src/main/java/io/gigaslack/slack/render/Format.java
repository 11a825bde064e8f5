package io.gigaslack.slack.render;

import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.MeteredRun;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;
import io.gigaslack.runs.RunStatus;
import io.gigaslack.slack.command.SlackText;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** Words, emoji and small pieces of mrkdwn shared by the renderers. Everything returned is escaped. */
final class Format {
    private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{1,30}");
    private static final DateTimeFormatter FALLBACK_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FALLBACK_CLOCK_TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Format() {}

    /** A user mention for a Slack user id; anything that is not a user id is shown as escaped text. */
    static String user(String userId) {
        if (userId == null || userId.isBlank()) {
            return "someone";
        }
        return USER_ID.matcher(userId).matches() ? "<@" + userId + ">" : SlackText.escapeAndTruncate(userId, 40);
    }

    static String emoji(RunStatus status) {
        return switch (status) {
            case PENDING -> ":hourglass_flowing_sand:";
            case PROVISIONING -> ":gear:";
            case RUNNING -> ":large_blue_circle:";
            case SUCCEEDED -> ":white_check_mark:";
            case FAILED -> ":x:";
            case STOPPED -> ":black_square_for_stop:";
        };
    }

    static String word(Run run) {
        return switch (run.status()) {
            case PENDING -> "Starting";
            case PROVISIONING -> "Setting up the computer";
            case RUNNING -> run.kind() == RunKind.AGENT ? "Agent at work" : "Desktop ready";
            case SUCCEEDED -> "Done";
            case FAILED -> "Failed";
            case STOPPED -> "Stopped";
        };
    }

    static String status(Run run) {
        return emoji(run.status()) + " " + word(run);
    }

    static String duration(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 1) {
            return "under 1 min";
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        return String.format("%d h %02d min", minutes / 60, minutes % 60);
    }

    /** Slack's localised date token, with a UTC fallback. */
    static String time(Instant at) {
        return "<!date^" + at.getEpochSecond() + "^{date_short_pretty} at {time}|" + FALLBACK_TIME.format(at) + ">";
    }

    /** The time of day to the second (Slack's localised token, with a UTC fallback), for moments seconds apart. */
    static String clockTime(Instant at) {
        return "<!date^" + at.getEpochSecond() + "^{time_secs}|" + FALLBACK_CLOCK_TIME.format(at) + ">";
    }

    static String rate(Run run, RenderContext ctx) {
        OptionalInt rate = rateOf(run, ctx);
        return rate.isPresent() ? rate.getAsInt() + " credits/hour" : "rate unknown";
    }

    /**
     * The rate the run was started at (what budgets and /giga usage count), or, for runs recorded before rates were
     * kept, the one configured now.
     */
    static OptionalInt rateOf(Run run, RenderContext ctx) {
        return run.creditsPerHour() >= 0 ? OptionalInt.of(run.creditsPerHour())
                : ctx.creditsPerHour(run.params().platform());
    }

    static String credits(Run run, RenderContext ctx) {
        OptionalInt rate = rateOf(run, ctx);
        if (rate.isEmpty()) {
            return "unknown";
        }
        // The same count as budgets and /giga usage make.
        long c = MeteredRun.of(run, rate.getAsInt()).used(ctx.now());
        return "~" + c + (c == 1 ? " credit" : " credits");
    }

    static String platform(Run run) {
        return SlackText.escapeAndTruncate(run.params().platform(), 100);
    }

    static String deployment(Run run) {
        if (run.deploymentId() == null) {
            return run.status().isTerminal() ? "no deployment" : "not started yet";
        }
        return "`" + SlackText.escapeAndTruncate(run.deploymentId().replace('`', '\''), 100) + "`";
    }

    /** The run's label (name, or start of the task) on one line, escaped and cut to {@code max}. */
    static String label(Run run, int max) {
        return SlackText.escapeAndTruncate(run.label().replaceAll("\\s+", " ").strip(), max);
    }

    /** True while the computer exists and still runs (costs credits). */
    static boolean live(Run run) {
        return run.computer().isLive();
    }

    static boolean desktopUp(Run run) {
        return run.computer() == ComputerState.RUNNING;
    }

    static String id(Run run) {
        return SlackText.escapeAndTruncate(run.id(), 100);
    }
}

package io.gigaslack.slack.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.CreditBalance;
import io.gigaslack.runs.UsageReport;
import io.gigaslack.slack.command.SlackText;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Usage at a glance in words: the answer to {@code /giga usage}, the admins' part of the App Home (with Giga's
 * balance and the low-balance warning), and the warning's direct message. Pure, like every renderer here.
 */
public final class UsageBlocks {
    /** People or channels listed in the answer; the rest are counted. */
    static final int TOTALS_SHOWN = 15;
    /** People or channels listed on the App Home. */
    static final int HOME_TOTALS_SHOWN = 5;
    /** Runs listed in the answer, most credits first. */
    static final int RUNS_SHOWN = 10;
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

    private UsageBlocks() {}

    /** The admins' part of the App Home: the workspace's usage, Giga's balance (null: not read yet) and its level. */
    public record AdminSummary(UsageReport usage, CreditBalance balance, long lowBalanceCredits) {}

    /** The private answer to {@code /giga usage}: this month's credits by person and channel, and the runs. */
    public static ObjectNode answer(UsageReport r) {
        ArrayNode blocks = Blocks.list();
        String title = (r.everyone() ? "*Giga usage in this workspace, " : "*Your Giga usage, ") + month(r) + "*";
        blocks.add(Blocks.section(BlockIds.RESPONSE_TEXT, title + "\n" + totalLine(r)));
        if (r.everyone() && !r.people().isEmpty()) {
            blocks.add(Blocks.section("usage_people", "*By person*\n"
                    + totals(r.people(), TOTALS_SHOWN, Format::user, "other people")));
        }
        if (!r.channels().isEmpty()) {
            blocks.add(Blocks.section("usage_channels", "*By channel*\n"
                    + totals(r.channels(), TOTALS_SHOWN, UsageBlocks::channel, "other channels")));
        }
        if (!r.monthRuns().isEmpty()) {
            blocks.add(Blocks.section("usage_runs", "*The runs behind them*, most credits first\n" + runs(r)));
        }
        String unknown = unknownRate(r);
        if (unknown != null) {
            blocks.add(Blocks.context("usage_unknown_rate", unknown));
        }
        blocks.add(Blocks.context(BlockIds.RESPONSE_MORE, ":bar_chart: A chart of " + (r.everyone() ? "the" : "your")
                + " credits per day over the last " + UsageReport.DAYS
                + " days is on its way to your direct messages with the app."));
        return Blocks.message((r.everyone() ? "Giga usage in this workspace, " : "Your Giga usage, ") + month(r) + ": "
                + credits(r.used()) + " used", blocks);
    }

    /** The admins' part of the App Home, to go before their recent runs. */
    static void addAdminSummary(ArrayNode blocks, AdminSummary s) {
        UsageReport r = s.usage();
        blocks.add(Blocks.section("home_usage", "*Usage in this workspace, " + month(r) + "*\n" + totalLine(r)));
        if (!r.people().isEmpty()) {
            blocks.add(Blocks.fields("home_usage_totals",
                    "*By person*\n" + totals(r.people(), HOME_TOTALS_SHOWN, Format::user, "other people"),
                    "*By channel*\n" + totals(r.channels(), HOME_TOTALS_SHOWN, UsageBlocks::channel, "other channels")));
        }
        String unknown = unknownRate(r);
        blocks.add(Blocks.context("home_usage_more", (unknown == null ? "" : unknown + " ")
                + "Type `/giga usage` for the runs behind these numbers and a chart of the last " + UsageReport.DAYS
                + " days."));
        blocks.add(Blocks.section("home_balance", balance(s.balance(), s.lowBalanceCredits())));
        blocks.add(Blocks.divider());
    }

    /** The direct message to an admin when Giga's balance has just fallen below the warning level. */
    public static ObjectNode lowBalanceWarning(BigDecimal credits, long level, Instant readAt) {
        String text = ":warning: Giga's balance is down to *" + credits(credits) + "*, below the warning level of "
                + credits(level) + " (GIGA_LOW_BALANCE_CREDITS), as read " + Format.time(readAt) + ". When it runs"
                + " out, Giga refuses to start computers: top it up in the Giga dashboard (Billing). I will tell you"
                + " again only after it has been back at " + credits(level) + " or more and falls again.";
        ArrayNode blocks = Blocks.list();
        blocks.add(Blocks.section(BlockIds.THREAD_TEXT, text));
        return Blocks.message("Giga's balance is down to " + credits(credits) + ", below " + credits(level), blocks);
    }

    /** The title of the chart's file in the DM. */
    public static String chartTitle(UsageReport r) {
        return (r.everyone() ? "Giga credits per day in this workspace" : "Your Giga credits per day") + ", last "
                + UsageReport.DAYS + " days to " + DAY.format(LocalDate.ofInstant(r.now(), ZoneOffset.UTC)) + " (UTC)";
    }

    /** "*42 credits* used by 4 runs, and 8 more held by 1 run still going." */
    static String totalLine(UsageReport r) {
        if (r.runs() == 0) {
            return "No runs this month yet.";
        }
        String line = "*" + credits(r.used()) + "* used by " + count(r.runs(), "run", "runs");
        if (r.held() > 0) {
            line += ", and " + number(r.held()) + " more held by " + count(r.going(), "run", "runs") + " still going";
        }
        return line + ".";
    }

    /** The footnote on runs whose platform's rate is not known, or null when there are none. */
    static String unknownRate(UsageReport r) {
        if (r.unknownRate() == 0) {
            return null;
        }
        return r.unknownRate() == 1 ? "1 run on a platform whose rate is unknown is not counted."
                : number(r.unknownRate()) + " runs on platforms whose rate is unknown are not counted.";
    }

    /** Giga's balance for the App Home, with the warning when it is below the level. */
    static String balance(CreditBalance b, long level) {
        if (b == null || b.credits() == null) {
            return "*Giga's balance:* not read yet (the app reads it every few minutes).";
        }
        String parts = b.planCreditsRemaining() != null || b.prepaidBalance() != null
                ? " (" + number(b.planCreditsRemaining()) + " plan credits left, " + number(b.prepaidBalance())
                        + " prepaid)" : "";
        if (b.isBelow(level)) {
            return ":warning: *Giga's balance is " + credits(b.credits()) + "*" + parts + ", *below the warning level of "
                    + credits(level) + "* (GIGA_LOW_BALANCE_CREDITS), read " + Format.time(b.readAt())
                    + ". Top it up in the Giga dashboard (Billing) before Giga refuses to start computers.";
        }
        return "*Giga's balance:* " + credits(b.credits()) + parts + ", read " + Format.time(b.readAt()) + "."
                + (level > 0 ? " Admins are warned below " + credits(level) + " (GIGA_LOW_BALANCE_CREDITS)." : "");
    }

    private static String runs(UsageReport r) {
        List<UsageReport.RunCredits> runs = r.monthRuns();
        StringBuilder s = new StringBuilder();
        int shown = Math.min(RUNS_SHOWN, runs.size());
        for (int i = 0; i < shown; i++) {
            UsageReport.RunCredits run = runs.get(i);
            s.append(i == 0 ? "" : "\n").append("• `").append(runId(run.runId())).append("`");
            if (r.everyone()) {
                s.append(" by ").append(Format.user(run.requesterId()));
            }
            s.append(" in ").append(channel(run.channelId())).append(", ")
                    .append(DAY.format(LocalDate.ofInstant(run.createdAt(), ZoneOffset.UTC))).append(": ")
                    .append(run.rateKnown() ? credits(run.credits()) : "not counted (rate unknown)")
                    .append(run.going() ? " so far, still going" : "");
        }
        if (runs.size() > shown) {
            s.append("\n…and ").append(count(runs.size() - shown, "more run", "more runs")).append(".");
        }
        return s.toString();
    }

    private static String totals(List<UsageReport.Total> totals, int max, Function<String, String> show,
            String others) {
        StringBuilder s = new StringBuilder();
        int shown = Math.min(max, totals.size());
        for (int i = 0; i < shown; i++) {
            UsageReport.Total t = totals.get(i);
            s.append(i == 0 ? "" : "\n").append("• ").append(show.apply(t.id())).append(": ").append(credits(t.credits()))
                    .append(", ").append(count(t.runs(), "run", "runs"));
        }
        if (totals.size() > shown) {
            s.append("\n…and ").append(number(totals.size() - shown)).append(" ").append(others).append(".");
        }
        return s.toString();
    }

    private static String month(UsageReport r) {
        return MONTH.format(r.month()) + " (UTC)";
    }

    private static String channel(String id) {
        return id != null && id.matches("[CGD][A-Z0-9]{1,30}") ? "<#" + id + ">" : "a conversation";
    }

    private static String runId(String id) {
        return SlackText.escapeAndTruncate(id.replace('`', '\''), 60);
    }

    static String credits(long n) {
        return count(n, "credit", "credits");
    }

    static String credits(BigDecimal n) {
        return number(n) + (n.compareTo(BigDecimal.ONE) == 0 ? " credit" : " credits");
    }

    private static String count(long n, String one, String many) {
        return number(n) + " " + (n == 1 ? one : many);
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** 1234.5 as "1,234.5"; at most two decimals; "?" when Giga did not say. */
    private static String number(BigDecimal n) {
        if (n == null) {
            return "?";
        }
        DecimalFormat f = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f.format(n);
    }
}

package io.gigaslack.runs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A workspace's runs around 5 March 2026 for the usage tests (the report, its golden files, the chart): finished runs
 * on several days of February and March, one on a platform whose rate is unknown, one that never got a computer, and
 * one still going.
 */
public final class UsageFixtures {
    public static final Instant NOW = Instant.parse("2026-03-05T14:20:00Z");

    private UsageFixtures() {}

    public static List<MeteredRun> runs() {
        return List.of(
                // Before the chart's 30 days and the month: left out of everything.
                ended("r_jan", "U2", "C2", "2026-01-20T10:00:00Z", 20, "2026-01-20T10:01:00Z", "2026-01-20T12:01:00Z"),
                // In the chart, not in the month: 60 min at 20 an hour.
                ended("r_feb", "U1", "C1", "2026-02-20T10:00:00Z", 20, "2026-02-20T10:01:00Z", "2026-02-20T11:01:00Z"),
                // 30 min at 20: 10 credits.
                ended("r_mar2", "U1", "C1", "2026-03-02T09:00:00Z", 20, "2026-03-02T09:01:00Z", "2026-03-02T09:31:00Z"),
                // 45 min at 40: 30 credits.
                ended("r_mar3", "U2", "C2", "2026-03-03T16:00:00Z", 40, "2026-03-03T16:02:00Z", "2026-03-03T16:47:00Z"),
                // Giga refused it: no computer, no credits.
                new MeteredRun("r_mar4", "U3", "C1", Instant.parse("2026-03-04T12:00:00Z"), 20, null, null,
                        Instant.parse("2026-03-04T13:00:00Z"), false, false),
                // A platform whose rate is unknown: not counted.
                ended("r_mar5u", "U1", "C2", "2026-03-05T08:00:00Z", Platform.UNKNOWN_RATE, "2026-03-05T08:01:00Z",
                        "2026-03-05T09:01:00Z"),
                // Still going at 14:20: 18 min used at 10 an hour (3 credits), 40 more minutes held (7 credits).
                new MeteredRun("r_mar5g", "U1", "C1", Instant.parse("2026-03-05T14:00:00Z"), 10,
                        Instant.parse("2026-03-05T14:02:00Z"), null, Instant.parse("2026-03-05T15:00:00Z"), true, true));
    }

    /** Everyone's report at {@link #NOW}. */
    public static UsageReport everyone() {
        return UsageReport.of(runs(), NOW, null);
    }

    /** U1's report at {@link #NOW}. */
    public static UsageReport ofU1() {
        return UsageReport.of(runs(), NOW, "U1");
    }

    /** Giga's balance read at {@link #NOW}: 150 plan credits left and 25 prepaid. */
    public static CreditBalance balance(String plan, String prepaid) {
        BigDecimal p = new BigDecimal(plan);
        BigDecimal q = new BigDecimal(prepaid);
        return new CreditBalance("starter-pro", p, q, p.add(q), NOW.minusSeconds(120));
    }

    private static MeteredRun ended(String id, String user, String channel, String created, int rate, String ready,
            String ended) {
        return new MeteredRun(id, user, channel, Instant.parse(created), rate, Instant.parse(ready),
                Instant.parse(ended), Instant.parse(ended), true, false);
    }
}

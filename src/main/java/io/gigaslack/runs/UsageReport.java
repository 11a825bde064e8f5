package io.gigaslack.runs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Credits used, as {@code /giga usage} and the App Home show them: this UTC month by person and by channel with the
 * runs behind them, and the last {@link #DAYS} UTC days one by one (the chart). Every figure is
 * {@link MeteredRun#used(Instant)}, and a run counts in full on the day and in the month it was created, as the credit
 * budgets count it ({@link CreditBudget}). A run whose platform's rate is not known counts 0 and is counted apart
 * ({@link #unknownRate()}), so the words can say that it is left out. Pure: the caller reads the runs created
 * since {@link #since(Instant)} and passes them in.
 *
 * @param now the moment the report describes
 * @param userId whose runs these are; null for everyone in the workspace
 * @param used credits used this month
 * @param held credits still held this month by runs that may go on (what a budget counts beside {@code used})
 * @param runs how many runs were created this month
 * @param going how many of them may still run (their credits may still grow)
 * @param unknownRate how many of them ran on a platform whose rate is not known (counted as 0)
 * @param people this month's totals per person, most credits first
 * @param channels this month's totals per channel, most credits first
 * @param monthRuns this month's runs, most credits first (newest first among equals)
 * @param days the last {@link #DAYS} UTC days, oldest first, today last
 */
public record UsageReport(Instant now, String userId, long used, long held, int runs, int going, int unknownRate,
        List<Total> people, List<Total> channels, List<RunCredits> monthRuns, List<Day> days) {

    /** Days in the chart, today included. */
    public static final int DAYS = 30;

    /** One person's or one channel's credits this month, and how many runs they come from. */
    public record Total(String id, long credits, int runs) {}

    /** One run's credits, for the list of the runs behind the totals. */
    public record RunCredits(String runId, String requesterId, String channelId, Instant createdAt, long credits,
            boolean rateKnown, boolean going) {}

    /** One UTC day's credits: the runs created that day. */
    public record Day(LocalDate date, long credits, int runs) {}

    public UsageReport {
        Objects.requireNonNull(now, "now");
        people = List.copyOf(people);
        channels = List.copyOf(channels);
        monthRuns = List.copyOf(monthRuns);
        days = List.copyOf(days);
    }

    /** Whether this is the whole workspace's usage (an admin's view) rather than one person's. */
    public boolean everyone() {
        return userId == null;
    }

    /** The first day of the UTC month reported on. */
    public LocalDate month() {
        return LocalDate.ofInstant(CreditBudget.monthStart(now), ZoneOffset.UTC);
    }

    /** The first day in the chart. */
    public static LocalDate firstDay(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(DAYS - 1);
    }

    /** The earliest creation time a report at {@code now} needs: the month's start or the chart's, the earlier. */
    public static Instant since(Instant now) {
        Instant chart = firstDay(now).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant month = CreditBudget.monthStart(now);
        return chart.isBefore(month) ? chart : month;
    }

    /**
     * The report at {@code now} over {@code runs} (any order; those created before {@link #since} or after
     * {@code now} are left out), for {@code userId}'s runs only, or for everyone's when it is null.
     */
    public static UsageReport of(Collection<MeteredRun> runs, Instant now, String userId) {
        Instant monthStart = CreditBudget.monthStart(now);
        LocalDate first = firstDay(now);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Map<LocalDate, long[]> perDay = new LinkedHashMap<>();
        for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
            perDay.put(d, new long[2]);
        }
        Map<String, long[]> people = new LinkedHashMap<>();
        Map<String, long[]> channels = new LinkedHashMap<>();
        List<RunCredits> month = new ArrayList<>();
        long used = 0;
        long held = 0;
        int going = 0;
        int unknown = 0;
        for (MeteredRun r : runs) {
            if ((userId != null && !userId.equals(r.requesterId())) || r.createdAt().isAfter(now)) {
                continue;
            }
            long credits = r.used(now);
            long[] day = perDay.get(LocalDate.ofInstant(r.createdAt(), ZoneOffset.UTC));
            if (day != null) {
                day[0] += credits;
                day[1]++;
            }
            if (r.createdAt().isBefore(monthStart)) {
                continue;
            }
            boolean stillGoing = r.mayStillRun() && r.endedAt() == null;
            used += credits;
            held += r.held(now);
            going += stillGoing ? 1 : 0;
            unknown += r.rateKnown() ? 0 : 1;
            add(people, r.requesterId(), credits);
            add(channels, r.channelId(), credits);
            month.add(new RunCredits(r.runId(), r.requesterId(), r.channelId(), r.createdAt(), credits, r.rateKnown(),
                    stillGoing));
        }
        month.sort(Comparator.comparingLong(RunCredits::credits).reversed()
                .thenComparing(RunCredits::createdAt, Comparator.reverseOrder()).thenComparing(RunCredits::runId));
        List<Day> days = new ArrayList<>();
        perDay.forEach((d, v) -> days.add(new Day(d, v[0], (int) v[1])));
        return new UsageReport(now, userId, used, held, month.size(), going, unknown, totals(people), totals(channels),
                month, days);
    }

    /** Credits of the last {@link #DAYS} days together. */
    public long chartTotal() {
        return days.stream().mapToLong(Day::credits).sum();
    }

    private static void add(Map<String, long[]> totals, String id, long credits) {
        long[] t = totals.computeIfAbsent(id == null ? "" : id, k -> new long[2]);
        t[0] += credits;
        t[1]++;
    }

    private static List<Total> totals(Map<String, long[]> totals) {
        List<Total> out = new ArrayList<>();
        totals.forEach((id, t) -> out.add(new Total(id, t[0], (int) t[1])));
        out.sort(Comparator.comparingLong(Total::credits).reversed().thenComparing(Total::runs, Comparator.reverseOrder())
                .thenComparing(Total::id));
        return out;
    }
}

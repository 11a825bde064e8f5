package io.gigaslack.runs;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.Collection;
import java.util.Locale;

/**
 * Optional caps on credits: per person per day ({@code GIGA_MAX_CREDITS_PER_USER_PER_DAY}) and per workspace per
 * month ({@code GIGA_MAX_CREDITS_PER_WORKSPACE_PER_MONTH}), both in UTC. A run counts in full, with what it used and
 * what it still holds ({@link MeteredRun}), on the day and in the month it was started. A start must fit what it
 * would hold (its rate × the hours asked for); an extension must fit what it adds. Pure: the caller reads the runs of
 * the period and passes them in.
 *
 * @param perUserPerDay the cap on one person's credits in a UTC day, or 0 for none
 * @param perWorkspacePerMonth the cap on a workspace's credits in a UTC calendar month, or 0 for none
 */
public record CreditBudget(long perUserPerDay, long perWorkspacePerMonth) {
    public static final CreditBudget NONE = new CreditBudget(0, 0);

    public CreditBudget {
        if (perUserPerDay < 0 || perWorkspacePerMonth < 0) {
            throw new IllegalArgumentException("a credit cap is 0 (none) or more");
        }
    }

    public boolean capsPeople() {
        return perUserPerDay > 0;
    }

    public boolean capsWorkspace() {
        return perWorkspacePerMonth > 0;
    }

    /** What a period's runs count at {@code now}: credits used, and credits still held by runs that may go on. */
    public record Spend(long used, long held) {
        public static final Spend NOTHING = new Spend(0, 0);

        public static Spend of(Collection<MeteredRun> runs, Instant now) {
            long used = 0;
            long held = 0;
            for (MeteredRun r : runs) {
                used += r.used(now);
                held += r.held(now);
            }
            return new Spend(used, held);
        }

        public long total() {
            return used + held;
        }
    }

    /** The start of the UTC day {@code now} is in: a person's budget counts the runs started since. */
    public static Instant dayStart(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The start of the UTC month {@code now} is in: a workspace's budget counts the runs started since. */
    public static Instant monthStart(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * May a run at {@code creditsPerHour} for {@code hours} start, given what its person has counted today and its
     * workspace this month? A platform whose rate is not known is not counted (the card says so).
     */
    public Decision checkStart(int creditsPerHour, int hours, Spend personToday, Spend workspaceMonth, Instant now) {
        if (creditsPerHour < 0) {
            return Decision.allowed();
        }
        long needs = MeteredRun.credits(creditsPerHour, Duration.ofHours(hours));
        String what = "This run would hold " + credits(needs) + " (" + PolicyWords.count(hours, "hour", "hours")
                + " at " + credits(creditsPerHour) + " an hour)";
        return check(needs, what, Who.REQUESTER, "Ask for fewer hours, or stop a run you no longer need.",
                "An admin can raise the cap.", personToday, workspaceMonth, now);
    }

    /**
     * May a run at {@code creditsPerHour} be extended by {@code more}, given what the person who started it has
     * counted today and its workspace this month? {@code byRequester} says whether the person asking started it.
     */
    public Decision checkExtend(int creditsPerHour, Duration more, boolean byRequester, Spend requesterToday,
            Spend workspaceMonth, Instant now) {
        return checkMore("Extending it", "before it stops", creditsPerHour, more, byRequester, requesterToday,
                workspaceMonth, now);
    }

    /**
     * May a finished agent's computer be kept running for {@code more} (from its automatic stop to the end of the
     * hours asked for)? Keeping it holds that time again, so it must fit like an extension.
     */
    public Decision checkKeep(int creditsPerHour, Duration more, boolean byRequester, Spend requesterToday,
            Spend workspaceMonth, Instant now) {
        return checkMore("Keeping the computer running", "before it stops by itself", creditsPerHour, more,
                byRequester, requesterToday, workspaceMonth, now);
    }

    /** An extension or a kept computer: {@code more} time of an existing run, counted for the person who started it. */
    private Decision checkMore(String doing, String beforeWhat, int creditsPerHour, Duration more, boolean byRequester,
            Spend requesterToday, Spend workspaceMonth, Instant now) {
        if (creditsPerHour < 0 || more.isNegative() || more.isZero()) {
            return Decision.allowed();
        }
        long needs = MeteredRun.credits(creditsPerHour, more);
        String what = doing + " would hold " + moreCredits(needs) + " (" + minutes(more) + " at "
                + credits(creditsPerHour) + " an hour)";
        String save = "save what you need from its desktop " + beforeWhat;
        String personAdvice = byRequester
                ? (doing.startsWith("Extending") ? "Stop a run you no longer need, or " + save + "."
                        : capitalized(save) + ", or stop a run you no longer need.")
                : capitalized(save) + ".";
        return check(needs, what, byRequester ? Who.REQUESTER : Who.SOMEONE_ELSE, personAdvice,
                capitalized(save) + "; an admin can raise the cap.", requesterToday, workspaceMonth, now);
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Whose budget a refusal speaks of: the asker's own, or that of the person who started the run. */
    private enum Who {
        REQUESTER("you have", "your"), SOMEONE_ELSE("the person who started it has", "their");

        final String has;
        final String whose;

        Who(String has, String whose) {
            this.has = has;
            this.whose = whose;
        }
    }

    private Decision check(long needs, String what, Who who, String personAdvice, String workspaceAdvice,
            Spend person, Spend workspace, Instant now) {
        if (capsPeople() && person.total() + needs > perUserPerDay) {
            String cap = credits(perUserPerDay) + " a day (GIGA_MAX_CREDITS_PER_USER_PER_DAY)";
            String reset = "The day's budget starts again at 00:00 UTC, in "
                    + until(now, dayStart(now).plus(Duration.ofDays(1))) + ". ";
            String text = person.total() == 0 ? what + ", more than " + who.whose + " " + cap + ". " + personAdvice
                    : what + ", and " + who.has + " " + inUse(person) + " of " + who.whose + " " + cap + ". " + reset
                            + personAdvice;
            return Decision.refused(Decision.Reason.CREDITS_PER_USER_PER_DAY, text, "Needs " + credits(needs) + "; "
                    + left(person, perUserPerDay) + " of " + who.whose + " " + PolicyWords.number(perUserPerDay)
                    + " a day " + (left(person, perUserPerDay).equals("1") ? "is" : "are") + " left until 00:00 UTC"
                    + " (GIGA_MAX_CREDITS_PER_USER_PER_DAY).");
        }
        if (capsWorkspace() && workspace.total() + needs > perWorkspacePerMonth) {
            Instant next = LocalDate.ofInstant(monthStart(now), ZoneOffset.UTC).plusMonths(1)
                    .atStartOfDay(ZoneOffset.UTC).toInstant();
            String cap = credits(perWorkspacePerMonth) + " a month (GIGA_MAX_CREDITS_PER_WORKSPACE_PER_MONTH)";
            String text = workspace.total() == 0 ? what + ", more than this workspace's " + cap + ". "
                    + workspaceAdvice
                    : what + ", and this workspace has " + inUse(workspace) + " of its " + cap + ". The month's budget"
                            + " starts again on " + day(next) + " at 00:00 UTC, in " + until(now, next) + ". "
                            + workspaceAdvice;
            return Decision.refused(Decision.Reason.CREDITS_PER_WORKSPACE_PER_MONTH, text, "Needs " + credits(needs)
                    + "; " + left(workspace, perWorkspacePerMonth) + " of this workspace's "
                    + PolicyWords.number(perWorkspacePerMonth) + " a month "
                    + (left(workspace, perWorkspacePerMonth).equals("1") ? "is" : "are") + " left until " + day(next)
                    + " (GIGA_MAX_CREDITS_PER_WORKSPACE_PER_MONTH).");
        }
        return Decision.allowed();
    }

    private static String left(Spend s, long cap) {
        return PolicyWords.number(Math.max(0, cap - s.total()));
    }

    /** "5 more credits". */
    private static String moreCredits(long n) {
        return PolicyWords.number(n) + " more " + (n == 1 ? "credit" : "credits");
    }

    /** "15 minutes", "1 h 45 min". */
    private static String minutes(Duration d) {
        long m = (d.toSeconds() + 59) / 60;
        return m < 60 ? PolicyWords.count(m, "minute", "minutes") : until(Instant.EPOCH, Instant.EPOCH.plus(d));
    }

    /** "130 in use (90 used, 40 held by runs still going)", followed by "of your 150 credits a day". */
    private static String inUse(Spend s) {
        return PolicyWords.number(s.total()) + " in use (" + PolicyWords.number(s.used()) + " used, "
                + PolicyWords.number(s.held()) + " held by runs still going)";
    }

    private static String credits(long n) {
        return PolicyWords.count(n, "credit", "credits");
    }

    /** "1 January". */
    private static String day(Instant t) {
        LocalDate d = LocalDate.ofInstant(t, ZoneOffset.UTC);
        return d.getDayOfMonth() + " " + d.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    /** "5 h 10 min", "42 min", "3 days". */
    static String until(Instant now, Instant then) {
        long minutes = Math.max(1, (Duration.between(now, then).toSeconds() + 59) / 60);
        if (minutes >= 48 * 60) {
            return PolicyWords.count((minutes + 24 * 60 - 1) / (24 * 60), "day", "days");
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        return minutes % 60 == 0 ? PolicyWords.count(minutes / 60, "hour", "hours")
                : minutes / 60 + " h " + minutes % 60 + " min";
    }
}

package io.gigaslack.service;

import io.gigaslack.runs.AccessRules;
import io.gigaslack.runs.CreditBalance;
import io.gigaslack.runs.UsageReport;
import io.gigaslack.store.BalanceStore;
import io.gigaslack.store.Jdbc;
import io.gigaslack.store.RunRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Usage at a glance: {@code /giga usage} and the admins' part of the App Home. Admins (the configured ones, and
 * workspace admins and owners) see the whole workspace, everyone else their own runs. The numbers come from
 * {@link UsageReport} over the runs as stored; the chart is drawn and uploaded later, by a job, never on the
 * acknowledgement's path. Nothing here calls Slack or Giga: Giga's balance is the one last read by the balance check,
 * that of the viewer's workspace's own Giga account.
 */
public final class UsageService {
    private final Jdbc jdbc;
    private final RunRepository runs;
    private final BalanceStore balances;
    private final Function<String, Optional<String>> gigaAccountOf;
    private final JobWriter jobs;
    /** Each workspace's access rules: its own app admins see everyone's usage. */
    private final Function<String, AccessRules> access;
    private final Directory directory;
    private final Clock clock;
    private final long lowBalanceCredits;
    private final Runnable nudge;

    /**
     * {@code gigaAccountOf}: the id of a team's Giga account (its row in {@link BalanceStore}), empty while it has
     * none; {@code lowBalanceCredits}: the warning level ({@code GIGA_LOW_BALANCE_CREDITS}), 0 when it is off.
     */
    public UsageService(Jdbc jdbc, RunRepository runs, BalanceStore balances,
            Function<String, Optional<String>> gigaAccountOf, JobWriter jobs, AccessRules rules, Directory directory,
            Clock clock, long lowBalanceCredits, Runnable nudge) {
        this(jdbc, runs, balances, gigaAccountOf, jobs, team -> rules, directory, clock, lowBalanceCredits, nudge);
    }

    /** {@code teams}: each workspace's settings, whose app admins see its whole usage. */
    public UsageService(Jdbc jdbc, RunRepository runs, BalanceStore balances,
            Function<String, Optional<String>> gigaAccountOf, JobWriter jobs, TeamSettings teams, Directory directory,
            Clock clock, long lowBalanceCredits, Runnable nudge) {
        this(jdbc, runs, balances, gigaAccountOf, jobs, team -> teams.of(team).access(), directory, clock,
                lowBalanceCredits, nudge);
    }

    private UsageService(Jdbc jdbc, RunRepository runs, BalanceStore balances,
            Function<String, Optional<String>> gigaAccountOf, JobWriter jobs, Function<String, AccessRules> access,
            Directory directory, Clock clock, long lowBalanceCredits, Runnable nudge) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.balances = balances;
        this.gigaAccountOf = gigaAccountOf;
        this.jobs = jobs;
        this.access = access;
        this.directory = directory;
        this.clock = clock;
        this.lowBalanceCredits = lowBalanceCredits;
        this.nudge = nudge;
    }

    /**
     * The admins' view of the App Home: the workspace's usage, its Giga account's balance (null if never read, or
     * while it has no account) and the warning level.
     */
    public record AdminHome(UsageReport usage, CreditBalance balance, long lowBalanceCredits) {}

    /** Whether {@code userId} sees everyone's usage: the workspace's app admins, and workspace admins and owners. */
    public boolean seesEveryone(String teamId, String userId) {
        return access.apply(teamId).isConfiguredAdmin(userId) || directory.isWorkspaceAdmin(teamId, userId);
    }

    /**
     * {@code /giga usage}: the report for the caller (everyone's for an admin, else their own), and the upload of its
     * chart into their DM with the app, queued in the same breath.
     */
    public UsageReport usage(String teamId, String userId) {
        boolean everyone = seesEveryone(teamId, userId);
        Instant now = clock.instant();
        UsageReport report = report(teamId, everyone ? null : userId, now);
        jdbc.useTransaction(tx -> jobs.add(tx, null, new RunJob.UsageChart(teamId, userId, everyone, now)));
        nudge.run();
        return report;
    }

    /** The App Home's usage part, for admins only. */
    public Optional<AdminHome> adminHome(String teamId, String userId) {
        if (!seesEveryone(teamId, userId)) {
            return Optional.empty();
        }
        CreditBalance balance = gigaAccountOf.apply(teamId).flatMap(balances::latest).orElse(null);
        return Optional.of(new AdminHome(report(teamId, null, clock.instant()), balance, lowBalanceCredits));
    }

    private UsageReport report(String teamId, String userId, Instant now) {
        return report(runs, teamId, userId, now);
    }

    /**
     * The report at {@code now} over a workspace's stored runs: {@code userId}'s, or everyone's when it is null. The
     * chart's job draws from the same, as at the moment it was asked for.
     */
    public static UsageReport report(RunRepository runs, String teamId, String userId, Instant now) {
        return UsageReport.of(runs.listMeteredSince(teamId, userId, UsageReport.since(now)), now, userId);
    }
}

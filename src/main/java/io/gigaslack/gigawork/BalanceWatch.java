package io.gigaslack.gigawork;

import io.gigaslack.giga.Billing;
import io.gigaslack.giga.GigaClient;
import io.gigaslack.runs.CreditBalance;
import io.gigaslack.service.JobCodec;
import io.gigaslack.service.JobWriter;
import io.gigaslack.service.RunJob;
import io.gigaslack.store.BalanceStore;
import io.gigaslack.store.Jdbc;
import io.gigaslack.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Giga's balance every {@link #EVERY} ({@code GET /api/billing}, at background priority: 12 requests an hour,
 * from one replica at a time, since the check is one chain of jobs under one pseudo run id), records it for the App
 * Home, and when it first falls below {@code GIGA_LOW_BALANCE_CREDITS} has the admins told in their DMs with the app,
 * once: the fall is marked warned in the database in the same transaction as one Slack job for "the admins" is queued,
 * and cleared only once the balance is back at or above the level. Who the admins are is the Slack side's to find out
 * (the configured admins this watch hands on, {@code GIGA_ADMIN_USERS}, and the workspace's admins and owners, whom
 * only Slack knows); it then queues one warning per person, each sent once.
 */
public final class BalanceWatch {
    private static final Logger log = LoggerFactory.getLogger(BalanceWatch.class);
    /** Between two reads of the balance. */
    public static final Duration EVERY = Duration.ofMinutes(5);
    /** The first read after start-up: soon, but not in the middle of starting. */
    public static final Duration FIRST_AFTER = Duration.ofMinutes(1);

    private final GigaClient giga;
    private final BalanceStore balances;
    private final Jdbc jdbc;
    private final JobWriter jobs;
    private final Clock clock;
    private final long level;
    private final List<String> admins;

    /**
     * @param backgroundGiga the client at background priority
     * @param level the warning level in credits, 0 for no warning
     * @param admins the configured admins, in order, told along with the workspace's admins and owners
     */
    public BalanceWatch(GigaClient backgroundGiga, BalanceStore balances, Jdbc jdbc, JobWriter jobs, Clock clock,
            long level, Set<String> admins) {
        this.giga = backgroundGiga;
        this.balances = balances;
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.clock = clock;
        this.level = level;
        this.admins = List.copyOf(admins);
    }

    /** Makes sure a check is scheduled (at start-up, and every few minutes in case the chain was ever broken). */
    public void ensureScheduled() {
        if (!jobs.hasUnfinished(JobCodec.BALANCE_RUN_ID, new RunJob.CheckBalance())) {
            jdbc.useTransaction(tx -> jobs.addCoalesced(tx, JobCodec.BALANCE_RUN_ID, new RunJob.CheckBalance(),
                    clock.instant().plus(FIRST_AFTER)));
        }
    }

    /** The scheduled job: one check, then the next one scheduled, whatever Giga answered. */
    public void runScheduled() {
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("could not read Giga's balance: {}", e.getMessage());
        } finally {
            jdbc.useTransaction(tx -> jobs.addCoalesced(tx, JobCodec.BALANCE_RUN_ID, new RunJob.CheckBalance(),
                    clock.instant().plus(EVERY)));
        }
    }

    /** Reads the balance, records it and acts on the warning; returns what was read. */
    public CreditBalance check() {
        Billing b = giga.getBilling();
        Instant now = clock.instant();
        CreditBalance balance = new CreditBalance(b.plan(), b.planCreditsRemaining(), b.prepaidBalance(),
                b.totalBalance(), now);
        jdbc.useTransaction(tx -> {
            boolean sent = balances.record(tx, balance);
            switch (balance.warning(level, sent)) {
                case SEND -> {
                    if (balances.markWarned(tx, now)) {
                        warn(tx, balance, now);
                    }
                }
                case CLEAR -> {
                    balances.clearWarning(tx);
                    if (level > 0) {
                        log.info("Giga's balance is back at {} credits, not below GIGA_LOW_BALANCE_CREDITS ({})",
                                balance.credits().toPlainString(), level);
                    }
                }
                case NONE -> { }
            }
        });
        return balance;
    }

    private void warn(Tx tx, CreditBalance balance, Instant now) {
        log.warn("Giga's balance is {} credits, below GIGA_LOW_BALANCE_CREDITS ({}); telling the workspace's admins"
                + " and owners{}", balance.credits().toPlainString(), level,
                admins.isEmpty() ? "" : " and " + String.join(", ", admins));
        jobs.add(tx, null, new RunJob.LowBalanceAdmins(admins, balance.credits(), level, now));
    }
}

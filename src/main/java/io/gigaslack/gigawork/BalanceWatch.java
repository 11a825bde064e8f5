package io.gigaslack.gigawork;

import io.gigaslack.giga.Billing;
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
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the balance of every connected Giga account every {@link #EVERY} ({@code GET /api/billing} with the account's
 * own key, at background priority: 12 requests an hour per account, from one replica at a time, since the check is one
 * chain of jobs under one pseudo run id), records it for the App Home (one row per account), and when an account's
 * balance first falls below {@code GIGA_LOW_BALANCE_CREDITS} has that account's admins told in their DMs with the app,
 * once: the fall is marked warned on the account's row in the same transaction as one Slack job for "the admins" (which
 * names the account) is queued, and cleared only once the balance is back at or above the level. An account Giga does
 * not answer for is logged and skipped; the others are read all the same. Who the admins are is the Slack side's to
 * find out (the configured admins this watch hands on, {@code GIGA_ADMIN_USERS}, and the workspace's admins and owners,
 * whom only Slack knows); it then queues one warning per person, each sent once.
 */
public final class BalanceWatch {
    private static final Logger log = LoggerFactory.getLogger(BalanceWatch.class);
    /** Between two reads of the balance. */
    public static final Duration EVERY = Duration.ofMinutes(5);
    /** The first read after start-up: soon, but not in the middle of starting. */
    public static final Duration FIRST_AFTER = Duration.ofMinutes(1);

    private final GigaAccounts accounts;
    private final BalanceStore balances;
    private final Jdbc jdbc;
    private final JobWriter jobs;
    private final Clock clock;
    private final long level;
    /** By account id: its configured admins, in order. */
    private final Function<String, ? extends Collection<String>> adminsOf;

    /**
     * @param accounts the connected Giga accounts, each read with its own client at background priority
     * @param level the warning level in credits, 0 for no warning
     * @param adminsOf by account id (the workspace's id in distributed mode): its configured admins, in order, told
     *     along with the workspace's admins and owners; read when a warning is sent, so a list the workspace's admins
     *     changed in Slack counts
     */
    public BalanceWatch(GigaAccounts accounts, BalanceStore balances, Jdbc jdbc, JobWriter jobs, Clock clock,
            long level, Function<String, ? extends Collection<String>> adminsOf) {
        this.accounts = accounts;
        this.balances = balances;
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.clock = clock;
        this.level = level;
        this.adminsOf = adminsOf;
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
            log.warn("could not read Giga's balances: {}", e.getMessage());
        } finally {
            jdbc.useTransaction(tx -> jobs.addCoalesced(tx, JobCodec.BALANCE_RUN_ID, new RunJob.CheckBalance(),
                    clock.instant().plus(EVERY)));
        }
    }

    /**
     * Reads every connected account's balance, records each and acts on its warning; returns what was read, by
     * account id. An account whose balance cannot be read is logged and left out.
     */
    public Map<String, CreditBalance> check() {
        Map<String, CreditBalance> read = new LinkedHashMap<>();
        for (GigaAccounts.GigaAccount account : accounts.all()) {
            try {
                read.put(account.accountId(), check(account));
            } catch (RuntimeException e) {
                log.warn("could not read the Giga balance of account {}: {}", account.accountId(),
                        GigaErrorWords.redact(e.getMessage()));
            }
        }
        return read;
    }

    /** Reads one account's balance, records it and acts on the warning; returns what was read. */
    public CreditBalance check(GigaAccounts.GigaAccount account) {
        Billing b = account.client().background().getBilling();
        Instant now = clock.instant();
        String id = account.accountId();
        CreditBalance balance = new CreditBalance(b.plan(), b.planCreditsRemaining(), b.prepaidBalance(),
                b.totalBalance(), now);
        jdbc.useTransaction(tx -> {
            boolean sent = balances.record(tx, id, balance);
            switch (balance.warning(level, sent)) {
                case SEND -> {
                    if (balances.markWarned(tx, id, now)) {
                        warn(tx, id, balance, now);
                    }
                }
                case CLEAR -> {
                    balances.clearWarning(tx, id);
                    if (level > 0) {
                        log.info("the Giga balance of account {} is back at {} credits, not below"
                                + " GIGA_LOW_BALANCE_CREDITS ({})", id, balance.credits().toPlainString(), level);
                    }
                }
                case NONE -> { }
            }
        });
        return balance;
    }

    private void warn(Tx tx, String accountId, CreditBalance balance, Instant now) {
        List<String> admins = List.copyOf(new LinkedHashSet<>(adminsOf.apply(accountId)));
        log.warn("the Giga balance of account {} is {} credits, below GIGA_LOW_BALANCE_CREDITS ({}); telling the"
                + " workspace's admins and owners{}", accountId, balance.credits().toPlainString(), level,
                admins.isEmpty() ? "" : " and " + String.join(", ", admins));
        jobs.add(tx, null, new RunJob.LowBalanceAdmins(admins, balance.credits(), level, now, accountId));
    }
}

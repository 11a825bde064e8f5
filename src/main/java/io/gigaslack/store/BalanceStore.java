package io.gigaslack.store;

import io.gigaslack.runs.CreditBalance;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Giga's balance as last read, and whether the admins were told it fell below the warning level: one row of
 * {@code giga_balance} per Giga account (its id the account's: a team or enterprise id, or {@link #SINGLE_ACCOUNT}),
 * shared by every replica. Marking the warning sent is a conditional update, so of several replicas checking at once
 * only one sends it.
 */
public final class BalanceStore {
    /** The row of single-workspace mode's one account: the id the table's one row has always had. */
    public static final String SINGLE_ACCOUNT = "giga";
    private static final String TABLE = "giga_balance";

    private final Jdbc jdbc;

    public BalanceStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The last reading of the account's balance, if it was ever read. */
    public Optional<CreditBalance> latest(String accountId) {
        return jdbc.queryOne("SELECT * FROM " + TABLE + " WHERE id = ? AND read_at IS NOT NULL", BalanceStore::balance,
                accountId);
    }

    /**
     * Stores a reading in the caller's transaction; returns whether the warning was already sent for the present fall
     * (read under the row's lock, so a concurrent check waits for this transaction).
     */
    public boolean record(Tx tx, String accountId, CreditBalance b) {
        ensureRow(tx, accountId);
        tx.update("UPDATE " + TABLE + " SET plan = ?, plan_credits_remaining = ?, prepaid_balance = ?, total_balance = ?,"
                + " read_at = ? WHERE id = ?", b.plan(), text(b.planCreditsRemaining()), text(b.prepaidBalance()),
                text(b.totalBalance()), b.readAt(), accountId);
        return warnedAt(tx, accountId).isPresent();
    }

    /** Marks the warning sent at {@code at}; true only for the one caller that changed it (it was not sent yet). */
    public boolean markWarned(Tx tx, String accountId, Instant at) {
        return tx.update("UPDATE " + TABLE + " SET low_warned_at = ? WHERE id = ? AND low_warned_at IS NULL", at,
                accountId) == 1;
    }

    /** The balance is back up (or the warning is off): the next fall is news again. */
    public void clearWarning(Tx tx, String accountId) {
        tx.update("UPDATE " + TABLE + " SET low_warned_at = NULL WHERE id = ?", accountId);
    }

    /** When the warning for the account's present fall was sent, if it was. */
    public Optional<Instant> warnedAt(String accountId) {
        return jdbc.inTransaction(tx -> warnedAt(tx, accountId));
    }

    /** Forgets the account's balance (its workspace left); a later reading starts a new row. */
    public void forget(Tx tx, String accountId) {
        tx.update("DELETE FROM " + TABLE + " WHERE id = ?", accountId);
    }

    private Optional<Instant> warnedAt(Tx tx, String accountId) {
        return tx.queryOne("SELECT low_warned_at FROM " + TABLE + " WHERE id = ?", rs -> Optional.ofNullable(
                Rows.instant(rs, "low_warned_at")), accountId).flatMap(o -> o);
    }

    private void ensureRow(Tx tx, String accountId) {
        String sql = tx.dialect().insertIfAbsent(TABLE, List.of("id"), "id");
        try {
            tx.withSavepoint(() -> tx.updateRaw(sql, accountId));
        } catch (SQLException e) {
            if (!tx.dialect().isLostInsertRace(e)) {
                throw new StoreException("Storing Giga's balance failed: " + e.getMessage(), e);
            }
        }
    }

    private static CreditBalance balance(ResultSet rs) throws SQLException {
        return new CreditBalance(rs.getString("plan"), decimal(rs, "plan_credits_remaining"),
                decimal(rs, "prepaid_balance"), decimal(rs, "total_balance"), Rows.instant(rs, "read_at"));
    }

    private static BigDecimal decimal(ResultSet rs, String column) throws SQLException {
        String v = rs.getString(column);
        try {
            return v == null ? null : new BigDecimal(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(BigDecimal d) {
        return d == null ? null : d.toPlainString();
    }
}

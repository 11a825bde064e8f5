package io.gigaslack.store;

import io.gigaslack.runs.CreditBalance;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Giga's balance as last read, and whether the admins were told it fell below the warning level: the one row of
 * {@code giga_balance}, shared by every replica. Marking the warning sent is a conditional update, so of several
 * replicas checking at once only one sends it.
 */
public final class BalanceStore {
    static final String ID = "giga";
    private static final String TABLE = "giga_balance";

    private final Jdbc jdbc;

    public BalanceStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The last reading, if Giga's balance was ever read. */
    public Optional<CreditBalance> latest() {
        return jdbc.queryOne("SELECT * FROM " + TABLE + " WHERE id = ? AND read_at IS NOT NULL", BalanceStore::balance,
                ID);
    }

    /**
     * Stores a reading in the caller's transaction; returns whether the warning was already sent for the present fall
     * (read under the row's lock, so a concurrent check waits for this transaction).
     */
    public boolean record(Tx tx, CreditBalance b) {
        ensureRow(tx);
        tx.update("UPDATE " + TABLE + " SET plan = ?, plan_credits_remaining = ?, prepaid_balance = ?, total_balance = ?,"
                + " read_at = ? WHERE id = ?", b.plan(), text(b.planCreditsRemaining()), text(b.prepaidBalance()),
                text(b.totalBalance()), b.readAt(), ID);
        return warnedAt(tx).isPresent();
    }

    /** Marks the warning sent at {@code at}; true only for the one caller that changed it (it was not sent yet). */
    public boolean markWarned(Tx tx, Instant at) {
        return tx.update("UPDATE " + TABLE + " SET low_warned_at = ? WHERE id = ? AND low_warned_at IS NULL", at, ID)
                == 1;
    }

    /** The balance is back up (or the warning is off): the next fall is news again. */
    public void clearWarning(Tx tx) {
        tx.update("UPDATE " + TABLE + " SET low_warned_at = NULL WHERE id = ?", ID);
    }

    /** When the warning for the present fall was sent, if it was. */
    public Optional<Instant> warnedAt() {
        return jdbc.inTransaction(this::warnedAt);
    }

    private Optional<Instant> warnedAt(Tx tx) {
        return tx.queryOne("SELECT low_warned_at FROM " + TABLE + " WHERE id = ?", rs -> Optional.ofNullable(
                Rows.instant(rs, "low_warned_at")), ID).flatMap(o -> o);
    }

    private void ensureRow(Tx tx) {
        String sql = tx.dialect().insertIfAbsent(TABLE, List.of("id"), "id");
        try {
            tx.withSavepoint(() -> tx.updateRaw(sql, ID));
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

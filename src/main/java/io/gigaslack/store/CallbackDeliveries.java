package io.gigaslack.store;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Agent callbacks stored as received (before they are acted on), then marked processed; whatever is left
 * unprocessed after a crash is found again by {@link #unprocessed}.
 */
public final class CallbackDeliveries {
    /** The largest body kept, in UTF-8 bytes; the HTTP layer refuses larger ones. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private static final String SELECT = "SELECT id, run_id, received_at, body, processed FROM callback_deliveries ";

    private final Jdbc jdbc;

    public CallbackDeliveries(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a callback body; returns its id.
     *
     * @throws IllegalArgumentException if the body is over {@link #MAX_BODY_BYTES} in UTF-8
     */
    public long store(Tx tx, String runId, Instant receivedAt, String body) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(body, "body");
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("Callback body of " + bytes + " bytes is over " + MAX_BODY_BYTES);
        }
        return tx.insertReturningId("INSERT INTO callback_deliveries (run_id, received_at, body, processed) "
                + "VALUES (?, ?, ?, FALSE)", runId, receivedAt, body);
    }

    public long store(String runId, Instant receivedAt, String body) {
        return jdbc.inTransaction(tx -> store(tx, runId, receivedAt, body));
    }

    /** Marks a delivery processed; false if it was already (or does not exist). */
    public boolean markProcessed(Tx tx, long id) {
        return tx.update("UPDATE callback_deliveries SET processed = TRUE WHERE id = ? AND processed = FALSE", id) == 1;
    }

    public boolean markProcessed(long id) {
        return jdbc.inTransaction(tx -> markProcessed(tx, id));
    }

    public Optional<CallbackDelivery> find(long id) {
        return jdbc.queryOne(SELECT + "WHERE id = ?", CallbackDeliveries::map, id);
    }

    /** Deliveries not yet processed, oldest first. */
    public List<CallbackDelivery> unprocessed(int limit) {
        return jdbc.query(SELECT + "WHERE processed = FALSE ORDER BY received_at, id FETCH FIRST ? ROWS ONLY",
                CallbackDeliveries::map, limit);
    }

    /** Deletes processed deliveries received before {@code before}; returns how many. */
    public int purgeProcessed(Instant before) {
        return jdbc.update("DELETE FROM callback_deliveries WHERE processed = TRUE AND received_at < ?", before);
    }

    private static CallbackDelivery map(ResultSet rs) throws SQLException {
        return new CallbackDelivery(rs.getLong("id"), rs.getString("run_id"), Rows.instant(rs, "received_at"),
                rs.getString("body"), rs.getBoolean("processed"));
    }
}

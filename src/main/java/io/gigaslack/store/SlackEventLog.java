package io.gigaslack.store;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Slack deliveries already seen, so a retried delivery (Slack retries what it thinks we missed) is handled once.
 * The key is whatever identifies a delivery: an event id, an action's trigger id, or a hash of the request.
 */
public final class SlackEventLog {
    public static final int MAX_KEY_LENGTH = 200;

    private final Jdbc jdbc;

    public SlackEventLog(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records {@code key} as seen at {@code now} unless it was seen before; true only for the first sighting. Of
     * several concurrent callers with the same key, exactly one gets true.
     */
    public boolean firstSeen(String key, Instant now) {
        Objects.requireNonNull(key, "key");
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("Slack event key longer than " + MAX_KEY_LENGTH + " characters");
        }
        Dialect dialect = jdbc.dialect();
        String sql = dialect.insertIfAbsent("slack_events", List.of("event_key", "first_seen"), "event_key");
        return jdbc.inTransaction(tx -> {
            try {
                return tx.withSavepoint(() -> tx.updateRaw(sql, key, now)) == 1;
            } catch (SQLException e) {
                if (dialect.isLostInsertRace(e)) {
                    return false;
                }
                throw new StoreException("Recording Slack event failed: " + e.getMessage(), e);
            }
        });
    }

    /** Forgets one key, so a delivery whose handling failed is handled again when Slack retries it. */
    public void forget(String key) {
        jdbc.update("DELETE FROM slack_events WHERE event_key = ?", key);
    }

    /** Forgets keys first seen before {@code before} (Slack stops retrying after minutes); returns how many. */
    public int purgeBefore(Instant before) {
        return jdbc.update("DELETE FROM slack_events WHERE first_seen < ?", before);
    }
}

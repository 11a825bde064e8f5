package io.gigaslack.store;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Giga's request window per API key, shared by every replica: a sliding-window log kept as a ring of slots
 * ({@code giga_rate_slots}), one row per request the window may hold. A request may go when a slot was last used at
 * least {@link #span()} ago (the window and a margin); it then takes the slot used longest ago and stamps it with now.
 * Each slot so lets at most one request go per span, and a ring of N slots never lets more than N go within any
 * window. Every take locks the key's row ({@code giga_rate_keys}), so takes of one key, from any replica, happen one
 * at a time and each sees the ones before it; a take is one short transaction and never waits for anything but that
 * lock. Keys are given by an id the caller derives from the key (never the key itself). Times come from the caller
 * (its clock, for a take).
 */
public final class RateSlots {
    private static final String KEYS = "giga_rate_keys";
    private static final String SLOTS = "giga_rate_slots";

    private final Jdbc jdbc;
    private final Duration span;

    /** @param span how long a slot stays used after it let a request go: the window plus a margin */
    public RateSlots(Jdbc jdbc, Duration span) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        if (span.isNegative() || span.isZero()) {
            throw new IllegalArgumentException("span must be positive: " + span);
        }
        this.span = span;
    }

    public Duration span() {
        return span;
    }

    /**
     * What one take saw.
     *
     * @param slot         the slot taken, or -1 when the window (or a pause) refused
     * @param readAt       the time of the take (whole milliseconds: the slot taken is stamped with it)
     * @param pausedUntil  no request before this (Giga asked for a pause); {@link Instant#EPOCH} when never paused
     * @param oldest       when the slot below the limit used longest ago was last used, as read before the take (null
     *                     while paused)
     * @param needed       the same for the slot that had to be free for the take: the {@code keepFree + 1}-th oldest
     *                     (and one more for each slot above the limit in use); null while paused, or when the ring has
     *                     no such slot below the limit
     * @param keepFree     the slots the take had to leave free
     */
    public record Take(int slot, Instant readAt, Instant pausedUntil, Instant oldest, Instant needed, int keepFree,
            Duration span) {
        public boolean granted() {
            return slot >= 0;
        }

        /**
         * After a refusal: the earliest instant a take that keeps {@code keep} slots free can succeed, as far as this
         * reading knows (other takes since can only make it later). Exact for the {@code keep} of this take, a lower
         * bound for others.
         */
        public Instant readyAt(int keep) {
            if (readAt.isBefore(pausedUntil)) {
                return pausedUntil;
            }
            if (needed == null) {
                // Not even every slot below the limit would do: slots above it must age out first. Look again soon.
                return readAt.plus(span.dividedBy(60));
            }
            return (keep >= keepFree ? needed : oldest).plus(span);
        }
    }

    /**
     * Takes a slot of {@code keyId} when the window allows it: the key is not paused, and more than {@code keepFree}
     * of its {@code limit} slots are free (less any slots above the limit still in use). The ring is created on first
     * use and grown when {@code limit} is higher than before; slots above a lowered limit keep counting until they
     * age out, but are not taken again. Reads two rows (three while slots above the limit exist), whatever the limit.
     *
     * @param keepFree slots that must stay free after this take (0 takes the last one)
     * @param clock    read once the key is locked: the take's time is when it holds the lock, not when it asked
     */
    public Take take(String keyId, int limit, int keepFree, Clock clock) {
        Objects.requireNonNull(keyId, "keyId");
        if (limit < 1 || keepFree < 0 || keepFree >= limit) {
            throw new IllegalArgumentException("need 0 <= keepFree < limit: " + keepFree + ", " + limit);
        }
        return jdbc.inTransaction(tx -> {
            relaxCommit(tx);
            long[] key = lockKey(tx, keyId);
            Instant now = Instant.ofEpochMilli(clock.millis());
            long nowMillis = now.toEpochMilli();
            long freeIfBefore = nowMillis - span.toMillis();
            int ring = (int) key[0];
            Instant pausedUntil = Instant.ofEpochMilli(key[1]);
            if (ring < limit) {
                for (int s = ring; s < limit; s++) {
                    tx.update("INSERT INTO " + SLOTS + " (key_id, slot, used_at) VALUES (?, ?, 0)", keyId, s);
                }
                tx.update("UPDATE " + KEYS + " SET slots = ? WHERE key_id = ?", limit, keyId);
                ring = limit;
            }
            if (nowMillis < key[1]) {
                return new Take(-1, now, pausedUntil, null, null, keepFree, span);
            }
            int busyAbove = ring > limit ? (int) tx.queryLong("SELECT COUNT(*) FROM " + SLOTS
                    + " WHERE key_id = ? AND slot >= ? AND used_at > ?", keyId, limit, freeIfBefore) : 0;
            String byAge = "SELECT slot, used_at FROM " + SLOTS + " WHERE key_id = ? AND slot < ? ORDER BY used_at, slot";
            RowMapper<long[]> row = rs -> new long[] {rs.getInt("slot"), rs.getLong("used_at")};
            int needFree = keepFree + busyAbove + 1;
            // One read, under the key's lock: the oldest slots up to the one that must be free for this take.
            List<long[]> byAgeFirst = tx.query(byAge + " FETCH FIRST ? ROWS ONLY", row, keyId, limit, needFree);
            long[] oldest = byAgeFirst.get(0);
            long[] needed = byAgeFirst.size() >= needFree ? byAgeFirst.get(needFree - 1) : null;
            Instant oldestAt = Instant.ofEpochMilli(oldest[1]);
            Instant neededAt = needed == null ? null : Instant.ofEpochMilli(needed[1]);
            if (needed == null || needed[1] > freeIfBefore) {
                return new Take(-1, now, pausedUntil, oldestAt, neededAt, keepFree, span);
            }
            int slot = (int) oldest[0];
            tx.update("UPDATE " + SLOTS + " SET used_at = ? WHERE key_id = ? AND slot = ?", nowMillis, keyId, slot);
            return new Take(slot, now, pausedUntil, oldestAt, neededAt, keepFree, span);
        });
    }

    /**
     * A request left later than planned (a slow connection, a stalled thread): its slot counts from {@code sentAt}
     * instead, so the window still holds it where Giga saw it. Changes nothing when the slot was not stamped
     * {@code grantedAt} (taken again since, which a span makes impossible for a request still in flight).
     */
    public void restamp(String keyId, int slot, Instant grantedAt, Instant sentAt) {
        jdbc.update("UPDATE " + SLOTS + " SET used_at = ? WHERE key_id = ? AND slot = ? AND used_at = ?",
                sentAt.toEpochMilli(), keyId, slot, grantedAt.toEpochMilli());
    }

    /** No request of {@code keyId} before {@code until} (a shorter pause never shortens a longer one). */
    public void pauseUntil(String keyId, Instant until) {
        jdbc.useTransaction(tx -> {
            ensureKey(tx, keyId);
            tx.update("UPDATE " + KEYS + " SET paused_until = ? WHERE key_id = ? AND paused_until < ?", until, keyId,
                    until);
        });
    }

    /** When each slot of {@code keyId} was last used, by slot (for tests and diagnostics). */
    public List<Instant> usedAt(String keyId) {
        return jdbc.query("SELECT used_at FROM " + SLOTS + " WHERE key_id = ? ORDER BY slot",
                rs -> Instant.ofEpochMilli(rs.getLong(1)), keyId);
    }

    /**
     * A take's commit need not wait for the disk: a permit is worth a second at most, and were the database to crash
     * and lose the last takes, the window would only be short of them for that minute. A take then costs about a
     * third of the time on PostgreSQL.
     */
    private static void relaxCommit(Tx tx) {
        String sql = tx.dialect().commitWithoutWaitingForDisk();
        if (sql != null) {
            tx.update(sql);
        }
    }

    /** {slots, paused_until} of the key's row, locked until the transaction ends; the row is made if missing. */
    private static long[] lockKey(Tx tx, String keyId) {
        String sql = "SELECT slots, paused_until FROM " + KEYS + " WHERE key_id = ? FOR UPDATE";
        RowMapper<long[]> row = rs -> new long[] {rs.getInt("slots"), rs.getLong("paused_until")};
        return tx.queryOne(sql, row, keyId).orElseGet(() -> {
            ensureKey(tx, keyId);
            return tx.queryOne(sql, row, keyId).orElseThrow();
        });
    }

    private static void ensureKey(Tx tx, String keyId) {
        String sql = tx.dialect().insertIfAbsent(KEYS, List.of("key_id", "slots", "paused_until"), "key_id");
        try {
            tx.withSavepoint(() -> tx.updateRaw(sql, keyId, 0, 0L));
        } catch (SQLException e) {
            if (!tx.dialect().isLostInsertRace(e)) {
                throw new StoreException("Creating the request window of a Giga key failed: " + e.getMessage(), e);
            }
        }
    }
}

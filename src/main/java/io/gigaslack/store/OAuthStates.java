package io.gigaslack.store;

import java.time.Duration;
import java.time.Instant;

/**
 * The OAuth states of installs under way: issued at {@code /slack/install}, each valid for a few minutes and good for
 * one redirect only. {@link #consume} is a single conditional delete, so of two redirects carrying the same state (a
 * replay, a double click, two replicas) exactly one gets it.
 */
public final class OAuthStates {
    static final String TABLE = "slack_oauth_states";

    private final Jdbc jdbc;

    public OAuthStates(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Records {@code state} as issued at {@code now}, valid for {@code ttl}; drops states that have expired. */
    public void issue(String state, Instant now, Duration ttl) {
        jdbc.useTransaction(tx -> {
            tx.update("DELETE FROM " + TABLE + " WHERE expires_at <= ?", now);
            tx.update("INSERT INTO " + TABLE + " (state, created_at, expires_at) VALUES (?, ?, ?)", state, now,
                    now.plus(ttl));
        });
    }

    /** Whether {@code state} was issued and has neither expired nor been used; changes nothing. */
    public boolean isValid(String state, Instant now) {
        return state != null && jdbc.queryLong("SELECT COUNT(*) FROM " + TABLE + " WHERE state = ? AND expires_at > ?",
                state, now) == 1;
    }

    /**
     * Uses {@code state} up: true for the one caller that finds it issued, unexpired and unused; it is gone afterwards
     * either way (an expired state is deleted too).
     */
    public boolean consume(String state, Instant now) {
        if (state == null) {
            return false;
        }
        return jdbc.inTransaction(tx -> {
            boolean fresh = tx.update("DELETE FROM " + TABLE + " WHERE state = ? AND expires_at > ?", state, now) == 1;
            if (!fresh) {
                tx.update("DELETE FROM " + TABLE + " WHERE state = ?", state);
            }
            return fresh;
        });
    }

    /** Forgets {@code state} (Bolt's {@code deleteStateFromDatastore}). */
    public void delete(String state) {
        jdbc.update("DELETE FROM " + TABLE + " WHERE state = ?", state);
    }
}

package io.gigaslack.store;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Secret keys the app keeps for itself in the database, so every replica uses the same one: made at random by the
 * first replica that asks, then read by all. The key never leaves the process except into this table.
 */
public final class AppKeys {
    /** The key that signs personal desktop links. */
    public static final String DESKTOP_LINKS = "desktop_links";
    static final int KEY_BYTES = 32;

    private final Jdbc jdbc;
    private final SecureRandom random = new SecureRandom();

    public AppKeys(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The key called {@code name}, made now if there is none yet (two replicas asking at once get the same one). */
    public byte[] key(String name, Instant now) {
        Objects.requireNonNull(name, "name");
        Dialect dialect = jdbc.dialect();
        byte[] fresh = new byte[KEY_BYTES];
        random.nextBytes(fresh);
        String sql = dialect.insertIfAbsent("app_keys", List.of("name", "key_value", "created_at"), "name");
        jdbc.useTransaction(tx -> {
            try {
                tx.withSavepoint(() -> tx.updateRaw(sql, name, Base64.getEncoder().encodeToString(fresh), now));
            } catch (SQLException e) {
                if (!dialect.isLostInsertRace(e)) {
                    throw new StoreException("Storing the app key " + name + " failed: " + e.getMessage(), e);
                }
            }
        });
        List<String> stored = jdbc.query("SELECT key_value FROM app_keys WHERE name = ?", rs -> rs.getString(1), name);
        if (stored.isEmpty()) {
            throw new StoreException("the app key " + name + " is missing after it was stored", null);
        }
        return Base64.getDecoder().decode(stored.get(0));
    }
}

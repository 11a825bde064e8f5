package io.gigaslack.store;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * Everything in our SQL that differs between H2 and PostgreSQL; the rest of the store is plain SQL that runs on both.
 *
 * <p>H2 is used in its default mode (the app's URL sets no {@code MODE}), so PostgreSQL's {@code ON CONFLICT} is not
 * available there and a standard {@code MERGE} is used instead.
 */
public enum Dialect {
    H2,
    POSTGRESQL;

    /** SQLSTATE of a unique-constraint violation; the same on both databases. */
    static final String UNIQUE_VIOLATION = "23505";

    /** The dialect of a JDBC URL ({@code jdbc:h2:…} or {@code jdbc:postgresql:…}). */
    public static Dialect fromUrl(String jdbcUrl) {
        String url = jdbcUrl == null ? "" : jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("Unsupported database URL (expected jdbc:h2: or jdbc:postgresql:): "
                + (jdbcUrl == null ? "null" : jdbcUrl.replaceAll("password=[^&;]*", "password=***")));
    }

    /**
     * An insert of one row that does nothing when a row with the same {@code key} already exists; its update count is
     * 1 when the row was inserted, 0 when it existed. Parameters: one per column, in order.
     */
    String insertIfAbsent(String table, List<String> columns, String key) {
        String cols = String.join(", ", columns);
        String marks = String.join(", ", columns.stream().map(c -> "?").toList());
        switch (this) {
            case POSTGRESQL:
                return "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ") ON CONFLICT (" + key
                        + ") DO NOTHING";
            case H2:
            default:
                String srcCols = String.join(", ", columns.stream().map(c -> "s." + c).toList());
                return "MERGE INTO " + table + " t USING (VALUES (" + marks + ")) s(" + cols + ") ON t." + key
                        + " = s." + key + " WHEN NOT MATCHED THEN INSERT (" + cols + ") VALUES (" + srcCols + ")";
        }
    }

    /**
     * An insert of one row that replaces every other column of the row with the same {@code key} when there is one
     * (an "upsert"). Parameters: one per column, in order. Concurrent upserts of one key both succeed, the later
     * one's values win.
     */
    String upsert(String table, List<String> columns, String key) {
        String cols = String.join(", ", columns);
        String marks = String.join(", ", columns.stream().map(c -> "?").toList());
        switch (this) {
            case POSTGRESQL:
                String sets = String.join(", ", columns.stream().filter(c -> !c.equals(key))
                        .map(c -> c + " = EXCLUDED." + c).toList());
                return "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ") ON CONFLICT (" + key
                        + ") DO UPDATE SET " + sets;
            case H2:
            default:
                return "MERGE INTO " + table + " (" + cols + ") KEY (" + key + ") VALUES (" + marks + ")";
        }
    }

    /**
     * A statement that lets the present transaction's commit return before it is on disk, or null where there is no
     * such thing. On PostgreSQL ({@code synchronous_commit} off for this transaction) a crash of the database may then
     * lose the last fraction of a second of such commits, whole, never part of one; H2 has none.
     */
    String commitWithoutWaitingForDisk() {
        return this == POSTGRESQL ? "SET LOCAL synchronous_commit TO OFF" : null;
    }

    /**
     * True when an insert-if-absent failed only because a concurrent transaction inserted the same key first. H2's
     * {@code MERGE} can report this (both see no row, the later one hits the unique index); PostgreSQL's
     * {@code ON CONFLICT DO NOTHING} never does.
     */
    boolean isLostInsertRace(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}

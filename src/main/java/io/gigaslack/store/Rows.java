package io.gigaslack.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Reading columns in the store's encodings (times as epoch milliseconds). */
final class Rows {
    private Rows() {}

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}

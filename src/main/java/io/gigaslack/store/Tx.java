package io.gigaslack.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One open transaction, handed to the work given to {@link Jdbc#inTransaction}. Statements run on its connection;
 * the transaction commits when that work returns and rolls back when it throws. Not thread-safe; do not keep it
 * beyond the work.
 *
 * <p>Parameters: {@link Instant} is stored as epoch milliseconds ({@code BIGINT}), an enum as its name, {@code null}
 * as SQL NULL; other values go to {@link PreparedStatement#setObject}.
 */
public final class Tx {
    private final Connection connection;
    private final Dialect dialect;

    Tx(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the update count. */
    public int update(String sql, Object... params) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw fail(sql, e);
        }
    }

    /** Runs an INSERT into a table whose first column is a generated {@code BIGINT} id; returns that id. */
    public long insertReturningId(String sql, Object... params) {
        try (PreparedStatement ps = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, params);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new StoreException("No generated id returned by: " + sql);
                }
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw fail(sql, e);
        }
    }

    /** Runs a query; maps every row. */
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw fail(sql, e);
        }
    }

    /** Runs a query expected to give at most one row. */
    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        if (rows.size() > 1) {
            throw new StoreException("Expected at most one row, got " + rows.size() + " from: " + sql);
        }
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Runs a query giving one number (a count, a sum); SQL NULL gives 0. */
    public long queryLong(String sql, Object... params) {
        return queryOne(sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    /**
     * Runs statements that may fail with a SQL exception the caller wants to inspect (e.g. a lost insert race) inside
     * a savepoint, so the transaction stays usable after the failure (PostgreSQL aborts the whole transaction
     * otherwise).
     */
    <T> T withSavepoint(SqlWork<T> work) throws SQLException {
        var savepoint = connection.setSavepoint();
        try {
            T result = work.run();
            connection.releaseSavepoint(savepoint);
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback(savepoint);
            throw e;
        }
    }

    /** Like {@link #update} but lets the {@link SQLException} through, for {@link #withSavepoint}. */
    int updateRaw(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            int index = i + 1;
            if (p == null) {
                ps.setNull(index, Types.NULL);
            } else if (p instanceof Instant instant) {
                ps.setLong(index, instant.toEpochMilli());
            } else if (p instanceof Enum<?> e) {
                ps.setString(index, e.name());
            } else if (p instanceof Boolean b) {
                ps.setBoolean(index, b);
            } else if (p instanceof Integer n) {
                ps.setInt(index, n);
            } else if (p instanceof Long n) {
                ps.setLong(index, n);
            } else if (p instanceof String s) {
                ps.setString(index, s);
            } else {
                ps.setObject(index, p);
            }
        }
    }

    private static StoreException fail(String sql, SQLException e) {
        return new StoreException("SQL failed (" + e.getSQLState() + "): " + e.getMessage() + " — in: " + sql, e);
    }
}

package io.gigaslack.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * A small JDBC helper: transactions with commit/rollback, and one-statement shortcuts (each its own transaction).
 * The SQL itself lives with the repositories; what differs per database lives in {@link Dialect}.
 */
public final class Jdbc {
    private final DataSource dataSource;
    private final Dialect dialect;
    private volatile boolean killed;
    private volatile GroupCommit group;

    public Jdbc(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code work} in one transaction: commits when it returns, rolls back when it throws (and rethrows). Use it
     * to commit a state change and its outbox jobs together.
     */
    public <T> T inTransaction(Function<Tx, T> work) {
        requireAlive();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.apply(new Tx(c, dialect));
                requireAlive();
                c.commit();
                return result;
            } catch (RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } catch (SQLException e) {
                rollbackQuietly(c, e);
                throw new StoreException("Commit failed: " + e.getMessage(), e);
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("Database connection failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in a transaction shared with the concurrent callers of this method, committed together with
     * theirs, and returns once that commit is done (see {@link GroupCommit}): for what a request must have on disk
     * before it is acknowledged, at the cost of one commit per batch rather than one per request. The requests run
     * one at a time, each seeing the earlier ones' rows.
     */
    public <T> T inGroupCommit(Function<Tx, T> work) {
        return groupCommit().inTransaction(work);
    }

    /** The writer behind {@link #inGroupCommit}, started on first use. */
    public GroupCommit groupCommit() {
        GroupCommit g = group;
        if (g == null) {
            synchronized (this) {
                g = group;
                if (g == null) {
                    g = new GroupCommit(this);
                    group = g;
                }
            }
        }
        return g;
    }

    /** Stops the group-commit writer once what it was given is committed. */
    void closeGroupCommit() {
        GroupCommit g = group;
        if (g != null) {
            g.close();
        }
    }

    /**
     * From now on no transaction starts or commits (those in progress roll back): the database as seen by a
     * process that has died. For tests of replica failure.
     */
    void kill() {
        killed = true;
    }

    private void requireAlive() {
        if (killed) {
            throw new StoreException("Database connection failed: this process is stopped", null);
        }
    }

    /** {@link #inTransaction} for work that returns nothing. */
    public void useTransaction(Consumer<Tx> work) {
        inTransaction(tx -> {
            work.accept(tx);
            return null;
        });
    }

    public int update(String sql, Object... params) {
        return inTransaction(tx -> tx.update(sql, params));
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return inTransaction(tx -> tx.query(sql, mapper, params));
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        return inTransaction(tx -> tx.queryOne(sql, mapper, params));
    }

    public long queryLong(String sql, Object... params) {
        return inTransaction(tx -> tx.queryLong(sql, params));
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}

package io.gigaslack.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import java.util.Optional;

/**
 * The app's database: a small connection pool, migrated with Flyway ({@code classpath:db/migration}) when opened.
 * H2 (embedded, one replica) or PostgreSQL (shared by several replicas), told apart by the URL.
 */
public final class Database implements AutoCloseable {
    public static final int DEFAULT_MAX_POOL_SIZE = 10;
    public static final long DEFAULT_CONNECTION_TIMEOUT_MILLIS = 10_000;
    public static final String MIGRATIONS = "classpath:db/migration";

    private final HikariDataSource pool;
    private final Dialect dialect;
    private final Jdbc jdbc;

    private Database(HikariDataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
        this.jdbc = new Jdbc(pool, dialect);
    }

    /** Opens a pool of at most {@link #DEFAULT_MAX_POOL_SIZE} connections and migrates the schema. */
    public static Database open(String jdbcUrl, String user, String password) {
        return open(jdbcUrl, user, password, DEFAULT_MAX_POOL_SIZE);
    }

    public static Database open(String jdbcUrl, String user, String password, int maxPoolSize) {
        Dialect dialect = Dialect.fromUrl(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(Math.min(2, maxPoolSize));
        config.setConnectionTimeout(DEFAULT_CONNECTION_TIMEOUT_MILLIS);
        config.setPoolName("giga-slack-db");
        config.setAutoCommit(true);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations(MIGRATIONS)
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, dialect);
    }

    /**
     * Readiness of the schema: empty when every migration in the jar is applied, otherwise what is
     * missing or failed (e.g. a replica running an older jar than the database, or the reverse).
     */
    public Optional<String> migrationProblem() {
        var info = Flyway.configure().dataSource(dataSource()).locations(MIGRATIONS).load().info();
        if (info.pending().length > 0) {
            return Optional.of(info.pending().length + " migration(s) not applied");
        }
        for (var m : info.all()) {
            if (m.getState().isFailed()) {
                return Optional.of("migration " + m.getVersion() + " failed");
            }
        }
        return Optional.empty();
    }

    public Dialect dialect() {
        return dialect;
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * Closes the database as a killed process loses it: nothing commits from now on, transactions in
     * progress roll back, then the pool is closed. For tests of replica failure.
     */
    public void killForTests() {
        jdbc.kill();
        jdbc.closeGroupCommit();
        pool.close();
    }

    @Override
    public void close() {
        jdbc.closeGroupCommit();
        pool.close();
    }
}

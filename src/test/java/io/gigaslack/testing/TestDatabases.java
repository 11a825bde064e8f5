package io.gigaslack.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gigaslack.store.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The databases tests run on, in one place: a fresh in-memory H2, or a schema of its own in the PostgreSQL named by
 * {@code GIGA_SLACK_TEST_POSTGRES_URL} (and {@code _USER}, {@code _PASSWORD}). Tests that need PostgreSQL are skipped,
 * saying so, when the URL is not set; CI sets it.
 */
public final class TestDatabases {
    public static final String POSTGRES_URL_ENV = "GIGA_SLACK_TEST_POSTGRES_URL";
    public static final String POSTGRES_USER_ENV = "GIGA_SLACK_TEST_POSTGRES_USER";
    public static final String POSTGRES_PASSWORD_ENV = "GIGA_SLACK_TEST_POSTGRES_PASSWORD";
    public static final String SKIPPED = "PostgreSQL suite skipped: set " + POSTGRES_URL_ENV
            + " (e.g. jdbc:postgresql://127.0.0.1:5432/test) to run it";

    private TestDatabases() {}

    /** A new, empty, migrated in-memory H2 database. */
    public static Database h2() {
        return Database.open(h2Url(), "sa", "");
    }

    /** The URL of a new in-memory H2 database that lives until the JVM ends. */
    public static String h2Url() {
        return "jdbc:h2:mem:gs_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    }

    /** {@link #SKIPPED} when no PostgreSQL URL is set, else null. */
    public static String postgresUnavailable() {
        String url = System.getenv(POSTGRES_URL_ENV);
        return url == null || url.isBlank() ? SKIPPED : null;
    }

    /** Skips the calling test (with {@link #SKIPPED}) unless a PostgreSQL URL is set. */
    public static void assumePostgres() {
        assumeTrue(postgresUnavailable() == null, SKIPPED);
    }

    /** The PostgreSQL test URL; skips the caller (with {@link #SKIPPED}) when it is not set. */
    public static String postgresUrlOrSkip() {
        assumePostgres();
        return System.getenv(POSTGRES_URL_ENV);
    }

    /** A new, empty schema named after the test class (and this JVM), migrated; drop it with {@link #dropSchema}. */
    public static Database postgres(Class<?> testClass) {
        return Database.open(freshSchemaUrl(testClass.getSimpleName()), postgresUser(), postgresPassword());
    }

    public static void dropSchema(Class<?> testClass) {
        dropSchema(testClass.getSimpleName());
    }

    /** Drops and creates a schema named {@code gs_<name>_<pid>}; returns a JDBC URL that uses it. */
    public static String freshSchemaUrl(String name) {
        String url = postgresUrlOrSkip();
        String schema = schema(name);
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE", "CREATE SCHEMA " + schema);
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public static void dropSchema(String name) {
        if (postgresUnavailable() == null) {
            execute("DROP SCHEMA IF EXISTS " + schema(name) + " CASCADE");
        }
    }

    /** Empties every table, so each test starts clean. */
    public static void clean(Database db) {
        db.jdbc().useTransaction(tx -> {
            for (String table : new String[] {"jobs", "runs", "slack_events", "callback_deliveries", "audit_log",
                    "team_settings", "team_settings_versions"}) {
                tx.update("DELETE FROM " + table);
            }
        });
    }

    public static String postgresUser() {
        String user = System.getenv(POSTGRES_USER_ENV);
        return user == null || user.isBlank() ? "postgres" : user;
    }

    public static String postgresPassword() {
        String password = System.getenv(POSTGRES_PASSWORD_ENV);
        return password == null ? "" : password;
    }

    private static String schema(String name) {
        return ("gs_" + name + "_" + ProcessHandle.current().pid()).toLowerCase(Locale.ROOT);
    }

    private static void execute(String... statements) {
        try (Connection c = DriverManager.getConnection(System.getenv(POSTGRES_URL_ENV), postgresUser(),
                postgresPassword()); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL test schema: " + e.getMessage(), e);
        }
    }
}

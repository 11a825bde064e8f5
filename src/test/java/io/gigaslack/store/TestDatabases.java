package io.gigaslack.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/** Opens databases for the compatibility suites: a fresh in-memory H2, or a schema of its own in PostgreSQL. */
final class TestDatabases {
    static final String POSTGRES_URL_ENV = "GIGA_SLACK_TEST_POSTGRES_URL";
    static final String POSTGRES_USER_ENV = "GIGA_SLACK_TEST_POSTGRES_USER";
    static final String POSTGRES_PASSWORD_ENV = "GIGA_SLACK_TEST_POSTGRES_PASSWORD";
    static final String SKIPPED = "PostgreSQL suite skipped: set " + POSTGRES_URL_ENV
            + " (e.g. jdbc:postgresql://127.0.0.1:5432/test) to run it";

    private TestDatabases() {}

    static Database h2() {
        return Database.open("jdbc:h2:mem:gs_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1",
                "sa", "");
    }

    /** {@link #SKIPPED} when no PostgreSQL URL is set, else null. */
    static String postgresUnavailable() {
        String url = System.getenv(POSTGRES_URL_ENV);
        return url == null || url.isBlank() ? SKIPPED : null;
    }

    /** The PostgreSQL test URL; skips the caller (with {@link #SKIPPED}) when it is not set. */
    static String postgresUrlOrSkip() {
        assumeTrue(postgresUnavailable() == null, SKIPPED);
        return System.getenv(POSTGRES_URL_ENV);
    }

    /** A new, empty schema named after the test class (and this JVM), migrated; drop it with {@link #dropSchema}. */
    static Database postgres(Class<?> testClass) {
        String url = postgresUrlOrSkip();
        String schema = schemaFor(testClass);
        try (Connection c = DriverManager.getConnection(url, user(), password()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare PostgreSQL schema " + schema + ": " + e.getMessage(), e);
        }
        String withSchema = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return Database.open(withSchema, user(), password());
    }

    static void dropSchema(Class<?> testClass) {
        String url = System.getenv(POSTGRES_URL_ENV);
        if (url == null || url.isBlank()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(url, user(), password()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schemaFor(testClass) + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop PostgreSQL test schema: " + e.getMessage(), e);
        }
    }

    /** Empties every table, so each test starts clean. */
    static void clean(Database db) {
        db.jdbc().useTransaction(tx -> {
            for (String table : new String[] {"jobs", "runs", "slack_events", "callback_deliveries", "audit_log"}) {
                tx.update("DELETE FROM " + table);
            }
        });
    }

    private static String schemaFor(Class<?> testClass) {
        return ("gs_" + testClass.getSimpleName() + "_" + ProcessHandle.current().pid()).toLowerCase(Locale.ROOT);
    }

    private static String user() {
        String user = System.getenv(POSTGRES_USER_ENV);
        return user == null || user.isBlank() ? "postgres" : user;
    }

    private static String password() {
        String password = System.getenv(POSTGRES_PASSWORD_ENV);
        return password == null ? "" : password;
    }
}

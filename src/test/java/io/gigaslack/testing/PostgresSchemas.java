package io.gigaslack.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * A PostgreSQL schema of its own for a test outside the store package, from
 * {@code GIGA_SLACK_TEST_POSTGRES_URL} (and {@code _USER}, {@code _PASSWORD}); tests using it are
 * skipped, saying so, when the URL is not set.
 */
public final class PostgresSchemas {
    public static final String URL_ENV = "GIGA_SLACK_TEST_POSTGRES_URL";
    public static final String USER_ENV = "GIGA_SLACK_TEST_POSTGRES_USER";
    public static final String PASSWORD_ENV = "GIGA_SLACK_TEST_POSTGRES_PASSWORD";
    public static final String SKIPPED = "PostgreSQL suite skipped: set " + URL_ENV
            + " (e.g. jdbc:postgresql://127.0.0.1:5432/test) to run it";

    private PostgresSchemas() {}

    /** Skips the calling test (with {@link #SKIPPED}) unless a PostgreSQL URL is set. */
    public static void assumeAvailable() {
        String url = System.getenv(URL_ENV);
        assumeTrue(url != null && !url.isBlank(), SKIPPED);
    }

    /** Drops and creates a schema named {@code gs_<name>_<pid>}; returns a JDBC URL that uses it. */
    public static String freshSchemaUrl(String name) {
        assumeAvailable();
        String schema = schema(name);
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE", "CREATE SCHEMA " + schema);
        String url = System.getenv(URL_ENV);
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public static void drop(String name) {
        String url = System.getenv(URL_ENV);
        if (url != null && !url.isBlank()) {
            execute("DROP SCHEMA IF EXISTS " + schema(name) + " CASCADE");
        }
    }

    public static String user() {
        String user = System.getenv(USER_ENV);
        return user == null || user.isBlank() ? "postgres" : user;
    }

    public static String password() {
        String password = System.getenv(PASSWORD_ENV);
        return password == null ? "" : password;
    }

    private static String schema(String name) {
        return ("gs_" + name + "_" + ProcessHandle.current().pid()).toLowerCase(Locale.ROOT);
    }

    private static void execute(String... statements) {
        try (Connection c = DriverManager.getConnection(System.getenv(URL_ENV), user(), password());
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL test schema: " + e.getMessage(), e);
        }
    }
}

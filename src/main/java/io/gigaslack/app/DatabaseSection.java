package io.gigaslack.app;

import java.util.Locale;

/** The configuration's database section: an H2 or PostgreSQL JDBC URL and its credentials. */
public record DatabaseSection(String url, String user, Secret password) {

    /** The password's text, or "" when none is set. */
    public String passwordText() {
        return password == null ? "" : password.reveal();
    }

    static DatabaseSection read(SettingValues v) {
        String url = v.text(Setting.DATABASE_URL);
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            v.bad(Setting.DATABASE_URL, "is not an H2 or PostgreSQL JDBC URL");
        }
        return new DatabaseSection(withoutH2ShutdownHook(url), v.text(Setting.DATABASE_USER),
                v.secret(Setting.DATABASE_PASSWORD));
    }

    /**
     * H2 closes its databases from a JVM shutdown hook of its own, which races the app's graceful
     * shutdown (workers would lose the database with a job in hand). The app closes the database
     * itself, last, so H2's hook is turned off unless the URL says otherwise.
     */
    static String withoutH2ShutdownHook(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return url;
        }
        String upper = url.toUpperCase(Locale.ROOT);
        if (!upper.contains("DB_CLOSE_ON_EXIT")) {
            url = url + ";DB_CLOSE_ON_EXIT=FALSE";
        }
        // H2 delays writing commits by up to 500 ms by default; a run acknowledged to Slack must
        // survive the process being killed right after, so commits are written at once.
        if (!upper.contains("WRITE_DELAY")) {
            url = url + ";WRITE_DELAY=0";
        }
        return url;
    }
}

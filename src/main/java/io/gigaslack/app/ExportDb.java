package io.gigaslack.app;

import io.gigaslack.store.Database;
import io.gigaslack.store.DatabaseCopy;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar giga-slack.jar export-db --to JDBC_URL [--to-user U] [--to-password P] [--config FILE]}:
 * copies the database of the normal configuration ({@code DATABASE_URL}, usually the H2 file) into a
 * new database (usually PostgreSQL), migrating it first; see {@link DatabaseCopy} for what is copied.
 * Refuses a target that already has runs. Stop the app before running it.
 */
public final class ExportDb {
    static final String USAGE = "usage: java -jar giga-slack.jar export-db --to JDBC_URL [--to-user USER]"
            + " [--to-password PASSWORD] [--config FILE]   (the source is DATABASE_URL of the configuration;"
            + " GIGA_EXPORT_TO_PASSWORD may hold the target password)";

    private ExportDb() {}

    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        String to = null;
        String toUser = "";
        String toPassword = env.getOrDefault("GIGA_EXPORT_TO_PASSWORD", "");
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            boolean hasValue = i + 1 < args.size();
            switch (a) {
                case "--to", "--to-user", "--to-password" -> {
                    if (!hasValue) {
                        err.println(a + " needs a value\n" + USAGE);
                        return 2;
                    }
                    String v = args.get(++i);
                    if (a.equals("--to")) {
                        to = v;
                    } else if (a.equals("--to-user")) {
                        toUser = v;
                    } else {
                        toPassword = v;
                    }
                }
                default -> rest.add(a);
            }
        }
        if (to == null || !(to.startsWith("jdbc:postgresql:") || to.startsWith("jdbc:h2:"))) {
            err.println("export-db needs --to with an H2 or PostgreSQL JDBC URL\n" + USAGE);
            return 2;
        }
        Map<Setting, String> source;
        try {
            source = ConfigLoader.databaseSettings(rest, env);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        String from = source.get(Setting.DATABASE_URL);
        if (from.equals(to)) {
            err.println("export-db: the target is the source database (" + from + ")");
            return 2;
        }
        try (Database src = Database.open(from, source.get(Setting.DATABASE_USER),
                source.get(Setting.DATABASE_PASSWORD));
                Database dst = Database.open(to, toUser, toPassword)) {
            DatabaseCopy.Result copied = DatabaseCopy.copy(src, dst, Instant.now());
            out.println("export-db: copied " + copied + " from " + redact(from) + " to " + redact(to));
            out.println("Now set DATABASE_URL (and DATABASE_USER, DATABASE_PASSWORD) to the new database and start"
                    + " the app.");
            return 0;
        } catch (IllegalStateException e) {
            err.println("export-db refused: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("export-db failed: " + redact(String.valueOf(e.getMessage())));
            return 1;
        }
    }

    /** {@code s} with any password in a JDBC URL or option list masked. */
    static String redact(String s) {
        return s.replaceAll("(?i)password=[^&;\\s]*", "password=****");
    }
}

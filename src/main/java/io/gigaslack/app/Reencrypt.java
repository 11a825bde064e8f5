package io.gigaslack.app;

import io.gigaslack.store.Database;
import io.gigaslack.store.Reencryption;
import io.gigaslack.store.SecretBox;
import io.gigaslack.store.SecretColumn;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar giga-slack.jar reencrypt [--config FILE] [--batch N]}: moves every secret stored in the database
 * (Slack tokens, refresh tokens, Giga API keys) to {@code GIGA_SLACK_ENCRYPTION_KEY}, reading the values of the
 * previous key with {@code GIGA_SLACK_OLD_ENCRYPTION_KEY}, in batches, and says how many values it moved. It changes
 * only values that are not under the new key yet, so it may be run again (and while the app runs, once every replica
 * was restarted with both keys); when it reports none left, the old key is no longer needed.
 */
public final class Reencrypt {
    static final String USAGE = "usage: java -jar giga-slack.jar reencrypt [--config FILE] [--batch N]   (the database"
            + " of the configuration; GIGA_SLACK_ENCRYPTION_KEY is the new key, GIGA_SLACK_OLD_ENCRYPTION_KEY the"
            + " previous one)";

    private Reencrypt() {}

    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        int batch = Reencryption.DEFAULT_BATCH;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--batch")) {
                try {
                    batch = Integer.parseInt(args.get(++i));
                } catch (RuntimeException e) {
                    batch = 0;
                }
                if (batch < 1 || batch > 10_000) {
                    err.println("--batch needs a whole number between 1 and 10000\n" + USAGE);
                    return 2;
                }
            } else {
                rest.add(args.get(i));
            }
        }
        Map<Setting, String> s;
        try {
            s = ConfigLoader.settings(rest, env, List.of(Setting.DATABASE_URL, Setting.DATABASE_USER,
                    Setting.DATABASE_PASSWORD, Setting.GIGA_SLACK_ENCRYPTION_KEY,
                    Setting.GIGA_SLACK_OLD_ENCRYPTION_KEY));
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        String newKey = s.get(Setting.GIGA_SLACK_ENCRYPTION_KEY);
        String oldKey = s.get(Setting.GIGA_SLACK_OLD_ENCRYPTION_KEY);
        if (newKey.isBlank()) {
            err.println("reencrypt needs GIGA_SLACK_ENCRYPTION_KEY, the key to move every stored secret to (and"
                    + " GIGA_SLACK_OLD_ENCRYPTION_KEY, the key they are under now)\n" + USAGE);
            return 2;
        }
        SecretBox box;
        try {
            box = SecretBox.of(decode(Setting.GIGA_SLACK_ENCRYPTION_KEY, newKey),
                    oldKey.isBlank() ? null : decode(Setting.GIGA_SLACK_OLD_ENCRYPTION_KEY, oldKey), new SecureRandom());
        } catch (IllegalArgumentException e) {
            err.println("reencrypt: " + e.getMessage());
            return 2;
        }
        String current = box.currentKeyId();
        out.println("reencrypt: moving every stored secret to key " + current + " (GIGA_SLACK_ENCRYPTION_KEY)"
                + (oldKey.isBlank() ? "" : ", reading key " + SecretBox.keyId(SecretBox.decodeKey(oldKey))
                        + " (GIGA_SLACK_OLD_ENCRYPTION_KEY)") + ", in batches of " + batch + " rows");
        try (Database db = Database.open(s.get(Setting.DATABASE_URL), s.get(Setting.DATABASE_USER),
                s.get(Setting.DATABASE_PASSWORD))) {
            Reencryption.Report report = Reencryption.run(db.jdbc(), box, batch);
            report.columns().forEach((SecretColumn c, Reencryption.Counts n) -> out.println("  " + c + ": "
                    + n.reencrypted() + " re-encrypted, " + n.alreadyCurrent() + " already under the new key"
                    + (n.unreadable() == 0 ? "" : ", " + n.unreadable() + " unreadable")));
            Reencryption.Counts total = report.total();
            out.println("reencrypt: " + total.reencrypted() + " re-encrypted, " + total.alreadyCurrent()
                    + " already under the new key, " + total.unreadable() + " unreadable");
            if (!report.complete()) {
                report.problems().forEach(p -> err.println("  " + p));
                err.println("reencrypt: " + total.unreadable() + " stored secret(s) could not be read with either key"
                        + " and were left as they are: set GIGA_SLACK_OLD_ENCRYPTION_KEY to the key they were stored"
                        + " with and run reencrypt again (or let the workspaces reinstall the app and reconnect Giga)");
                return 1;
            }
            out.println("Every stored secret is under key " + current + "."
                    + (oldKey.isBlank() ? "" : " GIGA_SLACK_OLD_ENCRYPTION_KEY is no longer needed: remove it and"
                            + " restart the app."));
            return 0;
        } catch (RuntimeException e) {
            err.println("reencrypt failed: " + ExportDb.redact(String.valueOf(e.getMessage())));
            return 1;
        }
    }

    private static byte[] decode(Setting s, String base64) {
        try {
            return SecretBox.decodeKey(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(s.envName() + " " + e.getMessage() + ": set it to " + s.help());
        }
    }
}

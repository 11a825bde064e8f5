package io.gigaslack.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves every stored secret ({@link SecretColumn}) to the box's current key: values sealed with the old key are
 * opened and sealed again, values already under the current key are left alone, so running it twice changes nothing
 * the second time. Rows are read in batches by key, each batch in one transaction, and each value is written only
 * over the value it was read as, so a token a running replica refreshes meanwhile (always sealed with the current
 * key) is never overwritten. Values no key of the box opens are counted, named by their key id, and left as they are.
 */
public final class Reencryption {
    public static final int DEFAULT_BATCH = 100;

    private Reencryption() {}

    /** What one column held and what was done. */
    public record Counts(int reencrypted, int alreadyCurrent, int unreadable) {
        Counts plus(Counts o) {
            return new Counts(reencrypted + o.reencrypted, alreadyCurrent + o.alreadyCurrent,
                    unreadable + o.unreadable);
        }
    }

    /** Per column, and for each value that could not be opened, where it is and why (never the value). */
    public record Report(Map<SecretColumn, Counts> columns, List<String> problems) {
        public Counts total() {
            return columns.values().stream().reduce(new Counts(0, 0, 0), Counts::plus);
        }

        public boolean complete() {
            return total().unreadable() == 0;
        }
    }

    public static Report run(Jdbc jdbc, SecretBox box) {
        return run(jdbc, box, DEFAULT_BATCH);
    }

    public static Report run(Jdbc jdbc, SecretBox box, int batch) {
        Map<SecretColumn, Counts> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (SecretColumn c : SecretColumn.all()) {
            out.put(c, column(jdbc, box, c, batch, problems));
        }
        return new Report(out, problems);
    }

    /**
     * How many stored secrets name a key the box has neither as its current nor as its old key, by that key's id
     * (empty when every value can be read): for a warning at start-up, when the key was changed without
     * {@code GIGA_SLACK_OLD_ENCRYPTION_KEY}. Reads only the values' key ids; decrypts nothing.
     */
    public static Map<String, Integer> foreignKeys(Jdbc jdbc, SecretBox box) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (SecretColumn c : SecretColumn.all()) {
            for (String sealed : jdbc.query("SELECT " + c.column() + " FROM " + c.table() + " WHERE " + c.column()
                    + " IS NOT NULL", rs -> rs.getString(1))) {
                if (!box.canOpen(sealed)) {
                    out.merge(SecretBox.keyIdOf(sealed), 1, Integer::sum);
                }
            }
        }
        return out;
    }

    private record Stored(String workspaceId, String sealed) {}

    private static Counts column(Jdbc jdbc, SecretBox box, SecretColumn c, int batch, List<String> problems) {
        Counts total = new Counts(0, 0, 0);
        String after = "";
        String select = "SELECT " + SecretColumn.KEY + ", " + c.column() + " FROM " + c.table() + " WHERE "
                + c.column() + " IS NOT NULL AND " + SecretColumn.KEY + " > ? ORDER BY " + SecretColumn.KEY
                + " LIMIT " + batch;
        String update = "UPDATE " + c.table() + " SET " + c.column() + " = ? WHERE " + SecretColumn.KEY + " = ? AND "
                + c.column() + " = ?";
        while (true) {
            String from = after;
            List<Stored> rows = jdbc.query(select, rs -> new Stored(rs.getString(1), rs.getString(2)), from);
            if (rows.isEmpty()) {
                return total;
            }
            Counts done = jdbc.inTransaction(tx -> {
                int moved = 0;
                int current = 0;
                int unreadable = 0;
                for (Stored r : rows) {
                    if (box.isCurrent(r.sealed())) {
                        current++;
                        continue;
                    }
                    String plain;
                    try {
                        plain = c.open(box, r.sealed(), r.workspaceId());
                    } catch (SecretBox.SecretBoxException e) {
                        unreadable++;
                        problems.add(e.getMessage());
                        continue;
                    }
                    int changed = tx.update(update, c.seal(box, plain, r.workspaceId()), r.workspaceId(), r.sealed());
                    // 0: a replica wrote the value meanwhile, and it writes only under the current key.
                    if (changed == 1) {
                        moved++;
                    } else {
                        current++;
                    }
                }
                return new Counts(moved, current, unreadable);
            });
            total = total.plus(done);
            after = rows.get(rows.size() - 1).workspaceId();
        }
    }
}
